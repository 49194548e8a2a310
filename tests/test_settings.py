"""Configuration fails at start-up, with the variable's name, on a bad value."""

from datetime import time

import pytest

from app.reports.policy import policy_rows
from app.settings import SettingsError, load_settings


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DATABASE_URL", "mysql://x", "DATABASE_URL"),
        ("BROKER_URL", "amqp://x", "BROKER_URL"),
        ("DB_POOL_MAX", "ten", "DB_POOL_MAX"),
        ("DB_POOL_MAX", "0", "DB_POOL_MAX"),
        ("COOKIE_SECURE", "maybe", "COOKIE_SECURE"),
        ("QUERY_COUNT_HEADER", "maybe", "QUERY_COUNT_HEADER"),
        ("DEFAULT_LOCALE", "fr", "DEFAULT_LOCALE"),
        ("SECRET_KEY", "short", "SECRET_KEY"),
        ("JOB_HEARTBEAT_SECONDS", "0", "JOB_HEARTBEAT_SECONDS"),
        ("JOB_LEASE_SECONDS", "2", "JOB_LEASE_SECONDS must be at least 3 × JOB_HEARTBEAT_SECONDS"),  # tests beat every second
        ("JOB_MAX_ATTEMPTS", "0", "JOB_MAX_ATTEMPTS"),
        ("LOGIN_MAX_FAILURES_PER_ADDRESS", "0", "LOGIN_MAX_FAILURES_PER_ADDRESS"),
        ("LOGIN_ACCOUNT_DELAY_SECONDS", "soon", "LOGIN_ACCOUNT_DELAY_SECONDS"),
        ("LOGIN_ACCOUNT_MAX_DELAY_SECONDS", "0", "LOGIN_ACCOUNT_MAX_DELAY_SECONDS"),
        ("PASSWORD_HASH_THREADS", "0", "PASSWORD_HASH_THREADS"),
        ("PUBLIC_BASE_URL", "changxiao.example.cn", "PUBLIC_BASE_URL"),  # no scheme: a QR code would lead nowhere
        ("PUBLIC_BASE_URL", "ftp://changxiao.example.cn", "PUBLIC_BASE_URL"),
        ("PUBLIC_BASE_URL", "https://changxiao.example.cn/?x=1", "PUBLIC_BASE_URL"),
        ("POLICY_SATISFACTION_GOOD_SCORE", "3.5", "POLICY_SATISFACTION_GOOD_SCORE must be a whole number"),
        ("POLICY_SATISFACTION_GOOD_SCORE", "0", "POLICY_SATISFACTION_GOOD_SCORE must be at least 1"),
        ("POLICY_SATISFACTION_GOOD_SCORE", "6", "POLICY_SATISFACTION_GOOD_SCORE must be at most 5"),
        ("POLICY_SATISFACTION_TARGET_PERCENT", "101", "POLICY_SATISFACTION_TARGET_PERCENT must be at most 100"),
        ("POLICY_SATISFACTION_TARGET_PERCENT", "90%", "POLICY_SATISFACTION_TARGET_PERCENT"),
        ("POLICY_SATISFACTION_MIN_RATINGS", "0", "POLICY_SATISFACTION_MIN_RATINGS"),
        ("POLICY_RATING_PERIOD", "week", "POLICY_RATING_PERIOD must be one of month, quarter"),
        ("POLICY_RATING_PER", "flat", "POLICY_RATING_PER must be one of household, owner"),
        ("POLICY_COMPLAINT_RESPONSE_WORKING_DAYS", "0", "POLICY_COMPLAINT_RESPONSE_WORKING_DAYS"),
        ("POLICY_COMPLAINT_RESPONSE_WORKING_DAYS", "three", "POLICY_COMPLAINT_RESPONSE_WORKING_DAYS"),
        ("POLICY_WORKING_DAY_ENDS_AT", "5:30pm", "POLICY_WORKING_DAY_ENDS_AT must be a time of day written HH:MM"),
        ("POLICY_WORKING_DAY_ENDS_AT", "24:00", "POLICY_WORKING_DAY_ENDS_AT"),
        ("POLICY_WORKING_DAY_ENDS_AT", "17:60", "POLICY_WORKING_DAY_ENDS_AT"),
        ("POLICY_WORKING_DAY_ENDS_AT", "17:3", "POLICY_WORKING_DAY_ENDS_AT"),
        ("POLICY_WORKING_DAY_ENDS_AT", "１７:30", "POLICY_WORKING_DAY_ENDS_AT"),
        # renamed: it now counts failures from one address on one account; the old name is not ignored silently
        ("LOGIN_MAX_FAILURES_PER_ACCOUNT", "5", "LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS"),
    ],
)
def test_a_bad_value_names_the_variable(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=message):
        load_settings()


def test_production_requires_a_secret_key(monkeypatch):
    monkeypatch.setenv("CHANGXIAO_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        load_settings()


def test_a_secret_may_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("k" * 40 + "\n")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert load_settings().app.secret_key == "k" * 40


def test_the_embedded_mode_generates_and_keeps_a_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("CHANGXIAO_VAR_DIR", str(tmp_path))
    first = load_settings().app.secret_key
    assert len(first) >= 32 and load_settings().app.secret_key == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_cookies_are_secure_by_default(production):
    assert load_settings().app.cookie_secure is True


def test_a_job_is_taken_for_dead_after_four_missed_beats_by_default(monkeypatch):
    for name in ("JOB_HEARTBEAT_SECONDS", "JOB_LEASE_SECONDS", "JOB_MAX_ATTEMPTS", "JOB_RESEND_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    broker = load_settings().broker
    assert (broker.job_heartbeat_seconds, broker.job_lease_seconds) == (5, 20)
    assert (broker.job_max_attempts, broker.job_resend_seconds) == (5, 60)
    monkeypatch.setenv("JOB_HEARTBEAT_SECONDS", "10")
    assert load_settings().broker.job_lease_seconds == 40


def test_the_accounts_longest_delay_is_not_shorter_than_its_first(monkeypatch):
    monkeypatch.setenv("LOGIN_ACCOUNT_DELAY_SECONDS", "30")
    monkeypatch.setenv("LOGIN_ACCOUNT_MAX_DELAY_SECONDS", "10")
    with pytest.raises(SettingsError, match="LOGIN_ACCOUNT_MAX_DELAY_SECONDS"):
        load_settings()


def test_the_public_base_url_is_kept_without_its_trailing_slash(monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://changxiao.example.cn/xining/")
    assert load_settings().app.public_base_url == "https://changxiao.example.cn/xining"
    monkeypatch.delenv("PUBLIC_BASE_URL")
    assert load_settings().app.public_base_url is None


def test_operations_policy_defaults_follow_item_three(monkeypatch):
    for name in ("POLICY_SATISFACTION_GOOD_SCORE", "POLICY_SATISFACTION_TARGET_PERCENT", "POLICY_SATISFACTION_MIN_RATINGS",
                 "POLICY_RATING_PERIOD", "POLICY_RATING_PER", "POLICY_COMPLAINT_RESPONSE_WORKING_DAYS",
                 "POLICY_WORKING_DAY_ENDS_AT"):
        monkeypatch.delenv(name, raising=False)
    policy = load_settings().policy
    assert (policy.satisfaction_good_score, policy.satisfaction_target_percent, policy.satisfaction_min_ratings) == (4, 90, 10)
    assert (policy.rating_period, policy.rating_per) == ("month", "household")
    assert policy.complaint_response_working_days == 3
    assert policy.working_day_ends_at == time(17, 30)


def test_operations_policy_can_be_set(monkeypatch):
    monkeypatch.setenv("POLICY_SATISFACTION_GOOD_SCORE", "3")
    monkeypatch.setenv("POLICY_RATING_PERIOD", "quarter")
    monkeypatch.setenv("POLICY_RATING_PER", "owner")
    monkeypatch.setenv("POLICY_COMPLAINT_RESPONSE_WORKING_DAYS", "5")
    monkeypatch.setenv("POLICY_WORKING_DAY_ENDS_AT", "09:05")
    policy = load_settings().policy
    assert (policy.satisfaction_good_score, policy.rating_period, policy.rating_per) == (3, "quarter", "owner")
    assert policy.complaint_response_working_days == 5 and policy.working_day_ends_at == time(9, 5)


def test_the_settings_page_lists_the_operations_policy(monkeypatch):
    monkeypatch.setenv("POLICY_WORKING_DAY_ENDS_AT", "18:00")
    rows = {variable: value for value, variable, _meaning in policy_rows(load_settings())}
    assert rows["POLICY_WORKING_DAY_ENDS_AT"] == "18:00"
    assert rows["POLICY_SATISFACTION_TARGET_PERCENT"] == "90"
    assert rows["POLICY_RATING_PERIOD"] == "month"

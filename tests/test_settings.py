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
        ("PHOTO_MAX_BYTES", "10MB", "PHOTO_MAX_BYTES"),
        ("PHOTO_MAX_PIXELS", "0", "PHOTO_MAX_PIXELS"),
        # renamed: it now counts failures from one address on one account; the old name is not ignored silently
        ("LOGIN_MAX_FAILURES_PER_ACCOUNT", "5", "LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS"),
        ("POLICY_SATISFACTION_TARGET_PERCENT", "0", "POLICY_SATISFACTION_TARGET_PERCENT"),
        ("CREDIT_BASE", "seventy", "CREDIT_BASE"),
        ("CREDIT_BASE", "70.25", "CREDIT_BASE"),  # tenths of a point at most
        ("CREDIT_BASE", "-1", "CREDIT_BASE"),
        ("CREDIT_BASE", "NaN", "CREDIT_BASE"),
        ("CREDIT_WEIGHT_OLD_COMMUNITY", "3,5", "CREDIT_WEIGHT_OLD_COMMUNITY"),
        ("CREDIT_CAP_PENALTY", "lots", "CREDIT_CAP_PENALTY"),
        ("CREDIT_BAND_AA", "85", "CREDIT_BAND_AAA must be above CREDIT_BAND_AA"),
        ("CREDIT_BAND_B", "70", "CREDIT_BAND_A must be above CREDIT_BAND_B"),
        ("CREDIT_CYCLE_START_MONTH", "13", "CREDIT_CYCLE_START_MONTH"),
        ("CREDIT_CYCLE_START_MONTH", "0", "CREDIT_CYCLE_START_MONTH"),
        ("CREDIT_VALIDITY_DAYS", "0", "CREDIT_VALIDITY_DAYS"),
        ("CREDIT_SERVICE_GAP_DAYS", "0", "CREDIT_SERVICE_GAP_DAYS"),
        ("FLAG_NO_SERVICE_DAYS", "0", "FLAG_NO_SERVICE_DAYS"),
        ("FLAG_CONTRACT_ENDING_DAYS", "-1", "FLAG_CONTRACT_ENDING_DAYS"),
        ("FLAG_COMPANY_GRADE_BELOW", "D", "FLAG_COMPANY_GRADE_BELOW"),
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


def test_credit_points_are_read_exactly_in_tenths(monkeypatch):
    monkeypatch.setenv("CREDIT_BASE", "72.5")
    monkeypatch.setenv("CREDIT_WEIGHT_OLD_COMMUNITY", "0.1")
    monkeypatch.setenv("CREDIT_CAP_OLD_COMMUNITY", "30")
    monkeypatch.setenv("CREDIT_CAP_PENALTY", "none")
    monkeypatch.setenv("CREDIT_CAP_COMMENDATION", "NONE")
    monkeypatch.setenv("CREDIT_BAND_AAA", "90")
    credit = load_settings().credit
    assert credit.base == 725 and credit.weights["old_community"] == 1
    assert credit.caps["old_community"] == 300 and credit.caps["penalty"] is None and credit.caps["commendation"] is None
    assert credit.bands[0] == ("AAA", 900)


def test_credit_and_flag_defaults_are_the_documented_ones(monkeypatch):
    settings = load_settings()
    credit, flags = settings.credit, settings.flags
    assert credit.base == 700 and credit.cycle_start_month == 1
    assert credit.bands == (("AAA", 850), ("AA", 800), ("A", 700), ("B", 600))
    assert (credit.weights["old_community"], credit.caps["old_community"]) == (30, None)  # item 15: +3, no cap
    assert (credit.validity_days, credit.blacklist_days, credit.objection_answer_days) == (365, 730, 15)
    assert (flags.no_service_days, flags.contract_ending_days, flags.company_grade_below) == (30, 60, "B")
    assert settings.policy.satisfaction_target_percent == 90


def test_every_credit_and_flag_setting_is_listed_on_the_settings_page_in_both_languages():
    from app.i18n import gettext, set_locale
    from app.reports.policy import policy_rows
    from app.settings import CREDIT_BAD_KINDS, CREDIT_BAND_DEFAULTS, CREDIT_GOOD_KINDS

    settings = load_settings()
    set_locale("zh_CN")
    try:
        rows = {variable: (value, gettext(meaning)) for value, variable, meaning in policy_rows(settings)}
    finally:
        set_locale("en")
    kinds = [*CREDIT_GOOD_KINDS, *CREDIT_BAD_KINDS]
    expected = {"CREDIT_BASE", "CREDIT_VALIDITY_DAYS", "CREDIT_BLACKLIST_DAYS", "CREDIT_CYCLE_START_MONTH",
                "CREDIT_OBJECTION_ANSWER_DAYS", "CREDIT_SERVICE_GAP_DAYS", "FLAG_NO_SERVICE_DAYS",
                "FLAG_CONTRACT_ENDING_DAYS", "FLAG_COMPANY_GRADE_BELOW", "POLICY_SATISFACTION_TARGET_PERCENT",
                *(f"CREDIT_BAND_{grade}" for grade in CREDIT_BAND_DEFAULTS),
                *(f"CREDIT_WEIGHT_{kind.upper()}" for kind in kinds), *(f"CREDIT_CAP_{kind.upper()}" for kind in kinds)}
    assert expected <= set(rows)
    assert rows["CREDIT_BAND_AAA"][0] == "85.0" and rows["CREDIT_WEIGHT_OLD_COMMUNITY"][0] == "+3.0"
    assert rows["CREDIT_WEIGHT_PENALTY"][0] == "-5.0" and rows["CREDIT_CAP_OLD_COMMUNITY"][0] == "不设上限"
    assert all(any("\u4e00" <= char <= "\u9fff" for char in rows[name][1]) for name in expected)


def test_photos_live_under_the_var_dir_unless_photo_dir_says_otherwise(monkeypatch, tmp_path):
    monkeypatch.setenv("CHANGXIAO_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("PHOTO_DIR", raising=False)
    photos = load_settings().photos
    assert photos.directory == (tmp_path / "var" / "photos").resolve()
    assert (photos.max_bytes, photos.max_pixels) == (10 * 1024 * 1024, 50_000_000)
    monkeypatch.setenv("PHOTO_DIR", str(tmp_path / "shared"))
    assert load_settings().photos.directory == (tmp_path / "shared").resolve()

"""Configuration fails at start-up, with the variable's name, on a bad value."""

import pytest

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
        ("PHOTO_MAX_BYTES", "10MB", "PHOTO_MAX_BYTES"),
        ("PHOTO_MAX_PIXELS", "0", "PHOTO_MAX_PIXELS"),
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


def test_photos_live_under_the_var_dir_unless_photo_dir_says_otherwise(monkeypatch, tmp_path):
    monkeypatch.setenv("CHANGXIAO_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("PHOTO_DIR", raising=False)
    photos = load_settings().photos
    assert photos.directory == (tmp_path / "var" / "photos").resolve()
    assert (photos.max_bytes, photos.max_pixels) == (10 * 1024 * 1024, 50_000_000)
    monkeypatch.setenv("PHOTO_DIR", str(tmp_path / "shared"))
    assert load_settings().photos.directory == (tmp_path / "shared").resolve()

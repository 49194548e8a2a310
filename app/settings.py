"""All configuration, read once from the environment.

Nothing else in the code base reads ``os.environ``. Each field is read by a helper that fails at
start-up with a message naming the variable, so a bad value never surfaces as a 500 later.
Secrets may also come from ``<NAME>_FILE`` (a path), as container secrets usually do.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import time
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALES = ("zh_CN", "en")


class SettingsError(RuntimeError):
    """A configuration value is missing or malformed."""


def _str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        file_path = os.environ.get(f"{name}_FILE")
        if file_path:
            try:
                return Path(file_path).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise SettingsError(f"{name}_FILE={file_path!r} cannot be read: {exc}") from exc
        return default
    return value.strip()


def _int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    raw = _str(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise SettingsError(f"{name} must be at most {maximum}, got {value}")
    return value


def _clock_time(name: str, default: str) -> time:
    """A time of day written HH:MM (24-hour clock), China time."""
    raw = _str(name, default)
    hours, colon, minutes = raw.partition(":")
    if not (colon and hours.isascii() and hours.isdigit() and minutes.isascii() and minutes.isdigit()
            and len(minutes) == 2 and int(hours) < 24 and int(minutes) < 60):
        raise SettingsError(f"{name} must be a time of day written HH:MM, got {raw!r}")
    return time(int(hours), int(minutes))


def _bool(name: str, default: bool) -> bool:
    raw = _str(name)
    if raw is None:
        return default
    lowered = raw.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


def _choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = _str(name, default)
    if raw not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
    return raw


@dataclass(frozen=True)
class AppSettings:
    production: bool
    debug: bool
    var_dir: Path
    secret_key: str
    default_locale: str
    cookie_secure: bool
    # Each response says how many SQL queries it ran (X-Query-Count): for `make bench`, off by default.
    query_count_header: bool
    # The address owners reach the site at (https://changxiao.example.cn), for links printed on paper:
    # the QR codes of decision notices and activation slips. None: the address of the request.
    public_base_url: str | None


@dataclass(frozen=True)
class DatabaseSettings:
    url: str | None  # None: the embedded SQLite file below
    sqlite_path: Path
    pool_min: int
    pool_max: int

    @property
    def is_postgres(self) -> bool:
        return self.url is not None


@dataclass(frozen=True)
class BrokerSettings:
    url: str | None  # None: embedded, consumed inside the web process
    namespace: str  # Redis key prefix; tests use their own
    embedded_threads: int
    # A running job touches its heartbeat this often, whether or not its work reports progress…
    job_heartbeat_seconds: int
    # …and one whose heartbeat is older than this (several beats) was abandoned by a dead worker:
    # it may be claimed again.
    job_lease_seconds: int
    # A job abandoned on its last attempt fails instead of running again (a job that kills its worker).
    job_max_attempts: int
    # How often the scheduler sends abandoned jobs again.
    job_resend_seconds: int

    @property
    def is_redis(self) -> bool:
        return self.url is not None


@dataclass(frozen=True)
class AuthSettings:
    session_max_age: int
    # Store for sessions and login throttling: Redis when configured, else files under var/ for
    # sessions and a table of our own database for the throttle's counters.
    redis_url: str | None
    throttle: ThrottleSettings
    password_hash: PasswordHashSettings


@dataclass(frozen=True)
class ThrottleSettings:
    """Login throttling: a hard lock only per account *and* address (one person's typos or one
    attacker), a generous limit per address (an office shares one), and for the account as a whole
    growing delays between attempts rather than a lock anyone on the internet could set off."""

    max_failures_per_account_address: int  # then that address is locked out of that account…
    max_failures_per_address: int  # …or out of every account, for the window
    window_seconds: int
    account_failures_before_delay: int  # failures on an account, from anywhere, before attempts are spaced…
    account_delay_seconds: int  # …by this, doubling with each further failure…
    account_max_delay_seconds: int  # …up to this


@dataclass(frozen=True)
class PasswordHashSettings:
    """argon2id's cost: the default is argon2-cffi's (RFC 9106's low-memory profile); tests set a cheap one."""

    time_cost: int  # passes over the memory
    memory_kib: int
    parallelism: int  # lanes
    threads: int  # hashes computed at once (off the event loop); more wait their turn


# RFC 9106 §4's second recommended option (argon2-cffi's default): ~0.3 s a hash on one core.
ARGON2_DEFAULTS = {"time_cost": 3, "memory_kib": 64 * 1024, "parallelism": 4}
# Below this a stolen hash is cheap to guess: OWASP's least argon2id setting (19 MiB, 2 passes, 1 lane).
ARGON2_PRODUCTION_MINIMUM = {"time_cost": 2, "memory_kib": 19 * 1024, "parallelism": 1}


def _password_hash(production: bool) -> PasswordHashSettings:
    values = PasswordHashSettings(
        time_cost=_int("ARGON2_TIME_COST", ARGON2_DEFAULTS["time_cost"], minimum=1),
        memory_kib=_int("ARGON2_MEMORY_KIB", ARGON2_DEFAULTS["memory_kib"], minimum=8),
        parallelism=_int("ARGON2_PARALLELISM", ARGON2_DEFAULTS["parallelism"], minimum=1),
        threads=_int("PASSWORD_HASH_THREADS", os.cpu_count() or 2, minimum=1),
    )
    if values.memory_kib < 8 * values.parallelism:  # argon2's own rule: 8 KiB per lane
        raise SettingsError(f"ARGON2_MEMORY_KIB must be at least 8 × ARGON2_PARALLELISM = {8 * values.parallelism}")
    if production:
        for field, minimum in ARGON2_PRODUCTION_MINIMUM.items():
            if getattr(values, field) < minimum:
                name = f"ARGON2_{field.upper()}"
                raise SettingsError(f"{name} must be at least {minimum} when CHANGXIAO_ENV=production")
    return values


@dataclass(frozen=True)
class PolicySettings:
    """Numbers the policy or the law sets, or that are our policy choice; shown on the settings page."""

    old_built_by_year: int  # item 1: "old" means built up to the end of this year
    plan_band_end_year: int  # item 1: built after old_built_by_year up to this year may join a plan…
    plan_band_max_percent: int  # …up to this share of the plan's households
    service_levels: tuple[str, ...]  # service standards a professional contract may name
    dismissal_notice_days: int  # Civil Code art. 946: owners dismissing a company give this notice
    non_renewal_notice_days: int  # Civil Code art. 947: a company declining renewal gives this notice
    committee_term_warning_days: int  # our choice: a committee's term ending within this many days is listed
    fund_use_double_two_thirds: bool  # Order No. 165 (2007): fund use needs 2/3 of all area and owners voting yes
    # Property operations (item 3: residents' satisfaction of at least 90% after renovation)
    satisfaction_good_score: int  # a rating (1–5) at or above this is a satisfied one
    satisfaction_target_percent: int  # item 3's target: at least this share of ratings satisfied
    satisfaction_min_ratings: int  # fewer ratings than this in a period: too few to judge
    rating_period: str  # month · quarter: an owner rates once per period
    rating_per: str  # household · owner: who has one rating per period
    complaint_response_working_days: int  # a complaint must be answered within this many working days
    working_day_ends_at: time  # filed later than this on a working day: counted from the next working day
    fund_distribution_basis: str  # interest and common-part income shared by "balance" or by floor "area"


# Credit record kinds (信用记录) with their default weight and cap, in tenths of a point. Good-behaviour
# kinds add their weight per unit, the others deduct it; a cap bounds what one kind adds or deducts in a
# cycle (None: no cap). Item 15 gives +3 per old community taken over and sets no cap; the rest is our
# choice, after the Shandong/Yantai scheme domain.md cites. app/credit/scoring.py names and signs them.
CREDIT_GOOD_KINDS = {
    "old_community": (30, None),  # item 15: per old community managed in the cycle
    "red_property": (50, 50),  # designated 红色物业
    "satisfaction_met": (10, 50),  # per community whose satisfaction reached the target in a period
    "commendation": (20, 100),  # entered by the bureau with evidence
}
CREDIT_BAD_KINDS = {
    "satisfaction_below": (20, 100),  # per community under the target in a period
    "complaint_late": (10, 100),  # per complaint answered after its deadline
    "complaint_open": (20, 100),  # per complaint left open past its deadline
    "service_gap": (10, 100),  # per gap in a managed community's service log
    "penalty": (50, None),  # entered by the bureau with evidence
}
CREDIT_GRADES = ("AAA", "AA", "A", "B", "C")  # C: under the lowest band
CREDIT_BAND_DEFAULTS = {"AAA": 850, "AA": 800, "A": 700, "B": 600}  # lowest score of each grade


@dataclass(frozen=True)
class CreditSettings:
    """Credit scores (信用分), item 15 and domain.md: every number in tenths of a point."""

    base: int  # what a company starts each cycle with
    weights: dict[str, int]  # kind -> points per unit (a deduction's weight is positive too)
    caps: dict[str, int | None]  # kind -> most a kind adds or deducts in a cycle; None: no cap
    bands: tuple[tuple[str, int], ...]  # (grade, lowest score), highest grade first; below the last: C
    validity_days: int  # a record entered on day D counts in the cycles its D … D+validity−1 overlaps
    blacklist_days: int  # a blacklisting stands this long
    cycle_start_month: int  # 1: calendar years; 7: July to June
    objection_answer_days: int  # the bureau answers a company's objection (异议) within this many days
    service_gap_days: int  # this many days in a row without a service log make one gap


@dataclass(frozen=True)
class FlagSettings:
    """When flags (预警) are raised; see app/flags/rules.py."""

    no_service_days: int  # whole days without a service log before a managed community is flagged
    contract_ending_days: int  # a contract ending within this many days is flagged
    company_grade_below: str  # a company graded under this (or blacklisted) is flagged


@dataclass(frozen=True)
class PhotoSettings:
    """Uploaded photos (a signed ballot, later a service log): where they live and how big they may be."""

    directory: Path  # PHOTO_DIR: a volume every web and worker host shares when there are several
    max_bytes: int  # a larger upload is refused before it is decoded
    max_pixels: int  # a larger image (a decompression bomb) is refused before it is decoded


@dataclass(frozen=True)
class Settings:
    app: AppSettings
    db: DatabaseSettings
    broker: BrokerSettings
    auth: AuthSettings
    policy: PolicySettings
    credit: CreditSettings
    flags: FlagSettings
    photos: PhotoSettings


SERVICE_LEVEL_CHOICES = ("star1", "star2", "star3", "star4", "star5")
RATING_PERIODS = ("month", "quarter")
RATING_PER = ("household", "owner")


def _levels(name: str, default: str) -> tuple[str, ...]:
    raw = _str(name, default)
    levels = tuple(part.strip() for part in raw.split(",") if part.strip())
    unknown = [level for level in levels if level not in SERVICE_LEVEL_CHOICES]
    if not levels or unknown:
        raise SettingsError(f"{name} must list some of {', '.join(SERVICE_LEVEL_CHOICES)}, got {raw!r}")
    return levels


def _secret_key(var_dir: Path, production: bool) -> str:
    key = _str("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise SettingsError("SECRET_KEY must be at least 32 characters")
        return key
    if production:
        raise SettingsError("SECRET_KEY (or SECRET_KEY_FILE) is required when CHANGXIAO_ENV=production")
    # Embedded mode: generate once and keep it, so sessions survive a restart.
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


# Renamed settings: a deployment that still sets the old name is told, rather than silently ignored.
_RENAMED = {"LOGIN_MAX_FAILURES_PER_ACCOUNT": "LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS"}


def _throttle() -> ThrottleSettings:
    for old, new in _RENAMED.items():
        if _str(old) is not None:
            raise SettingsError(f"{old} is now {new} (failures from one address that lock it out of one account)")
    values = ThrottleSettings(
        max_failures_per_account_address=_int("LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS", 5, minimum=1),
        max_failures_per_address=_int("LOGIN_MAX_FAILURES_PER_ADDRESS", 50, minimum=1),
        window_seconds=_int("LOGIN_FAILURE_WINDOW_SECONDS", 900, minimum=1),
        account_failures_before_delay=_int("LOGIN_ACCOUNT_FAILURES_BEFORE_DELAY", 5, minimum=0),
        account_delay_seconds=_int("LOGIN_ACCOUNT_DELAY_SECONDS", 1, minimum=1),
        account_max_delay_seconds=_int("LOGIN_ACCOUNT_MAX_DELAY_SECONDS", 60, minimum=1),
    )
    if values.account_max_delay_seconds < values.account_delay_seconds:
        raise SettingsError("LOGIN_ACCOUNT_MAX_DELAY_SECONDS must be at least LOGIN_ACCOUNT_DELAY_SECONDS")
    return values


def _database_url() -> str | None:
    url = _str("DATABASE_URL")
    if url is None:
        return None
    if not url.startswith(("postgresql://", "postgres://")):
        raise SettingsError("DATABASE_URL must be a postgresql:// URL (unset it for the embedded SQLite database)")
    return url


def _public_base_url() -> str | None:
    url = _str("PUBLIC_BASE_URL")
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SettingsError(f"PUBLIC_BASE_URL must be an http:// or https:// address without ?query or #part, got {url!r}")
    return url.rstrip("/")


def _redis_url(name: str) -> str | None:
    url = _str(name)
    if url is not None and not url.startswith(("redis://", "rediss://", "unix://")):
        raise SettingsError(f"{name} must be a redis:// URL (unset it for the embedded mode)")
    return url


# A lease shorter than a few beats would take a live job whose beat was merely late for a dead one.
BEATS_PER_LEASE = 3


def _job_timing() -> dict:
    heartbeat = _int("JOB_HEARTBEAT_SECONDS", 5, minimum=1)
    lease = _int("JOB_LEASE_SECONDS", 4 * heartbeat, minimum=1)
    if lease < BEATS_PER_LEASE * heartbeat:
        raise SettingsError(
            f"JOB_LEASE_SECONDS must be at least {BEATS_PER_LEASE} × JOB_HEARTBEAT_SECONDS = {BEATS_PER_LEASE * heartbeat}, got {lease}"
        )
    return {
        "job_heartbeat_seconds": heartbeat,
        "job_lease_seconds": lease,
        "job_max_attempts": _int("JOB_MAX_ATTEMPTS", 5, minimum=1),
        "job_resend_seconds": _int("JOB_RESEND_SECONDS", 60, minimum=1),
    }


def _tenths(name: str, raw: str) -> int:
    """A number of points with at most one decimal ("2.5") → tenths of a point, exactly."""
    try:
        tenths = Decimal(raw).scaleb(1)
    except InvalidOperation:
        tenths = None
    if tenths is None or not tenths.is_finite() or tenths != tenths.to_integral_value() or tenths < 0:
        raise SettingsError(f"{name} must be a number of points, at least 0 with at most one decimal, got {raw!r}")
    return int(tenths)


def _points(name: str, default: int) -> int:
    raw = _str(name)
    return default if raw is None else _tenths(name, raw)


def _cap(name: str, default: int | None) -> int | None:
    """Like ``_points``; "none" lifts the cap."""
    raw = _str(name)
    if raw is None:
        return default
    return None if raw.lower() == "none" else _tenths(name, raw)


def _credit() -> CreditSettings:
    kinds = {**CREDIT_GOOD_KINDS, **CREDIT_BAD_KINDS}
    weights = {kind: _points(f"CREDIT_WEIGHT_{kind.upper()}", weight) for kind, (weight, _limit) in kinds.items()}
    caps = {kind: _cap(f"CREDIT_CAP_{kind.upper()}", cap) for kind, (_weight, cap) in kinds.items()}
    bands = tuple((grade, _points(f"CREDIT_BAND_{grade}", default)) for grade, default in CREDIT_BAND_DEFAULTS.items())
    for (higher, high), (lower, low) in zip(bands, bands[1:]):
        if high <= low:
            raise SettingsError(f"CREDIT_BAND_{higher} must be above CREDIT_BAND_{lower}")
    cycle_start_month = _int("CREDIT_CYCLE_START_MONTH", 1, minimum=1)
    if cycle_start_month > 12:
        raise SettingsError(f"CREDIT_CYCLE_START_MONTH must be a month, 1 to 12, got {cycle_start_month}")
    return CreditSettings(
        base=_points("CREDIT_BASE", 700),
        weights=weights,
        caps=caps,
        bands=bands,
        validity_days=_int("CREDIT_VALIDITY_DAYS", 365, minimum=1),
        blacklist_days=_int("CREDIT_BLACKLIST_DAYS", 730, minimum=1),
        cycle_start_month=cycle_start_month,
        objection_answer_days=_int("CREDIT_OBJECTION_ANSWER_DAYS", 15, minimum=1),
        service_gap_days=_int("CREDIT_SERVICE_GAP_DAYS", 30, minimum=1),
    )


def _flags() -> FlagSettings:
    return FlagSettings(
        no_service_days=_int("FLAG_NO_SERVICE_DAYS", 30, minimum=1),
        contract_ending_days=_int("FLAG_CONTRACT_ENDING_DAYS", 60, minimum=0),
        company_grade_below=_choice("FLAG_COMPANY_GRADE_BELOW", "B", CREDIT_GRADES),
    )


def load_settings() -> Settings:
    env = _choice("CHANGXIAO_ENV", "development", ("development", "production"))
    production = env == "production"
    var_dir = Path(_str("CHANGXIAO_VAR_DIR", str(BASE_DIR / "var"))).resolve()
    broker_url = _redis_url("BROKER_URL")
    return Settings(
        app=AppSettings(
            production=production,
            debug=_bool("DEBUG", False),
            var_dir=var_dir,
            secret_key=_secret_key(var_dir, production),
            default_locale=_choice("DEFAULT_LOCALE", "zh_CN", LOCALES),
            cookie_secure=_bool("COOKIE_SECURE", production),
            query_count_header=_bool("QUERY_COUNT_HEADER", False),
            public_base_url=_public_base_url(),
        ),
        db=DatabaseSettings(
            url=_database_url(),
            sqlite_path=var_dir / "changxiao.sqlite3",
            pool_min=_int("DB_POOL_MIN", 1, minimum=1),
            pool_max=_int("DB_POOL_MAX", 10, minimum=1),
        ),
        broker=BrokerSettings(
            url=broker_url,
            namespace=_str("BROKER_NAMESPACE", "changxiao"),
            embedded_threads=_int("EMBEDDED_WORKER_THREADS", 2, minimum=1),
            **_job_timing(),
        ),
        auth=AuthSettings(
            session_max_age=_int("SESSION_MAX_AGE", 8 * 3600, minimum=60),
            redis_url=_redis_url("REDIS_URL") or broker_url,
            throttle=_throttle(),
            password_hash=_password_hash(production),
        ),
        policy=PolicySettings(
            old_built_by_year=_int("POLICY_OLD_BUILT_BY_YEAR", 2000, minimum=1900),
            plan_band_end_year=_int("POLICY_PLAN_BAND_END_YEAR", 2005, minimum=1900),
            plan_band_max_percent=_int("POLICY_PLAN_BAND_MAX_PERCENT", 15, minimum=0),
            service_levels=_levels("POLICY_SERVICE_LEVELS", "star1,star2"),
            dismissal_notice_days=_int("POLICY_DISMISSAL_NOTICE_DAYS", 60, minimum=0),
            non_renewal_notice_days=_int("POLICY_NON_RENEWAL_NOTICE_DAYS", 90, minimum=0),
            committee_term_warning_days=_int("POLICY_COMMITTEE_TERM_WARNING_DAYS", 90, minimum=0),
            fund_use_double_two_thirds=_bool("POLICY_FUND_USE_DOUBLE_TWO_THIRDS", False),
            satisfaction_good_score=_int("POLICY_SATISFACTION_GOOD_SCORE", 4, minimum=1, maximum=5),
            satisfaction_target_percent=_int("POLICY_SATISFACTION_TARGET_PERCENT", 90, minimum=1, maximum=100),
            satisfaction_min_ratings=_int("POLICY_SATISFACTION_MIN_RATINGS", 10, minimum=1),
            rating_period=_choice("POLICY_RATING_PERIOD", "month", RATING_PERIODS),
            rating_per=_choice("POLICY_RATING_PER", "household", RATING_PER),
            complaint_response_working_days=_int("POLICY_COMPLAINT_RESPONSE_WORKING_DAYS", 3, minimum=1, maximum=60),
            working_day_ends_at=_clock_time("POLICY_WORKING_DAY_ENDS_AT", "17:30"),
            fund_distribution_basis=_choice("POLICY_FUND_DISTRIBUTION_BASIS", "balance", ("balance", "area")),
        ),
        credit=_credit(),
        flags=_flags(),
        photos=PhotoSettings(
            directory=Path(_str("PHOTO_DIR", str(var_dir / "photos"))).resolve(),
            max_bytes=_int("PHOTO_MAX_BYTES", 10 * 1024 * 1024, minimum=1024),
            max_pixels=_int("PHOTO_MAX_PIXELS", 50_000_000, minimum=10_000),
        ),
    )


@cache
def get_settings() -> Settings:
    return load_settings()

"""Simplified Chinese by default, English selectable, the choice kept."""

import random
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from babel import Locale
from babel.dates import format_datetime
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from app.accounts.tables import Account
from app.i18n import LOCALE_DIR, fmt_datetime, fmt_money, fmt_number, fmt_percent, set_locale
from app.settings import LOCALES
from tests.factories import csrf_from, login, make_world


def _catalog(locale: str):
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as fp:
        return read_po(fp, locale=locale)


def _zh(message: str) -> str:
    return _catalog("zh_CN")[message].string


async def test_the_login_page_is_in_chinese_by_default(client):
    page = await client.get("/login")
    assert '<html lang="zh-CN">' in page.text
    assert _zh("Log in") in page.text


async def test_the_language_switch_persists_in_a_cookie(client):
    page = await client.get("/login")
    response = await client.post(
        "/language", data={"locale": "en", "next": "/login", "_csrf_token": csrf_from(page.text)}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/login"
    again = await client.get("/login")
    assert '<html lang="en">' in again.text and ">Log in</h1>" in again.text


async def test_a_logged_in_users_choice_is_kept_on_the_account(client):
    await make_world()
    await login(client, "alice")
    page = await client.get("/")
    await client.post("/language", data={"locale": "en", "next": "/", "_csrf_token": csrf_from(page.text)})
    assert await Account.select(Account.locale).where(Account.username == "alice").first() == {"locale": "en"}
    client.cookies.clear()  # another browser: the account's choice comes back at login
    response = await login(client, "alice")
    assert response.cookies["cx_lang"] == "en"


async def test_an_unknown_language_changes_nothing(client):
    page = await client.get("/login")
    await client.post("/language", data={"locale": "xx", "_csrf_token": csrf_from(page.text)})
    assert '<html lang="zh-CN">' in (await client.get("/login")).text


def test_both_catalogs_are_complete():
    for locale in ("zh_CN", "en"):
        missing = [m.id for m in _catalog(locale) if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
        fuzzy = [m.id for m in _catalog(locale) if m.id and m.fuzzy]
        assert missing == [], f"{locale}: untranslated {missing[:5]}"
        assert fuzzy == [], f"{locale}: fuzzy {fuzzy[:5]}"


def test_every_string_in_the_code_is_in_the_catalog():
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "messages.pot"
        subprocess.run(
            [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "app/locale/babel.cfg", "-k", "lazy",
             "--no-location", "-o", str(pot), "app", "workers", "templates"],
            cwd=root, check=True, capture_output=True,
        )
        with pot.open("rb") as fp:
            extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fp) if m.id}
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog("zh_CN") if m.id}
    assert sorted(extracted - known) == [], "run `make messages` and translate the new strings"


def test_numbers_and_money_follow_the_locale():
    set_locale("en")
    assert fmt_number(1234567) == "1,234,567"
    assert fmt_money(123456789) == "¥1,234,567.89"
    assert fmt_money(-5) == "-¥0.05"
    set_locale("zh_CN")
    assert fmt_money(100) == "¥1.00"


def test_numbers_formatted_by_python_read_exactly_as_babel_writes_them():
    rng = random.Random(2026)
    wholes = [0, 1, -1, 999, 1000, -1000, 10**15, -(10**15)] + [rng.randint(-10**12, 10**12) for _ in range(300)]
    decimals = [Decimal(v) for v in ("2.675", "2.665", "-0.004", "-0.005", "0.125", "1234567.895", "0", "-0")]
    decimals += [Decimal(rng.randint(-10**14, 10**14)).scaleb(-rng.randint(0, 4)) for _ in range(300)]
    for locale in LOCALES:
        set_locale(locale)
        parsed = Locale.parse(locale)
        for whole in wholes:
            assert fmt_number(whole) == format_decimal(whole, locale=parsed)
            assert fmt_number(whole, 0) == format_decimal(whole, format="#,##0", locale=parsed)
        for digits in (0, 1, 2, 3):
            pattern = f"#,##0.{'0' * digits}" if digits else "#,##0"
            for value in decimals:
                assert fmt_number(value, digits) == format_decimal(value, format=pattern, locale=parsed), (value, digits)
    set_locale("zh_CN")


def test_moments_read_exactly_as_babel_writes_them_in_china_time():
    rng = random.Random(268)
    moments = [datetime(2026, 12, 31, 16, 0, tzinfo=timezone.utc),  # already 1 January in China
               datetime(2026, 1, 1, 0, 0, 0, tzinfo=timezone.utc), datetime(2026, 6, 1, 12, 30, 5, tzinfo=timezone.utc)]
    moments += [datetime(2020, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=rng.randint(0, 10**9)) for _ in range(300)]
    for locale in LOCALES:
        set_locale(locale)
        for style in ("short", "medium", "long"):
            for moment in moments:
                expected = format_datetime(moment, format=style, locale=Locale.parse(locale), tzinfo="Asia/Shanghai")
                assert fmt_datetime(moment, style) == expected, (locale, style, moment)
    set_locale("zh_CN")


def test_percentages_are_exact_and_round_half_up():
    assert fmt_percent(2, 3) == "66.7%"
    assert fmt_percent(1, 8) == "12.5%"
    assert fmt_percent(1, 2000) == "0.1%"  # 0.05% rounds up
    assert fmt_percent(0, 0) == "—"


def test_numbers_read_as_babel_writes_them_in_each_language():
    """fmt_number writes numbers itself where the locale writes them as Python does; it must agree with Babel."""
    from decimal import Decimal
    from random import Random

    from babel import Locale
    from babel.numbers import format_decimal

    rng = Random(278)
    values = [0, -5, 7, 999, 1000, -1234567, 10**15, Decimal("0"), Decimal("-0.004"), Decimal("0.005"), Decimal("0.015"),
              Decimal("2.5"), Decimal("3.5"), Decimal("12345.675"), Decimal("1E+3"), Decimal("123456789012345678.99")]
    values += [Decimal(rng.randint(-10**9, 10**9)).scaleb(-rng.randint(0, 4)) for _ in range(300)]
    values += [rng.randint(-10**12, 10**12) for _ in range(100)]
    try:
        for locale in ("zh_CN", "en"):
            set_locale(locale)
            for value in values:
                for digits in (0, 1, 2, 3):
                    pattern = f"#,##0.{'0' * digits}" if digits else "#,##0"
                    assert fmt_number(value, digits) == format_decimal(value, format=pattern, locale=Locale.parse(locale)), (value, digits)
                assert fmt_number(value) == format_decimal(value, locale=Locale.parse(locale)), value
            assert fmt_money(-123456789) == "-¥1,234,567.89"
    finally:
        set_locale("zh_CN")

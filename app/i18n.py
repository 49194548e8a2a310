"""Translations and locale-aware formatting.

Source strings are English; ``zh_CN`` is the default UI language. The active locale lives in a
context variable set once per request, so templates, services' messages and filters all agree.
Catalogs are compiled by ``make`` (``pybabel compile``); when a compiled file is missing or older
than its ``.po`` (a fresh checkout run straight through pytest), it is compiled in memory instead.
"""

from __future__ import annotations

import io
from contextvars import ContextVar
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time, get_datetime_format, get_time_format
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol
from babel.support import Translations

from app.settings import LOCALES, get_settings

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

_current: ContextVar[str] = ContextVar("changxiao_locale", default="zh_CN")


def set_locale(locale: str) -> None:
    _current.set(locale if locale in LOCALES else get_settings().app.default_locale)


def get_locale() -> str:
    return _current.get()


def pick_locale(*candidates: str | None) -> str:
    """The first supported candidate (cookie, account preference …), else the default."""
    for candidate in candidates:
        if candidate in LOCALES:
            return candidate
    return get_settings().app.default_locale


@cache
def translations(locale: str) -> Translations:
    po_path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo_path = po_path.with_suffix(".mo")
    if not po_path.exists():
        return Translations()
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        with mo_path.open("rb") as fp:
            return Translations(fp, domain=DOMAIN)
    with po_path.open("rb") as fp:
        catalog = read_po(fp, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def gettext(message: str, **variables: object) -> str:
    text = translations(get_locale()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    text = translations(get_locale()).ngettext(singular, plural, n)
    variables.setdefault("num", n)
    return text % variables


_ = gettext


def lazy(message: str) -> str:
    """Mark a module-level string for extraction; translate it later with ``gettext``."""
    return message


@cache
def _parsed(locale: str) -> Locale:
    return Locale.parse(locale)


def babel_locale() -> Locale:
    """The active locale, parsed once per process (Babel's parse walks the whole locale list)."""
    return _parsed(get_locale())


@cache
def _writes_like_python(locale: str) -> bool:
    """Whether Babel writes this locale's numbers as Python's "," format does: groups of three
    separated by ",", "." before the decimals (zh_CN and en do). Then a list's figures are formatted
    by Python, 25–50 times faster than through Babel's patterns, with the same text
    (tests/web/test_i18n.py holds the two together)."""
    parsed = _parsed(locale)
    pattern = parsed.decimal_formats[None]
    return (get_group_symbol(parsed), get_decimal_symbol(parsed), pattern.pattern, pattern.grouping) == (
        ",", ".", "#,##0.###", (3, 3))


def fmt_number(value: int | Decimal | None, digits: int | None = None) -> str:
    if value is None:
        return "—"
    if _writes_like_python(get_locale()) and not isinstance(value, bool):
        if isinstance(value, int) and not digits:
            return f"{value:,}"
        if isinstance(value, Decimal) and digits is not None and value.is_finite():
            # Decimal's own rounding, ROUND_HALF_EVEN, is Babel's too.
            return f"{value:,.{digits}f}"
    if digits is not None:
        return format_decimal(value, format=f"#,##0.{'0' * digits}" if digits else "#,##0", locale=babel_locale())
    return format_decimal(value, locale=babel_locale())


def fmt_money(fen: int | None) -> str:
    """Integer fen shown as yuan with two decimals; never goes through a float."""
    if fen is None:
        return "—"
    sign = "-" if fen < 0 else ""
    return sign + "¥" + fmt_number(Decimal(abs(fen)).scaleb(-2), 2)


def fmt_date(value: date | datetime | None, style: str = "medium") -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, format=style, locale=babel_locale())


_CHINA = ZoneInfo("Asia/Shanghai")


@cache
def _datetime_pattern(locale: str, style: str) -> str | None:
    """How Babel joins a date and a time in this style ("{1} {0}"), when the time names no zone (so
    the two parts can be formatted apart); else None."""
    parsed = _parsed(locale)
    if any(letter in str(get_time_format(style, parsed).pattern) for letter in "zZvVOxX"):
        return None
    return str(get_datetime_format(style, parsed)).replace("'", "")


@lru_cache(maxsize=2048)
def _date_part(locale: str, style: str, day: date) -> str:
    return format_date(day, format=style, locale=_parsed(locale))


@lru_cache(maxsize=8192)
def _time_part(locale: str, style: str, moment: time) -> str:
    return format_time(moment, format=style, locale=_parsed(locale))


def fmt_datetime(value: datetime | None, style: str = "medium") -> str:
    """A moment as the locale writes it, in China's time. A ledger of 50 rows formats 50 of these:
    the date and the time parts are each kept once formatted (Babel's own formatting of a moment
    costs about a tenth of such a page), with Babel's text (tests/web/test_i18n.py)."""
    if value is None:
        return "—"
    locale = get_locale()
    joined = _datetime_pattern(locale, style)
    if joined is None or value.tzinfo is None:
        return format_datetime(value, format=style, locale=babel_locale(), tzinfo="Asia/Shanghai")
    local = value.astimezone(_CHINA)
    return joined.replace("{0}", _time_part(locale, style, local.time())).replace(
        "{1}", _date_part(locale, style, local.date()))


def percent_units(numerator: int, denominator: int, digits: int) -> int:
    """numerator ÷ denominator as a percentage in units of 10^-digits %, rounded half up from the
    exact fraction (2 of 3 at one decimal: 667, that is 66.7%). The denominator is positive."""
    scale = 10**digits
    return (numerator * 100 * scale * 2 + denominator) // (denominator * 2)


def fmt_percent(numerator: int, denominator: int, limit: int | None = None) -> str:
    """A share as a percentage with one decimal, computed exactly and rounded half up.

    Beside a ``limit`` (a whole percentage the share is judged against), as many more decimals as it
    takes for the figure to differ from the limit when the share does: 15.01% shows as "15.01%",
    never "15.0%" next to "more than 15%". Exactly the limit shows as "15.0%".
    """
    if denominator == 0:
        return "—"
    digits = 1
    while True:
        scale = 10**digits
        units = percent_units(numerator, denominator, digits)
        # The share differs from the limit by at least 100/denominator %, so this ends.
        if limit is None or numerator * 100 == limit * denominator or units != limit * scale:
            break
        digits += 1
    return f"{units // scale}.{units % scale:0{digits}d}%"

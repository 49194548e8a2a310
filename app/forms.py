"""One shape for every form, and the field readers every domain shares. No web imports.

A ``Form`` holds what was typed (``values``, shown again on error), what it means (``clean``) and
what is wrong (``errors``, field → message in the user's language). A domain's ``forms.py`` reads
the request's form data through these readers and adds its own rules; controllers never parse.

The readers are strict about what they accept: full-width characters (a Chinese input method's
１２３, ：, －) are folded to their ASCII twins, but nothing else is reinterpreted — Unicode's NFKC
would also read a superscript ``²`` or a circled ``①`` as a digit, so it is not used on numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.errors import FieldError
from app.i18n import gettext as _

MAX_FIELD = 2000  # read at most this much of any field: over-long input is reported, never stored
# Piccolo's Serial and ForeignKey are int4 on PostgreSQL: an id past this has no row on either database
# (SQLite would take up to 2⁶³ − 1), so both answer "not found" alike, without asking.
MAX_ID = 2**31 - 1

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ID = re.compile(r"[0-9]{1,10}")  # ASCII only: str.isdigit() and int() also take ² · ١ · １
_PHONE_SEPARATORS = str.maketrans("", "", " -()")
PHONE_LENGTH = 32  # the phone columns' Varchar(32): separators count too


def fold_width(text: str) -> str:
    """Full-width ASCII forms (U+FF01–FF5E) and the ideographic space to plain ASCII; nothing else."""
    return text.translate(_FULL_WIDTH)


def _printable(ch: str) -> str:
    if ch.isprintable():
        return ch
    return " " if ch.isspace() else ""


def clean_text(raw: object) -> str:
    """Text on one line: white space of any kind (a stray tab or line break from a spreadsheet) made one
    space; control, format and other unprintable characters (a NUL PostgreSQL refuses, a right-to-left
    override, a lone surrogate) dropped, so ``幸福\\x00小区`` reads as 幸福小区."""
    text = str(raw if raw is not None else "")[:MAX_FIELD]
    return " ".join("".join(_printable(ch) for ch in text).split())


def parse_date(raw: object) -> date | None:
    """A day written YYYY-MM-DD (what a date input sends; full-width digits accepted); None otherwise."""
    text = fold_width(clean_text(raw))
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_id(raw: object) -> int | None:
    """A row id from a form, a query or a path: ASCII digits, at most ``MAX_ID``; None otherwise."""
    text = clean_text(raw)
    if not _ID.fullmatch(text):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def normalise_phone(raw: object) -> str:
    return fold_width(clean_text(raw))


def phone_ok(phone: str) -> bool:
    """The one phone rule. Loose on purpose: a mobile (13812345678), a landline (0971-8123456,
    (0971) 812 3456), an extension (0971-8123456-801) or +86 …; 7 to 20 digits, with only spaces,
    hyphens and brackets between them, and at most ``PHONE_LENGTH`` characters in all."""
    if len(phone) > PHONE_LENGTH:
        return False
    digits = phone.translate(_PHONE_SEPARATORS)
    if digits.startswith("+"):
        digits = digits[1:]
    return digits.isascii() and digits.isdigit() and 7 <= len(digits) <= 20


def _get(data: Any, name: str) -> object:
    if data is None:
        return ""
    value = data.get(name, "")
    return value if value is not None else ""


@dataclass
class Form:
    """Values as typed, cleaned data, and errors by field name."""

    values: dict[str, Any] = field(default_factory=dict)
    clean: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    data: Any = None  # the submitted form data (a multi-dict, or a plain dict in tests and imports)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, name: str, message: str) -> None:
        """Record ``message`` for ``name``, keeping the first message a field got."""
        self.errors.setdefault(name, message)

    def add(self, exc: FieldError) -> None:
        self.error(exc.field, exc.message)

    def raw(self, name: str) -> str:
        value = _get(self.data, name)
        self.values[name] = str(value)[:MAX_FIELD]
        return self.values[name]

    # Field readers: each stores the value as typed, the cleaned value, and any error.

    def text(self, name: str, *, max_length: int, required: str | None = None) -> str:
        text = clean_text(self.raw(name))
        if not text and required:
            self.error(name, required)
        elif len(text) > max_length:
            self.error(name, _("At most %(n)s characters.", n=max_length))
        self.clean[name] = text[:max_length]
        return self.clean[name]

    def date(self, name: str, *, required: str | None = None, invalid: str | None = None) -> date | None:
        raw = self.raw(name).strip()
        value = parse_date(raw)
        if not raw and required:
            self.error(name, required)
        elif raw and value is None:
            self.error(name, invalid or _("Enter the day as YYYY-MM-DD."))
        self.clean[name] = value
        return value

    def choice(self, name: str, choices, message: str) -> str:
        value = clean_text(self.raw(name))
        if value not in choices:
            self.error(name, message)
            value = ""
        self.clean[name] = value
        return value

    def id(self, name: str, *, required: str | None = None) -> int | None:
        raw = self.raw(name).strip()
        value = parse_id(raw)
        if value is None and (raw or required):
            self.error(name, required or _("Choose from the list."))
        self.clean[name] = value
        return value

    def ids(self, name: str) -> list[int]:
        """Every id ticked under ``name`` (checkboxes), de-duplicated and sorted; others ignored."""
        if self.data is not None and hasattr(self.data, "getall"):
            raw = self.data.getall(name, [])
        else:
            raw = _get(self.data, name)
            raw = raw if isinstance(raw, (list, tuple)) else [raw] if raw else []
        values = sorted({value for value in (parse_id(item) for item in raw) if value is not None})
        self.values[name] = values
        self.clean[name] = values
        return values

    def flag(self, name: str) -> bool:
        value = str(_get(self.data, name)) in ("yes", "on", "1", "true")
        self.values[name] = "yes" if value else ""
        self.clean[name] = value
        return value

    def phone(self, name: str, *, required: str | None = None) -> str:
        phone = normalise_phone(self.raw(name))
        if not phone and required:
            self.error(name, required)
        elif len(phone) > PHONE_LENGTH:
            self.error(name, _("At most %(n)s characters.", n=PHONE_LENGTH))
        elif phone and not phone_ok(phone):
            self.error(name, _(
                "Enter a phone number: 7 to 20 digits, with spaces, hyphens or brackets if you like "
                "(13812345678, 0971-8123456)."
            ))
        self.clean[name] = phone
        return phone

    # Number readers: the shared strict reading of numbers (app.numbers), imported here lazily because
    # app.numbers builds on fold_width above.

    def amount(self, name: str, *, maximum_fen: int, required: bool = True) -> int | None:
        """An amount in yuan → integer fen (``app.money.parse_yuan``); blank is allowed unless ``required``."""
        from app.money import amount_message, parse_yuan

        result = parse_yuan(self.raw(name), maximum_fen)
        if result.problem and (result.problem != "empty" or required):
            self.error(name, amount_message(result.problem))
        self.clean[name] = result.fen
        return result.fen

    def year(self, name: str, *, minimum: int, maximum: int, required: bool = True) -> int | None:
        """A year of four plain digits from ``minimum`` to ``maximum``; blank is allowed unless ``required``."""
        from app.numbers import parse_year

        value, problem = parse_year(self.raw(name), minimum, maximum)
        if problem and (problem != "empty" or required):
            self.error(name, _("Enter a year from %(first)s to %(last)s.", first=minimum, last=maximum))
        self.clean[name] = value
        return value

    def whole(self, name: str, *, minimum: int, maximum: int, message: str) -> int | None:
        """An optional whole number from ``minimum`` (0 or 1) to ``maximum``; ``message`` when it is not one."""
        from app.numbers import parse_whole

        result = parse_whole(self.raw(name), maximum=maximum, allow_zero=minimum <= 0)
        if result.problem and result.problem != "empty":
            self.error(name, message)
        self.clean[name] = result.value
        return result.value  # type: ignore[return-value]

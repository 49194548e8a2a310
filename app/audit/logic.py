"""What the audit log knows and how an entry reads to a clerk.

Actions and summary fields are declared by each domain (``audit_actions``, ``audit_fields``) with
their labels, translated when shown. A summary is stored as JSON text that ``jsonable`` makes from
whatever the caller passes (dates, Decimals, tuples …); it is read back into words here: labels in
the user's language, dates and money formatted, coded values (modes, reasons) by their label.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime, timezone
from decimal import Decimal
from functools import cache

from app.domains import merged
from app.i18n import fmt_date, fmt_datetime, fmt_money, fmt_number, gettext

MAX_NAMES = 20  # lists of names in a summary (communities an import touched …) are cut here
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")


@cache
def actions() -> dict[str, str]:
    return merged("audit_actions")


@cache
def fields() -> dict[str, object]:
    """Every domain's ``audit_fields``: name -> label, or (label, {value: label})."""
    return merged("audit_fields")


# Writing


def jsonable(value: object) -> object:
    """``value`` as JSON can hold it: dates as ISO text, Decimals as exact text, tuples and sets as lists.

    Text loses NUL characters (PostgreSQL refuses them in JSON) and a non-finite float becomes text.
    """
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {str(key).replace("\x00", ""): jsonable(item) for key, item in value.items()}
    if isinstance(value, (set, frozenset)):
        return [jsonable(item) for item in sorted(value, key=str)]
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return jsonable(str(value))


def summary_json(summary: dict | None) -> str:
    return json.dumps(jsonable(summary or {}), ensure_ascii=False)


def capped(names: list[str], limit: int = MAX_NAMES) -> list[str]:
    """At most ``limit`` names, the rest said as "… and N more" (translated when shown)."""
    names = sorted(set(names))
    if len(names) <= limit:
        return names
    return names[:limit] + [f"+{len(names) - limit}"]


# Reading


def _spec(name: str) -> tuple[str, dict | None]:
    spec = fields().get(name)
    if spec is None:
        return name.replace("_", " "), None
    if isinstance(spec, tuple):
        return gettext(spec[0]), spec[1]
    return gettext(spec), None


def field_label(name: str) -> str:
    return _spec(name)[0]


def object_type_label(object_type: str) -> str:
    return field_label(object_type)


def value_text(name: str, value: object, choices: dict | None = None) -> str:
    """One stored value in words. Old entries stored dates with ``str(...)``: read alike."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if choices and isinstance(value, str) and value in choices:
        return gettext(choices[value])
    if isinstance(value, int):
        return fmt_money(value) if name.endswith("_fen") else fmt_number(value)
    if isinstance(value, str):
        if value.startswith("+") and value[1:].isdigit():  # what ``capped`` left out
            return gettext("and %(n)s more", n=value[1:])
        try:
            if _DATE.match(value):
                return fmt_date(date.fromisoformat(value))
            if _DATETIME.match(value):
                moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
                return fmt_datetime(moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc))
        except ValueError:
            pass
        return value
    if isinstance(value, list):
        if name == "changed":  # the names of the fields a change touched
            return ", ".join(field_label(str(item)) for item in value)
        return ", ".join(value_text(name, item, choices) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{field_label(key)}: {value_text(key, item, _spec(key)[1])}" for key, item in value.items())
    return str(value)


def describe(action: str, summary: object) -> list[tuple[str, str]]:
    """The summary as (label, text) pairs. In a change (``*.update``) a pair of values is before → after."""
    if not isinstance(summary, dict):
        return [] if summary in (None, "") else [("", str(summary))]
    change = action.endswith(".update")
    lines = []
    for name, value in summary.items():
        label, choices = _spec(name)
        if change and isinstance(value, list) and len(value) == 2:
            text = f"{value_text(name, value[0], choices)} → {value_text(name, value[1], choices)}"
        else:
            text = value_text(name, value, choices)
        lines.append((label, text))
    return lines


# Names an entry may fall back on when it was written before entries kept their object's name.
_NAME_KEYS = ("name", "username", "file", "community", "code")


def object_text(entry: dict) -> str:
    """What the entry is about, as a clerk reads it: the type's label and the object's name."""
    label = object_type_label(entry["object_type"])
    name = entry.get("object_name") or ""
    summary = entry.get("summary") if isinstance(entry.get("summary"), dict) else {}
    if not name:
        name = next((str(summary[key]) for key in _NAME_KEYS if isinstance(summary.get(key), (str, int)) and summary[key] != ""), "")
    if not name and entry.get("object_id") not in (None, "", "*"):
        name = f"#{entry['object_id']}"
    return f"{label} {name}".strip()

"""A bank statement of deposits into a community's maintenance fund, read and matched to households. Pure.

Bytes in (an XLSX or a CSV as the bank exports it), a dry run out: the deposits matched to a household,
the rows that could not be matched with the reason, and the rows that are wrong. Nothing is posted
here; the ledger posts ``Deposit``s by their ``key``, which is the same every time the same row is
imported, so a file imported twice posts once.

The file is read by the registry's streaming readers (``app.communities.logic.spreadsheet``) under
the same limits. Banks put a title, the account and the period above the table and a total below it,
so the header row is the first row, within ``MAX_PREAMBLE_ROWS``, that has a date and an amount
column; a row with neither a date nor an amount (a total, "制表人 …") is passed over.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from app.communities.logic.importing import file_message
from app.communities.logic.spreadsheet import MAX_BYTES, MAX_ROWS, SpreadsheetError
from app.communities.logic.spreadsheet.csvfile import csv_rows
from app.communities.logic.spreadsheet.limits import Budget
from app.communities.logic.spreadsheet.xlsx import XlsxReader
from app.forms import clean_text, fold_width
from app.i18n import fmt_number, lazy
from app.i18n import gettext as _
from app.money import amount_message, parse_yuan

MAX_PREAMBLE_ROWS = 30  # rows above the header (title, account, period) looked through for it
MAX_DEPOSIT_FEN = 10**10  # one deposit of at most 100,000,000 yuan: more is a typing or export error

# (field, headers as banks write them, folded: no spaces, lower case). The first header found wins, so
# a credit column (贷方金额) is the amount even when the statement also has a generic one.
COLUMNS = (
    ("date", ("交易日期", "记账日期", "入账日期", "交易时间", "日期", "date", "transactiondate", "valuedate", "postingdate")),
    ("amount", ("贷方金额", "贷方发生额", "收入金额", "存入金额", "贷方", "收入", "credit", "creditamount",
                "金额", "交易金额", "发生额", "amount")),
    ("debit", ("借方金额", "借方发生额", "支出金额", "借方", "支出", "debit", "debitamount")),
    ("payer", ("付款人", "付款人名称", "付款人户名", "付款方", "对方户名", "对方账户名称", "对方名称", "户名",
               "payer", "payername", "counterparty")),
    ("memo", ("摘要", "备注", "附言", "用途", "交易附言", "memo", "remark", "remarks", "note", "description", "purpose")),
    ("serial", ("流水号", "交易流水号", "银行流水号", "凭证号", "交易序号", "serial", "serialno", "transactionid", "reference")),
)
# A cell that is only one of these marks a bank's own line (a total, the balance brought forward), not a
# deposit, even with a date and an amount beside it; "合计缴纳 3-1-101" in a memo is a deposit.
_SUMMARY = re.compile(r"(?:本[日月页期年]|当[日月页])?(?:合计|总计|小计|累计)|期[初末]余额|上期余额|承前页|过次页|转次页"
                      r"|total|subtotal|openingbalance|closingbalance")

_STATEMENT_MESSAGES = {
    "no_header": lazy("No row of the file has both a date column (日期 or 交易日期) and an amount column (金额 or 贷方金额) near its top: export the statement again with its headers."),
    "no_party": lazy("The statement has neither a payer column (付款人 or 户名) nor a memo column (摘要, 备注 or 附言): without them no deposit can be matched to a household."),
    "too_many_parts": lazy("The workbook is made of more than %(max)s parts: save it again from Excel with the statement sheet only."),
    "no_rows": lazy("The statement has no deposits under its headers."),
}


def statement_message(problem: str, **details: int) -> str:
    """Why a statement cannot be read, in the user's language."""
    if problem in _STATEMENT_MESSAGES:
        return _(_STATEMENT_MESSAGES[problem], **{key: fmt_number(value) for key, value in details.items()})
    return file_message(problem, **details)


# Reading the file


@dataclass
class Statement:
    header_row: int
    headers: dict[str, str]  # field → the header as the file writes it (memo: the first memo column)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (row number as the user sees it, field → text)


def _fold(text: str) -> str:
    """A header as compared: NFKC, no spaces, lower case, a unit in brackets dropped (金额(元) is 金额)."""
    folded = "".join(unicodedata.normalize("NFKC", text).split()).lower().rstrip(":")
    return folded.split("(")[0] or folded


def _positions(texts: list[str]) -> dict[str, list[int]] | None:
    """Field → the columns it is read from, when ``texts`` is a header row (it has a date and an amount)."""
    found: dict[str, int] = {}
    for index, text in enumerate(texts):
        found.setdefault(_fold(text), index)
    positions = {}
    for name, headers in COLUMNS:
        if name == "memo":  # 摘要 and 附言 side by side: a unit may be written in either
            columns = sorted({found[header] for header in headers if header in found})
        else:
            columns = [found[header] for header in headers if header in found][:1]
        if columns:
            positions[name] = columns
    if "date" not in positions or "amount" not in positions:
        return None
    taken = {column for name in ("date", "amount") for column in positions[name]}
    if set(positions.get("debit", [])) & taken:  # 借方 is never also the amount
        del positions["debit"]
    return positions


def _statement_from_rows(rows: Iterable[tuple[int, list[str]]]) -> Statement | None:
    """The statement in one sheet's rows, or None when no header row comes within MAX_PREAMBLE_ROWS."""
    statement = None
    positions: dict[str, list[int]] = {}
    seen = 0
    for number, texts in rows:
        if not any(texts):
            continue
        if statement is None:
            seen += 1
            found = _positions(texts)
            if found is None:
                if seen >= MAX_PREAMBLE_ROWS:
                    return None
                continue
            positions = found
            statement = Statement(number, {name: texts[columns[0]] for name, columns in positions.items()})
            continue
        if len(statement.rows) >= MAX_ROWS:
            raise SpreadsheetError("too_many_rows", row=number, max=MAX_ROWS)
        values = {name: " ".join(texts[column] for column in columns if column < len(texts) and texts[column])
                  for name, columns in positions.items()}
        statement.rows.append((number, values))
    return statement


def _sheets(data: bytes, filename: str, budget: Budget) -> Iterator[Iterator[tuple[int, list[str]]]]:
    """Each sheet's rows in turn (a CSV is one sheet), under the registry reader's checks and limits."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError("old_xls")
    if suffix == "csv" and not data.startswith(b"PK"):
        yield csv_rows(data, budget)
    elif suffix == "xlsx" and data.startswith(b"PK"):
        book = XlsxReader(data, budget)
        for name in book.sheets:
            yield book.rows(name, name)
    else:
        raise SpreadsheetError("unreadable" if suffix == "xlsx" else "type")


def read_statement(data: bytes, filename: str) -> Statement:
    """The statement in an XLSX (its first sheet with a header row) or a CSV (UTF-8 or GB18030, comma or
    tab). Raises ``SpreadsheetError``; ``statement_message`` words it."""
    if not data:
        raise SpreadsheetError("empty")
    if len(data) > MAX_BYTES:
        raise SpreadsheetError("too_big")
    try:
        for rows in _sheets(data, filename, Budget()):
            statement = _statement_from_rows(rows)
            if statement is not None:
                break
        else:
            raise SpreadsheetError("no_header")
    except SpreadsheetError:
        raise
    except Exception:  # a damaged or foreign workbook can fail anywhere; whatever it is, it cannot be read
        raise SpreadsheetError("unreadable") from None
    if "payer" not in statement.headers and "memo" not in statement.headers:
        raise SpreadsheetError("no_party")
    return statement


# One row's values


_DAY = re.compile(r"([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?")
_COMPACT_DAY = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})(?: ?[0-9]{2}:?[0-9]{2}:?[0-9]{2})?")


def parse_day(raw: str) -> date | None:
    """A statement's date: 2024-03-05, 2024/3/5, 2024.03.05, 2024年3月5日, 20240305, with or without a
    time after it (full-width digits accepted); None when it is no date of the calendar."""
    text = fold_width(clean_text(raw))
    match = _DAY.fullmatch(text) or _COMPACT_DAY.fullmatch(text)
    if match is None:
        return None
    try:
        return date(*(int(group) for group in match.groups()))
    except ValueError:
        return None


@dataclass(frozen=True)
class StatementRow:
    row: int
    on: date
    amount_fen: int
    payer: str
    memo: str
    serial: str
    key: str  # the posting's idempotency key: the same row imported again has the same key


@dataclass(frozen=True)
class RowProblem:
    row: int  # as the user sees it; 0 for the file as a whole
    column: str  # the header as the file writes it, or ""
    message: str


def _key(scope: str, material: tuple) -> str:
    text = "\x1f".join(str(part) for part in (scope, *material))
    return "bank-" + hashlib.sha256(text.encode()).hexdigest()[:40]


def _amount_problem(values: dict[str, str]) -> tuple[int | None, str | None]:
    text = fold_width(values.get("amount", "")).strip()
    if not text:
        if values.get("debit"):
            return None, _("This row is a payment out of the account, not a deposit.")
        return None, _("The row has no amount.")
    # Banks write a credit as +500.00 or CNY 500.00; the shared number rule refuses a "+" typed into a form.
    for mark in ("+", "CNY", "RMB"):
        text = text.removeprefix(mark).removeprefix(mark.lower()).lstrip()
    result = parse_yuan(text, MAX_DEPOSIT_FEN)
    if result.problem == "not_positive":
        if values.get("debit"):  # 0.00 in the credit column, the money in the debit one
            return None, _("This row is a payment out of the account, not a deposit.")
        return None, _("Not a deposit: the amount must be more than zero.")
    if result.problem:
        return None, amount_message(result.problem)
    return result.fen, None


def parse_rows(statement: Statement, *, scope: str, today: date) -> tuple[list[StatementRow], list[RowProblem]]:
    """The deposits the statement lists, and what is wrong with the rest. ``scope`` (the community's id)
    goes into every key, so one bank serial in two communities' statements gives two keys.

    A row's key comes from its bank serial (流水号) when the file has one; otherwise from its date,
    amount, payer and memo, and how many identical rows came before it in the file, so that two
    deposits of the same amount by the same payer on one day stay two, and the file imported again
    (or the same statement exported as CSV instead of XLSX) gives the same keys.
    """
    headers = statement.headers
    rows: list[StatementRow] = []
    problems: list[RowProblem] = []
    serial_rows: dict[str, int] = {}
    occurrences: dict[tuple, int] = {}
    for number, values in statement.rows:
        if not values.get("amount") and not values.get("debit") and parse_day(values.get("date", "")) is None:
            continue  # no money and no day: a signature or a remark under the table ("制表人 …")
        if any(_SUMMARY.fullmatch("".join(clean_text(values.get(name, "")).lower().split()).rstrip(":："))
               for name in ("date", "payer", "memo")):
            continue
        found: list[tuple[str, str]] = []
        on = parse_day(values.get("date", ""))
        if not values.get("date"):
            found.append(("date", _("The row has no date.")))
        elif on is None:
            found.append(("date", _("%(text)s is not a date: write it as 2024-03-05.", text=clean_text(values["date"])[:40])))
        elif on > today:
            found.append(("date", _("The date %(day)s is in the future.", day=on.isoformat())))
        amount, problem = _amount_problem(values)
        if problem:
            found.append(("amount", problem))
        serial = "".join(fold_width(clean_text(values.get("serial", ""))).split())
        if serial in serial_rows:
            found.append(("serial", _("The serial number %(serial)s already appears in row %(row)s.", serial=serial, row=serial_rows[serial])))
        elif serial:
            serial_rows[serial] = number
        if found:
            problems.extend(RowProblem(number, headers.get(name, ""), message) for name, message in found)
            continue
        payer, memo = clean_text(values.get("payer", "")), clean_text(values.get("memo", ""))
        if serial:
            key = _key(scope, ("serial", serial))
        else:
            content = (on.isoformat(), amount, payer, memo)
            occurrences[content] = occurrences.get(content, 0) + 1
            key = _key(scope, ("row", *content, occurrences[content]))
        rows.append(StatementRow(number, on, amount, payer, memo, serial, key))
    return rows, problems


# Matching rows to households


@dataclass(frozen=True)
class HouseholdRecord:
    """A household of the community as the register has it."""

    id: int
    building: str  # e.g. 3号楼
    unit_number: str  # e.g. 2-301 (stairway 2, flat 301)
    owner_name: str = ""
    owner_phone: str = ""


_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _number(text: str) -> str:
    """A building, stairway or flat number as compared: 03 → 3, 三 → 3, 十二 → 12, a → A; other text as it is."""
    if text.isascii() and text.isdigit():
        return str(int(text))
    if text in _NUMERALS:
        return str(_NUMERALS[text])
    tens, ten, ones = text.partition("十")
    if ten and tens in ("", *_NUMERALS) and ones in ("", *_NUMERALS):
        return str((_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[ones] if ones else 0))
    return text.upper()


_BUILDING_WORD = re.compile(r"(?:号楼|号|栋|幢|座|楼|#)$")
_UNIT_WORDS = re.compile(r"单元|门|室|号|房|[-_/\s—－]+")


def _building_key(name: str) -> str:
    text = "".join(fold_width(clean_text(name)).split())
    return _number(_BUILDING_WORD.sub("", text) or text)


def _unit_key(building: str, unit_number: str) -> tuple[str, str | None, str]:
    """(building, stairway or None, flat) of a registered household: 3号楼 + 2-301 → (3, 2, 301)."""
    parts = [part for part in _UNIT_WORDS.split(fold_width(clean_text(unit_number))) if part]
    building_key = _building_key(building)
    if len(parts) >= 3 and _number(parts[0]) == building_key:
        parts = parts[1:]  # 3-2-301 written under 3号楼
    if not parts:
        return building_key, None, ""
    stairway = _number(parts[-2]) if len(parts) >= 2 else None
    return building_key, stairway, _number(parts[-1])


_B = r"(?<![0-9A-Za-z])([0-9]{1,3}|[A-Za-z]|[一二三四五六七八九十]{1,3})"
_E = r"([0-9]{1,2}|[一二三四五六七八九十]{1,2})"
_R = r"([0-9]{2,5})"
_REFERENCES = (  # most specific first; each finds (building, stairway or None, flat)
    re.compile(_B + r"(?:号楼|号|栋|幢|座|#|楼)-?" + _E + r"(?:单元|门)-?" + _R + r"(?:室|号)?(?![0-9])"),  # 3栋2单元501
    re.compile(_B + r"(?:号楼|栋|幢|座|#)" + r"([0-9]{1,2})-" + _R + r"(?![-0-9])"),  # 3号楼2-501
    re.compile(r"(?<![-0-9.])([0-9]{1,3})-([0-9]{1,2})-" + _R + r"(?![-0-9])"),  # 3-2-501
    re.compile(_B + r"(?:号楼|栋|幢|座|#)-?()" + _R + r"(?:室|号)?(?![-0-9])"),  # 3号楼501
)
_DATES = re.compile(r"[0-9]{4}[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}日?")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def unit_references(memo: str) -> list[tuple[str, str | None, str]]:
    """The units a memo names, as (building, stairway or None, flat): "3栋2单元501", "3号楼2-501",
    "3-2-501", "3号楼501" (no stairway), full-width digits and spaces allowed; dates are skipped."""
    text = _DATES.sub(" ", "".join(fold_width(clean_text(memo)).split()))
    found = []
    for pattern in _REFERENCES:
        for match in pattern.finditer(text):
            building, stairway, flat = match.groups()
            found.append((_number(building), _number(stairway) if stairway else None, _number(flat)))
        text = pattern.sub(" ", text)  # a reference is read once, by the most specific pattern
    return found


def _name(text: str) -> str:
    return "".join(fold_width(clean_text(text)).split())


@dataclass(frozen=True)
class Deposit:
    """A statement row matched to a household: what the ledger posts."""

    row: int
    household_id: int
    amount_fen: int
    on: date
    serial: str
    payer: str
    memo: str
    key: str
    matched_by: str  # unit (in the memo) · unit_payer (a unit the payer owns) · payer (the name) · phone (in the memo)


@dataclass(frozen=True)
class Unmatched:
    row: int
    amount_fen: int
    on: date
    serial: str
    payer: str
    memo: str
    key: str  # kept: a deposit assigned by hand later posts once too
    problem: str  # unit_ambiguous · several_units · unit_unknown · payer_ambiguous · payer_unknown · nothing
    reason: str  # in the user's language


class _Register:
    def __init__(self, households: Sequence[HouseholdRecord]) -> None:
        self.labels = {h.id: f"{h.building} {h.unit_number}" for h in households}
        self.by_unit: dict[tuple[str, str], list[tuple[str | None, int]]] = {}
        self.by_name: dict[str, set[int]] = {}
        self.by_phone: dict[str, set[int]] = {}
        for h in households:
            building, stairway, flat = _unit_key(h.building, h.unit_number)
            self.by_unit.setdefault((building, flat), []).append((stairway, h.id))
            if name := _name(h.owner_name):
                self.by_name.setdefault(name, set()).add(h.id)
            phone = "".join(ch for ch in fold_width(h.owner_phone) if ch.isdigit())
            if phone:
                self.by_phone.setdefault(phone.removeprefix("86") if len(phone) == 13 else phone, set()).add(h.id)

    def units(self, reference: tuple[str, str | None, str]) -> set[int]:
        building, stairway, flat = reference
        return {household for registered, household in self.by_unit.get((building, flat), [])
                if stairway is None or registered is None or registered == stairway}

    def listing(self, ids: Iterable[int]) -> str:
        labels = sorted(self.labels[i] for i in ids)
        return "、".join(labels[:5]) + ("…" if len(labels) > 5 else "")


def _reference_text(reference: tuple[str, str | None, str]) -> str:
    building, stairway, flat = reference
    return f"{building}-{stairway}-{flat}" if stairway else f"{building}-{flat}"


def _match(row: StatementRow, register: _Register) -> tuple[int | None, str, str]:
    """(household id, how) or (None, problem, reason). A unit in the memo first; when it fits several
    households, the one the payer owns; else the payer's name when exactly one household of the
    community is owned by someone of that name; else an owner's mobile number in the memo."""
    owned = register.by_name.get(_name(row.payer), set()) if row.payer else set()
    references = unit_references(row.memo)
    candidates = set().union(*(register.units(reference) for reference in references)) if references else set()
    if len(candidates) == 1:
        return next(iter(candidates)), "unit", ""
    if len(candidates) > 1:
        if len(candidates & owned) == 1:
            return next(iter(candidates & owned)), "unit_payer", ""
        if len(references) == 1:
            return None, "unit_ambiguous", _("%(unit)s in the memo fits several households: %(units)s. Choose the household by hand.",
                                             unit=_reference_text(references[0]), units=register.listing(candidates))
        return None, "several_units", _("The memo names several households: %(units)s. Choose the household by hand.",
                                        units=register.listing(candidates))
    if len(owned) == 1:
        return next(iter(owned)), "payer", ""
    phones = {household for phone in _MOBILE.findall(fold_width(row.memo)) for household in register.by_phone.get(phone, ())}
    if len(phones) == 1:
        return next(iter(phones)), "phone", ""
    if len(owned) > 1:
        return None, "payer_ambiguous", _("%(payer)s owns several households of this community (or several owners have this name): %(units)s.",
                                          payer=row.payer, units=register.listing(owned))
    if references:
        return None, "unit_unknown", _("The memo names %(unit)s, which is no household of this community.",
                                       unit="、".join(_reference_text(reference) for reference in references[:3]))
    if row.payer:
        return None, "payer_unknown", _("No unit in the memo, and %(payer)s is not the name of an owner of this community.", payer=row.payer)
    return None, "nothing", _("The row names neither a unit in its memo nor a payer.")


def match_rows(rows: Sequence[StatementRow], households: Sequence[HouseholdRecord]) -> tuple[list[Deposit], list[Unmatched]]:
    """Each row matched to one household of the community, or left unmatched with the reason."""
    register = _Register(households)
    matched: list[Deposit] = []
    unmatched: list[Unmatched] = []
    for row in rows:
        household, how, reason = _match(row, register)
        common = (row.amount_fen, row.on, row.serial, row.payer, row.memo, row.key)
        if household is None:
            unmatched.append(Unmatched(row.row, *common, how, reason))
        else:
            matched.append(Deposit(row.row, household, *common, how))
    return matched, unmatched


@dataclass
class StatementCheck:
    """The dry run of a statement import: nothing is posted until the user confirms ``matched``."""

    matched: list[Deposit] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def matched_fen(self) -> int:
        return sum(deposit.amount_fen for deposit in self.matched)

    @property
    def unmatched_fen(self) -> int:
        return sum(row.amount_fen for row in self.unmatched)


def check_statement(data: bytes, filename: str, households: Sequence[HouseholdRecord], *, scope: str, today: date) -> StatementCheck:
    """The dry run: the file read, its rows checked and matched to ``households`` (the community's)."""
    try:
        statement = read_statement(data, filename)
    except SpreadsheetError as error:
        return StatementCheck(problems=[RowProblem(error.row, "", statement_message(error.problem, row=error.row, **error.details))])
    rows, problems = parse_rows(statement, scope=scope, today=today)
    if not rows and not problems:
        return StatementCheck(problems=[RowProblem(0, "", statement_message("no_rows"))])
    matched, unmatched = match_rows(rows, households)
    return StatementCheck(matched, unmatched, problems)

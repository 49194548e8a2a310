"""The fund's ledger and a household's statement as XLSX workbooks, headed in the user's language:
amounts in yuan (exact decimals from integer fen), times in China's time."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from app.clock import CHINA
from app.funds.logic import KINDS
from app.i18n import gettext as _
from app.reports.xlsx import workbook


def yuan(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


def local(moment: datetime) -> datetime:
    return moment.astimezone(CHINA).replace(tzinfo=None)


def kind(key: str) -> str:
    return _(KINDS[key]) if key in KINDS else key


def ledger_workbook(rows: list[dict]) -> bytes:
    headers = [_("Entry"), _("Posted"), _("Kind of entry"), _("Building"), _("Unit"), _("Owner"), _("Amount (yuan)"),
               _("Memo"), _("Reason for the correction"), _("Corrects entry"), _("By"), _("Hash")]
    lines = ([r["seq"], local(r["posted_at"]), kind(r["kind"]), r["building_number"] or "", r["unit_number"] or "",
              r["owner_name"] or "", yuan(r["amount_fen"]), r["memo"], r["reason"], r["corrects_seq"] or "", r["who"],
              r["hash"]] for r in rows)
    return workbook(_("Ledger"), headers, lines)


def statement_workbook(household: dict, rows: list[dict]) -> bytes:
    headers = [_("Building"), _("Unit"), _("Owner"), _("Entry"), _("Posted"), _("Kind of entry"), _("Amount (yuan)"),
               _("Balance after (yuan)"), _("Memo")]
    where = [household["building_number"], household["unit_number"], household["owner_name"] or ""]
    lines = ([*where, r["seq"], local(r["posted_at"]), kind(r["kind"]), yuan(r["amount_fen"]), yuan(int(r["running"])),
              r["reason"] or r["memo"]] for r in rows)
    return workbook(_("Fund statement"), headers, lines)

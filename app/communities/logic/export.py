"""The community list as an XLSX workbook, headed in the user's language."""

from __future__ import annotations

from app.communities.logic import RENOVATION_STATUS
from app.i18n import gettext as _
from app.management.logic import MANAGER_MODES
from app.reports.xlsx import workbook


def _manager(current: dict | None) -> str:
    if current is None:
        return ""
    return current.get("company_name") or current.get("unit_name") or current.get("responsible_name") or ""


def _mode(current: dict | None) -> str:
    if current is None:
        return _("No arrangement")
    label = MANAGER_MODES[current["mode"]]
    return _(label)


def community_workbook(rows: list[dict], managers: dict[int, dict], region_names: dict[str, str]) -> bytes:
    headers = [
        _("Community code"), _("Name"), _("Residents' community"), _("Address"), _("Year built"),
        _("Households"), _("Buildings"), _("Floor area (m²)"), _("Renovation"), _("Renovation year"),
        _("Management arrangement"), _("Manager"), _("Contract ends"),
    ]

    def lines():
        for row in rows:
            current = managers.get(row["id"])
            yield [
                row["code"], row["name"], region_names.get(row["region_code"], row["region_code"]), row["address"],
                row["year_built"], row["household_count"], row["building_count"], row["total_area"],
                _(RENOVATION_STATUS.get(row["renovation_status"], row["renovation_status"])), row["renovation_year"],
                _mode(current), _manager(current),
                current["end_date"] if current and current["end_date"] else "",
            ]

    return workbook(_("Communities"), headers, lines())

"""The maintenance fund (专项维修资金, Order No. 165): a community's account, its households'
sub-accounts, the hash-chained ledger and the county rates of the first deposit."""

from app.domains import Domain
from app.funds.logic import KINDS
from app.i18n import gettext, lazy

DOMAIN = Domain(
    name="funds",
    order=60,
    tables=("app.funds.tables",),
    audit_actions={
        "fund.post": lazy("Fund entry posted"),
        "fund.correct": lazy("Fund entry corrected"),
        "fund.rate": lazy("Fund rate set"),
    },
    audit_fields={
        "fund_entry": lazy("Fund entry"),
        "entry_kind": (lazy("Kind of entry"), KINDS),
        "amount_fen": lazy("Amount (fen)"),
        "corrects": lazy("Corrects entry"),
        "correction_reason": lazy("Reason for the correction"),
        "county": lazy("County"),
        "rate_fen_per_m2": lazy("Rate (fen per m²)"),
        "effective_from": lazy("Effective from"),
    },
    template_globals={"fund_kind_label": lambda kind: gettext(KINDS.get(kind, kind))},
)

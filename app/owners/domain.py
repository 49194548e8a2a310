"""Owners' own accounts: activation slips and codes, activation, and which owner records (vote heads)
an owner-role account speaks for."""

from app.domains import CommunitySection, Domain, NavEntry
from app.i18n import lazy

CODE_STATE_LABELS = {
    "none": lazy("No code"), "issued": lazy("Slip issued"), "activated": lazy("Activated"), "revoked": lazy("Revoked"),
}

DOMAIN = Domain(
    name="owners",
    order=45,
    routers=("app.owners.controllers",),
    tables=("app.owners.tables",),
    audit_actions={
        "owner_code.issue": lazy("Activation slips issued"),
        "owner_code.revoke": lazy("Activation code revoked"),
        "owner.activate": lazy("Owner account activated"),
    },
    audit_fields={
        "owner_code": lazy("Activation code"),
        "reissued": lazy("Codes replaced"),
        "units": lazy("Units"),
    },
    template_globals={"code_state_labels": CODE_STATE_LABELS},
    nav=(NavEntry("show_my_units", lazy("My units"), ("owner",), 20),),
    nav_pages={"list_owner_codes": "list_communities"},
    community_section=CommunitySection("owners/_community_section.html", "app.owners.sections:community_section", 90),
)

"""Accounts, logins and who is acting."""

from app.accounts.logic import mask_phone, sees_phone_numbers
from app.domains import Domain, NavEntry
from app.i18n import lazy

ROLE_LABELS = {
    "bureau": lazy("Housing bureau"), "street": lazy("Street office"), "company": lazy("Property company"),
    "committee": lazy("Owner committee"), "owner": lazy("Owner"),
}

DOMAIN = Domain(
    name="accounts",
    order=20,
    routers=("app.accounts.controllers",),
    tables=("app.accounts.tables",),
    nav=(NavEntry("list_accounts", lazy("Accounts"), ("bureau",), 95),),
    audit_actions={
        "account.login": lazy("Logged in"),
        "account.login_failed": lazy("Failed login"),
        "account.logout": lazy("Logged out"),
        "account.create": lazy("Account created"),
        "account.set_password": lazy("Password changed"),
        "account.set_locale": lazy("Language changed"),
        "account.end_sessions": lazy("Sessions ended"),
        "demo.load": lazy("Demo data loaded"),
        "demo.generate": lazy("Demo data generated"),
    },
    audit_fields={
        "account": lazy("Account"),
        "demo": lazy("Demo data"),
        "username": lazy("User name"),
        "role": (lazy("Role"), ROLE_LABELS),
        "locale": (lazy("Language"), {"zh_CN": "中文", "en": "English"}),
        "communities": lazy("Communities"),
        "scale": lazy("Scale"),
        "seed": lazy("Random seed"),
        "version": lazy("Generator version"),
        "households": lazy("Households"),
        "companies": lazy("Companies"),
        "arrangements": lazy("Arrangements"),
        "bundles": lazy("Bundles"),
        "shared_services": lazy("Shared services"),
        "subsidies": lazy("Subsidies"),
        "seconds": lazy("Seconds"),
    },
    template_globals={"role_labels": ROLE_LABELS},
    template_filters={
        "mask_phone": lambda phone, viewer: phone if sees_phone_numbers(viewer) else mask_phone(phone),
    },
)

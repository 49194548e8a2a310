"""The actions the audit log knows, with their labels (translated when shown)."""

from app.web.i18n import lazy

ACTIONS = {
    "account.login": lazy("Logged in"),
    "account.login_failed": lazy("Failed login"),
    "account.logout": lazy("Logged out"),
    "account.create": lazy("Account created"),
    "account.set_password": lazy("Password changed"),
    "account.set_locale": lazy("Language changed"),
    "job.start": lazy("Background job started"),
    "company.create": lazy("Property company registered"),
    "company.update": lazy("Property company changed"),
    "company.subsidy_add": lazy("Subsidy recorded"),
    "company.subsidy_remove": lazy("Subsidy removed"),
    "arrangement.assign": lazy("Manager assigned"),
    "arrangement.end": lazy("Arrangement ended"),
    "bundle.create": lazy("Bundle created"),
    "shared_service.start": lazy("Shared service started"),
    "shared_service.end": lazy("Shared service ended"),
    "community.create": lazy("Community registered"),
    "community.update": lazy("Community changed"),
    "building.create": lazy("Building added"),
    "building.update": lazy("Building changed"),
    "household.create": lazy("Household added"),
    "household.update": lazy("Household changed"),
    "household.import": lazy("Households imported"),
    "registry.import": lazy("Register imported from a spreadsheet"),
    "regions.recount": lazy("Region figures recounted"),
    "demo.load": lazy("Demo data loaded"),
}

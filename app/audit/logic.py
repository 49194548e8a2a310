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
    "regions.recount": lazy("Region figures recounted"),
    "demo.load": lazy("Demo data loaded"),
}

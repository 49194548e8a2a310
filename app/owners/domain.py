"""Owners' own accounts: which owner records (vote heads) an owner-role account speaks for."""

from app.domains import Domain

DOMAIN = Domain(
    name="owners",
    order=45,
    tables=("app.owners.tables",),
)

"""The owners' pages: activation codes and slips for staff (``codes``), activation and "my units" for
owners (``owner``)."""

from app.owners.controllers import codes, owner

ROUTES = [*codes.ROUTES, *owner.ROUTES]

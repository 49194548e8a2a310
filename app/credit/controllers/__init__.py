"""The credit routes."""

from app.credit.controllers import bureau, scores

ROUTES = [*scores.ROUTES, *bureau.ROUTES]

"""The management pages: the street office's assignment flow and ending (``arrangements``), bundles
and shared service (``bundles``)."""

from app.management.controllers import arrangements, bundles

ROUTES = [*arrangements.ROUTES, *bundles.ROUTES]

"""The decision pages: ``pages`` (list, page, drafting, opening, closing), ``ballots`` (an owner's
vote, paper-ballot entry, the register export), ``printing`` (the notice and the published result)."""

from app.decisions.controllers import ballots, pages, printing

ROUTES = [*pages.ROUTES, *ballots.ROUTES, *printing.ROUTES]

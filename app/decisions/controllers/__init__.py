"""The decision pages: ``pages`` (list, page, opening, closing), ``drafts`` (drafting, editing and
deleting a draft, the unit picker), ``ballots`` (an owner's vote, paper-ballot entry, the register
export), ``printing`` (the notice and the published result)."""

from app.decisions.controllers import ballots, drafts, pages, printing

ROUTES = [*pages.ROUTES, *drafts.ROUTES, *ballots.ROUTES, *printing.ROUTES]

"""The key pages: what ``make bench`` drives under load and ``tests/web/test_query_counts.py`` counts
the queries of. A domain that adds a page a clerk opens all day adds it here.

``{community}`` in a path is a community of the street user's area with the largest register (about
600 households at province scale); ``{decision}`` is that community's first owners' decision on the
whole community (its heads are all those households); ``{household}`` is a household of that
community with entries in its fund's ledger; ``{company}`` is the company that manages it today.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

STREET = "630102001"  # 东关大街街道: the street user's area


@dataclass(frozen=True)
class KeyPage:
    name: str
    user: str  # "province" (a bureau user over all of Qinghai), "street" (STREET's office) or "company" (the
    # company of STREET with the most complaints routed to it)
    path: str
    fragment: str | None = None  # the HX-Target of an htmx request for only the fragment

    @property
    def headers(self) -> dict[str, str]:
        return {"HX-Request": "true", "HX-Target": self.fragment} if self.fragment else {}

    def url(self, community: int, decision: int = 0, household: int = 0, company: int = 0) -> str:
        return self.path.format(community=community, decision=decision, household=household, company=company)


KEY_PAGES = [
    KeyPage("home", "province", "/"),
    KeyPage("community list", "province", "/communities"),
    KeyPage("old, nobody manages", "province", "/communities?mode=none&old=1"),
    KeyPage("red-property companies", "province", "/communities?mode=professional&red=1"),
    KeyPage("one street, by size", "province", f"/communities?region={STREET}&sort=-households"),
    KeyPage("search, page 3", "province", f"/communities?q={quote('小区')}&page=3"),
    KeyPage("search fragment (htmx)", "province", f"/communities?q={quote('幸福')}", fragment="community-results"),
    KeyPage("region picker (htmx)", "province", "/communities/region-picker?region=630102", fragment="region-picker"),
    KeyPage("overview", "province", "/overview"),
    KeyPage("region page", "province", "/regions/630100"),
    KeyPage("company list", "province", "/companies"),
    KeyPage("community page", "province", "/communities/{community}"),
    KeyPage("home (street)", "street", "/"),
    KeyPage("community list (street)", "street", "/communities"),
    KeyPage("community page (street)", "street", "/communities/{community}"),
    KeyPage("its households, page 2", "street", "/communities/{community}/households?page=2"),
    KeyPage("its households (htmx)", "street", "/communities/{community}/households?page=2", fragment="households"),
    KeyPage("assignment: company search", "street", f"/management/company-options?q={quote('物业')}"),
    KeyPage("activation codes", "street", "/communities/{community}/owner-codes"),
    KeyPage("activation codes, page 2 (htmx)", "street", "/communities/{community}/owner-codes?page=2",
            fragment="code-rows"),
    KeyPage("committees overview", "province", "/committees"),
    KeyPage("committees overview (street)", "street", "/committees"),
    KeyPage("committees, filings overdue (street)", "street", "/committees/list?show=overdue"),
    KeyPage("committee page (street)", "street", "/communities/{community}/committee"),
    KeyPage("decision list", "province", "/decisions"),
    KeyPage("decision list (street)", "street", "/decisions"),
    KeyPage("decision page (600 households)", "street", "/decisions/{decision}"),
    KeyPage("its ballot register", "street", "/decisions/{decision}/ballots"),
    KeyPage("fund page", "street", "/communities/{community}/fund"),
    KeyPage("fund: households", "street", "/communities/{community}/fund/households"),
    KeyPage("fund: ledger", "street", "/communities/{community}/fund/ledger"),
    KeyPage("household statement", "street", "/communities/{community}/fund/households/{household}"),
    KeyPage("fund area totals", "province", "/funds"),
    KeyPage("fund area totals (street)", "street", "/funds"),
    KeyPage("fund proposals (area)", "province", "/funds/proposals"),
    KeyPage("fund: under the 30% line", "province", "/funds/list?show=under"),
    KeyPage("complaints awaiting a response (street)", "street", "/complaints"),
    KeyPage("complaints overdue (street)", "street", "/complaints?overdue=1"),
    KeyPage("complaints of its area, closed, page 3 (street)", "street", "/complaints?state=closed&page=3"),
    KeyPage("complaints by deadline (company)", "company", "/complaints"),
    KeyPage("complaints, all states (company, htmx)", "company", "/complaints?state=", fragment="complaint-list"),
    KeyPage("home (company)", "company", "/"),
    KeyPage("satisfaction per street, a year", "province", "/satisfaction?kind=year&by=street"),
    KeyPage("satisfaction per company, a year", "province", "/satisfaction?kind=year&by=company"),
    KeyPage("satisfaction of its communities, a year (street)", "street", "/satisfaction?kind=year"),
    KeyPage("satisfaction, a month, page 2 (htmx)", "province", "/satisfaction?by=community&page=2",
            fragment="satisfaction-table"),
    KeyPage("flags (street)", "street", "/flags"),
    KeyPage("flags: one kind, one area", "province", f"/flags?kind=no_arrangement&region={STREET}"),
    KeyPage("flags by area, with trend", "province", "/flags/overview"),
    KeyPage("credit rankings", "province", "/credit"),
    KeyPage("credit rankings, page 2 (htmx)", "province", "/credit?page=2", fragment="rankings"),
    KeyPage("service logs of its company", "province", "/companies/{company}/service-logs"),
    KeyPage("its company's logs, cleaning (htmx)", "province", "/companies/{company}/service-logs?category=cleaning&page=2",
            fragment="log-list"),
    KeyPage("service logs of the community", "street", "/communities/{community}/service-logs"),
    KeyPage("its logs, a month (htmx)", "street", "/communities/{community}/service-logs?since=2026-10-01&until=2026-10-31",
            fragment="log-list"),
]

"""On a phone a table's headers are hidden (static/app.css) and each row becomes a small card, so
every value must carry its column's name: each ``td`` has a ``data-label`` with the header's text,
which the stylesheet shows before the value. Figures on cards keep their label beside the value.

Each named role opens every page that shows it a table, with data enough that every list has rows.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from app.communities.tables import Building, Community, Household, Owner
from app.companies.tables import Subsidy
from app.management.tables import Arrangement, Bundle, BundleProject
from tests.communities.sheets import community_row, household_row, xlsx
from tests.factories import csrf_from, login, make_world, post_form

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SORT_MARKS = "▲▼"


# --- a small DOM from the standard library's parser ------------------------------------------


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return " ".join("".join(c if isinstance(c, str) else c.text() for c in self.children).split())

    def find_all(self, tag: str, cls: str | None = None):
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag and (cls is None or cls in child.classes):
                    yield child
                yield from child.find_all(tag, cls)

    def elements(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _columns(table: Node) -> list[str]:
    """The header text of each column (a colspan repeats it), sort marks left out."""
    columns: list[str] = []
    for thead in table.find_all("thead"):
        for cell in next(thead.find_all("tr")).elements():
            text = cell.text().strip(SORT_MARKS + " ")
            columns += [text] * int(cell.attrs.get("colspan") or 1)
    return columns


def unlabelled_cells(html: str) -> tuple[list[str], int]:
    """(what is wrong, how many body cells were checked) for one page."""
    wrong, checked = [], 0
    for table in parse(html).find_all("table"):
        columns = _columns(table)
        for section in ("tbody", "tfoot"):
            for body in table.find_all(section):
                for row in body.find_all("tr"):
                    index = 0
                    for cell in row.elements():
                        span = int(cell.attrs.get("colspan") or 1)
                        if cell.tag == "td" and "actions" not in cell.classes:
                            checked += 1
                            label = (cell.attrs.get("data-label") or "").strip()
                            header = columns[index] if index < len(columns) else ""
                            if not label:
                                wrong.append(f"no data-label on a {section} cell {cell.text()[:40]!r} (column {header!r})")
                            elif section == "tbody" and header and label != header:
                                wrong.append(f"cell {cell.text()[:40]!r} is labelled {label!r}, its column is {header!r}")
                        index += span
    return wrong, checked


def unlabelled_figures(html: str) -> list[str]:
    wrong = []
    document = parse(html)
    for figure in document.find_all("div", "figure"):
        values = list(figure.find_all("span", "figure-value"))
        for value in values:
            siblings = value.parent.elements()
            if not any("figure-label" in s.classes and s.text() for s in siblings):
                wrong.append(f"figure {value.text()!r} has no label")
    for facts in document.find_all("dl", "facts"):
        kinds = [child.tag for child in facts.elements()]
        for n, tag in enumerate(kinds):
            if tag == "dd" and (n == 0 or kinds[n - 1] != "dt"):
                wrong.append(f"a fact {facts.elements()[n].text()!r} has no term before it")
    return wrong


def test_the_checker_notices_a_missing_or_wrong_label():
    html = """<table><thead><tr><th>名称</th><th>户数</th><th><span class="skip">操作</span></th></tr></thead>
      <tbody><tr><td data-label="名称">甲</td><td>12</td><td class="actions"><a>修改</a></td></tr>
      <tr><td data-label="户数">乙</td><td data-label="户数">3</td><td class="actions"></td></tr></tbody></table>
      <div class="figure"><span class="figure-value">7</span></div>"""
    wrong, checked = unlabelled_cells(html)
    assert checked == 4
    assert wrong == ["no data-label on a tbody cell '12' (column '户数')", "cell '乙' is labelled '户数', its column is '名称'"]
    assert unlabelled_figures(html) == ["figure '7' has no label"]


# --- the pages ---------------------------------------------------------------------------------


async def _data() -> dict:
    world = await make_world()
    a = world.community_a
    await Community.update({Community.renovation_year: 2025, Community.renovation_status: "planned"}).where(
        Community.id.is_in([a, world.community_b])
    )
    bundle = (await Bundle.insert(Bundle(name="东关捆绑", company=world.company_a, region_code="630102001",
                                         reason_small=True)).returning(Bundle.id))[0]["id"]
    await BundleProject.insert(BundleProject(bundle=bundle, kind="school", name="东关小学", floor_area=Decimal("3200.00")))
    await Arrangement.insert(Arrangement(
        community=a, region_code="630102001001", mode="professional", start_date=date(2024, 1, 1),
        company=world.company_a, contract_number="HT-2024-01", service_level="star1", fee_fen_per_m2_month=80,
        bundle=bundle,
    ))
    building = (await Building.insert(Building(community=a, number="1号楼", floors=6)).returning(Building.id))[0]["id"]
    owner = (await Owner.insert(Owner(community=a, name="王芳", phone="13900000000")).returning(Owner.id))[0]["id"]
    await Household.insert(
        Household(community=a, building=building, unit_number="1-101", floor_area=Decimal("80.00"), owner=owner),
        Household(community=a, building=building, unit_number="1-102", floor_area=Decimal("92.50"), is_developer_stock=True),
    )
    await Subsidy.insert(Subsidy(company=world.company_a, amount_fen=100_000, year=2024, source="城东区财政局", community=a))
    return {"a": a, "company": world.company_a, "bundle": bundle}


PAGES = {
    "alice": ["/", "/communities", "/communities/{a}", "/communities/plan?year=2025", "/companies", "/companies/{company}",
              "/bundles", "/bundles/{bundle}", "/audit", "/regions/630102", "/overview", "/settings"],
    "bob": ["/", "/communities", "/communities/{a}", "/communities/plan?year=2025", "/companies", "/companies/{company}",
            "/bundles", "/bundles/{bundle}", "/regions/630102001", "/overview", "/settings", "/communities/{a}/owner-codes"],
    "carol": ["/", "/communities", "/communities/{a}", "/companies/{company}", "/bundles", "/bundles/{bundle}"],
    "dave": ["/", "/communities", "/communities/{a}"],
    "erin": ["/", "/communities"],  # no register on the community page for an owner; "my units" is cards (tests/owners)
}


@pytest.mark.parametrize("username", PAGES)
async def test_every_value_in_every_list_keeps_its_column_name_on_a_phone(client, clock, username):
    objects = await _data()
    assert (await login(client, "alice")).status_code == 303
    # A change the audit log records, made the way a clerk makes it.
    added = await post_form(client, f"/companies/{objects['company']}/subsidies",
                            {"amount": "5000", "year": "2025", "source": "东关大街街道办事处", "community": "", "note": "绿化"},
                            page=f"/companies/{objects['company']}")
    assert added.status_code in (200, 303), added.text
    client.cookies.clear()
    assert (await login(client, username)).status_code == 303

    wrong, without_rows = [], []
    for template in PAGES[username]:
        path = template.format(**objects)
        response = await client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        problems, checked = unlabelled_cells(response.text)
        wrong += [f"{path}: {p}" for p in problems] + [f"{path}: {p}" for p in unlabelled_figures(response.text)]
        if checked == 0 and path != "/":
            without_rows.append(path)
    assert wrong == []
    assert without_rows == [], "these pages showed no table rows to check"


async def test_the_import_checks_label_their_rows_on_a_phone(client):
    await make_world()
    await login(client, "bob")
    token = csrf_from((await client.get("/communities/import")).text)
    good = xlsx([community_row()], [household_row()])
    bad = xlsx([community_row()], [household_row(area="85.123"), household_row(unit="1-102", phone="12345")])
    for data, status in ((good, 200), (bad, 422)):
        response = await client.post("/communities/import", files={"file": ("登记表.xlsx", data, XLSX)},
                                      data={"_csrf_token": token}, follow_redirects=False)
        assert response.status_code == status, response.text
        problems, checked = unlabelled_cells(response.text)
        assert checked > 0 and problems == []

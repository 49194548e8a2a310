"""Every text a form stores fits its column: a form refuses what the column cannot hold.

SQLite stores a 200-character string in a ``Varchar(12)`` without a word, PostgreSQL answers it
with an error (a 500): so the check cannot be left to the database. For every POST route this test
posts a valid form (which must be accepted), finds which column each field landed in by comparing
the database before and after, then posts the form again with that field one character longer
than its column (as CJK text, digits and a phone number padded with hyphens) and 10,000
characters long. Each must be refused with a message (422) and change nothing, or be read to
something that fits (an owner's phone is kept as its digits); no column may end up holding more
than its length, and nothing may answer 5xx (PostgreSQL refuses an over-long value with an error). A new POST route must be listed here, so a new form is checked too.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from piccolo.columns import Varchar

from app import clock
from app.accounts.logic import SYSTEM
from app.accounts.tables import Account
from app.committees.tables import Committee, CommitteeChange, CommitteeMember, CrossAppointment
from app.communities.tables import Building, Household, Owner
from app.companies.tables import Subsidy
from app.decisions.tables import Decision, DecisionHead
from app.flags.tables import Flag
from app.funds.services.ledger import Draft, post_entries
from app.funds.tables import FundProposal
from app.management.tables import Arrangement, SharedService
from app.operations.grievances.tables import Complaint
from app.operations.ratings.services.giving import current_period
from app.piccolo_app import APP_CONFIG
from tests.factories import csrf_from, login, make_community, make_world, valid_uscc

# Routes without text a form stores, and why.
NOT_CHECKED = {
    "change_password": "a password is hashed, never stored as typed (accounts tests)",
    "recount_regions": "no fields",
    "end_account_sessions": "no fields (the account is in the path)",
    "check_import": "a spreadsheet, checked row by row by the import's own tests",
    "start_import": "the key of an upload the server made",
    "print_owner_slips": "building ids and a tick box; nothing typed is stored",
    "revoke_owner_code": "no fields (the household is in the path)",
    "reissue_owner_code": "no fields (the household is in the path)",
    "add_my_unit": "a code (hashed) and a phone (compared), never stored as typed (tests/owners)",
    "open_decision": "no fields (the decision is in the path)",
    "delete_decision": "a confirmation only (the decision is in the path)",
    "close_decision": "no fields (the decision is in the path)",
    "retry_decision_outcome": "no fields (the decision is in the path)",
    "cast_ballot": "a head id and a choice among three values, no text",
    "check_fund_import": "a bank statement, checked row by row by tests/funds/test_statements.py; nothing stored but the file",
    "confirm_fund_import": "the key of an upload the server made and its digest; the memos come from the file, cut to fit",
    "preview_fund_distribution": "a preview: nothing is stored",
    "create_fund_distribution": "an amount and two choices; the entries' memo is written by the server",
    "put_fund_proposal_to_vote": "two dates; the decision's text is the proposal's (create_fund_proposal)",
    "disburse_fund_proposal": "no fields (the proposal is in the path)",
    "cancel_fund_proposal": "no fields (the proposal is in the path)",
    "scan_flags": "no fields",
    "create_credit_record": "evidence is Text, bounded by the form (tests/credit/test_pages.py); the rest are choices and a date",
    "object_to_credit_line": "the reason is Text, bounded by the form (tests/credit/test_pages.py)",
    "answer_credit_objection": "the answer is Text, bounded by the form (tests/credit/test_pages.py); the state is a choice",
    "start_credit_recompute": "no fields (the cycle is a bounded number in the query)",
    "create_service_log": "choices, a day, a time and numbers; the notes go to a Text column, refused by the form past 1,000 characters (tests/operations/logs/test_form.py)",
}
LONG = 10_000
FLAGS = ("yes", "1")  # a tick box: any other value is "not ticked", a choice, not an error


def _dates(n: int) -> dict:
    return {"start_date": f"{2030 + n}-01-01", "end_date": f"{2030 + n}-12-31"}


async def _world() -> dict:
    world = await make_world()
    bob = (await Account.select(Account.id).where(Account.username == "bob").first())["id"]
    arrangement = await Arrangement.insert(Arrangement(
        community=world.community_a, region_code="630102001001", mode="professional", start_date=date(2024, 1, 1),
        end_date=date(2099, 12, 31), contract_end_date=date(2099, 12, 31), company=world.company_a,
        contract_number="HT-1", service_level="star1", fee_fen_per_m2_month=80,
    )).returning(Arrangement.id)
    shared = await SharedService.insert(SharedService(
        community=world.community_b, provider_community=world.community_a, company=world.company_a,
        region_code="630102001004", start_date=date(2024, 1, 1),
    )).returning(SharedService.id)
    building = await Building.insert(Building(community=world.community_a, number="1号楼")).returning(Building.id)
    owner = await Owner.insert(Owner(community=world.community_a, name="王芳", phone="13900000000")).returning(Owner.id)
    household = await Household.insert(Household(
        community=world.community_a, building=building[0]["id"], unit_number="1-101", floor_area=Decimal("80.00"),
        owner=owner[0]["id"],
    )).returning(Household.id)
    fresh = [await make_community(name=f"空白小区{i}", code=f"630102001001{200 + i}") for i in range(4)]
    committee = await Committee.insert(Committee(
        community=world.community_a, region_code="630102001001", elected_on=date(2024, 1, 1),
        term_start=date(2024, 1, 1), term_end=date(2028, 12, 31), member_count=1,
    )).returning(Committee.id)
    # The member owns a unit of his own: the register's form changes the other unit's owner freely.
    member_owner = await Owner.insert(Owner(community=world.community_a, name="李委员", phone="13900000009")
                                      ).returning(Owner.id)
    member_household = await Household.insert(Household(
        community=world.community_a, building=building[0]["id"], unit_number="1-909", floor_area=Decimal("70.00"),
        owner=member_owner[0]["id"],
    )).returning(Household.id)
    member = await CommitteeMember.insert(CommitteeMember(
        committee=committee[0]["id"], owner=member_owner[0]["id"], household=member_household[0]["id"], post="chair",
    )).returning(CommitteeMember.id)
    cross = await CrossAppointment.insert(CrossAppointment(
        community=world.community_a, company=world.company_a, region_code="630102001001", kind="company_head",
        person_name="张经理", start_date=date(2024, 1, 1),
    )).returning(CrossAppointment.id)
    change = await CommitteeChange.insert(CommitteeChange(
        committee=committee[0]["id"], changed_on=date(2024, 6, 1), description="委员变更",
    )).returning(CommitteeChange.id)
    decision = await Decision.insert(Decision(  # open today, whatever today is (the app runs on the real clock)
        community=world.community_a, region_code="630102001001", matter="other", title="更换大门",
        opens_on=clock.today() - timedelta(days=1), closes_on=clock.today() + timedelta(days=30), state="open",
        rule="majority", entitled_heads=1, entitled_area=8000,
    )).returning(Decision.id)
    head = await DecisionHead.insert(DecisionHead(decision=decision[0]["id"], owner=owner[0]["id"], label="王芳",
                                                  area=8000)).returning(DecisionHead.id)
    election = await Decision.insert(Decision(  # a draft election, its window ahead of the real clock
        community=world.community_a, region_code="630102001001", matter="election", title="选举业主委员会",
        opens_on=clock.today() + timedelta(days=1), closes_on=clock.today() + timedelta(days=30),
    )).returning(Decision.id)
    return {"a": world.community_a, "company": world.company_a, "bob": bob, "arrangement": arrangement[0]["id"],
            "shared": shared[0]["id"], "building": building[0]["id"], "household": household[0]["id"], "fresh": fresh,
            "committee": committee[0]["id"], "change": change[0]["id"], "decision": decision[0]["id"], "head": head[0]["id"],
            "election": election[0]["id"], "member": member[0]["id"], "cross": cross[0]["id"],
            "member_household": member_household[0]["id"]}


_group_codes = iter(range(500, 1000))


async def _group_path() -> str:  # one open preparatory group per community: a fresh community each time
    n = next(_group_codes)
    return f"/communities/{await make_community(name=f'筹备小区{n}', code=f'630102001001{n}')}/preparatory-group"


def _installed(o: dict, n: int) -> dict:
    start = date(2027, 1, 1).toordinal() + n  # each install a later term, replacing the one before
    return {"elected_on": "2026-11-01", "term_start": date.fromordinal(start).isoformat(),
            "term_end": date.fromordinal(start + 1000).isoformat(), "household_1": str(o["household"]),
            "post_1": "chair", "phone_1": f"139{n:08d}"}


def _removal(o: dict):
    async def path() -> str:  # a fresh subsidy for each removal
        rows = await Subsidy.insert(Subsidy(company=o["company"], amount_fen=100_000, year=2024, source="城东区财政局")
                                    ).returning(Subsidy.id)
        return f"/companies/{o['company']}/subsidies/{rows[0]['id']}/remove"
    return path


def _community(n: int, code: bool) -> dict:
    data = {"name": f"长度小区{n}", "address": f"东关大街{n}号", "year_built": "1995", "total_area": "9000.5",
            "renovation_year": "", "renovation_status": "none", "building_count": "3", "household_count": "130"}
    return {"code": f"630102001001{300 + n:03d}", **data} if code else data


def _company(n: int) -> dict:
    return {"name": f"长度物业{n}有限公司", "uscc": valid_uscc(), "legal_representative": f"法人{n}",
            "contact_name": f"联系人{n}", "contact_phone": f"0971-81{n:05d}", "address": f"西宁市{n}号",
            "region_code": "630102", "is_red_property": "1", "red_property_since": "2024-03-01",
            "red_property_by": f"城东区委组织部{n}"}


def _contact(n: int) -> dict:
    return {"contact_name": f"业主代表{n}", "contact_phone": f"138{n:08d}"}


# route name -> (user, path, form) builders; a route may have several forms (the assignment's four modes).
def _cases(o: dict) -> dict[str, list]:
    a, fresh = o["a"], o["fresh"]
    return {
        "create_community": [("bob", "/communities", lambda n: _community(n, True))],
        "acknowledge_flag": [("bob", _flag(o), lambda n: {"note": f"网格员上门{n}"})],
        "update_community": [("bob", f"/communities/{a}/edit", lambda n: _community(n, False))],
        "create_building": [("bob", f"/communities/{a}/buildings", lambda n: {"number": f"{n + 2}号楼", "floors": "6"})],
        "update_building": [("bob", f"/communities/{a}/buildings/{o['building']}/edit",
                             lambda n: {"number": f"{n + 500}号楼", "floors": "7"})],
        "create_household": [("bob", f"/communities/{a}/households", lambda n: {
            "building": str(o["building"]), "unit_number": f"3-{n + 100}", "floor_area": "85.50",
            "owner_name": f"业主{n}", "owner_phone": f"139{n:08d}"})],
        "update_household": [("bob", f"/communities/{a}/households/{o['household']}/edit", lambda n: {
            "building": str(o["building"]), "unit_number": f"4-{n + 100}", "floor_area": "86.50",
            "owner_name": f"新业主{n}", "owner_phone": f"137{n:08d}"})],
        "create_company": [("alice", "/companies", _company)],
        "update_company": [("alice", f"/companies/{o['company']}/edit", _company)],
        "add_subsidy": [("alice", f"/companies/{o['company']}/subsidies", lambda n: {
            "amount": "1000", "year": "2024", "source": f"财政局{n}", "note": f"备注{n}", "community": ""})],
        "remove_subsidy": [("alice", _removal(o), lambda n: {"reason": f"录入错误{n}"})],
        "create_arrangement": [
            ("bob", f"/communities/{fresh[0]}/arrangements", lambda n: {
                "step": "confirm", "mode": "professional", "company_id": str(o["company"]),
                "contract_number": f"HT-{n}", "service_level": "star1", "fee_yuan": "0.80", **_dates(n)}),
            ("bob", f"/communities/{fresh[0]}/arrangements", lambda n: {
                "step": "confirm", "mode": "self_managed", "supervising_region_code": "630102001004",
                **_contact(n), **_dates(n + 100)}),
            ("bob", f"/communities/{fresh[0]}/arrangements", lambda n: {
                "step": "confirm", "mode": "unit_managed", "unit_name": f"某单位{n}", **_contact(n),
                **_dates(n + 200)}),
            ("bob", f"/communities/{fresh[0]}/arrangements", lambda n: {
                "step": "confirm", "mode": "street_proxy", "responsible_id": str(o["bob"]), **_dates(n + 300)}),
        ],
        "end_arrangement": [("bob", f"/arrangements/{o['arrangement']}/end", lambda n: {
            "end_date": f"{2090 + n % 9}-06-30", "reason": "other", "note": f"另行安排{n}", "notice_given_on": ""})],
        "create_bundle": [("bob", "/bundles", lambda n: {
            "name": f"捆绑{n}", "reason_small": "yes", "reason_note": f"理由{n}",
            "community_ids": [str(fresh[1]), str(fresh[2])], "project_kind_0": "school",
            "project_name_0": f"小学{n}", "project_area_0": "4200.50", "company_id": str(o["company"]),
            "contract_number": f"KB-{n}", "service_level": "star1", "fee_yuan": "0.60", **_dates(n)})],
        "create_shared_service": [("bob", f"/communities/{fresh[3]}/shared-service", lambda n: {
            "provider": str(a), "note": f"套管{n}", **_dates(n)})],
        "end_shared_service": [("bob", f"/shared-services/{o['shared']}/end",
                                lambda n: {"end_date": f"{2030 + n}-01-01"})],
        "create_committee": [("bob", f"/communities/{a}/committee", lambda n: _installed(o, n))],
        "record_committee_dates": [("bob", f"/committees/{o['committee']}/dates", lambda n: {
            "first_meeting_on": "2024-01-05", "filed_bureau_on": "2024-01-20", "filed_street_on": ""})],
        "create_committee_change": [("bob", f"/committees/{o['committee']}/changes", lambda n: {
            "changed_on": "2024-07-01", "description": f"委员{n}辞职", "filed_on": ""})],
        "file_committee_change": [("bob", f"/committee-changes/{o['change']}/filed", lambda n: {
            "filed_on": "2024-06-20"})],
        "create_preparatory_group": [("bob", _group_path, lambda n: {
            "formed_on": "2026-01-01", "guide_name": f"李明{n}", "member_names": f"张三{n}、李四"})],
        "create_cross_appointment": [("bob", f"/communities/{a}/cross-appointments", lambda n: {
            "kind": "quality_supervisor", "company_id": str(o["company"]), "person_name": f"王监督{n}",
            "role_title": f"质量监督员{n}", "start_date": "2026-01-01"})],
        "correct_committee": [("bob", f"/committees/{o['committee']}/correct", lambda n: {
            "elected_on": "2024-01-01", "term_start": "2024-01-01", "term_end": "2028-12-31",
            "filed_bureau_number": f"备字{n}", "filed_street_number": f"街备{n}", "reason": f"录入错误{n}"})],
        "correct_committee_member": [("bob", f"/committee-members/{o['member']}/correct", lambda n: {
            "household": str(o["member_household"]), "post": "chair", "phone": f"139{n:08d}",
            "reason": f"电话录错{n}"})],
        "update_cross_appointment": [("bob", f"/cross-appointments/{o['cross']}/edit", lambda n: {
            "kind": "company_head", "company_id": str(o["company"]), "person_name": f"张经理{n}",
            "role_title": f"项目经理{n}", "start_date": "2024-01-01", "end_date": ""})],
        "create_decision": [("dave", f"/communities/{a}/decisions", lambda n: {
            "matter": "other", "title": f"议题{n}", "body": f"内容{n}", "attachments": f"附件{n}",
            "opens_on": "2030-01-01", "closes_on": "2030-01-31"})],
        "update_decision": [("dave", f"/decisions/{o.get('election')}/edit", lambda n: {
            "matter": "election", "title": f"选举{n}", "body": f"内容{n}", "attachments": f"附件{n}",
            "opens_on": "2030-01-01", "closes_on": "2030-01-31"})],
        "update_election_slate": [("dave", f"/decisions/{o.get('election')}/slate", lambda n: {
            "term_start": (clock.today() + timedelta(days=40 + n)).isoformat(),
            "term_end": (clock.today() + timedelta(days=400 + n)).isoformat(), "household_1": str(o["household"]),
            "post_1": "chair", "party_1": "yes", "phone_1": f"139{n:08d}"})],
        "enter_paper_ballot": [("dave", f"/decisions/{o.get('decision')}/ballots", lambda n: {
            "head_id": str(o.get("head")), "choice": "yes", "channel": "paper", "reference": f"第{n}号",
            "proxy_name": f"代理人{n}", "proxy_reference": f"委托书{n}"})],
        "create_fund_deposit": [("dave", f"/communities/{a}/fund/deposits", lambda n: {
            "household": str(o["household"]), "amount": "100.50", "memo": f"回单{n}", "idempotency_key": f"len-{n}"})],
        "correct_fund_entry": [("dave", _fund_entry(o), lambda n: {"reason": f"金额录错{n}", "idempotency_key": f"fix-{n}"})],
        "set_fund_rate": [("alice", "/fund-rates", lambda n: {
            "county": "630102", "rate": "33.33", "effective_from": date.fromordinal(date(2030, 1, 1).toordinal() + n).isoformat()})],
        "create_fund_proposal": [("dave", f"/communities/{a}/fund/proposals", lambda n: {
            "title": f"屋面防水{n}", "description": f"渗漏{n}", "budget": "1000", "contractor": f"青海建工{n}",
            "scope": "whole"})],
        "update_fund_proposal": [("dave", _fund_proposal(o, "edit"), lambda n: {
            "title": f"屋面防水{n}", "description": f"渗漏{n}", "budget": "1000", "contractor": f"青海建工{n}",
            "scope": "whole"})],
        "authorise_fund_emergency": [("dave", _fund_proposal(o), lambda n: {
            "reason": "leak", "authorised_by": f"街道办李主任{n}", "authorised_on": "2020-01-01"})],
        "create_complaint": [("bob", f"/communities/{a}/complaints", lambda n: {
            "subject": f"楼道灯坏了{n}", "text": f"一周没亮{n}", "channel": "hotline_12345", "complainant_name": f"张先生{n}"})],
        "respond_to_complaint": [("carol", _complaint(o, "open", "respond"), lambda n: {"text": f"已修复{n}"})],
        "close_complaint": [("bob", _complaint(o, "responded", "close"), lambda n: {"text": f"调解{n}", "satisfied": "no"})],
        "reopen_complaint": [("bob", _complaint(o, "responded", "reopen"), lambda n: {"text": f"仍未修好{n}"})],
        "give_rating": [("dave", f"/communities/{a}/feedback", lambda n: {
            "score": "4", "comment": f"保洁及时{n}", "period": current_period().key})],
    }


def _complaint(o: dict, state: str, action: str):
    async def path() -> str:  # a fresh complaint each time, routed to company A (an action moves its state)
        now = clock.now()
        rows = await Complaint.insert(Complaint(
            community=o["a"], region_code="630102001001", street_code="630102001", channel="hotline_12345",
            subject="噪音", text="夜间施工", responsible_kind="company", responsible_company=o["company"],
            filed_at=now, due_at=now + timedelta(days=3), state=state,
        )).returning(Complaint.id)
        return f"/complaints/{rows[0]['id']}/{action}"
    return path


def _fund_proposal(o: dict, action: str = "emergency"):
    async def path() -> str:  # a fresh draft each time (an emergency is authorised once)
        rows = await FundProposal.insert(FundProposal(
            community=o["a"], region_code="630102001001", title="水泵", budget_fen=1_000, contractor="甲",
        )).returning(FundProposal.id)
        return f"/fund-proposals/{rows[0]['id']}/{action}"
    return path


def _flag(o: dict):
    made: list[int] = []

    async def path() -> str:  # one open flag of community A, acknowledged again and again (a new note replaces the old)
        if not made:
            rows = await Flag.insert(Flag(kind="no_arrangement", subject_type="community", subject_id=o["a"],
                                          region_code="630102001001", community_id=o["a"],
                                          raised_at=clock.utcnow())).returning(Flag.id)
            made.append(rows[0]["id"])
        return f"/flags/{made[0]}/acknowledge"
    return path


def _fund_entry(o: dict):
    async def path() -> str:  # a fresh deposit to correct each time (an entry is corrected once)
        posted = await post_entries(SYSTEM, o["a"], [Draft("deposit", 1_000, f"to-fix-{next(_fund_keys)}", o["household"])])
        return f"/fund-entries/{posted.entries[0]['id']}/correct"
    return path


_fund_keys = iter(range(1_000_000))


def _varchars() -> list[tuple[type, Varchar]]:
    return [(table, column) for table in APP_CONFIG.table_classes for column in table._meta.columns
            if isinstance(column, Varchar)]


async def _snapshot(tables: set[str] | None = None) -> dict:
    """Every row of ``tables`` (all tables when None), by table name and id."""
    state = {}
    for table in APP_CONFIG.table_classes:
        if tables is not None and table._meta.tablename not in tables:
            continue
        for row in await table.select():
            state[(table._meta.tablename, row["id"])] = row
    return state


def _changed(before: dict, after: dict) -> dict[tuple[str, str], object]:
    """(table, column) → value of every cell the post added or changed."""
    cells = {}
    for key, row in after.items():
        old = before.get(key, {})
        for column, value in row.items():
            if key not in before or old.get(column) != value:
                cells[(key[0], column)] = value
    return cells


def _longer_than(length: int) -> list[str]:
    """Values one character longer than ``length``: CJK text, digits, and a phone number padded with
    hyphens (7 to 20 digits with separators passes a phone check)."""
    n = length + 1
    phone = "0971-" + "-" * max(0, n - 12) + "8123456"
    return ["测" * n, "1" * n, phone[:n] if len(phone) > n else phone]


async def _overlong() -> list[str]:
    found = []
    for table, column in _varchars():
        name = column._meta.db_column_name
        rows = await table.raw(f"SELECT {name} AS v FROM {table._meta.tablename} WHERE length({name}) > {{}}",
                               column.length)
        found += [f"{table._meta.tablename}.{name} ({column.length}): {len(row['v'])} characters" for row in rows]
    return found


async def test_every_post_route_is_checked_here(app):
    from tests.web.test_access_table import _walk

    cases = _cases({"a": 1, "company": 1, "bob": 1, "arrangement": 1, "shared": 1, "building": 1,
                          "household": 1, "fresh": [1, 2, 3, 4], "committee": 1, "change": 1, "member": 1,
                          "cross": 1, "member_household": 1})
    posts = {name for name, method, _ in _walk(app) if method == "POST"}
    assert posts - cases.keys() - NOT_CHECKED.keys() == set()


@pytest.mark.parametrize("route", [
    "create_community", "update_community", "create_building", "update_building", "create_household",
    "update_household", "create_company", "update_company", "add_subsidy", "remove_subsidy", "create_arrangement",
    "end_arrangement", "create_bundle", "create_shared_service", "end_shared_service", "create_committee",
    "record_committee_dates", "create_committee_change", "file_committee_change", "create_preparatory_group",
    "create_cross_appointment", "create_decision", "enter_paper_ballot", "update_election_slate", "update_decision",
    "create_fund_proposal", "authorise_fund_emergency",
    "create_complaint", "respond_to_complaint", "close_complaint", "reopen_complaint",
    "give_rating", "acknowledge_flag", "update_fund_proposal",
])
async def test_no_field_stores_more_than_its_column_holds(client, route):
    o = await _world()
    lengths = {(table._meta.tablename, column._meta.db_column_name): column.length for table, column in _varchars()}
    token = None
    user = None
    problems = []
    n = 0
    for username, path, build in _cases(o)[route]:
        if user != username:
            assert (await login(client, username)).status_code == 303
            token, user = csrf_from((await client.get("/account/password")).text), username

        async def post(target: str, data: dict):
            return await client.post(target, data={"_csrf_token": token, **data}, follow_redirects=False)

        valid = build(n)
        target = await path() if callable(path) else path
        before = await _snapshot()
        accepted = await post(target, valid)
        assert accepted.status_code == 303, (route, valid, accepted.text[-2000:])
        cells = _changed(before, await _snapshot())
        written = {table for table, _ in cells}  # what this route writes: where a refusal must change nothing
        for field_name, typed in valid.items():
            if field_name == "step" or typed in FLAGS or isinstance(typed, list):
                continue
            columns = [key for key, value in cells.items() if key in lengths and value == typed]
            probes = [("测" * LONG, None)]
            for key in columns:
                probes += [(value, key) for value in _longer_than(lengths[key])]
            for value, column in probes:
                n += 1
                target = await path() if callable(path) else path
                state = await _snapshot(written)
                response = await post(target, {**build(n), field_name: value})
                where = f"{route} {field_name}={value[:12]}…({len(value)})" + (f" → {column[0]}.{column[1]}" if column else "")
                if response.status_code == 303 and column is not None:
                    # Accepted: fine if it was read to something that fits (an owner's phone is kept as digits).
                    problems += [f"{where}: stored {cell}" for cell in await _overlong()]
                elif response.status_code != 422:
                    problems.append(f"{where}: answered {response.status_code}, not refused")
                elif await _snapshot(written) != state:
                    problems.append(f"{where}: refused but changed something")
        n += 1
    assert problems == []
    assert await _overlong() == []

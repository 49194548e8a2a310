"""Every role × every action of every domain, against one table written here.

Each named user (tests/factories.py) asks for every route of the app, on objects that belong to
bob's street, alice's district and company A. A user the table allows must get the page (or a
validation answer to an empty form), never 403, 404, a login redirect or a 5xx; anyone else must be
refused with 403 (wrong role) or 404 (right role, outside their scope). A route missing from the
table fails the test, so a new domain's routes are ruled here too.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from app.accounts.logic import SYSTEM
from app.accounts.tables import Account
from app.clock import CHINA
from app.committees.tables import Committee, CommitteeChange, CommitteeMember, CrossAppointment
from app.communities.tables import Building, Household, Owner
from app.companies.tables import Subsidy
from app.credit.tables import CreditObjection, CreditScore, CreditScoreLine
from app.decisions.tables import Ballot, Decision, DecisionHead
from app.flags.tables import Flag
from app.funds.services.ledger import Draft, post_entries
from app.funds.tables import FundProposal
from app.jobs.tables import Job
from app.management.tables import Arrangement, Bundle, SharedService
from app.operations.grievances.tables import Complaint
from app.operations.logs.tables import ServiceLog
from app.photos import services as photos
from tests.factories import csrf_from, login, make_world
from tests.photos.images import phone_photo

EVERYONE = ("alice", "bob", "carol", "dave", "erin", "mallory", "oscar")
STAFF = ("alice", "bob", "mallory", "oscar")
BUREAUS = ("alice", "oscar")
STREETS = ("bob", "mallory")

# route name -> who may (everyone else is refused). Objects are in bob's street, alice's district,
# company A's contracts: mallory (another street) and oscar (another district) are outsiders to them.
TABLE: dict[str, tuple[str, ...]] = {
    # reports
    "show_home": EVERYONE,
    "show_overview": STAFF,
    "show_settings": STAFF,
    # accounts
    "show_password_form": EVERYONE,
    "change_password": EVERYONE,
    "list_accounts": BUREAUS,
    "end_account_sessions": ("alice",),  # bob's sessions: a bureau in his district
    # regions
    "browse_regions": STAFF,
    "show_region": ("alice", "bob"),
    "recount_regions": BUREAUS,
    # audit and jobs
    "list_audit": BUREAUS,
    "show_job": ("alice", "bob"),
    # communities
    "list_communities": EVERYONE,
    "show_region_picker": STAFF,
    "export_communities": STAFF,
    "show_community": ("alice", "bob", "carol", "dave", "erin"),
    "list_households": ("alice", "bob", "carol", "dave"),  # an owner sees no one else's unit
    "new_community": STAFF,
    "create_community": STAFF,
    "edit_community": ("alice", "bob"),
    "update_community": ("alice", "bob"),
    "new_building": ("alice", "bob"),
    "create_building": ("alice", "bob"),
    "edit_building": ("alice", "bob"),
    "update_building": ("alice", "bob"),
    "new_household": ("alice", "bob"),
    "create_household": ("alice", "bob"),
    "edit_household": ("alice", "bob"),
    "update_household": ("alice", "bob"),
    "show_import": STAFF,
    "download_import_template": STAFF,
    "check_import": STAFF,
    "start_import": STAFF,
    "show_renovation_plan": STAFF,
    # companies: street offices pick companies from anywhere; a bureau keeps those of its area
    "list_companies": STAFF,
    "export_companies": STAFF,
    "show_company": ("alice", "bob", "carol", "mallory"),
    "new_company": BUREAUS,
    "create_company": BUREAUS,
    "edit_company": ("alice",),
    "update_company": ("alice",),
    "add_subsidy": ("alice",),
    "confirm_remove_subsidy": ("alice",),
    "remove_subsidy": ("alice",),
    # management: the street office assigns; the bureau and the company read
    "new_arrangement": ("bob",),
    "create_arrangement": ("bob",),
    "show_end_arrangement": ("bob",),
    "end_arrangement": ("bob",),
    "company_options": STREETS,
    "list_bundles": ("alice", "bob", "carol", "mallory", "oscar"),
    "show_bundle": ("alice", "bob", "carol"),
    "new_bundle": STREETS,
    "create_bundle": STREETS,
    "new_shared_service": ("bob",),
    "create_shared_service": ("bob",),
    "show_end_shared_service": ("bob",),
    "end_shared_service": ("bob",),
    # owners: slips and codes for the area's staff and the community's committee; an owner sees his own units
    "list_owner_codes": ("alice", "bob", "dave"),
    "print_owner_slips": ("alice", "bob", "dave"),
    "revoke_owner_code": ("alice", "bob", "dave"),
    "reissue_owner_code": ("alice", "bob", "dave"),
    "show_my_units": ("erin",),
    "add_my_unit": ("erin",),
    # committees: the street and the bureau of the area record; the community's committee reads its own
    "show_committee_overview": STAFF,
    "list_committees": STAFF,
    "show_own_committee": ("dave",),
    "show_committee": ("alice", "bob", "dave"),
    "new_committee": ("alice", "bob"),
    "create_committee": ("alice", "bob"),
    "record_committee_dates": ("alice", "bob"),
    "create_committee_change": ("alice", "bob"),
    "file_committee_change": ("alice", "bob"),
    "create_preparatory_group": ("alice", "bob"),
    "create_cross_appointment": ("alice", "bob"),
    "list_cross_appointments": ("alice", "bob", "carol", "mallory", "oscar"),
    "show_committee_correction": ("alice", "bob"),
    "correct_committee": ("alice", "bob"),
    "show_member_correction": ("alice", "bob"),
    "correct_committee_member": ("alice", "bob"),
    "edit_cross_appointment": ("alice", "bob"),
    "update_cross_appointment": ("alice", "bob"),
    "search_committee_households": ("alice", "bob", "dave"),
    # decisions: the committee and the street office run them, the bureau reads, owners vote
    "list_decisions": ("alice", "bob", "dave", "erin", "mallory", "oscar"),
    "show_decision": ("alice", "bob", "dave", "erin"),
    "new_decision": ("bob", "dave"),
    "create_decision": ("bob", "dave"),
    "show_decision_units": ("bob", "dave"),
    # a closed decision: those who may draft get its page saying it is no longer a draft (422), not a refusal
    "edit_decision": ("bob", "dave"),
    "update_decision": ("bob", "dave"),
    "delete_decision": ("bob", "dave"),
    "open_decision": ("bob", "dave"),
    "close_decision": ("bob", "dave"),
    "retry_decision_outcome": ("bob", "dave"),
    "show_ballot_page": ("erin",),
    "cast_ballot": ("erin",),
    "show_paper_ballots": ("alice", "bob", "dave"),
    "enter_paper_ballot": ("bob", "dave"),
    "export_ballots": ("alice", "bob", "dave"),
    # photos: the owning domain's rule; a paper ballot's photo is for those who see the register (and its
    # owner, whom erin is not)
    "show_photo": ("alice", "bob", "dave"),
    "show_photo_thumbnail": ("alice", "bob", "dave"),
    "show_decision_notice": ("alice", "bob", "dave", "erin"),
    "show_decision_result": ("alice", "bob", "dave", "erin"),
    # an election's slate: those who run the decision, while it is a draft
    "edit_election_slate": ("bob", "dave"),
    "update_election_slate": ("bob", "dave"),
    # funds: the community's committee keeps the books, the street and bureau of the area oversee; a company sees none
    "show_fund": ("alice", "bob", "dave"),
    "show_fund_households": ("alice", "bob", "dave"),
    "show_fund_ledger": ("alice", "bob", "dave"),
    "show_fund_household": ("alice", "bob", "dave"),
    "new_fund_deposit": ("alice", "bob", "dave"),
    "create_fund_deposit": ("alice", "bob", "dave"),
    "show_fund_entry": ("alice", "bob", "dave"),
    "show_fund_correction": ("alice", "bob", "dave"),
    "correct_fund_entry": ("alice", "bob", "dave"),
    "show_my_fund": ("erin",),
    "show_my_fund_household": (),  # erin's own units only, and 王芳 is not hers here (tests/funds/test_pages.py)
    "export_fund_ledger": ("alice", "bob", "dave"),
    "export_fund_statement": ("alice", "bob", "dave"),
    "show_fund_publication": ("alice", "bob", "dave", "erin"),  # the community's owners read it too
    "export_my_fund_statement": (),
    "show_fund_overview": STAFF,  # each sees his own area's figures
    "list_fund_communities": STAFF,  # erin's own units only, as show_my_fund_household
    "list_area_fund_proposals": STAFF,
    "show_fund_rates": BUREAUS,
    "set_fund_rate": BUREAUS,
    "show_fund_import": ("alice", "bob", "dave"),
    "check_fund_import": ("alice", "bob", "dave"),
    "confirm_fund_import": ("alice", "bob", "dave"),
    "new_fund_distribution": ("alice", "bob", "dave"),
    "preview_fund_distribution": ("alice", "bob", "dave"),
    "create_fund_distribution": ("alice", "bob", "dave"),
    "show_fund_top_up": ("alice", "bob", "dave"),
    "print_top_up_notices": ("alice", "bob", "dave"),
    # uses of the fund: drafted and disbursed by those who keep or oversee the books; the owners read
    "list_fund_proposals": ("alice", "bob", "dave", "erin"),
    "show_fund_proposal": ("alice", "bob", "dave", "erin"),
    "new_fund_proposal": ("alice", "bob", "dave"),
    "create_fund_proposal": ("alice", "bob", "dave"),
    "edit_fund_proposal": ("alice", "bob", "dave"),
    "update_fund_proposal": ("alice", "bob", "dave"),
    "show_fund_proposal_units": ("alice", "bob", "dave"),
    "put_fund_proposal_to_vote": ("alice", "bob", "dave"),
    "authorise_fund_emergency": ("alice", "bob", "dave"),
    "disburse_fund_proposal": ("alice", "bob", "dave"),
    "cancel_fund_proposal": ("alice", "bob", "dave"),
    "show_fund_top_up_notice": ("alice", "bob", "dave"),  # 1-101 holds ¥100 of a ¥5,000 draft: short
    # complaints: erin's, about community A, routed to company A; the street records and mediates, the
    # committee reads its community's, the bureau reads (tests/operations/complaints)
    "list_complaints": EVERYONE,
    "list_community_complaints": ("alice", "bob", "carol", "dave"),
    "new_complaint": ("bob", "erin"),
    "create_complaint": ("bob", "erin"),
    "show_complaint": ("alice", "bob", "carol", "dave", "erin"),
    "respond_to_complaint": ("carol",),
    "close_complaint": ("bob", "erin"),
    "reopen_complaint": ("bob", "erin"),
    # ratings: the feedback page is open to anyone (its QR code hangs on the notice board); the community's
    # owners (erin speaks for 王芳 of A) and committee rate; those who post the notice print it
    "show_feedback": EVERYONE,
    "give_rating": ("dave", "erin"),
    "print_feedback_notice": ("alice", "bob", "carol", "dave"),
    "show_satisfaction": ("alice", "bob", "carol", "mallory", "oscar"),
    # flags: the staff of the area; a scan is started by a bureau (any: it scans the installation)
    "list_flags": STAFF,  # each sees his own area's
    "show_flag_overview": STAFF,
    "show_flag": ("alice", "bob"),
    "acknowledge_flag": ("alice", "bob"),
    "scan_flags": BUREAUS,
    # credit: a company reads its own score and objects to its lines; the bureau over its area answers
    "show_credit_score": ("alice", "carol"),
    "show_my_credit": ("carol",),
    "object_to_credit_line": ("carol",),
    "show_credit_objection": ("alice", "carol"),
    "answer_credit_objection": ("alice",),
    "list_credit_objections": BUREAUS,
    "show_credit_rankings": BUREAUS,
    "show_credit_red_list": BUREAUS,
    "show_credit_blacklist": BUREAUS,
    "start_credit_recompute": BUREAUS,
    "new_credit_record": BUREAUS,
    "create_credit_record": BUREAUS,
    "show_credit_settings": BUREAUS,
    # service logs: company A writes and reads its own; the area's staff and the community read them
    "new_service_log": ("carol",),
    "create_service_log": ("carol",),
    "list_my_service_logs": ("carol",),
    "list_company_service_logs": ("alice", "bob", "carol", "mallory"),  # as show_company: its logs of her area (none)
    "list_community_service_logs": ("alice", "bob", "carol", "dave", "erin"),
    "show_service_log": ("alice", "bob", "carol", "dave", "erin"),
}

# Routes outside the table: public ones (owners' activation: tests/owners/test_activation.py), and logging out (it would end the walk's session).
NOT_WALKED = {"show_login", "login", "switch_language", "health", "static", "static/head", "logout",
              "show_activation", "activate_owner"}  # an owner's activation is public (tests/owners)


async def _objects() -> dict:
    world = await make_world()
    a, b = world.community_a, world.community_b
    arrangement = await Arrangement.insert(Arrangement(
        community=a, region_code="630102001001", mode="professional", start_date=date(2024, 1, 1),
        end_date=date(2099, 12, 31), company=world.company_a, contract_number="HT-1", service_level="star1",
        fee_fen_per_m2_month=80,
    )).returning(Arrangement.id)
    bundle = await Bundle.insert(Bundle(
        name="东关捆绑", company=world.company_a, region_code="630102001", reason_small=True,
    )).returning(Bundle.id)
    shared = await SharedService.insert(SharedService(
        community=b, provider_community=a, company=world.company_a, region_code="630102001004",
        start_date=date(2024, 1, 1),
    )).returning(SharedService.id)
    building = await Building.insert(Building(community=a, number="1号楼")).returning(Building.id)
    owner = await Owner.insert(Owner(community=a, name="王芳", phone="13900000000")).returning(Owner.id)
    household = await Household.insert(Household(
        community=a, building=building[0]["id"], unit_number="1-101", floor_area=Decimal("80.00"), owner=owner[0]["id"],
    )).returning(Household.id)
    subsidy = await Subsidy.insert(Subsidy(
        company=world.company_a, amount_fen=100_000, year=2024, source="城东区财政局",
    )).returning(Subsidy.id)
    committee = await Committee.insert(Committee(
        community=a, region_code="630102001001", elected_on=date(2024, 1, 1), term_start=date(2024, 1, 1),
        term_end=date(2028, 12, 31), member_count=1,
    )).returning(Committee.id)
    member = await CommitteeMember.insert(CommitteeMember(
        committee=committee[0]["id"], owner=owner[0]["id"], household=household[0]["id"], post="chair",
    )).returning(CommitteeMember.id)
    cross = await CrossAppointment.insert(CrossAppointment(
        community=a, company=world.company_a, region_code="630102001001", kind="company_head", person_name="张经理",
        start_date=date(2024, 1, 1),
    )).returning(CrossAppointment.id)
    change = await CommitteeChange.insert(CommitteeChange(
        committee=committee[0]["id"], changed_on=date(2024, 6, 1), description="委员变更",
    )).returning(CommitteeChange.id)
    job = await Job.insert(Job(kind="recount_regions", state="done", region_code="630102001")).returning(Job.id)
    decision = await Decision.insert(Decision(  # closed: its notice, result and register all exist
        community=a, region_code="630102001001", matter="other", title="更换大门", opens_on=date(2026, 1, 1),
        closes_on=date(2026, 1, 31), state="closed", rule="majority", entitled_heads=1, entitled_area=8000,
        voted_heads=0, voted_area=0, yes_heads=0, yes_area=0, outcome="no_quorum",
    )).returning(Decision.id)
    election = await Decision.insert(Decision(  # a draft election: its slate is edited on its own page
        community=a, region_code="630102001001", matter="election", title="选举业主委员会", opens_on=date(2099, 1, 1),
        closes_on=date(2099, 1, 31),
    )).returning(Decision.id)
    head = await DecisionHead.insert(DecisionHead(
        decision=decision[0]["id"], owner=owner[0]["id"], label="王芳", area=8000)).returning(DecisionHead.id)
    ballot = await Ballot.insert(Ballot(
        decision=decision[0]["id"], head=head[0]["id"], choice="yes", channel="paper")).returning(Ballot.id)
    key = await photos.attach(SYSTEM, await photos.process(phone_photo()), domain="decisions", kind="ballot",
                              object_id=ballot[0]["id"])
    bob = await Account.select(Account.id).where(Account.username == "bob").first()
    fund_entry = await post_entries(SYSTEM, a, [Draft("deposit", 10_000, "access-table", household[0]["id"])])
    proposals = await FundProposal.insert(*[FundProposal(
        community=a, region_code="630102001001", title=title, budget_fen=500_000, contractor="青海建工",
    ) for title in ("屋面防水", "更换水泵")]).returning(FundProposal.id)
    erin = await Account.select(Account.id).where(Account.username == "erin").first()
    complaint = await Complaint.insert(Complaint(
        community=a, region_code="630102001001", street_code="630102001", channel="online", complainant=erin["id"],
        subject="楼道灯坏了", text="一周没亮。", responsible_kind="company", responsible_company=world.company_a,
        filed_at=datetime(2026, 11, 2, 9, tzinfo=CHINA), due_at=datetime(2026, 11, 6, tzinfo=CHINA),
    )).returning(Complaint.id)
    flag = await Flag.insert(Flag(kind="no_arrangement", subject_type="community", subject_id=b,
                                  region_code="630102001004", community_id=b, raised_at=datetime(2026, 1, 1, tzinfo=timezone.utc))).returning(Flag.id)
    score = await CreditScore.insert(CreditScore(
        company=world.company_a, cycle=2026, base=700, total=700, band="A", grade="A")).returning(CreditScore.id)
    credit_line = await CreditScoreLine.insert(CreditScoreLine(
        score=score[0]["id"], position=0, kind="old_community", points=0, full_points=0, units=0,
        evidence_type="cycle", evidence_ref="2026", valid_from=date(2026, 1, 1), valid_until=date(2026, 12, 31),
    )).returning(CreditScoreLine.id)
    objection = await CreditObjection.insert(CreditObjection(
        company=world.company_a, cycle=2026, kind="old_community", evidence_type="cycle", evidence_ref="2026",
        valid_from=date(2026, 1, 1), reason="漏计", filed_on=date(2026, 11, 20), answer_due=date(2026, 12, 5),
    )).returning(CreditObjection.id)
    service_log = await ServiceLog.insert(ServiceLog(
        community=a, company=world.company_a, region_code="630102001001", category="cleaning",
        service_date=date(2026, 1, 5), started_at=datetime(2026, 1, 5, 1, tzinfo=timezone.utc), staff_count=2,
        hours_hundredths=150, served_as="professional",
    )).returning(ServiceLog.id)
    return {
        "complaint_id": complaint[0]["id"],
        "flag_id": flag[0]["id"],
        "line_id": credit_line[0]["id"],
        "objection_id": objection[0]["id"],
        "log_id": service_log[0]["id"],
        "proposal_id": proposals[0]["id"],
        "cancel_proposal_id": proposals[1]["id"],  # cancelling leaves the first one to the routes after it
        "entry_id": fund_entry.entries[0]["id"],
        "decision_id": decision[0]["id"],
        "election_id": election[0]["id"],
        "community_id": a,
        "company_id": world.company_a,
        "arrangement_id": arrangement[0]["id"],
        "bundle_id": bundle[0]["id"],
        "shared_id": shared[0]["id"],
        "building_id": building[0]["id"],
        "household_id": household[0]["id"],
        "subsidy_id": subsidy[0]["id"],
        "job_id": job[0]["id"],
        "account_id": bob["id"],
        "code": "630102001",
        "community_b": b,
        "committee_id": committee[0]["id"],
        "change_id": change[0]["id"],
        "member_id": member[0]["id"],
        "cross_id": cross[0]["id"],
        "key": key,
    }


def _walk(app) -> list[tuple[str, str, str]]:
    """(name, method, path template) of every route a user can call."""
    walked = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if handler.name is None or handler.name in NOT_WALKED:
                continue
            for method in sorted(handler.http_methods - {"OPTIONS", "HEAD"}):
                walked.append((handler.name, method, route.path))
    return walked


def _path(name: str, template: str, objects: dict) -> str:
    path = template
    for key, value in objects.items():
        path = path.replace("{%s:int}" % key, str(value)).replace("{%s:str}" % key, str(value))
    if name in ("edit_election_slate", "update_election_slate"):  # a slate belongs to an election
        path = path.replace(f"/decisions/{objects['decision_id']}/", f"/decisions/{objects['election_id']}/")
    if name == "cancel_fund_proposal":
        path = path.replace(f"/fund-proposals/{objects['proposal_id']}/", f"/fund-proposals/{objects['cancel_proposal_id']}/")
    if name in ("new_shared_service", "create_shared_service"):  # community B is the one served
        path = path.replace(f"/communities/{objects['community_id']}/", f"/communities/{objects['community_b']}/")
    assert "{" not in path, f"no test object for {template}"
    return path


def test_every_route_is_in_the_table(app):
    names = {name for name, _, _ in _walk(app)}
    assert names - TABLE.keys() == set(), "routes missing from the access table"
    assert TABLE.keys() - names == set(), "the table names routes that do not exist"


@pytest.mark.parametrize("username", EVERYONE)
async def test_each_role_may_do_exactly_what_the_table_says(app, client, username):
    objects = await _objects()
    assert (await login(client, username)).status_code == 303
    token = csrf_from((await client.get("/account/password")).text)
    wrong = []
    for name, method, template in _walk(app):
        path = _path(name, template, objects)
        if method == "GET":
            response = await client.get(path, follow_redirects=False)
        else:
            response = await client.post(path, data={"_csrf_token": token}, follow_redirects=False)
        status = response.status_code
        to_login = status in (302, 303) and response.headers.get("location", "").startswith("/login")
        allowed = username in TABLE[name]
        if status >= 500:
            wrong.append(f"{method} {path} ({name}): {status}")
        elif allowed and (status in (401, 403, 404) or to_login):
            wrong.append(f"{method} {path} ({name}): refused with {status}, the table allows {username}")
        elif not allowed and status not in (403, 404):
            wrong.append(f"{method} {path} ({name}): answered {status}, the table refuses {username}")
    assert wrong == []

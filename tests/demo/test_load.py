"""The hand-shaped demo shows a new user votes in progress: an open hire in the committee's community
with ballots in (the owner login's own still to cast), and an open election with a slate of seven at
the community whose preparatory group prepared it; `changxiao demo logins` says where they are."""

from app.committees.tables import PreparatoryGroup, Slate, SlateMember
from app.decisions.tables import Ballot, Decision, DecisionHead
from app.demo import load_demo
from app.owners.tables import OwnerLink
from tests.factories import login
from tests.test_cli import changxiao


async def test_the_demo_has_an_open_hire_with_ballots_and_an_open_election_with_a_slate_of_seven(client, clock):
    await load_demo()
    hire = await Decision.select().where(Decision.matter == "hire", Decision.state == "open").first()
    assert hire is not None and hire["company"] is not None
    assert await Ballot.count().where(Ballot.decision == hire["id"]) > 0
    owner_login = [row["owner"] for row in await OwnerLink.select(OwnerLink.owner).where(
        OwnerLink.account.username == "owner")]
    mine = await DecisionHead.select(DecisionHead.id).where(DecisionHead.decision == hire["id"],
                                                           DecisionHead.owner.is_in(owner_login))
    assert mine and not await Ballot.exists().where(Ballot.head.is_in([row["id"] for row in mine]))

    election = await Decision.select().where(Decision.matter == "election", Decision.state == "open").first()
    assert election is not None and election["entitled_heads"] > 7
    assert await PreparatoryGroup.exists().where(PreparatoryGroup.community == election["community"])
    slate = await Slate.select(Slate.id).where(Slate.decision_id == election["id"]).first()
    assert await SlateMember.count().where(SlateMember.slate == slate["id"]) == 7

    assert (await login(client, "owner", "changxiao-demo")).status_code == 303
    votes = (await client.get("/decisions?state=open")).text
    assert "选聘2029年起的物业服务企业" in votes and "选举第一届业主委员会" not in votes
    client.cookies.clear()
    assert (await login(client, "street", "changxiao-demo")).status_code == 303
    votes = (await client.get("/decisions?state=open")).text
    assert "选聘2029年起的物业服务企业" in votes and "选举第一届业主委员会" in votes


def test_demo_logins_says_where_the_open_votes_are():
    shown = changxiao("demo", "logins")
    assert shown.returncode == 0, shown.stderr
    assert "选聘2029年起的物业服务企业" in shown.stdout and "选举第一届业主委员会" in shown.stdout


async def test_the_demo_fund_has_deposits_a_project_and_interest_and_verifies(client, clock):
    from app.funds.logic import under_line_sql
    from app.funds.services.verify import verify_funds
    from app.funds.tables import FundEntry, FundHousehold

    await load_demo()
    kinds = {row["kind"] for row in await FundEntry.select(FundEntry.kind).distinct()}
    assert kinds == {"deposit", "use", "interest"}
    under = await FundHousehold.raw(f"SELECT count(*) AS n FROM fund_household WHERE {under_line_sql()}")
    assert under[0]["n"] > 0  # the roof repair left some households under the top-up line
    assert await FundHousehold.count().where(FundHousehold.balance_fen < 0) == 0
    findings = [finding async for finding in verify_funds()]
    assert findings and all(finding.problem is None for finding in findings)
    assert (await login(client, "committee", "changxiao-demo")).status_code == 303
    page = await client.get("/communities/1/fund/ledger")
    assert page.status_code == 200 and "2025年度利息（演示）" in page.text  # the latest entries first
    publication = (await client.get("/communities/1/fund/publication")).text
    assert "1号楼屋面防水维修（演示）" in publication and "东关大街街道办 王主任" in publication

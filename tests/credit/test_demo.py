"""The demo company has a score that explains itself, with one objection awaiting the bureau."""

from app.credit.tables import CreditObjection, CreditScore, CreditScoreLine
from app.demo import load_demo
from tests.factories import login


async def test_the_demo_company_has_a_score_with_lines_and_one_objection(client, clock):
    await load_demo()
    objection = await CreditObjection.select().first()
    assert objection["state"] == "pending" and objection["kind"] == "penalty"
    score = await CreditScore.select().where(CreditScore.company == objection["company"]).first()
    kinds = {row["kind"] for row in await CreditScoreLine.select(CreditScoreLine.kind).where(
        CreditScoreLine.score == score["id"])}
    assert {"old_community", "commendation", "penalty"} <= kinds
    assert await CreditScore.exists().where(CreditScore.grade == "blacklisted")
    assert (await login(client, "company", "changxiao-demo")).status_code == 303
    page = await client.get("/credit/mine", follow_redirects=True)
    assert "城东住建罚〔2026〕7号" in page.text

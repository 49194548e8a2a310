"""The demo's credit scores: a few bureau records, the current cycle recomputed, and one objection
the demo company has filed, awaiting the bureau's answer."""

from __future__ import annotations

from datetime import timedelta

from app import clock
from app.accounts import services as accounts
from app.accounts.tables import Account
from app.credit.services import recompute, records
from app.credit.tables import CreditScore, CreditScoreLine


async def demo_credit(company_ids: list[int]) -> None:
    today = clock.today()
    bureau = await accounts.load_principal((await Account.select(Account.id).where(Account.username == "bureau").first())["id"])
    company_user = await Account.select(Account.id).where(Account.username == "company").first()
    first, second, *_, last = company_ids
    await records.enter_record(bureau, first, "commendation", today - timedelta(days=90),
                               "城东住建〔2026〕12号：老旧小区接管服务表现突出，予以通报表扬")
    await records.enter_record(bureau, first, "penalty", today - timedelta(days=30),
                               "城东住建罚〔2026〕7号：幸福小区垃圾未按合同日清，限期整改")
    await records.enter_record(bureau, second, "commendation", today - timedelta(days=200),
                               "城东住建〔2026〕3号：疫情期间保障有力")
    await records.enter_record(bureau, last, "blacklist", today - timedelta(days=10),
                               "城东住建黑〔2026〕1号：擅自撤离在管小区，列入黑名单")
    await recompute.recompute_now()
    penalty_line = await CreditScoreLine.select(CreditScoreLine.id).where(
        (CreditScoreLine.kind == "penalty")
        & CreditScoreLine.score.is_in(CreditScore.select(CreditScore.id).where(CreditScore.company == first))
    ).first()
    company = await accounts.load_principal(company_user["id"])
    await records.object_to_line(company, penalty_line["id"], "当日已完成清运并有照片为证，请予核实撤销")
    await recompute.recompute_now()  # the line now shows the pending objection




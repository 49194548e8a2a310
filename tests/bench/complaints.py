"""The company login the benchmark measures complaint pages with: a user of the company of STREET
with the most complaints routed to it (its list and its home are the heaviest a company opens).

Imported only after ``__main__`` has pointed the environment at the benchmark's database.
"""

from __future__ import annotations

from app.accounts import services as accounts
from app.accounts.logic import SYSTEM
from app.accounts.tables import Account
from app.operations.grievances.tables import Complaint
from tests.bench.pages import STREET


async def company_login(username: str, password: str) -> None:
    if await Account.exists().where(Account.username == username):
        return
    rows = await Complaint.raw(
        "SELECT responsible_company AS company, COUNT(*) AS n FROM complaint WHERE street_code = {} "
        "AND responsible_company IS NOT NULL GROUP BY responsible_company ORDER BY n DESC, company LIMIT 1", STREET)
    if not rows:
        raise SystemExit(f"no complaint routed to a company in {STREET}: generate the data again")
    await accounts.create_account(SYSTEM, username=username, password=password, role="company",
                                  company_id=rows[0]["company"], display_name=username)

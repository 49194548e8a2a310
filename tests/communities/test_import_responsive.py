"""While a spreadsheet is read the site keeps answering: bombs posted to the real upload page are
refused in the user's language, a register of 20,000 rows is checked beside a steady /health, and
the import job reads its stored file with the same limits."""

import asyncio
import time

import pytest

from app.accounts import services as accounts
from app.accounts.tables import Account
from app.communities.services import imports
from app.jobs.tables import Upload
from tests.communities import bombs
from tests.communities.sheets import COMMUNITY_HEADERS, HOUSEHOLD_HEADERS, community_row, many_households
from tests.communities.test_import_pages import _upload
from tests.factories import login, make_world


async def _beside_health(client, work) -> tuple[object, list[tuple[float, float, int]], float, float]:
    """Runs ``work`` while /health is asked again and again; gives its result, each answer's (start,
    seconds taken, status), and when the work started and ended."""
    answers: list[tuple[float, float, int]] = []
    done = asyncio.Event()

    async def poll() -> None:
        while not done.is_set():
            started = time.perf_counter()
            response = await client.get("/health")
            answers.append((started, time.perf_counter() - started, response.status_code))
            await asyncio.sleep(0.01)

    poller = asyncio.create_task(poll())
    await asyncio.sleep(0.05)  # the poller is under way before the upload starts
    started = time.perf_counter()
    try:
        result = await work
    finally:
        ended = time.perf_counter()
        done.set()
        await poller
    return result, answers, started, ended


BOMBS = [
    (bombs.blank_lines_csv, "住户.csv", "工作表超过了第 40,000 行（空行也计算在内）"),
    (bombs.wide_row_csv, "住户.csv", "第 3 行一直用到第 2,621,359 列，最多只能有 60 列"),
    (bombs.huge_cell_csv, "住户.csv", "第 3 行有单元格超过 1,000 个字符"),
    (bombs.wide_row_xlsx, "登记表.xlsx", "第 3 行一直用到第 61 列，最多只能有 60 列"),
    (bombs.huge_cell_xlsx, "登记表.xlsx", "第 3 行有单元格超过 1,000 个字符"),
    (bombs.huge_shared_string_xlsx, "登记表.xlsx", "工作簿中有一段文字超过 1,000 个字符"),
]


async def test_bombs_posted_to_the_upload_page_are_refused_in_chinese_while_health_answers(client):
    await make_world()
    await login(client, "bob")
    for make, filename, reason in BOMBS:
        response, answers, _, _ = await _beside_health(client, _upload(client, make(), filename))
        assert response.status_code == 422 and reason in response.text, (filename, reason)
        assert 'name="upload"' not in response.text
        assert answers and all(status == 200 for _, _, status in answers)
    assert await Upload.count() == 0


async def test_health_keeps_answering_while_a_register_of_20000_rows_is_checked(client):
    await make_world()
    await login(client, "bob")
    households = many_households(count=20_000)
    data = bombs.register_xlsx({"小区": [COMMUNITY_HEADERS, community_row()], "住户": [HOUSEHOLD_HEADERS, *households]})
    response, answers, started, ended = await _beside_health(client, _upload(client, data))
    assert response.status_code == 200, response.text[-2000:]
    assert 'name="upload"' in response.text and "20,000" in response.text  # ready to import, with its count
    during = [(seconds, status) for at, seconds, status in answers if started <= at and at + seconds <= ended]
    assert len(during) >= 3, (ended - started, answers)
    assert all(status == 200 for _, status in during)
    assert max(seconds for seconds, _ in during) < 1.0, during


@pytest.mark.parametrize("make, filename", [(bombs.wide_row_xlsx, "a.xlsx"), (bombs.blank_lines_csv, "a.csv")])
async def test_the_import_job_reads_its_stored_file_with_the_same_limits(make, filename):
    """A file stored before today's limits (or put there by other means) is refused by the job, and dropped."""
    await make_world()
    row = await Account.select(Account.id).where(Account.username == "bob").first()
    bob = await accounts.load_principal(row["id"])
    name = await imports.store_upload(bob, make(), filename)
    job = {"id": 1, "params": {"upload": name, "filename": filename}, "created_by": bob.id}

    async def progress(percent: int, message: str) -> None:
        raise AssertionError("nothing may be imported")

    started = time.perf_counter()
    with pytest.raises(imports.ImportRefused, match="no longer imports cleanly"):
        await imports.run_import(job, progress, 2025)
    assert time.perf_counter() - started < 5
    assert await imports.stored_upload(bob, name) is None


async def test_uploads_beyond_those_waiting_for_a_reader_are_told_to_come_back(client):
    """Files wait for one of the PARSE_SLOTS readers with their bytes in memory: past PARSE_WAITING
    waiting, one more is answered at once (nothing checked, nothing stored) instead of queueing."""
    await make_world()
    await login(client, "bob")
    data = bombs.register_xlsx({"小区": [COMMUNITY_HEADERS, community_row()]})
    readers = [object() for _ in range(imports.PARSE_SLOTS)]
    for reader in readers:  # every reader busy with another file
        await imports._parsing.acquire_on_behalf_of(reader)
    try:
        waiting = [asyncio.create_task(_upload(client, data)) for _ in range(imports.PARSE_WAITING)]
        for _ in range(200):
            if imports._parsing.statistics().tasks_waiting == imports.PARSE_WAITING:
                break
            await asyncio.sleep(0.01)
        assert imports._parsing.statistics().tasks_waiting == imports.PARSE_WAITING
        refused = await _upload(client, data)
        assert refused.status_code == 422
        assert "服务器正在读取其他几个文件" in refused.text and 'name="upload"' not in refused.text
    finally:
        for reader in readers:
            imports._parsing.release_on_behalf_of(reader)
    answers = await asyncio.gather(*waiting)
    assert [answer.status_code for answer in answers] == [200] * imports.PARSE_WAITING
    assert await Upload.count() == imports.PARSE_WAITING  # the refused one stored nothing

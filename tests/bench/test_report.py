"""The benchmark's own judgement: what counts as a miss, and where a profile says the time went."""

from tests.bench import report
from tests.bench.profile import ROOT, summarise


def _page(share: float, p95_32: float, p95_1: float, errors: int = 0) -> dict:
    return {"share_32_pct": share, "c32": {"p95_ms": p95_32, "errors": errors}, "c1": {"p95_ms": p95_1, "errors": 0}}


def test_a_page_meets_its_targets_up_to_their_edges():
    assert report.misses(_page(5.0, 99.9, 24.9)) == []


def test_each_missed_target_is_named():
    found = report.misses(_page(4.99, 100.0, 25.0, errors=3))
    assert [miss.split()[0] for miss in found] == ["share", "p95@32", "p95@1", "3"]


def test_a_profile_sums_time_by_place_and_by_our_own_code():
    app = f"{ROOT}/app/communities/services/__init__.py"
    site = f"{ROOT}/.venv/lib/python3.11/site-packages"
    raw = "\n".join([
        f"run (/usr/lib/python3.11/asyncio/runners.py);list_communities ({app});fetch ({site}/asyncpg/connection.py) 30",
        f"run (/usr/lib/python3.11/asyncio/runners.py);root ({ROOT}/templates/communities/list.html);getattr ({site}/jinja2/environment.py) 60",
        f"run (/usr/lib/python3.11/asyncio/runners.py);list_communities ({app}) 10",
    ])
    found = summarise(raw)
    assert found["samples"] == 100
    assert found["self_by_place"] == [("jinja2", 60.0), ("asyncpg", 30.0), ("app/communities", 10.0)]
    assert found["inclusive_ours"] == [("root (list.html)", 60.0), ("list_communities (__init__.py)", 40.0)]

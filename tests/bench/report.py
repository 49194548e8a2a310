"""The targets of issue 8, the table ``make bench`` prints, and the JSON it writes."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

# At province scale on PostgreSQL, one web process (the benchmark's, never a timed test's).
MIN_SHARE_32 = 5.0  # % of the bare route's req/s at 32 connections, measured in the same run
MAX_P95_32_MS = 100.0
MAX_P95_1_MS = 25.0
MAX_PEAK_RSS_MB = 300.0
TARGETS = {
    "share_of_bare_32_pct_min": MIN_SHARE_32, "p95_32_ms_max": MAX_P95_32_MS, "p95_1_ms_max": MAX_P95_1_MS,
    "peak_rss_mb_max": MAX_PEAK_RSS_MB,
}


def misses(page: dict) -> list[str]:
    found = []
    if page["share_32_pct"] < MIN_SHARE_32:
        found.append(f"share {page['share_32_pct']:.2f}% < {MIN_SHARE_32:g}%")
    if page["c32"]["p95_ms"] >= MAX_P95_32_MS:
        found.append(f"p95@32 {page['c32']['p95_ms']:.0f} ms ≥ {MAX_P95_32_MS:g}")
    if page["c1"]["p95_ms"] >= MAX_P95_1_MS:
        found.append(f"p95@1 {page['c1']['p95_ms']:.1f} ms ≥ {MAX_P95_1_MS:g}")
    if page["c1"]["errors"] or page["c32"]["errors"]:
        found.append(f"{page['c1']['errors'] + page['c32']['errors']} errors")
    return found


def _ms(value: float) -> str:
    return f"{value:6.1f}" if value < 100 else f"{value:6.0f}"


def table(result: dict) -> str:
    bare = result["bare"]
    lines = [
        f"bare route: {bare['c1']['rps']:,.0f} req/s at 1 connection, {bare['c32']['rps']:,.0f} at 32 "
        f"(start {bare['start']['c32']['rps']:,.0f}, end {bare['end']['c32']['rps']:,.0f})",
        "",
        f"{'page':<28} {'user':<8} {'SQL':>3} │ {'1 conn req/s':>12} {'p50':>6} {'p95':>6} {'p99':>6} │ "
        f"{'32 conn req/s':>13} {'% bare':>7} {'p50':>6} {'p95':>6} {'p99':>6} │ target",
    ]
    for page in result["pages"]:
        one, many = page["c1"], page["c32"]
        lines.append(
            f"{page['name']:<28} {page['user']:<8} {page['queries']:>3} │ {one['rps']:>12,.0f} {_ms(one['p50_ms'])} "
            f"{_ms(one['p95_ms'])} {_ms(one['p99_ms'])} │ {many['rps']:>13,.0f} {page['share_32_pct']:>6.2f}% "
            f"{_ms(many['p50_ms'])} {_ms(many['p95_ms'])} {_ms(many['p99_ms'])} │ "
            + ("MISS: " + "; ".join(page["misses"]) if page["misses"] else "met")
        )
    memory = result["web_process"]
    rss_note = "met" if memory["peak_rss_mb"] < MAX_PEAK_RSS_MB else f"MISS (≥ {MAX_PEAK_RSS_MB:g} MB)"
    missed = sum(1 for page in result["pages"] if page["misses"])
    lines += [
        "",
        "Latencies in ms; SQL: queries per request (X-Query-Count). Targets: at 32 connections ≥ "
        f"{MIN_SHARE_32:g}% of the bare route and p95 < {MAX_P95_32_MS:g} ms; at 1 connection p95 < {MAX_P95_1_MS:g} ms.",
        f"web process: peak RSS {memory['peak_rss_mb']:.0f} MB (target < {MAX_PEAK_RSS_MB:g} MB: {rss_note}), "
        f"{memory['rss_mb']:.0f} MB at the end",
        f"{missed} of {len(result['pages'])} pages miss a target" + (", and the memory target" if memory["missed"] else ""),
    ]
    return "\n".join(lines)


def write_json(result: dict, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return path

"""The flag scan's measurement beside the pages: ``changxiao flags scan`` over the whole installation,
twice (the first raises what the data holds, the second must change nothing), each with its time and
its peak memory (the scan is set-based SQL: memory grows with the flags, not with the rows behind
them). Target: under 10 s at province scale.

Imported only after ``__main__`` has pointed the environment at the benchmark's database.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

TARGET_SECONDS = 10


def _run(root: Path, env: dict) -> dict:
    started = time.perf_counter()
    process = subprocess.Popen([str(root / ".venv" / "bin" / "changxiao"), "flags", "scan"], env=env, cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    summary = out.strip().splitlines()[-1] if out.strip() else ""
    found = re.search(r"in ([\d.]+) s: (\d+) raised, (\d+) cleared, (\d+) open", summary)
    return {"seconds": round(seconds, 1), "scan_s": float(found.group(1)) if found else None,
            "raised": int(found.group(2)) if found else 0, "cleared": int(found.group(3)) if found else 0,
            "open": int(found.group(4)) if found else 0, "ok": os.waitstatus_to_exitcode(status) == 0 and bool(found),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "summary": summary}


def scan(root: Path, env: dict) -> dict:
    """Two scans one after the other, as an operator would run them."""
    first, second = _run(root, env), _run(root, env)
    return {"first": first, "second": second,
            "ok": first["ok"] and second["ok"] and second["raised"] == second["cleared"] == 0}


def lines(result: dict) -> list[str]:
    """What ``make bench`` prints under its table."""
    if not (figures := result.get("scan")):
        return []
    first, second = figures["first"], figures["second"]
    if not first["ok"]:
        return [f"flag scan: FAILED: {first['summary']}"]
    verdict = "a second scan changed nothing" if figures["ok"] else f"the second scan CHANGED {second['summary']}"
    target = "" if first["scan_s"] < TARGET_SECONDS else f" (target {TARGET_SECONDS} s: MISSED)"
    return [f"flag scan: {first['scan_s']:.1f} s{target} ({first['seconds']:.1f} s with start-up), {first['raised']:,} raised, "
            f"{first['cleared']:,} cleared, {first['open']:,} open, peak RSS {first['peak_rss_mb']} MB; again: "
            f"{second['scan_s']:.1f} s, peak RSS {second['peak_rss_mb']} MB, {verdict}"]

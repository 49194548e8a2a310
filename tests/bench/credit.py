"""The credit recompute beside the pages: ``changxiao credit recompute`` scores every company of the
benchmark's data for the current cycle, as the nightly job does; its time and its peak memory (the
sources are set-based, and companies are written a chunk at a time, so memory stays flat whatever
the number of companies and communities). Target: under 30 s at province scale (issue 12).

Imported only after ``__main__`` has pointed the environment at the benchmark's database.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

TARGET_SECONDS = 30


def recompute(root: Path, env: dict) -> dict:
    """Run the command as an operator would; its peak RSS from the kernel's account of that child (``wait4``)."""
    started = time.perf_counter()
    process = subprocess.Popen([str(root / ".venv" / "bin" / "changxiao"), "credit", "recompute"],
                               env=env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    summary = out.strip().splitlines()[-1] if out.strip() else ""
    found = re.search(r"scored (\d+) companies for cycle (\d+)", summary)
    return {"seconds": round(seconds, 1), "companies": int(found.group(1)) if found else 0,
            "ok": os.waitstatus_to_exitcode(status) == 0 and found is not None,
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "summary": summary}


def lines(result: dict | None) -> list[str]:
    """What ``make bench`` prints under its table."""
    if not result:
        return []
    if not result["ok"]:
        return [f"credit recompute: FAILED: {result['summary']}"]
    verdict = "within" if result["seconds"] < TARGET_SECONDS else "OVER"
    return [f"credit recompute: {result['companies']:,} companies in {result['seconds']:.1f} s ({verdict} the "
            f"{TARGET_SECONDS} s target), peak RSS {result['peak_rss_mb']} MB"]

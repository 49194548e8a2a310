"""Where a page's time goes under load: py-spy samples the web process while wrk drives the page at 32
connections; the stacks are summed by library (the innermost frame: the time spent there itself) and
by our own functions and templates (every stack they are on: the time spent in them and below).

py-spy is not a dependency: ``.venv/bin/pip install py-spy``; the samples are of CPU time only (idle
waiting for PostgreSQL is left out), so the shares are of the Python work a request costs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tests.bench import wrk

ROOT = Path(__file__).resolve().parents[2]
_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*)\)$")
_SITE = re.compile(r"site-packages/(?P<package>[^/]+)")
_STDLIB = re.compile(r"/lib/python3\.\d+/(?P<module>[^/]+?)(?:\.py)?(?:/|$)")
# On every request's stack: their inclusive share says nothing.
WRAPPERS = {"AuthMiddleware.handle (auth.py)", "query_count_middleware.<locals>.middleware (diagnostics.py)", "root (base.html)"}


def executable() -> str | None:
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


def where(file: str) -> str:
    """A frame's file as a place: a package, our app's domain, a template, or the standard library."""
    if file.endswith(".html"):
        return "templates (Jinja2)"
    if (site := _SITE.search(file)) is not None:
        return site.group("package").split(".")[0].split("-")[0]
    path = Path(file)
    try:
        relative = path.resolve().relative_to(ROOT)
        return "/".join(relative.parts[:2])
    except ValueError:
        pass
    if (stdlib := _STDLIB.search(file)) is not None:
        return "stdlib " + stdlib.group("module")
    return file or "?"


def _ours(file: str) -> bool:
    return file.endswith(".html") or (str(ROOT) in file and "site-packages" not in file) or file.startswith(("app/", "templates/"))


def summarise(raw: str, top: int = 12) -> dict:
    """Shares (%) of the samples, by place (self) and by our own function or template (inclusive)."""
    places: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [m for m in (_FRAME.match(frame) for frame in stack.split(";")) if m]
        if not frames:
            continue
        places[where(frames[-1]["file"])] += n
        for name in {f"{m['function']} ({Path(m['file']).name})" for m in frames if _ours(m["file"])} - WRAPPERS:
            ours[name] += n

    def shares(counter: Counter) -> list[tuple[str, float]]:
        return [(name, round(100 * n / total, 1)) for name, n in counter.most_common(top)] if total else []

    return {"samples": total, "self_by_place": shares(places), "inclusive_ours": shares(ours)}


def record(pid: int, url: str, headers: dict[str, str], seconds: int, out: Path) -> dict:
    spy = executable()
    if spy is None:
        raise RuntimeError("py-spy is missing: .venv/bin/pip install py-spy")
    sampler = subprocess.Popen(
        [spy, "record", "--pid", str(pid), "--duration", str(seconds), "--rate", "250", "--nonblocking", "--nolineno",
         "--full-filenames",
         "--format", "raw", "--output", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    load = wrk.run(url, 32, seconds, headers)
    _, errors = sampler.communicate(timeout=seconds + 60)
    if sampler.returncode != 0 or not out.exists():
        raise RuntimeError(f"py-spy failed: {errors.strip()}")
    return {"raw": str(out.relative_to(ROOT)), "rps_while_sampled": load["rps"], **summarise(out.read_text())}


def text(name: str, profile: dict) -> str:
    lines = [f"{name}: {profile['samples']} samples at {profile['rps_while_sampled']:,.0f} req/s ({profile['raw']})",
             "  self time by place:      " + ", ".join(f"{place} {share}%" for place, share in profile["self_by_place"][:8]),
             "  in our code (inclusive): " + ", ".join(f"{fn} {share}%" for fn, share in profile["inclusive_ours"][:10])]
    return "\n".join(lines)

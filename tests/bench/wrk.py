"""Driving one URL with Debian's ``wrk`` for a few seconds and reading its figures back.

A Lua script adds the session cookie (and the htmx headers of a fragment request) to every request
and prints the summary as JSON when done. wrk counts neither 2xx nor 3xx as an error, so the caller
checks beforehand, with a plain request, that the page answers 200 (not a redirect to the login).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile

_DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "duration_us": %d, "bad_status": %d, "socket_errors": %d, ' ..
    '"p50_us": %.0f, "p95_us": %.0f, "p99_us": %.0f, "max_us": %.0f}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def _lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run(url: str, connections: int, seconds: int, headers: dict[str, str] | None = None) -> dict:
    """Requests per second and latency percentiles (ms) of ``url`` under ``connections`` connections."""
    lines = [f"wrk.headers[{_lua_string(name)}] = {_lua_string(value)}" for name, value in (headers or {}).items()]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write("\n".join(lines) + _DONE)
        script.flush()
        # One wrk thread: on two cores the server gets the other one.
        done = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script.name, url],
            capture_output=True, text=True, timeout=seconds + 60,
        )
    found = [line[4:] for line in done.stdout.splitlines() if line.startswith("WRK ")]
    if done.returncode != 0 or not found:
        raise RuntimeError(f"wrk failed on {url}: {done.stderr.strip() or done.stdout.strip()}")
    raw = json.loads(found[-1])
    seconds_run = raw["duration_us"] / 1e6
    return {
        "connections": connections,
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds_run, 1) if seconds_run else 0.0,
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "errors": raw["bad_status"] + raw["socket_errors"],
    }

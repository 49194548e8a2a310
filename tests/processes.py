"""Processes the tests start: the app's web server and worker processes.

Each runs in a process group of its own (``start_new_session``) with its output in a log file (a
pipe nobody reads would block it when full), so a test can stop it the way an operator does, or
kill it the way a crash does: ``kill`` sends SIGKILL to the whole group, as the OOM killer, a
power cut or ``kill -9`` of a container would.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
STARTUP_SECONDS = 30
STOP_SECONDS = 10


def child_env(*, without: tuple[str, ...] = ()) -> dict[str, str]:
    """The test process's environment (its database, broker and settings, tests/conftest.py) for a
    process it starts, less the variables named."""
    env = {key: value for key, value in os.environ.items() if key not in without}
    return {**env, "PYTHONUNBUFFERED": "1"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(path: Path, lines: int = 60) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:]) or "(the log is empty)"


def start(args: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen:
    with log_path.open("a", encoding="utf-8") as log:
        log.write(f"\n$ {' '.join(args)}\n")
        log.flush()
        return subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def start_server(env: dict[str, str], log_path: Path) -> tuple[subprocess.Popen, str]:
    """``changxiao run`` on a free port, answering /health; (process, base url)."""
    port = free_port()
    process = start([str(BIN / "changxiao"), "run", "--host", "127.0.0.1", "--port", str(port)], env, log_path)
    url = f"http://127.0.0.1:{port}"
    wait_until_healthy(process, url, log_path)
    return process, url


def start_worker(env: dict[str, str], log_path: Path) -> subprocess.Popen:
    """``changxiao worker``: one Dramatiq process (a main process and its worker child)."""
    return start([sys.executable, "-m", "app.cli", "worker", "--processes", "1", "--threads", "2"], env, log_path)


def wait_until_healthy(process: subprocess.Popen, url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    last = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with code {process.returncode} before answering /health:\n{tail(log_path)}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                if response.status == 200:
                    return
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code}"
        except OSError as exc:
            last = repr(exc)
        time.sleep(0.1)
    pytest.fail(f"the server did not answer GET /health with 200 within {STARTUP_SECONDS}s ({last}):\n{tail(log_path)}")


def stop(process: subprocess.Popen, *, group: bool = True) -> None:
    """SIGTERM, as an operator stops it; SIGKILL to the group if it has not exited in time.
    ``group=False`` signals the main process only, as a Dramatiq worker must be (stack-notes.md)."""
    if process.poll() is not None:
        return
    if group:
        os.killpg(process.pid, signal.SIGTERM)
    else:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        kill(process)


def kill(process: subprocess.Popen) -> None:
    """SIGKILL to the whole group: a crash; nothing gets to clean up."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=STOP_SECONDS)

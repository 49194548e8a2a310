"""The servers under test: the app and the bare route, each one uvicorn process started the same way."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``uvicorn <target>`` in a process of its own, one worker, uvloop and httptools (uvicorn's
    defaults when installed), no access log (a proxy in front logs requests)."""

    def __init__(self, name: str, target: str, env: dict[str, str], log_dir: Path, *, factory: bool = False) -> None:
        self.name = name
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_dir / f"{name}.log"
        command = [sys.executable, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", str(self.port),
                   "--no-access-log", "--log-level", "warning"]
        if factory:
            command.append("--factory")
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def wait_ready(self, path: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the {self.name} server exited at start-up:\n{self.log_tail()}")
            try:
                if httpx.get(self.base + path, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the {self.name} server did not answer {path} within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        self._log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def memory_mb(self) -> dict[str, float]:
        """Resident memory now and at its peak (the kernel's high-water mark, VmHWM)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        value = {key: int(re.search(rf"^{key}:\s+(\d+) kB", status, re.M).group(1)) / 1024 for key in ("VmRSS", "VmHWM")}
        return {"rss_mb": round(value["VmRSS"], 1), "peak_rss_mb": round(value["VmHWM"], 1)}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # uvicorn drains and exits
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def _cookie(response: httpx.Response, name: str) -> str:
    """A cookie straight from Set-Cookie: production marks them Secure, which a client keeps off plain http."""
    for header in response.headers.get_list("set-cookie"):
        if header.startswith(name + "="):
            return header.split(";", 1)[0].split("=", 1)[1]
    raise RuntimeError(f"no {name} cookie in the answer to {response.request.url} ({response.status_code})")


def log_in(base: str, username: str, password: str) -> str:
    """Log in through the login form (CSRF token and all); answers the session cookie's value."""
    with httpx.Client(base_url=base, timeout=30) as client:
        page = client.get("/login")
        csrf = _cookie(page, "cx_csrf")
        token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text).group(1)
        answer = client.post("/login", data={"username": username, "password": password, "_csrf_token": token},
                             headers={"Cookie": f"cx_csrf={csrf}"}, follow_redirects=False)
        if answer.status_code != 303:
            raise RuntimeError(f"logging in as {username} failed ({answer.status_code})")
        return _cookie(answer, "cx_session")

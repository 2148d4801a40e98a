"""Start `streamlit run` on a free loopback port, as the browser tests do, and read its memory."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.results import REPO


@dataclass(frozen=True)
class Server:
    """A running server: its URL, process, and when the process was started (perf_counter)."""

    url: str
    process: subprocess.Popen[bytes]
    started: float
    ready: float

    def rss_mb(self) -> float:
        """Resident memory of the server process, in MB (from /proc, Linux)."""
        return rss_mb(self.process.pid)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve(
    script: Path,
    log: Path,
    *,
    extra: tuple[str, ...] = (),
    timeout: float = 120,
    env: dict[str, str] | None = None,
) -> Iterator[Server]:
    """Run `streamlit run <script>` from the repository (so .streamlit/config.toml applies).

    `env` adds environment variables for the server (the browser tests' extract folders and
    scenario databases).
    """
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *extra,
    ]
    url = f"http://127.0.0.1:{port}"
    with log.open("w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
    try:
        deadline = started + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.perf_counter() > deadline:
                raise RuntimeError(f"Streamlit did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.05)
        yield Server(url=url, process=process, started=started, ready=time.perf_counter())
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

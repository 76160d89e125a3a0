"""A real fundgap server on 127.0.0.1 and a headless Debian chromium, shared by the browser tests and
benchmarks."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
START_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextlib.contextmanager
def streamlit_server(
    script: Path = ROOT / "dashboard.py",
    data_dir: Path | None = None,
    extra_env: dict | None = None,
    cwd: Path = ROOT,
):
    port = free_port()
    env = {**os.environ, **(extra_env or {})}
    if data_dir is not None:
        env["FUNDGAP_DATA_DIR"] = str(data_dir)
    handle, name = tempfile.mkstemp(prefix="fundgap-server-", suffix=".log")
    os.close(handle)
    log_path = Path(name)
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
    ]
    # stdout goes to a file, not a pipe, so a chatty server can never block on a full pipe.
    # Streamlit reads .streamlit/config.toml from the working directory: the project's own, unless a test
    # says.
    # The child keeps its own copy of the file descriptor, so ours is closed as soon as it has started.
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        wait_healthy(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log_path.unlink(missing_ok=True)


def wait_healthy(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{server.log()}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(server.url + "/_stcore/health", timeout=2) as response,
        ):
            if response.read() == b"ok":
                return
        time.sleep(0.2)
    raise RuntimeError(f"streamlit did not become healthy in {START_TIMEOUT_S}s:\n{server.log()}")


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def wait_for_app(page, timeout_ms: int = 30_000) -> None:
    """Streamlit's own readiness signal (e2e_playwright): connected, script not running, no skeletons."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout_ms
    )
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_ms)
    page.wait_for_function(
        "document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0", timeout=timeout_ms
    )
    page.wait_for_timeout(300)


def full_page_screenshot(page, path) -> None:
    """Streamlit scrolls inside its own container, so grow the viewport to the content before the shot."""
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
        "[data-testid=stAppViewContainer], section')]"
        ".map(e => e.scrollHeight), document.body.scrollHeight)"
    )
    width = page.viewport_size["width"] if page.viewport_size else 1400
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 16000)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": width, "height": 900})

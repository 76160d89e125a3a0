"""N fundgap servers behind Debian's nginx, on 127.0.0.1 only, all reading one read-only data folder.

Sticky sessions without nginx Plus: a reader's first request gets a random key (nginx's $request_id) in the
cookie `fundgap_replica`; the upstream is chosen by a consistent hash of that key, so every later request of
the reader, its WebSocket included, goes to the same server. When that server is down, nginx tries the next
one on the ring (`proxy_next_upstream`) and the reader's new session lands on a survivor, where it stays.

`python -m tests.capacity.balancer --replicas 2` (`make replicas N=2`) serves until Ctrl-C or --seconds."""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from fundgap.data.paths import DATA_DIR_ENV, DEFAULT_DATA_DIR
from tests.e2e.server import ROOT, Server, free_port, wait_healthy

NGINX = "/usr/sbin/nginx"
COOKIE = "fundgap_replica"
START_TIMEOUT_S = 60
SKIPPED_FROM_SNAPSHOT = (
    "curated",
    "evidence",
)  # the build's inputs: the servers read only what the build wrote


def nginx_config(listen_port: int, upstream_ports: list[int], run_dir: Path) -> str:
    """The balancer's whole configuration: loopback only, WebSocket upgrade, sticky by cookie, failover on
    error."""
    servers = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=30s;" for port in upstream_ports
    )
    return f"""# Written by tests/capacity/balancer.py for one run; see README "Many readers".
worker_processes 1;
worker_rlimit_nofile 8192;
pid {run_dir}/nginx.pid;
error_log {run_dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {run_dir}/client_body;
    proxy_temp_path {run_dir}/proxy;
    fastcgi_temp_path {run_dir}/fastcgi;
    uwsgi_temp_path {run_dir}/uwsgi;
    scgi_temp_path {run_dir}/scgi;

    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}
    # A reader without the cookie gets a fresh random key; with it, its own key: the same server every time.
    map $cookie_{COOKIE} $replica_key {{
        ''      $request_id;
        default $cookie_{COOKIE};
    }}
    upstream fundgap {{
        hash $replica_key consistent;
{servers}
    }}
    server {{
        listen 127.0.0.1:{listen_port};
        location / {{
            proxy_pass http://fundgap;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;  # Streamlit checks the Origin against the Host it sees
            proxy_read_timeout 1h;             # a reader's WebSocket stays open while it reads
            proxy_connect_timeout 2s;
            proxy_next_upstream error timeout;
            add_header Set-Cookie "{COOKIE}=$replica_key; Path=/; HttpOnly; SameSite=Lax" always;
        }}
    }}
}}
"""


def folder_fingerprint(folder: Path) -> dict[str, str]:
    """Every file under `folder` with its SHA-256: two equal fingerprints mean nothing was written, added or
    left half-written in between."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def read_only_snapshot(source: Path, target: Path) -> Path:
    """The data folder the replicas share: the built tables copied once, then made read-only. On shared or
    object storage in production (README); here, one folder on this disk."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(*SKIPPED_FROM_SNAPSHOT))
    for path in sorted(target.rglob("*"), reverse=True):
        path.chmod(0o555 if path.is_dir() else 0o444)
    target.chmod(0o555)
    return target


def differences(before: dict[str, str], after: dict[str, str]) -> list[str]:
    added = sorted(set(after) - set(before))
    gone = sorted(set(before) - set(after))
    changed = sorted(name for name in set(before) & set(after) if before[name] != after[name])
    return [f"added {n}" for n in added] + [f"removed {n}" for n in gone] + [f"changed {n}" for n in changed]


@dataclass
class ReplicaSet:
    base: str
    servers: list[Server]
    balancer: subprocess.Popen
    data_dir: Path
    work_dirs: list[Path]
    killed: list[int] = field(default_factory=list)

    def server_pids(self) -> list[int]:
        return [s.process.pid for i, s in enumerate(self.servers) if i not in self.killed]

    def kill(self, index: int) -> int:
        """SIGKILL one replica, as a crashed machine would go: no goodbye to its readers."""
        server = self.servers[index]
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=10)
        self.killed.append(index)
        return server.process.pid


def start_server(port: int, data_dir: Path, work_dir: Path, cookie_secret: str) -> Server:
    """One replica: the project's app and its .streamlit/config.toml, its own port and working folder, the
    shared data."""
    env = {**os.environ, DATA_DIR_ENV: str(data_dir), "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret}
    log = work_dir / "server.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "dashboard.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return Server(f"http://127.0.0.1:{port}", process, log)


def wait_balancer(base: str, balancer: subprocess.Popen, run_dir: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if balancer.poll() is not None:
            raise RuntimeError(f"nginx exited:\n{(run_dir / 'error.log').read_text(errors='replace')}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(base + "/_stcore/health", timeout=2) as response,
        ):
            if response.read() == b"ok":
                return
        time.sleep(0.2)
    raise RuntimeError("nginx did not answer in time")


@contextlib.contextmanager
def replica_set(replicas: int, source: Path = DEFAULT_DATA_DIR, port: int | None = None):
    """Start `replicas` servers and nginx in front; stop them all on the way out, whatever happened."""
    if not Path(NGINX).exists():
        raise SystemExit(f"{NGINX} not found: `make balancer` installs Debian's nginx")
    run_dir = Path(tempfile.mkdtemp(prefix="fundgap-replicas-"))
    run_dir.chmod(
        0o755
    )  # nginx workers run as nobody when started by root: they must reach their temp folders
    servers: list[Server] = []
    balancer = None
    try:
        data_dir = read_only_snapshot(source, run_dir / "shared-data")
        secret = secrets.token_hex(
            32
        )  # one cookie secret for all: XSRF tokens from one replica hold on another
        work_dirs = []
        for index in range(replicas):
            work_dirs.append(run_dir / f"replica-{index + 1}")
            work_dirs[-1].mkdir()
            servers.append(start_server(free_port(), data_dir, work_dirs[-1], secret))
        for server in servers:
            wait_healthy(server)
        listen = port or free_port()
        config = run_dir / "nginx.conf"
        config.write_text(nginx_config(listen, [int(s.url.rsplit(":", 1)[1]) for s in servers], run_dir))
        balancer = subprocess.Popen(
            [NGINX, "-c", str(config), "-p", str(run_dir), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=(run_dir / "nginx.out").open("wb"),
        )
        base = f"http://127.0.0.1:{listen}"
        wait_balancer(base, balancer, run_dir)
        yield ReplicaSet(base, servers, balancer, data_dir, work_dirs)
    finally:
        if balancer is not None:
            balancer.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                balancer.wait(timeout=10)
        for server in servers:
            if server.process.poll() is None:
                server.process.terminate()
                try:
                    server.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.process.kill()
        for path in sorted(
            run_dir.rglob("*"), reverse=True
        ):  # the snapshot is read-only: open it up to remove it
            with contextlib.suppress(OSError):
                path.chmod(0o700 if path.is_dir() else 0o600)
        shutil.rmtree(run_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8500, help="the balancer's port on 127.0.0.1")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (0: until Ctrl-C)")
    args = parser.parse_args()
    if not 1 <= args.replicas <= 16:
        raise SystemExit("--replicas takes 1 to 16")
    with replica_set(args.replicas, port=args.port) as replicas:
        print(f"fundgap: {args.replicas} replicas behind nginx at {replicas.base}  (Ctrl-C stops them all)")
        for index, server in enumerate(replicas.servers, 1):
            print(f"  replica {index}: {server.url}  pid {server.process.pid}")
        print(f"  read-only data folder: {replicas.data_dir}")
        with contextlib.suppress(KeyboardInterrupt):
            deadline = time.monotonic() + args.seconds if args.seconds else None
            while deadline is None or time.monotonic() < deadline:
                if replicas.balancer.poll() is not None:
                    raise SystemExit("nginx stopped")
                time.sleep(0.5)


if __name__ == "__main__":
    main()

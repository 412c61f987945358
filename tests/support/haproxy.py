"""Debian's HAProxy in front of test hubs: TCP mode, ``send-proxy-v2``, health checks on
``/healthz`` (the configuration docs/deploy.md shows), on a free loopback port.

:func:`config` writes the configuration docs/deploy.md describes; :class:`Haproxy` runs it in
the foreground from a temporary directory and stops it after. The binary missing is a failure
with the line to install it, never a skip.
"""

from __future__ import annotations

import csv
import shutil
import socket
import subprocess
import time
from pathlib import Path

from tests.support.postgres import free_port

#: Health-check interval (ms) in tests: a killed hub is marked down within about two of them.
CHECK_INTER_MS = 200


class HaproxyMissing(RuntimeError):
    pass


def config(port: int, hubs: list[tuple[str, int]], stats: Path, balance: str = "roundrobin",
           inter_ms: int = CHECK_INTER_MS, ca: Path | None = None,
           terminate: Path | None = None) -> str:
    """HAProxy's configuration: ``port`` on loopback in front of ``hubs`` (host, port); with
    ``ca``, the hubs serve TLS (passed through) and the checks verify it with ``ca``; with
    ``terminate`` (a PEM of certificate and key), HAProxy does the TLS and the hubs are plain
    (as a hub with ``--chat-page-process`` needs: docs/deploy.md)."""
    tls = f" check-ssl verify required ca-file {ca}" if ca is not None else ""
    bind = f" ssl crt {terminate}" if terminate is not None else ""
    servers = "\n".join(f"    server hub{n} {host}:{hub_port}"
                        for n, (host, hub_port) in enumerate(hubs, 1))
    return f"""\
global
    maxconn 2000
    stats socket {stats} mode 600 level admin

defaults
    mode tcp
    timeout connect 2s
    timeout client 1h
    timeout server 1h
    timeout check 2s
    retries 3
    option redispatch 1

frontend chat
    bind 127.0.0.1:{port}{bind}
    default_backend hubs

backend hubs
    balance {balance}
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host hub
    http-check expect status 200
    default-server send-proxy-v2 check check-send-proxy{tls} inter {inter_ms}ms fall 2 rise 1 \
on-marked-down shutdown-sessions
{servers}
"""


class Haproxy:
    """HAProxy before ``hubs``; :attr:`url` is ``ws://127.0.0.1:PORT`` (``wss://`` with a
    ``ca``: the hubs' TLS passed through; or with ``terminate``: HAProxy's own TLS)."""

    def __init__(self, directory: Path, hubs: list[tuple[str, int]],
                 balance: str = "roundrobin", ca: Path | None = None,
                 terminate: Path | None = None) -> None:
        binary = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/sbin")
        if binary is None:
            raise HaproxyMissing(
                "HAProxy is not installed: apt-get install -y haproxy (./dev does it as root)")
        self.binary = binary
        self.directory = directory
        self.port = free_port()
        self.stats = directory / "haproxy.sock"
        self.path = directory / "haproxy.cfg"
        self.path.write_text(config(self.port, hubs, self.stats, balance, ca=ca,
                                    terminate=terminate))
        self.url = f"{'wss' if ca or terminate else 'ws'}://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 10.0) -> str:
        check = subprocess.run([self.binary, "-c", "-f", str(self.path)],
                               capture_output=True, text=True, check=False)
        assert check.returncode == 0, f"haproxy refuses its configuration: {check.stdout}" \
            f"{check.stderr}"
        self.proc = subprocess.Popen([self.binary, "-db", "-f", str(self.path)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"haproxy stopped: {self._stderr()}"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self.url
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"haproxy did not listen within {timeout} s")

    def servers(self) -> dict[str, str]:
        """Each hub's state as HAProxy's health checks see it (``UP``, ``DOWN``, …)."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(5)
            sock.connect(str(self.stats))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        rows = csv.DictReader(data.decode().lstrip("# ").splitlines())
        return {row["svname"]: row["status"] for row in rows
                if row["pxname"] == "hubs" and row["svname"].startswith("hub")}

    def wait_for(self, states: dict[str, str], timeout: float = 15.0) -> None:
        """Until the health checks see the hubs as ``states`` (``{"hub1": "UP"}``)."""
        deadline = time.monotonic() + timeout
        seen: dict[str, str] = {}
        while time.monotonic() < deadline:
            seen = self.servers()
            if all(seen.get(name, "").startswith(state) for name, state in states.items()):
                return
            time.sleep(0.05)
        raise AssertionError(f"HAProxy sees the hubs as {seen}, not {states}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        if self.proc is not None and self.proc.stderr is not None:
            self.proc.stderr.close()

    def _stderr(self) -> str:
        assert self.proc is not None and self.proc.stderr is not None
        return self.proc.stderr.read().decode(errors="replace")

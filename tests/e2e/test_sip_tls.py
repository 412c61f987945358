"""SIP over TLS on the hub's Kamailio (``serve --sip-tls HOST:PORT --sip-tls-cert …``): a
baresip phone calls over TLS, with a certificate made by the test, and queues on the desk like
any caller (docs/telephony.md, "SIP over TLS")."""

from __future__ import annotations

import asyncio
import socket
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_sip_call import until_heard
from tests.support.certs import make_authority
from tests.support.hubs import make_db
from tests.support.sip import MASKED, caller, heard, loud_share, sip_hub, staff

pytestmark = pytest.mark.slow


def handshake(port: int, ca: Path) -> dict[str, object]:
    """A TLS handshake with the front, trusting the test's CA only: its certificate."""
    context = ssl.create_default_context(cafile=str(ca))
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw, \
            context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
        return tls.getpeercert() or {}


async def test_a_caller_over_tls_queues_on_the_desk_and_hears_the_queue(tmp_path: Path) -> None:
    authority = make_authority(tmp_path)
    cert, key = authority.issue(tmp_path, "sip-front")
    db, log = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log"
    with sip_hub(db, log, extra=("--sip-tls", "127.0.0.1:0", "--sip-tls-cert", str(cert),
                                 "--sip-tls-key", str(key))) as hub:
        assert hub.proc.stdout is not None
        tls_line = hub.proc.stdout.readline()
        assert tls_line.startswith("sip on tls:127.0.0.1:"), tls_line
        port = int(tls_line.rsplit(":", 1)[1])
        peer = await asyncio.to_thread(handshake, port, authority.pem)
        assert ("commonName", "sip-front") in [n for rdn in peer["subject"] for n in rdn]
        async with staff(hub.url, "kari") as kari, caller(tmp_path / "p") as phone:
            assert phone.control is not None
            await phone.control.command("dial", f"sip:116111@127.0.0.1:{port};transport=tls")
            ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"], 20)
            [item] = ringing["items"]
            assert item["number"] == MASKED
            await until_heard(tmp_path / "p", 3)
            await phone.control.command("hangup")
            missed = await kari.expect(lambda f: f["type"] == "call_missed", 10)
            assert missed["conversation"] == item["conversation"]
    assert loud_share(heard(tmp_path / "p")) > 0.3
    assert "transport=tls" in (tmp_path / "p" / "baresip.log").read_text()


def test_sip_tls_needs_sip_and_a_certificate(tmp_path: Path) -> None:
    db = make_db(tmp_path / "hub.sqlite3")
    serve = [sys.executable, "-m", "workstation.hub.cli", "serve", "--db", str(db), "--port", "0"]
    for extra, says in (
        (["--sip-tls", "127.0.0.1:0", "--sip-tls-cert", str(db)], "needs --sip"),
        (["--sip", "udp:127.0.0.1:0", "--sip-tls", "127.0.0.1:0"], "needs --sip-tls-cert"),
        (["--sip", "udp:127.0.0.1:0", "--sip-tls", "nowhere", "--sip-tls-cert", str(db)],
         "is not HOST:PORT"),
    ):
        done = subprocess.run([*serve, *extra], capture_output=True, text=True, timeout=60)
        assert (done.returncode, says in done.stderr) == (2, True), done.stderr

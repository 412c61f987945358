"""The hub's Kamailio front: its generated dispatcher list and configuration, and the CLI's
``--sip-lines``."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from workstation.hub.telephony.lines import Front, Line, line_host
from workstation.sip import BaresipProcess, BaresipSettings


def test_the_front_lists_every_line_and_relays_only_to_their_ports(tmp_path: Path) -> None:
    front = Front("127.0.0.1", 5060, tmp_path)
    config = front._write(["127.0.0.1:40001", "127.0.0.1:40002"], "127.0.0.1:40009").read_text()
    assert (tmp_path / "dispatcher.list").read_text() == (
        "1 sip:127.0.0.1:40001\n1 sip:127.0.0.1:40002\n")
    assert "listen=udp:127.0.0.1:5060" in config
    assert f'"{tmp_path / "dispatcher.list"}"' in config
    # the overflow line is no line of the list, but its dialogs are relayed like theirs
    assert "if ($rp == 40001 || $rp == 40002 || $rp == 40009) {" in config
    assert '$du = "sip:127.0.0.1:40009";' in config
    assert '$du = "sip:127.0.0.1:" + $rp;' in config
    assert 'if ($rU != "116111")' in config
    assert front.address == "udp:127.0.0.1:5060"


def test_for_every_address_the_lines_listen_on_the_default_routes_address() -> None:
    """baresip 1.0 ignores the port of ``sip_listen 0.0.0.0:PORT``: the lines get a real
    address (this machine's, or loopback without a route)."""
    assert line_host("127.0.0.1") == "127.0.0.1"
    chosen = line_host("0.0.0.0")
    assert chosen != "0.0.0.0"
    socket.inet_aton(chosen)
    line = Line(0, BaresipProcess(BaresipSettings(user="116111", host=chosen, port=40001)))
    assert line.aor("116111") == f"sip:116111@{chosen}:40001"


def test_sip_lines_must_be_a_whole_number_above_zero(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "workstation.hub.cli", "serve", "--db", str(tmp_path / "h.db"),
         "--sip", "udp:127.0.0.1:0", "--sip-lines", "0"], capture_output=True, text=True,
        timeout=60)
    assert done.returncode == 2
    assert "is not a whole number above 0" in done.stderr

"""The hub's Kamailio front: its generated dispatcher list and configuration, and the CLI's
``--sip-lines``."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from workstation.hub.telephony.lines import Front, Line, SipTls, line_host
from workstation.hub.telephony.trunk import parse_register
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
    assert "#TRUNK" in config and "uac.so" not in config  # no registration unless asked
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


def test_a_trunk_registration_is_written_for_kamailios_uac_reg(tmp_path: Path) -> None:
    trunk = parse_register("sip:alarm@sip.operator.example", "p:w\\d")
    assert (trunk.user, trunk.domain, trunk.port) == ("alarm", "sip.operator.example", 5060)
    assert "p:w" not in repr(trunk) and "p:w" not in str(trunk)
    front = Front("127.0.0.1", 5060, tmp_path, trunk)
    config = front._write(["127.0.0.1:40001"], "127.0.0.1:40009").read_text()
    assert 'loadmodule "uac.so"' in config
    assert 'modparam("uac", "reg_contact_addr", "127.0.0.1:5060")' in config
    assert "p:w" not in config  # the password is in the table only
    table = tmp_path / "trunk" / "uacreg"
    row = table.read_text().splitlines()[1]
    assert row.startswith("1:116111:116111:127.0.0.1:alarm:sip.operator.example::alarm:"
                          "p\\:w\\\\d::sip\\:sip.operator.example\\:5060:600:")
    assert table.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("text", ["alarm@host", "sip:host", "sip:a@host:0", "sip:a@ho st",
                                  "sip:a@host:99999", "tel:+4722"])
def test_a_registration_that_is_not_sip_user_at_host_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_register(text, "x")


def test_sip_over_tls_adds_a_tls_listener_after_the_module_path(tmp_path: Path) -> None:
    tls = SipTls("127.0.0.1", 5061, tmp_path / "c.pem", tmp_path / "k.pem")
    front = Front("127.0.0.1", 5060, tmp_path, tls=tls)
    config = front._write(["127.0.0.1:40001"], "127.0.0.1:40009").read_text()
    assert config.index("mpath=") < config.index('loadmodule "tls.so"')
    assert "listen=tls:127.0.0.1:5061\n" in config and "enable_tls=yes\n" in config
    settings = (tmp_path / "tls.cfg").read_text()
    assert f"certificate = {tmp_path / 'c.pem'}\n" in settings
    assert "method = TLSv1.2+" in settings
    assert "tls.so" not in Front("127.0.0.1", 5060, tmp_path / "b")._write(
        ["127.0.0.1:40001"], "127.0.0.1:40009").read_text()

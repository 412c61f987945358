"""Which hub addresses a desk accepts, and the TLS context it verifies them with."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from tests.support.certs import make_authority
from workstation.client.tls import InsecureHub, TlsOptions, is_unencrypted_remote
from workstation.protocol.hosts import is_loopback


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]",
                                  "::ffff:127.0.0.1", "LOCALHOST", "desk.localhost"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "10.0.0.5", "hub.example.no",
                                  "localhost.example.no", "::ffff:10.0.0.5", "fe80::1"])
def test_hosts_that_reach_a_network(host: str) -> None:
    assert not is_loopback(host)


def test_plain_ws_is_refused_to_another_machine_unless_insecure() -> None:
    with pytest.raises(InsecureHub, match="not encrypted"):
        TlsOptions().check("ws://10.0.0.5:8765")
    with pytest.raises(InsecureHub):
        TlsOptions().check("ws://hub.barnevernvakt.no:8765/v1/staff")
    TlsOptions(insecure=True).check("ws://10.0.0.5:8765")
    TlsOptions().check("ws://127.0.0.1:8765")
    TlsOptions().check("ws://localhost:8765")
    TlsOptions().check("wss://hub.barnevernvakt.no:8765")


def test_unencrypted_remote() -> None:
    assert is_unencrypted_remote("ws://10.0.0.5:8765")
    assert not is_unencrypted_remote("wss://10.0.0.5:8765")
    assert not is_unencrypted_remote("ws://[::1]:8765")


def test_wss_verifies_with_the_system_or_the_given_ca(tmp_path: Path) -> None:
    assert TlsOptions().context("ws://127.0.0.1:8765") is None
    system = TlsOptions().context("wss://hub.example.no")
    assert system is not None and system.verify_mode == ssl.CERT_REQUIRED
    assert system.check_hostname
    office = make_authority(tmp_path)
    own = TlsOptions(ca=office.pem).context("wss://hub.example.no")
    assert own is not None and own.verify_mode == ssl.CERT_REQUIRED
    subjects = [dict(item[0] for item in ca["subject"]) for ca in own.get_ca_certs()]
    assert subjects == [{"commonName": "Test CA"}]  # only the office's CA, not the system's

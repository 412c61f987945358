"""``workstation-hub serve --cert --key`` as an operator runs it: wss://, a desk client that
trusts the office's CA (``--ca``), refusal of a wrong CA, reload on SIGHUP, refusal of a plain
listener on the network, and health and metrics over HTTPS on the same port."""

from __future__ import annotations

import asyncio
import signal
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.certs import Authority, fingerprint, make_authority
from tests.support.http import aget, http_url
from tests.support.hubs import PASSWORD
from tests.support.postgres import free_port
from workstation.client import Credentials, StaffClient
from workstation.client.contact import ContactClient, ContactError
from workstation.client.tls import TlsOptions

HUB = [sys.executable, "-m", "workstation.hub.cli"]


class TlsHub:
    """``workstation-hub serve --cert --key`` as a child process; its stderr is the log."""

    def __init__(self, db: Path, cert: Path, key: Path) -> None:
        self.proc = subprocess.Popen(
            [*HUB, "serve", "--db", str(db), "--port", "0", "--cert", str(cert),
             "--key", str(key)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert self.proc.stdout is not None
        self.line = self.proc.stdout.readline()
        self.url = self.line.split()[-1] if self.line else ""

    def wait_for_log(self, text: str) -> str:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            if text in line:
                return line
        raise AssertionError(f"the hub ended without logging {text!r}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        for pipe in (self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()


@pytest.fixture
def office(tmp_path: Path) -> Authority:
    return make_authority(tmp_path, "Barnevernvakt Test CA")


@pytest.fixture
def tls_hub(hub_db: Path, office: Authority, tmp_path: Path) -> Iterator[TlsHub]:
    cert, key = office.issue(tmp_path, "hub")
    hub = TlsHub(hub_db, cert, key)
    yield hub
    hub.stop()


def served_certificate(url: str) -> bytes:
    host, port = url.removeprefix("wss://").rsplit(":", 1)
    return ssl.get_server_certificate((host, int(port))).encode()


async def signed_in(url: str, ca: Path) -> StaffClient:
    client = StaffClient(url, Credentials(user="kari", password=PASSWORD),
                         ssl_context=TlsOptions(ca=ca).context(url), backoff_max=0.5)
    asyncio.ensure_future(client.run())
    await client.wait_connected(15)
    return client


async def test_the_hub_serves_wss_and_a_desk_trusting_the_office_ca_signs_in(
    tls_hub: TlsHub, office: Authority
) -> None:
    assert tls_hub.line.startswith("listening on wss://127.0.0.1:")
    client = await signed_in(tls_hub.url, office.pem)
    try:
        assert client.user is not None and client.user["name"] == "kari"
    finally:
        await client.close()


async def test_a_hub_with_a_certificate_from_another_ca_is_refused_at_once(
    tls_hub: TlsHub, tmp_path: Path
) -> None:
    stranger = make_authority(tmp_path, "Someone Else CA")
    client = StaffClient(tls_hub.url, Credentials(user="kari", password=PASSWORD),
                         ssl_context=TlsOptions(ca=stranger.pem).context(tls_hub.url))
    task = asyncio.ensure_future(client.run())
    with pytest.raises(ssl.SSLCertVerificationError):
        await client.wait_connected(15)  # raised, not retried for ever
    with pytest.raises(ssl.SSLCertVerificationError):
        await task
    assert client.user is None


async def test_the_simulators_contact_client_verifies_too(
    tls_hub: TlsHub, office: Authority, tmp_path: Path
) -> None:
    async with ContactClient(
        tls_hub.url, ssl_context=TlsOptions(ca=office.pem).context(tls_hub.url)
    ) as young:
        opened = await young.open("chat")
        assert opened.position == 1
    stranger = make_authority(tmp_path, "Someone Else CA")
    refused = ContactClient(tls_hub.url,
                            ssl_context=TlsOptions(ca=stranger.pem).context(tls_hub.url))
    with pytest.raises(ContactError) as failed:
        await refused.open("chat")
    assert failed.value.code == "tls"
    await refused.close()


async def test_sighup_reloads_the_certificate_for_new_connections(
    tls_hub: TlsHub, office: Authority, tmp_path: Path
) -> None:
    before = served_certificate(tls_hub.url)
    renewed = tmp_path / "renewed"
    renewed.mkdir()
    cert, key = office.issue(renewed, "hub")
    client = await signed_in(tls_hub.url, office.pem)
    try:
        (tmp_path / "hub.crt").write_bytes(cert.read_bytes())
        (tmp_path / "hub.key").write_bytes(key.read_bytes())
        tls_hub.proc.send_signal(signal.SIGHUP)
        await asyncio.to_thread(tls_hub.wait_for_log, "certificate reloaded")
        after = served_certificate(tls_hub.url)
        assert fingerprint(after) == fingerprint(cert.read_bytes()) != fingerprint(before)
        again = await signed_in(tls_hub.url, office.pem)  # the renewed one verifies
        await again.close()
        assert client.user is not None  # the open connection was not dropped
    finally:
        await client.close()


async def test_a_broken_certificate_on_sighup_keeps_the_old_one(
    tls_hub: TlsHub, office: Authority, tmp_path: Path
) -> None:
    before = served_certificate(tls_hub.url)
    (tmp_path / "hub.key").write_text("not a key\n")
    tls_hub.proc.send_signal(signal.SIGHUP)
    line = await asyncio.to_thread(tls_hub.wait_for_log, "certificate not reloaded")
    assert "ERROR" in line
    assert fingerprint(served_certificate(tls_hub.url)) == fingerprint(before)
    client = await signed_in(tls_hub.url, office.pem)
    await client.close()


async def test_health_and_metrics_are_served_over_https_on_the_same_port(
    tls_hub: TlsHub, office: Authority
) -> None:
    context = ssl.create_default_context(cafile=office.pem)
    health = await aget(http_url(tls_hub.url, "/healthz"), context)
    assert (health.status, health.body) == (200, "ok\n")
    metrics = await aget(http_url(tls_hub.url, "/metrics"), context)
    assert metrics.status == 200 and "hub_connections" in metrics.body


def test_a_plain_listener_on_the_network_is_refused(hub_db: Path) -> None:
    for host in ("0.0.0.0", "192.0.2.10", "::"):
        refused = subprocess.run([*HUB, "serve", "--db", str(hub_db), "--host", host,
                                  "--port", "0"], capture_output=True, text=True, timeout=60)
        assert refused.returncode == 2, refused.stderr
        assert "without TLS" in refused.stderr and "--cert" in refused.stderr
        assert refused.stdout == ""  # nothing listened


def test_a_missing_certificate_is_a_sentence_not_a_traceback(hub_db: Path, tmp_path: Path
                                                             ) -> None:
    refused = subprocess.run(
        [*HUB, "serve", "--db", str(hub_db), "--port", "0", "--cert", str(tmp_path / "no.crt")],
        capture_output=True, text=True, timeout=60,
    )
    assert refused.returncode == 2
    assert "does not exist" in refused.stderr and "Traceback" not in refused.stderr


def run_simulator(url: str, ca: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workstation.sim.cli", "--hub", url, "--ca", str(ca),
         "--contacts", "1", "--scenario", "forlater-koen", "--speed", "50", "--seed", "1"],
        capture_output=True, text=True, timeout=60,
    )


def test_the_simulator_reaches_a_wss_hub_with_ca(tls_hub: TlsHub, office: Authority,
                                                 tmp_path: Path) -> None:
    trusted = run_simulator(tls_hub.url, office.pem)
    assert trusted.returncode == 0, trusted.stderr
    assert "summary contacts=1 left=1" in trusted.stdout
    refused = run_simulator(tls_hub.url, make_authority(tmp_path, "Stranger CA").pem)
    assert refused.returncode == 1
    assert "error=1" in refused.stdout


async def test_every_one_of_several_hubs_is_verified(
    tls_hub: TlsHub, office: Authority, tmp_path: Path
) -> None:
    """``--hub wss://a,wss://b``: the desk moves past a dead hub, and verifies the next."""
    both = f"wss://127.0.0.1:{free_port()},{tls_hub.url}"
    client = await signed_in(both, office.pem)
    try:
        assert client.hubs.index == 1 and client.user is not None
    finally:
        await client.close()
    async with ContactClient(both, ssl_context=TlsOptions(ca=office.pem).context(both)) as young:
        assert (await young.open("chat")).position is not None and young.hubs.index == 1
    stranger = make_authority(tmp_path, "Someone Else CA")
    refused = StaffClient(both, Credentials(user="kari", password=PASSWORD),
                          ssl_context=TlsOptions(ca=stranger.pem).context(both),
                          backoff_initial=0.05, backoff_max=0.2)
    task = asyncio.ensure_future(refused.run())
    with pytest.raises(ssl.SSLCertVerificationError):
        await refused.wait_connected(15)  # the second hub does not verify: said at once
    with pytest.raises(ssl.SSLCertVerificationError):
        await task

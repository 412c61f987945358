"""The chat page for phones on the office network: ``workstation-hub serve --host 0.0.0.0
--cert … --key …`` (docs/chat.md, "Phones on the office network").

Debian's Chromium, standing in for a phone on the LAN, opens ``https://ADDRESS:PORT/chat``,
where ADDRESS is this machine's first non-loopback IPv4 address (a real interface, so the
page, its files and its ``wss://`` socket cross that interface's stack, not loopback). Only
when the machine has no such address (a container without a network) is it ``127.0.0.1``
with the same certificate; the test prints which. The browser trusts the hub's certificate
by its public key (``--ignore-certificate-errors-spki-list``), as a phone trusts one signed by
the office CA; the counsellor's client trusts the CA file. Marked slow.
"""

from __future__ import annotations

import array
import base64
import fcntl
import hashlib
import socket
import ssl
import struct
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from websockets.asyncio.client import connect

from tests.conftest import staff_login
from tests.e2e.test_chat_page_browser import (
    _lines,
    _message_from_contact,
    _take_next,
    _wait,
    _wait_text,
    _write,
)
from tests.support.certs import make_authority
from tests.support.chromium import chromium, run
from tests.support.http import aget
from tests.support.wire import Wire, ok

pytestmark = pytest.mark.slow

SIOCGIFADDR = 0x8915


def lan_address() -> str:
    """This machine's first non-loopback IPv4 address, or ``127.0.0.1`` when it has none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _index, name in socket.if_nameindex():
            request = array.array("B", struct.pack("256s", name.encode()[:15]))
            try:
                fcntl.ioctl(probe.fileno(), SIOCGIFADDR, request)
            except OSError:
                continue  # no IPv4 address on this interface
            address = socket.inet_ntoa(request.tobytes()[20:24])
            if not address.startswith("127."):
                return address
    return "127.0.0.1"


def spki_pin(cert_file: Path) -> str:
    """What ``--ignore-certificate-errors-spki-list`` takes: base64 of SHA-256 of the key."""
    cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
    der = cert.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


class LanHub:
    """``workstation-hub serve --host 0.0.0.0 --cert --key`` as an operator starts it."""

    def __init__(self, db: Path, cert: Path, key: Path, address: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "workstation.hub.cli", "serve", "--db", str(db),
             "--host", "0.0.0.0", "--port", "0", "--cert", str(cert), "--key", str(key)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line.startswith("listening on wss://0.0.0.0:"), line
        self.port = int(line.rsplit(":", 1)[1])
        self.url = f"wss://{address}:{self.port}"
        self.page = f"https://{address}:{self.port}/chat"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)
        assert self.proc.stdout is not None
        self.proc.stdout.close()


@pytest.fixture
def lan(hub_db: Path, tmp_path: Path) -> Iterator[tuple[LanHub, Path, Path]]:
    address = lan_address()
    print(f"the chat page over TLS on {address}"
          + (" (no non-loopback address on this machine)" if address == "127.0.0.1" else ""))
    office = make_authority(tmp_path, "Barnevernvakt Test CA")
    cert, key = office.issue(tmp_path, "hub", hosts=(address,))
    hub = LanHub(hub_db, cert, key, address)
    try:
        yield hub, office.pem, cert
    finally:
        hub.stop()


@asynccontextmanager
async def staff_wire(url: str, ca: Path) -> AsyncIterator[Wire]:
    context = ssl.create_default_context(cafile=str(ca))
    async with connect(url + "/v1/staff", ssl=context, max_size=None) as ws:
        wire = Wire(ws)
        try:
            yield wire
        finally:
            wire._reader.cancel()


async def test_a_phone_on_the_office_network_chats_over_https_and_wss(
    lan: tuple[LanHub, Path, Path], tmp_path: Path
) -> None:
    hub, ca, cert = lan
    # Answered over HTTPS on that address, with the certificate the office CA signed.
    reply = await aget(hub.page, ssl.create_default_context(cafile=str(ca)))
    assert reply.status == 200 and 'id="start"' in reply.body
    flags = (f"--ignore-certificate-errors-spki-list={spki_pin(cert)}",)
    with chromium(tmp_path / "profile", 390, 844, flags) as phone:
        async with AsyncExitStack() as stack:
            await run(phone.get, hub.page)
            assert await run(lambda: phone.execute_script("return location.protocol")) == "https:"
            await run(lambda: phone.find_element("id", "start").click())
            await run(_wait, phone, lambda d: d.find_element("id", "queue-position").text == "1")
            kari = await stack.enter_async_context(staff_wire(hub.url, ca))
            await staff_login(kari, "kari")
            conv = await _take_next(kari)
            ok(await kari.request("send", conversation=conv, text="Hei, her er Kari."))
            await run(_wait_text, phone, "[role=log]", "Hei, her er Kari.")
            await run(_write, phone, "Hei! Det virker på mobilen.")
            await _message_from_contact(kari, conv, "Hei! Det virker på mobilen.")
            await run(_wait, phone, lambda d: not d.find_elements("css selector", ".pending"))
            assert await run(_lines, phone) == [
                "Kari fra Alarmtelefonen er her nå.", "Hei, her er Kari.",
                "Hei! Det virker på mobilen."]
            # Every file came over https from the same address (the messages above went over
            # the page's wss:// socket: an https page may open no plain ws://).
            loaded = await run(lambda: phone.execute_script(
                "return performance.getEntriesByType('resource').map(e => e.name)"))
            assert loaded and all(name.startswith(hub.page.removesuffix("chat"))
                                  for name in loaded), loaded

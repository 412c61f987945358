"""SMS both ways through a real Kannel (bearerbox, smsbox, fake SMSC) and ``fakesmsc``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import staff_login
from tests.support.kannel import TOKEN, FakePhones, Kannel, Received, free_port
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer, serve_hub
from workstation.hub.sms.feature import SmsFeature
from workstation.hub.sms.kannel import INBOUND_PATH, KannelGateway

pytestmark = pytest.mark.slow

NUMBER = "+4791234512"
NUMBER_FORMS = (b"91234512", b"912 34 512", b"4791234512", b"34512")
Frame = dict[str, Any]


@contextlib.asynccontextmanager
async def rig(tmp_path: Path, db: Path) -> AsyncIterator[tuple[HubServer, Kannel, FakePhones]]:
    """A hub on a free port with a Kannel gateway, Kannel, and the fake phones."""
    port = free_port()
    kannel = Kannel(tmp_path, f"http://127.0.0.1:{port}")
    phones = FakePhones(kannel)
    gateway = KannelGateway(kannel.settings)
    try:
        async with serve_hub(db, port=port, sms=gateway) as hub:
            hub.hub.feature(SmsFeature).retry_max_s = 1.0
            await asyncio.to_thread(kannel.start)
            phones.connect()
            yield hub, kannel, phones
    finally:
        await asyncio.to_thread(phones.close)
        await asyncio.to_thread(kannel.stop)


async def received(phones: FakePhones, count: int, timeout: float = 30) -> list[Received]:
    for _ in range(int(timeout * 10)):
        got = phones.messages()
        if len(got) >= count:
            return got
        await asyncio.sleep(0.1)
    raise AssertionError(f"fakesmsc got {len(phones.messages())} messages, not {count}")


async def queued_sms(kari: Wire) -> str:
    frame = await kari.expect(
        lambda f: f.get("type") == "queue"
        and any(i["channel"] == "sms" for i in f.get("items", [])), timeout=30)
    return str(next(i["conversation"] for i in frame["items"] if i["channel"] == "sms"))


async def take_text(kari: Wire, phones: FakePhones, text: str) -> str:
    """The phone texts ``text``; Kari takes the SMS conversation it opens."""
    phones.text(NUMBER, text)
    conv = await queued_sms(kari)
    ok(await kari.request("accept", conversation=conv))
    return conv


async def status(kari: Wire, conv: str, seq: int, wanted: str, timeout: float = 30) -> Frame:
    match: Callable[[Frame], bool] = lambda f: (  # noqa: E731
        f.get("type") == "event" and f.get("conversation") == conv
        and f.get("kind") == "sms_status" and f.get("message_seq") == seq
        and f.get("status") == wanted)
    return await kari.expect(match, timeout=timeout)


def stored_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*") if p.is_file())


async def test_an_sms_reaches_the_desk_and_the_reply_reaches_the_phone(
    tmp_path: Path, hub_db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with rig(tmp_path, hub_db) as (hub, _kannel, phones), \
            Wire.connect(hub.url, "/v1/staff") as kari:
        await staff_login(kari, "kari")
        conv = await take_text(kari, phones, "hei er det noen der? æøå")
        thread = await kari.event(conv, "sms_thread")
        assert thread["number"] == "+47 ** ** ** 12"
        message = await kari.expect(lambda f: f.get("kind") == "message"
                                    and f.get("conversation") == conv)
        assert message["text"] == "hei er det noen der? æøå"
        sent = ok(await kari.request("send", conversation=conv, text="Hei, du snakker med Kari."))
        assert (await status(kari, conv, sent["seq"], "pending"))["parts"] == 1
        await status(kari, conv, sent["seq"], "sent")
        (reply,) = await received(phones, 1)
        assert (reply.receiver, reply.text) == (NUMBER, "Hei, du snakker med Kari.")
        await status(kari, conv, sent["seq"], "delivered")  # the fake SMSC's report

        long = ("Dette er et langt svar. " * 17)[:400]
        sent = ok(await kari.request("send", conversation=conv, text=long))
        assert (await status(kari, conv, sent["seq"], "pending"))["parts"] == 3
        parts = (await received(phones, 4))[1:]
        assert [len(p.data) for p in parts] == [153, 153, 94]
        assert [p.udh[-2:] for p in parts] == [b"\x03\x01", b"\x03\x02", b"\x03\x03"]
        assert b"".join(p.data for p in parts).decode() == long
        await status(kari, conv, sent["seq"], "delivered")  # may come before "sent" does

        emoji = "Så bra at du skrev 🙂 " * 4  # not GSM: UCS-2, 70 units in one SMS
        sent = ok(await kari.request("send", conversation=conv, text=emoji))
        assert (await status(kari, conv, sent["seq"], "pending"))["parts"] == 2
        parts = (await received(phones, 6))[4:]
        assert b"".join(p.data for p in parts).decode("utf-16-be") == emoji
        await status(kari, conv, sent["seq"], "delivered")

        # Kannel repeats an inbound message whose answer it did not get: stored once.
        again = phones.messages()
        url = f"{hub.url.replace('ws://', 'http://')}{INBOUND_PATH}"
        params = {"token": TOKEN, "from": NUMBER, "id": "repeat-1", "coding": "0", "text": "x2"}
        async with httpx.AsyncClient() as client:
            for _ in range(2):
                assert (await client.get(url, params=params)).status_code == 200
            wrong = await client.get(url, params={**params, "token": "gjett"})
            assert wrong.status_code == 403
        await kari.expect(lambda f: f.get("kind") == "message" and f.get("text") == "x2")
        ok(await kari.request("note", conversation=conv, text="etter"))
        await kari.expect(lambda f: f.get("kind") == "note")
        assert [f["text"] for f in kari.events(conv) if f["kind"] == "message"
                and f.get("text") == "x2"] == ["x2"]
        assert phones.messages() == again
    stored = stored_bytes(hub_db)
    logged = "\n".join(r.getMessage() for r in caplog.records).encode()
    for form in NUMBER_FORMS:
        assert form not in stored
        assert form not in logged


async def test_a_reply_waits_while_kannel_is_down_and_goes_out_once(
    tmp_path: Path, hub_db: Path
) -> None:
    async with rig(tmp_path, hub_db) as (hub, kannel, phones), \
            Wire.connect(hub.url, "/v1/staff") as kari:
        await staff_login(kari, "kari")
        conv = await take_text(kari, phones, "hei")
        await kari.expect(lambda f: f.get("kind") == "message")
        await asyncio.to_thread(phones.close)
        await asyncio.to_thread(kannel.stop)
        sent = ok(await kari.request("send", conversation=conv, text="Er du der fortsatt?"))
        await status(kari, conv, sent["seq"], "pending")
        await asyncio.sleep(2.5)  # several tries fail meanwhile
        assert not [f for f in kari.events(conv) if f.get("kind") == "sms_status"
                    and f.get("status") != "pending"]
        await asyncio.to_thread(kannel.start)
        phones.connect()
        await status(kari, conv, sent["seq"], "sent")
        (reply,) = await received(phones, 1)
        assert reply.text == "Er du der fortsatt?"
        await status(kari, conv, sent["seq"], "delivered")
        ok(await kari.request("note", conversation=conv, text="ferdig"))
        await kari.expect(lambda f: f.get("kind") == "note")
        assert len(phones.messages()) == 1  # exactly once


async def test_the_thread_key_survives_a_restart_of_the_hub(tmp_path: Path, hub_db: Path) -> None:
    async with rig(tmp_path, hub_db) as (hub, _kannel, phones), \
            Wire.connect(hub.url, "/v1/staff") as kari:
        await staff_login(kari, "kari")
        phones.text(NUMBER, "første")
        conv = await queued_sms(kari)
        first = dict(hub.hub.feature(SmsFeature).threads)
    async with rig(tmp_path, hub_db) as (hub, _kannel, phones), \
            Wire.connect(hub.url, "/v1/staff") as kari:
        await staff_login(kari, "kari")
        assert hub.hub.feature(SmsFeature).threads == first
        phones.text("004791234512", "andre")  # the same number as an SMSC may give it
        ok(await kari.request("accept", conversation=conv))
        await kari.expect(lambda f: f.get("kind") == "message" and f.get("text") == "andre")
        assert hub.hub.feature(SmsFeature).threads == first
        assert await numbers_kept(hub) == 1
        ok(await kari.request("close", conversation=conv))
        await kari.event(conv, "closed")
        for _ in range(100):  # forgotten once closed, after the store commits
            if not await numbers_kept(hub):
                break
            await asyncio.sleep(0.05)
        assert await numbers_kept(hub) == 0


async def numbers_kept(hub: HubServer) -> int:
    row = await hub.hub.store.run(
        lambda c: c.execute("SELECT count(*) FROM sms_kannel_numbers").fetchone(), write=False)
    return int(row[0])


def test_workstation_hub_serve_sms_kannel_with_credentials_from_a_file(
    tmp_path: Path, hub_db: Path
) -> None:
    """The hub as a service: ``--sms kannel``, the secrets in a file, the log without numbers."""
    port = free_port()
    kannel = Kannel(tmp_path, f"http://127.0.0.1:{port}")
    settings = kannel.settings
    credentials = tmp_path / "sms.credentials"
    credentials.write_text(f"# Kannel\nusername = {settings.username}\n"
                           f"password = {settings.password}\ntoken = {settings.token}\n")
    log_path = tmp_path / "hub.log"
    with log_path.open("wb") as log_file:
        hub = subprocess.Popen(
            [sys.executable, "-m", "workstation.hub.cli", "serve", "--db", str(hub_db),
             "--port", str(port), "--sms", "kannel", "--sms-url", settings.sendsms_url,
             "--sms-credentials", str(credentials)],
            stdout=subprocess.PIPE, stderr=log_file, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    phones = FakePhones(kannel)
    try:
        assert hub.stdout is not None
        assert hub.stdout.readline().startswith("listening on ")
        kannel.start()
        phones.connect()
        asyncio.run(_text_and_answer(f"ws://127.0.0.1:{port}", phones))
    finally:
        phones.close()
        kannel.stop()
        hub.terminate()
        hub.wait(10)
        assert hub.stdout is not None
        hub.stdout.close()
    logged = log_path.read_bytes()
    assert b"hub started" in logged
    assert settings.password.encode() not in logged
    for form in NUMBER_FORMS:
        assert form not in logged
        assert form not in stored_bytes(hub_db)


async def _text_and_answer(url: str, phones: FakePhones) -> None:
    async with Wire.connect(url, "/v1/staff") as kari:
        await staff_login(kari, "kari")
        conv = await take_text(kari, phones, "hei fra telefonen")
        sent = ok(await kari.request("send", conversation=conv, text="Hei tilbake"))
        await status(kari, conv, sent["seq"], "delivered")
        (reply,) = await received(phones, 1)
        assert reply.text == "Hei tilbake"

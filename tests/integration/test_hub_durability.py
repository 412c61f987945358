"""Acknowledged events survive SIGKILL of the hub; resume and sync pick up where they were."""

from __future__ import annotations

from tests.conftest import staff_login
from tests.support.hubs import HubProcess
from tests.support.wire import Wire, ok


async def test_acknowledged_events_survive_sigkill_and_restart(hub_process: HubProcess) -> None:
    url = hub_process.url
    async with (
        Wire.connect(url, "/v1/contact") as contact,
        Wire.connect(url, "/v1/staff") as desk,
    ):
        opened = ok(await contact.request("open", channel="chat"))
        conv = opened["conversation"]
        await staff_login(desk, "kari")
        ok(await desk.request("accept", conversation=conv))
        acked = [ok(await contact.request("send", text=f"melding {i}"))["seq"] for i in range(20)]
        reply = ok(await desk.request("send", id="svar-1", conversation=conv, text="Jeg leser."))
        hub_process.kill()
        await contact.closed.wait()
        await desk.closed.wait()

    hub_process.start()  # same port, same database
    async with Wire.connect(hub_process.url, "/v1/contact") as contact:
        ok(await contact.request("resume", resume_token=opened["resume_token"], after=0))
        await contact.expect(lambda f: f.get("seq") == reply["seq"])
        seqs = [e["seq"] for e in contact.events(conv)]
        assert seqs == list(range(1, reply["seq"] + 1))
        texts = [e["text"] for e in contact.events(conv) if e["kind"] == "message"]
        assert texts == [f"melding {i}" for i in range(20)] + ["Jeg leser."]
        assert set(acked) <= set(seqs)
        # Resending after the restart returns the original seq and stores nothing new.
        async with Wire.connect(hub_process.url, "/v1/staff") as desk:
            await staff_login(desk, "kari")
            again = ok(
                await desk.request("send", id="svar-1", conversation=conv, text="Jeg leser.")
            )
            assert again["seq"] == reply["seq"]
            ok(await desk.request("sync", after={conv: 0}))
            assert len(desk.events(conv)) == reply["seq"]
        ok(await contact.request("send", text="er du der fortsatt?"))
        assert (await contact.event(conv, "message"))["seq"] > 0


async def test_queue_survives_a_restart(hub_process: HubProcess) -> None:
    async with Wire.connect(hub_process.url, "/v1/contact") as contact:
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
    hub_process.kill()
    hub_process.start()
    async with Wire.connect(hub_process.url, "/v1/staff") as desk:
        await staff_login(desk, "kari")
        queue = await desk.expect(lambda f: f["type"] == "queue")
        assert [(i["conversation"], i["channel"]) for i in queue["items"]] == [(conv, "chat")]

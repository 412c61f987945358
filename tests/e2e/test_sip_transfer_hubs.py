"""The phone's transfer to a colleague signed in on another hub (issue 16; docs/deploy.md
"Several hubs at once", docs/telephony.md "A transfer across hubs"): hub A
(``workstation-hub serve --db postgresql://… --sip udp:127.0.0.1:0``) takes the call, hub B
(``serve --sip`` on the same database, started while the call runs on A: it must leave
A's call be) has ola. Desks are the desk code's own
:class:`DeskSoftphone` (kari 440 Hz on A, ola 600 Hz on B, each telling its hub its port), the
caller a baresip (1000 Hz). After kari's ``call_transfer`` to ola, hub A dials ola's softphone
(whose address hub B wrote into ``staff_presence``) and Goertzel power says ola hears the
caller, the caller hears ola, and kari hears nothing more; ola's hold through B puts the
caller on A's waiting audio and her resume brings the voices back. Her softphone lost
(``softphone_lost`` to B) holds the call on A and alerts the shift lead on B, whose
``call_take_over`` to B has A dial her softphone (lead2, 700 Hz): she hears the caller and
the caller her. A second call to A rings on ola's desk through B, and her answer there
brings her the caller's voice."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import psycopg
import pytest

from tests.e2e.test_sip_conference import hears, talk
from tests.e2e.test_sip_lines import RATE, heard_s, samples, share, until_heard
from tests.e2e.test_sip_listen_in_served import linked_desk
from tests.e2e.test_softphone_lost import answered
from tests.support.sip import caller, loud_share, sip_hub
from tests.support.two_hubs import stored_fields, transfer_across
from tests.support.wire import ok
from workstation.hub.cli import PRESENCE_ENV

pytestmark = [pytest.mark.slow, pytest.mark.parametrize("backend", ["postgres"], indirect=True)]

CALLER_HZ, KARI_HZ, OLA_HZ, LEAD_HZ = 1000, 440, 600, 700
#: A tone nobody sends.
NOBODY_HZ = 1850


async def test_a_call_transferred_to_a_colleague_on_another_hub_moves_its_voice(
    tmp_path: Path, hub_db: str
) -> None:
    a_dir, kari_dir, ola_dir = tmp_path / "a", tmp_path / "kari", tmp_path / "ola"
    lead_dir = tmp_path / "lead"
    with sip_hub(hub_db, tmp_path / "hub-a.log") as a:
        async with (
            linked_desk(a.url, kari_dir, "kari", KARI_HZ) as (kari, kari_phone),
            caller(a_dir, hertz=CALLER_HZ) as phone,
        ):
            conv = await answered(a.sip, a_dir, kari_dir, kari, phone)
            # Hub B (a phone of its own) starts while the call runs on A: it leaves it be.
            with sip_hub(hub_db, tmp_path / "hub-b.log") as b:
                async with (
                    linked_desk(b.url, ola_dir, "ola", OLA_HZ) as (ola, ola_phone),
                    linked_desk(b.url, lead_dir, "lead2", LEAD_HZ) as (lead, lead_phone),
                ):
                    await talk(a_dir, kari_dir)
                    hears(a_dir, (KARI_HZ,), (OLA_HZ, NOBODY_HZ))
                    await transfer_across(kari, ola, conv, 30)
                    async with asyncio.timeout(15):  # the voice moved: the first desk let go
                        await kari_phone.until("ready")
                    assert ola_phone.state == "in_call"
                    await talk(a_dir, ola_dir)
                    hears(ola_dir, (CALLER_HZ,), (KARI_HZ, NOBODY_HZ))
                    hears(a_dir, (OLA_HZ,), (KARI_HZ, NOBODY_HZ))

                    # Ola holds and resumes it from hub B: hub A, holding the call, puts
                    # the caller on the waiting audio, then brings the voices back.
                    ok(await ola.request("call_hold", conversation=conv, timeout=15))
                    held_at = heard_s(a_dir)
                    await until_heard(a_dir, held_at + 6)  # a chime every 4 s
                    held = samples(a_dir)[int((held_at + 0.5) * RATE):int((held_at + 6) * RATE)]
                    ok(await ola.request("call_resume", conversation=conv, timeout=15))
                    await talk(a_dir, ola_dir)
                    hears(ola_dir, (CALLER_HZ,), (KARI_HZ, NOBODY_HZ))
                    hears(a_dir, (OLA_HZ,), (KARI_HZ, NOBODY_HZ))

                    # Her softphone lost (said to B): A holds the call, the lead on B is
                    # alerted and takes it over through B; A dials the lead's softphone.
                    lost = ok(await ola.request("softphone_lost", timeout=15))
                    assert lost["held"] == [conv]
                    await lead.expect(lambda f: f.get("alert") == "call_desk_lost", 15)
                    async with asyncio.timeout(15):
                        await ola_phone.until("ready")
                    ok(await ola.request("softphone_ready", port=ola_phone.port))
                    ok(await lead.request("call_take_over", conversation=conv, timeout=15))
                    assert lead_phone.state == "in_call"
                    await talk(a_dir, lead_dir)
                    hears(lead_dir, (CALLER_HZ,), (KARI_HZ, OLA_HZ, NOBODY_HZ))
                    hears(a_dir, (LEAD_HZ,), (KARI_HZ, OLA_HZ, NOBODY_HZ))

                    # The lead ends it from hub B: hub A, holding the call, hangs up.
                    ok(await lead.request("close", conversation=conv, reason="staff_closed"))
                    async with asyncio.timeout(15):
                        await lead_phone.until("ready")

                    # The caller rings A again; it rings on ola's desk on B too, and her
                    # answer through B brings the voice to her softphone from A.
                    again = await answered(a.sip, a_dir, ola_dir, ola, phone)
                    assert again != conv and kari_phone.state == "ready"
                    hears(ola_dir, (CALLER_HZ,), (KARI_HZ, NOBODY_HZ))
                    hears(a_dir, (OLA_HZ,), (KARI_HZ, NOBODY_HZ))
    log = [kind for kind, _ in stored_fields(hub_db, conv)]
    assert log[-9:] == ["call_transferred", "assigned", "call_held", "call_resumed",
                        "call_held", "call_taken_over", "assigned", "call_resumed",
                        "closed"], log
    assert loud_share(held) > 0.02, "the caller held through hub B hears no waiting audio"
    assert share(held, OLA_HZ) < 0.01, "the caller held through hub B still hears ola"


#: The presence expiry of the killed-hub test (production: 15 s).
QUICK_EXPIRES_S = 3.0


async def test_a_call_whose_hub_is_killed_is_ended_by_the_hub_that_lives(
    tmp_path: Path, hub_db: str
) -> None:
    """kari on hub B answers a call that hub A (its own SIP front) took; A is SIGKILLed
    and does not come back: within the expiry and a heartbeat B writes the call's end once,
    as A would have at its restart, kari's desk gets it through B, and the row is closed
    (docs/telephony.md, "The call's hub gone")."""
    a_dir, kari_dir = tmp_path / "a", tmp_path / "kari"
    quick = {PRESENCE_ENV: str(QUICK_EXPIRES_S)}
    with sip_hub(hub_db, tmp_path / "hub-b.log", env=quick) as b:
        async with linked_desk(b.url, kari_dir, "kari", KARI_HZ) as (kari, _):
            with sip_hub(hub_db, tmp_path / "hub-a.log", env=quick) as a:
                async with caller(a_dir, hertz=CALLER_HZ) as phone:
                    conv = await answered(a.sip, a_dir, kari_dir, kari, phone)
                    a.proc.send_signal(signal.SIGKILL)
                    a.proc.wait(10)
                    killed = time.monotonic()
                    closed = await kari.event(conv, "closed", QUICK_EXPIRES_S * 4 / 3 + 5)
                    took = time.monotonic() - killed
            assert closed["reason"] == "contact_left"
    print(f"ended {took:.1f} s after the kill")
    assert took > QUICK_EXPIRES_S * 2 / 3 - 0.3, "ended before its hub's expiry"
    ends = [(kind, fields) for kind, fields in stored_fields(hub_db, conv)
            if kind in ("call_ended", "closed")]
    assert [(kind, fields.get("by")) for kind, fields in ends] == [
        ("call_ended", "caller"), ("closed", None)], ends
    with psycopg.connect(hub_db) as conn:
        assert conn.execute("SELECT state, ended_at IS NOT NULL FROM desk_calls "
                            "WHERE conversation = %s", (conv,)).fetchone() == ("ended", True)

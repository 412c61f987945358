"""Listen-in and three-way through a served hub (issue 15; docs/telephony.md, "Listen-in and
three-way" and "Where a desk's softphone listens"): ``workstation-hub serve --sip
udp:127.0.0.1:0`` with no ``--sip-desk``, the real staff wire, the desk code's own
:class:`DeskSoftphone` for the counsellor (kari, 440 Hz) and the shift lead (700 Hz) on two
ports of this one machine, each telling the hub its port (``softphone_ready``, through
:class:`SoftphoneLink`), and a baresip caller (1000 Hz). Goertzel power says who hears whom:
while the lead listens, the lead hears the caller and kari and neither hears the lead; after
``call_join`` and kari's consent all three hear each other.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.test_sip_conference import hears, talk
from tests.e2e.test_sip_lines import TALK_S, until_heard
from tests.e2e.test_softphone_lost import answered, softphone
from tests.support.hubs import make_db
from tests.support.sip import caller, need, sip_hub, staff, wire_send
from tests.support.wire import Wire, ok
from workstation.client.softphone import SoftphoneLink
from workstation.sip.softphone import DeskSoftphone

pytestmark = pytest.mark.slow

CALLER_HZ, KARI_HZ, LEAD_HZ = 1000, 440, 700
#: A tone nobody sends, clear of the three's intermodulation (docs/telephony.md).
NOBODY_HZ = 1850


@contextlib.asynccontextmanager
async def linked_desk(url: str, folder: Path, user: str, hertz: float) -> AsyncIterator[
    tuple[Wire, DeskSoftphone]
]:
    """A signed-in desk whose softphone (its own free port) told the hub where it listens."""
    async with softphone(folder, user, hertz) as phone, staff(url, user) as wire:
        link = SoftphoneLink(phone, wire_send(wire))
        await link.settled()
        assert [answer["type"] for answer in link.answers] == ["ok"], link.answers
        yield wire, phone


async def test_the_lead_listens_in_then_joins_with_consent_through_serve(
    tmp_path: Path,
) -> None:
    need("jackd")
    db, log = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log"
    a_dir, kari_dir, lead_dir = tmp_path / "a", tmp_path / "kari", tmp_path / "lead"
    with sip_hub(db, log) as hub:
        async with (
            linked_desk(hub.url, kari_dir, "kari", KARI_HZ) as (kari, kari_phone),
            linked_desk(hub.url, lead_dir, "lead", LEAD_HZ) as (lead, lead_phone),
            caller(a_dir, hertz=CALLER_HZ) as phone,
        ):
            assert kari_phone.port != lead_phone.port  # two desk softphones, one machine
            conv = await answered(hub.sip, a_dir, kari_dir, kari, phone)
            assert kari_phone.state == "in_call" and lead_phone.state == "ready"
            consult = ok(await kari.request("consult", conversation=conv, to="lead"))["consult"]
            await lead.expect(lambda f: f["type"] == "consult_request")
            ok(await lead.request("consult_accept", consult=consult))

            ok(await lead.request("call_listen", conversation=conv, timeout=30))
            await kari.event(conv, "call_listening", 10)
            assert lead_phone.state == "in_call"
            await until_heard(lead_dir, TALK_S)
            await talk(a_dir, kari_dir, lead_dir)
            hears(lead_dir, (CALLER_HZ, KARI_HZ), (LEAD_HZ, NOBODY_HZ))
            hears(a_dir, (KARI_HZ,), (LEAD_HZ,))  # the caller does not hear the lead
            hears(kari_dir, (CALLER_HZ,), (LEAD_HZ,))  # nor does kari

            ok(await lead.request("call_join", conversation=conv))
            await kari.event(conv, "call_join_requested", 10)
            await talk(a_dir, kari_dir)
            hears(a_dir, (KARI_HZ,), (LEAD_HZ,))  # nothing of the lead before the consent
            ok(await kari.request("call_join_answer", conversation=conv, user="lead",
                                  consent=True, timeout=30))
            await kari.event(conv, "call_joined", 10)
            await talk(a_dir, kari_dir, lead_dir)
            hears(a_dir, (KARI_HZ, LEAD_HZ), (CALLER_HZ, NOBODY_HZ))
            hears(kari_dir, (CALLER_HZ, LEAD_HZ), (KARI_HZ, NOBODY_HZ))
            hears(lead_dir, (CALLER_HZ, KARI_HZ), (LEAD_HZ, NOBODY_HZ))

            ok(await kari.request("call_hangup", conversation=conv))
            await lead_phone.until("ready")

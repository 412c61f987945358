"""An outside party in a call through a served hub (issue 15; docs/telephony.md, "Listen-in
and three-way"): ``workstation-hub serve --sip udp:127.0.0.1:0 --sip-outside
'sip:{number}@127.0.0.1:PORT'`` where PORT is an auto-answering baresip playing "the police"
(1700 Hz), the real staff wire, the desk code's :class:`DeskSoftphone` for the counsellor (kari,
440 Hz, ``softphone_ready``) and a baresip caller (1000 Hz). kari rings the directory's police
(112) into the call with ``call_add_party`` (``confirmed``): each of the three hears the two
others and not itself; ``call_drop_party`` hangs the police up, and the caller and kari go on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_sip_call import until_event
from tests.e2e.test_sip_conference import hears, talk
from tests.e2e.test_sip_desk_voice import desk_phone
from tests.e2e.test_sip_lines import TALK_S, until_heard
from tests.e2e.test_sip_listen_in_served import NOBODY_HZ, linked_desk
from tests.e2e.test_softphone_lost import answered
from tests.support.hubs import make_db
from tests.support.sip import caller, need, sip_hub
from tests.support.wire import ok

pytestmark = pytest.mark.slow

# 1700, not 1500: 1500 - 440 = 1060 Hz (the mixed tones' intermodulation through G.711) lies close
# enough to the caller's own 1000 Hz to read as a faint echo of it.
CALLER_HZ, KARI_HZ, POLICE_HZ = 1000, 440, 1700
#: The referral directory's police emergency number (its phone: 112).
POLICE = "politi-112"


async def test_the_police_rung_in_hear_and_are_heard_and_leave_alone_through_serve(
    tmp_path: Path,
) -> None:
    need("jackd")
    db, log = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log"
    a_dir, kari_dir, police_dir = tmp_path / "a", tmp_path / "kari", tmp_path / "police"
    async with desk_phone(police_dir, "112", POLICE_HZ) as police:
        trunk = f"sip:{{number}}@{police.address.removeprefix('udp:')}"
        with sip_hub(db, log, extra=("--sip-outside", trunk)) as hub:
            async with (
                linked_desk(hub.url, kari_dir, "kari", KARI_HZ) as (kari, _),
                caller(a_dir, hertz=CALLER_HZ) as phone,
            ):
                conv = await answered(hub.sip, a_dir, kari_dir, kari, phone)
                party = ok(await kari.request("call_add_party", conversation=conv,
                                              service=POLICE, confirmed=True))["party"]
                added = await kari.event(conv, "call_party_added", 10)
                assert (added["party"], added["service"]) == (party, POLICE)
                await until_event(police, "CALL_ESTABLISHED", 10)
                await until_heard(police_dir, TALK_S)
                await talk(a_dir, kari_dir, police_dir)
                hears(a_dir, (KARI_HZ, POLICE_HZ), (CALLER_HZ, NOBODY_HZ))
                hears(kari_dir, (CALLER_HZ, POLICE_HZ), (KARI_HZ, NOBODY_HZ))
                hears(police_dir, (CALLER_HZ, KARI_HZ), (POLICE_HZ, NOBODY_HZ))

                ok(await kari.request("call_drop_party", conversation=conv, party=party))
                left = await kari.event(conv, "call_party_left", 10)
                assert (left["party"], left["by"]) == (party, "kari")
                await until_event(police, "CALL_CLOSED", 10)  # the police's phone hangs up
                await talk(a_dir, kari_dir)
                hears(a_dir, (KARI_HZ,), (POLICE_HZ, CALLER_HZ))
                hears(kari_dir, (CALLER_HZ,), (POLICE_HZ, KARI_HZ))
                ok(await kari.request("call_hangup", conversation=conv))

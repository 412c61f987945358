"""Listen-in and three-way calls through the hub's mixer (docs/telephony.md, "Listen-in and
three-way"): real baresip callers, desk softphones and an outside party on loopback, each
sending its own tone and recording what it hears; Goertzel power says who heard whom.

Tones: the caller 1000 Hz, the counsellor (kari) 440 Hz, the shift lead 700 Hz, the outside
party ("the police") 1500 Hz; another call: its caller 1850 Hz, ola 1650 Hz
(both clear of the 3rd-order intermodulation of the four, which clip when summed).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.test_sip_desk_voice import desk_phone
from tests.e2e.test_sip_lines import RATE, TALK_S, dial, heard_s, samples, until_heard
from tests.support.sip import caller, need, power_at, sip_endpoint
from workstation.hub.telephony.adapter import CallEvent, TelephonyError
from workstation.hub.telephony.sip import SipTelephony
from workstation.sip import BaresipProcess

pytestmark = pytest.mark.slow

#: How many times more power a tone that is heard has than one that must not be.
HEARD = 1000.0


def powers(folder: Path, *hertz: float) -> dict[float, float]:
    """Goertzel power at each of ``hertz`` in the last two seconds ``folder``'s phone heard."""
    tail = samples(folder)[-2 * RATE:]
    assert len(tail) == 2 * RATE
    return {hz: power_at(tail, hz) for hz in hertz}


def hears(folder: Path, present: tuple[float, ...], absent: tuple[float, ...],
          ratio: float = HEARD) -> None:
    """Each tone of ``present`` more than ``ratio`` times each of ``absent``."""
    found = powers(folder, *present, *absent)
    loudest_absent = max(max(found[hz] for hz in absent), 1.0)
    for hz in present:
        assert found[hz] > ratio * loudest_absent, (folder.name, found)


async def talk(*folders: Path) -> None:
    """Until every phone in ``folders`` has heard ``TALK_S`` more seconds."""
    before = {folder: heard_s(folder) for folder in folders}
    for folder in folders:
        await until_heard(folder, before[folder] + TALK_S)


@contextlib.asynccontextmanager
async def helpline(tmp_path: Path, police: BaresipProcess | None = None) -> AsyncIterator[
    tuple[SipTelephony, asyncio.Queue[CallEvent], str, str]
]:
    """The endpoint with kari, ola and the lead's softphones, a caller answered on kari's
    desk and another on ola's; yields (adapter, events, kari's call, ola's call)."""
    need("jackd")
    async with (
        desk_phone(tmp_path / "kari", "kari", 440) as kari,
        desk_phone(tmp_path / "ola", "ola", 1650) as ola,
        desk_phone(tmp_path / "lead", "lead", 700) as lead,
    ):
        desks = {name: f"sip:{name}@{phone.address.removeprefix('udp:')}"
                 for name, phone in (("kari", kari), ("ola", ola), ("lead", lead))}
        async with sip_endpoint(desks.get) as (adapter, events):
            if police is not None:
                adapter.outside_phone = {"112": f"sip:112@{police.address[4:]}"}.get
            async with (
                caller(tmp_path / "a", hertz=1000) as a,
                caller(tmp_path / "b", number="+4791234513", hertz=1850) as b,
            ):
                first = await dial(a, adapter, events)
                second = await dial(b, adapter, events)
                await adapter.answer(first, "kari")
                await adapter.answer(second, "ola")
                await talk(tmp_path / "kari", tmp_path / "ola")
                yield adapter, events, first, second


async def test_the_lead_listens_in_hears_both_and_nobody_hears_the_lead(tmp_path: Path) -> None:
    async with helpline(tmp_path) as (adapter, events, call, _):
        assert await adapter.listen(call, "lead") == "lead:lead"
        await until_heard(tmp_path / "lead", TALK_S)
        await talk(tmp_path / "a", tmp_path / "kari", tmp_path / "b", tmp_path / "ola")
        hears(tmp_path / "lead", (1000, 440), (700, 1850, 1650))
        hears(tmp_path / "a", (440,), (700, 1850, 1650))  # not the lead
        hears(tmp_path / "kari", (1000,), (700, 1850, 1650))
        hears(tmp_path / "b", (1650,), (1000, 440, 700))  # the other call: none of it
        hears(tmp_path / "ola", (1850,), (1000, 440, 700))
        await adapter.drop_party(call, "lead:lead")  # call_listen_end
        await talk(tmp_path / "a", tmp_path / "kari")
        hears(tmp_path / "a", (440,), (700, 1850))
        hears(tmp_path / "kari", (1000,), (700, 1850))
        assert adapter.calls[call].state == "connected"


async def test_joined_and_an_outside_party_all_hear_all_and_the_party_leaves_alone(
    tmp_path: Path,
) -> None:
    async with (
        desk_phone(tmp_path / "police", "112", 1500) as police,
        helpline(tmp_path, police) as (adapter, events, call, _),
    ):
        await adapter.listen(call, "lead")
        await adapter.join(call, "lead")
        party = await adapter.add_outside(call, "112")
        await until_heard(tmp_path / "police", TALK_S)
        everyone = ("a", "kari", "lead", "police")
        await talk(*(tmp_path / name for name in (*everyone, "b", "ola")))
        tones = {"a": 1000, "kari": 440, "lead": 700, "police": 1500}
        for name in everyone:
            others = tuple(hz for who, hz in tones.items() if who != name)
            # Three tones at half scale clip in the sum; the other call's tones are away
            # from their intermodulation (1300 Hz = 2 × 1000 − 700 was at 1/30).
            hears(tmp_path / name, others, (1850, 1650))
        hears(tmp_path / "b", (1650,), (1000, 440, 700, 1500))
        hears(tmp_path / "ola", (1850,), (1000, 440, 700, 1500))
        assert police.control is not None
        await police.control.command("hangup", "")
        left = await asyncio.wait_for(events.get(), 10)
        assert (left.kind, left.call, left.party) == ("left", call, party)
        await talk(tmp_path / "a", tmp_path / "kari")
        hears(tmp_path / "a", (440, 700), (1500,))  # the call goes on without the police
        hears(tmp_path / "kari", (1000, 700), (1500,))
        with pytest.raises(TelephonyError):
            await adapter.add_outside(call, "113")  # no line out to that number

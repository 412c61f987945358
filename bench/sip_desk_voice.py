"""The desk leg's answer-to-audio: from ``SipTelephony.answer`` to the first 20 ms frame of
the other side's tone in each phone's recording (docs/telephony.md, docs/performance.md).

A baresip caller sends 1 kHz, a baresip desk softphone (answering by itself) 440 Hz; the hub's
endpoint is :class:`SipTelephony` with its own baresip, all on loopback.

    .venv/bin/python bench/sip_desk_voice.py --calls 5
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO

sys.path.insert(0, str(REPO))

from tests.e2e.test_sip_call import until_event, until_heard  # noqa: E402
from tests.e2e.test_sip_desk_voice import desk_phone, endpoint, seconds_heard  # noqa: E402
from tests.support.sip import caller, heard, power_at  # noqa: E402

FRAME = 160  # 20 ms at 8 kHz


def tone_at(frame: list[int], hertz: float, other: float) -> bool:
    return max(abs(x) for x in frame) > 3000 and power_at(frame, hertz) > 1000 * power_at(
        frame, other)


def first_frame_of(samples: list[int], start: int, hertz: float, other: float) -> int | None:
    """The index of the first 20 ms frame from ``start`` that begins 10 frames (200 ms) of a
    loud, clean ``hertz`` (a voice or a chime in the queue audio is not that)."""
    for i in range(start, len(samples) - 10 * FRAME, 10):
        if all(tone_at(samples[j:j + FRAME], hertz, other)
               for j in range(i, i + 10 * FRAME, FRAME)):
            return i
    return None


async def one_call(folder: Path) -> tuple[float, float]:
    """(answer → the caller hears the desk, answer → the desk hears the caller), in ms."""
    async with (
        desk_phone(folder / "desk") as desk,
        endpoint(desk) as (adapter, events),
        caller(folder / "caller") as phone,
    ):
        assert phone.control is not None
        await phone.control.command("dial", f"sip:116111@{adapter.address[4:]}")
        offered = await asyncio.wait_for(events.get(), 20)
        await until_heard(folder / "caller", 1)
        before = int(seconds_heard(folder / "caller") * 8000)  # roughly: the file lags
        answered = time.monotonic()
        await adapter.answer(offered.call, "kari")
        await until_event(desk, "CALL_ESTABLISHED")
        desk_started = time.monotonic()
        await until_heard(folder / "desk", 2)
        hung_up = time.monotonic()
        await phone.control.command("hangup")
        await until_event(desk, "CALL_CLOSED")
    # The caller's recording is placed in time from its end (the hang-up), not from its
    # size at the answer: the file is written behind the call.
    samples = list(heard(folder / "caller"))
    at_caller = first_frame_of(samples, max(0, before - 8000), 440, 1000)
    at_desk = first_frame_of(list(heard(folder / "desk")), 0, 1000, 440)
    assert at_caller is not None and at_desk is not None, "a tone never arrived"
    caller_hears = (hung_up - answered) * 1000 - (len(samples) - at_caller) / 8
    return (caller_hears, (desk_started - answered) * 1000 + at_desk / 8)


async def main(calls: int) -> None:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(calls):
            results.append(await one_call(Path(tmp) / str(n)))
    for name, values in (("answer -> caller hears the desk", [r[0] for r in results]),
                         ("answer -> desk hears the caller", [r[1] for r in results])):
        print(f"{name}: median {statistics.median(values):.0f} ms, "
              f"max {max(values):.0f} ms ({', '.join(f'{v:.0f}' for v in values)})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=5)
    asyncio.run(main(parser.parse_args().calls))

"""Every line busy: the next caller hears a Norwegian sentence and is hung up cleanly, instead
of a bare 486; ``/metrics`` counts it; the hub stays up (docs/telephony.md, "Overflow")."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from tests.e2e.test_sip_call import until_event
from tests.support.http import aget, http_url
from tests.support.hubs import make_db
from tests.support.sip import caller, heard, loud_share, sip_hub, staff
from tests.support.wire import ok

pytestmark = pytest.mark.slow


def metric(text: str, name: str) -> float:
    found = re.search(rf"^{re.escape(name)} (\S+)$", text, re.MULTILINE)
    assert found, f"{name} not in /metrics"
    return float(found.group(1))


async def test_the_caller_beyond_the_lines_hears_the_sentence_and_is_hung_up(
    tmp_path: Path,
) -> None:
    db, log = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log"
    with sip_hub(db, log, lines=1, position_s=0) as hub:
        async with (
            staff(hub.url, "kari") as kari,
            caller(tmp_path / "a") as first,
            caller(tmp_path / "b", number="+4791234513") as second,
        ):
            assert first.control is not None and second.control is not None
            await first.control.command("dial", f"sip:116111@{hub.host}:{hub.port}")
            ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"], 20)
            [item] = ringing["items"]

            # The one line is taken: the second caller is answered by the overflow line...
            await second.control.command("dial", f"sip:116111@{hub.host}:{hub.port}")
            established = await until_event(second, "CALL_ESTABLISHED", timeout=20)
            assert established.get("direction") == "outgoing"
            # ... hears the sentence, and the hub hangs up when it ends (a BYE, not an error).
            closed = await until_event(second, "CALL_CLOSED", timeout=30)
            assert "error" not in str(closed.get("param", "")).lower(), closed

            reply = await aget(http_url(hub.url, "/metrics"))
            assert metric(reply.body, "hub_sip_overflow_calls_total") == 1
            # Not queued: the one phone conversation is the first caller's.
            assert metric(reply.body, 'hub_queue_length{channel="phone"}') == 1

            # The first caller is still on its line, answered and ended as usual.
            ok(await kari.request("call_answer", conversation=item["conversation"]))
            await kari.event(item["conversation"], "call_answered")
            await first.control.command("hangup")
            await kari.event(item["conversation"], "call_ended", timeout=10)
    spoken = heard(tmp_path / "b")
    assert len(spoken) > 8000 * 2, "the overflow call carried under 2 s of audio"
    assert loud_share(spoken) > 0.3, "the overflow caller heard silence"
    assert hub.proc.returncode == 0  # a clean stop after all this


async def test_the_overflow_line_keeps_the_numbers_out_of_the_log(tmp_path: Path) -> None:
    """The overflow line's baresip output is discarded like the lines'; its log line names
    nobody."""
    db, log = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log"
    with sip_hub(db, log, lines=1, position_s=0) as hub:
        async with (
            caller(tmp_path / "a") as first,
            caller(tmp_path / "b", number="+4791234513") as second,
        ):
            assert first.control is not None and second.control is not None
            await first.control.command("dial", f"sip:116111@{hub.host}:{hub.port}")
            await until_event(first, "CALL_ESTABLISHED", timeout=20)
            await second.control.command("dial", f"sip:116111@{hub.host}:{hub.port}")
            await until_event(second, "CALL_CLOSED", timeout=30)
            await first.control.command("hangup")
            await asyncio.wait_for(until_event(first, "CALL_CLOSED"), 10)
    text = log.read_text()
    assert "overflow sentence" in text
    assert "91234513" not in text and "91234512" not in text

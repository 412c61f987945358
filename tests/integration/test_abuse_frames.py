"""Hostile frames: deep JSON, unknown types and log floods stay cheap and quiet."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.conftest import staff_login
from tests.support.logged_hub import logged_hub
from tests.support.wire import Wire, ok
from workstation.hub.logfilter import RepeatFilter
from workstation.hub.server import HubServer
from workstation.protocol.frames_consult import Roster


def _deep(depth: int, request_id: str = "deep", field: str = "text") -> str:
    nested = "[" * depth + "]" * depth
    return '{"type":"send","id":"' + request_id + f'","{field}":' + nested + "}"


@pytest.mark.parametrize("path", ["/v1/contact", "/v1/staff"])
async def test_deeply_nested_json_is_a_bad_frame_without_a_traceback(
    hub: HubServer, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with Wire.connect(hub.url, path) as wire:
        for depth in (1_000, 20_000):
            for field in ("text", "extra"):
                await wire.send(_deep(depth, field=field))
                answer = await wire.answer(None)
                assert answer["code"] == "bad_frame"
        # Still usable afterwards.
        if path == "/v1/contact":
            ok(await wire.request("open", channel="chat"))
        else:
            await staff_login(wire, "kari")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_a_stream_of_deep_frames_writes_no_log_and_spares_the_neighbour(
    hub: HubServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with (
        Wire.connect(hub.url, "/v1/contact") as flooder,
        Wire.connect(hub.url, "/v1/contact") as neighbour,
    ):
        for index in range(300):
            await flooder.send(_deep(2_000, f"d{index}"))
        await flooder.expect(lambda f: f.get("code") == "rate_limited")
        ok(await neighbour.request("open", channel="chat"))
        ok(await flooder.request("open", channel="chat"))  # after all 300 were read
    assert caplog.records == []


async def test_a_request_type_no_feature_answers_is_a_bad_frame(hub: HubServer) -> None:
    hub.staff_api.extra.pop(Roster)  # a hub built without the roster feature
    async with Wire.connect(hub.url, "/v1/staff") as desk:
        await staff_login(desk, "kari")
        answer = await desk.request("roster")
        assert answer["code"] == "bad_frame"
        teleport = await desk.request("teleport")
        assert teleport["code"] == "bad_frame"
        ok(await desk.request("presence", status="away"))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


async def test_a_flood_of_one_log_line_is_cut_to_a_few_and_a_summary(
    hub: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    collect = _Collect()
    repeat = RepeatFilter(collect.handle, max_repeats=5, interval_s=3600)
    collect.addFilter(repeat)
    logger = logging.getLogger("workstation.hub.server")
    logger.addHandler(collect)
    try:
        async with Wire.connect(hub.url, "/v1/contact") as contact:
            ok(await contact.request("open", channel="chat"))
            monkeypatch.setattr(hub.hub.store, "append", broken)
            for index in range(50):
                answer = await contact.request("send", text=f"hei {index}")
                assert answer["code"] == "internal"
        repeat.flush()
    finally:
        logger.removeHandler(collect)
    assert len(collect.lines) == 6
    assert all(line.startswith("Request failed: ZeroDivisionError") for line in collect.lines[:5])
    assert collect.lines[5] == "suppressed 45 similar lines in 3600 s: Request failed: %s"


async def test_the_served_hubs_log_stays_small_under_deep_frames(
    hub_db: Path, tmp_path: Path
) -> None:
    """1,500 deeply nested frames in about a second from one socket (the attack run's 1.8 MB
    of tracebacks a second)."""
    log = tmp_path / "hub.log"
    with logged_hub(hub_db, log) as url:
        async with Wire.connect(url, "/v1/contact") as flooder:
            for index in range(1_500):
                await flooder.send(_deep(3_000, f"d{index}"))
            ok(await flooder.request("open", channel="chat"))  # after all of them were read
            answers = [f for f in flooder.frames if f.get("type") == "error"]
            assert len(answers) == 1_500
            assert {a["code"] for a in answers} == {"bad_frame", "rate_limited"}
    assert log.stat().st_size < 2_000, log.read_text()

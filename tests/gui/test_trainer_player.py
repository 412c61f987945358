"""The trainer window, offscreen: seek, speed, practice stop and compare, annotations, files."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import staff_login
from tests.support.hubs import PASSWORD
from tests.support.wire import Wire, ok
from workstation.hub.replays import ReplayFeature
from workstation.hub.server import HubServer
from workstation.sessions.replay import Replay, ReplayEvent
from workstation.ui.futures import future_for
from workstation.ui.session import sign_in
from workstation.ui.trainer.annotate import AnnotationDialog
from workstation.ui.trainer.demo import demo_replays
from workstation.ui.trainer.files import read_replay, write_replay
from workstation.ui.trainer.transcript_model import ReplayTranscriptModel
from workstation.ui.trainer.window import TrainerWindow, open_trainer


def sample() -> Replay:
    def line(ms: int, sender: str, text: str, kind: str = "message") -> ReplayEvent:
        role = "Veileder" if sender == "staff" else None
        return ReplayEvent(offset_ms=ms, kind=kind, sender=sender, text=text, role=role)

    return Replay(
        replay="file:test",
        duration_s=60,
        events=[
            line(0, "system", "", "opened"),
            line(5_000, "contact", "hei <b>du</b>"),
            line(20_000, "staff", "Hei, så fint at du skriver."),
            line(30_000, "contact", "takk"),
            line(60_000, "system", "", "closed"),
        ],
    )


@pytest.fixture
async def window(qtbot: Any, tmp_path: Path) -> TrainerWindow:
    path = tmp_path / "sample.replay.json"
    write_replay(path, sample())
    win = TrainerWindow(None)
    qtbot.addWidget(win)
    win.show()
    assert await win.import_file(path) == "file:test"
    return win


def texts(model: ReplayTranscriptModel) -> list[str]:
    return [model.index(row).data() for row in range(model.rowCount())]


async def test_seek_and_speed(window: TrainerWindow) -> None:
    panel = window.player_panel
    assert window.list_model.rowCount() == 1
    assert panel.model.rowCount() == 1
    panel.timeline.seek_requested.emit(30_000)
    assert texts(panel.model)[1:] == ["hei <b>du</b>", "Hei, så fint at du skriver.", "takk"]
    assert panel.position_label.text() == "0:30 / 1:00"
    panel.seek(10_000)
    assert panel.model.rowCount() == 2
    panel.speed_group.button(8).click()
    assert panel.player is not None and panel.player.speed == 8
    panel.play()
    assert panel.play_button.text() == "Pause"
    panel.advance(1_000)  # 8 s of replay
    assert panel.model.rowCount() == 2 and panel.player.position_ms == 18_000
    panel.advance(300)
    assert panel.model.rowCount() == 3
    panel.advance(10_000)
    assert panel.player.finished and panel.model.rowCount() == 5
    assert panel.play_button.text() == "Spill av"


async def test_timeline_click_seeks(window: TrainerWindow, qtbot: Any) -> None:
    from PySide6.QtCore import QPoint, Qt

    timeline = window.player_panel.timeline
    x = timeline.x_of(30_000)
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(x, 25))
    assert abs(window.player_panel.player.position_ms - 30_000) < 1_000  # type: ignore[union-attr]


async def test_practice_stops_then_compares(window: TrainerWindow) -> None:
    panel = window.player_panel
    panel.practice_box.setChecked(True)
    panel.play()
    panel.advance(25_000)
    assert panel.player is not None and panel.player.stopped_at == 2
    assert texts(panel.model)[-1] == "hei <b>du</b>"  # the counsellor's reply is not shown
    assert panel.practice_panel.isVisible() and panel.practice_panel.asking
    assert not panel.play_button.isEnabled()
    panel.practice_panel.editor.setPlainText("Hei! Fint at du tar kontakt.")
    panel.practice_panel.show_button.click()
    assert panel.practice_panel.mine.text() == "Hei! Fint at du tar kontakt."
    assert panel.practice_panel.original.text() == "Hei, så fint at du skriver."
    assert texts(panel.model)[-1] == "Hei, så fint at du skriver."
    panel.practice_panel.continue_button.click()
    assert not panel.practice_panel.isVisible() and panel.player.playing
    panel.advance(40_000)
    assert panel.player.finished and panel.model.rowCount() == 5


async def test_plain_text_everywhere(window: TrainerWindow) -> None:
    from PySide6.QtCore import Qt

    panel = window.player_panel
    for label in (panel.practice_panel.mine, panel.practice_panel.original, panel.hover_label):
        assert label.textFormat() == Qt.TextFormat.PlainText


async def test_annotation_saved_into_the_file(
    window: TrainerWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def ask(parent: Any, offset_ms: int) -> str:
        return "Legg merke til <i>pausen</i>"

    monkeypatch.setattr(AnnotationDialog, "ask", ask)
    panel = window.player_panel
    panel.seek(20_000)
    saved = future_for(window.annotation_saved)
    panel.note_button.click()
    annotation = await asyncio.wait_for(saved, 5)
    assert annotation.offset_ms == 20_000
    assert panel.timeline.annotations == [annotation]
    assert panel.annotation_list.item(0).text() == "0:20  Legg merke til <i>pausen</i>"
    stored = read_replay(tmp_path / "sample.replay.json")
    assert [(a.offset_ms, a.text) for a in stored.annotations] == [
        (20_000, "Legg merke til <i>pausen</i>")
    ]
    panel.seek(0)
    panel.annotation_list.itemClicked.emit(panel.annotation_list.item(0))
    assert panel.player is not None and panel.player.position_ms == 20_000


async def test_export_and_reimport(window: TrainerWindow, tmp_path: Path) -> None:
    target = tmp_path / "out" / "copy.replay.json"
    assert await window.export_file(target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"] == "workstation-replay" and len(data["events"]) == 5
    bad = tmp_path / "bad.replay.json"
    bad.write_text('{"events": "nope"}', encoding="utf-8")
    assert await window.import_file(bad) is None
    assert window.status.text().startswith("Denne filen er ikke en avspilling")


async def test_demo_replays_open(qtbot: Any, tmp_path: Path) -> None:
    win = TrainerWindow(None)
    qtbot.addWidget(win)
    for replay in demo_replays():
        path = tmp_path / f"{replay.replay}.replay.json"
        write_replay(path, replay)
        await win.import_file(path)
    assert win.list_model.rowCount() == 2
    assert win.list_model.index(0, 3).data() == "Vold: Fysisk vold"


async def test_hub_mode_lists_opens_and_annotates(
    hub: HubServer, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as kari,
    ):
        await staff_login(kari, "kari")
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await kari.request("accept", conversation=conv))
        ok(await contact.request("send", text="jeg heter Emma"))
        ok(await kari.request("send", conversation=conv, text="Hei Emma, jeg heter Kari"))
        ok(await kari.request("close", conversation=conv))
    await hub.hub.feature(ReplayFeature).idle()
    session = await sign_in(hub.url, "trainer", PASSWORD)
    try:
        win = await open_trainer(session.client)
        qtbot.addWidget(win)
        assert win.list_model.rowCount() == 1
        opened = future_for(win.replay_opened)
        win.select_row(0)
        await asyncio.wait_for(opened, 5)
        panel = win.player_panel
        panel.seek(10**9)
        shown = texts(panel.model)
        assert "jeg heter [NAVN]" in shown and "Hei [NAVN], jeg heter [NAVN]" in shown
        await win.annotate(0, "Start")
        async with Wire.connect(hub.url, "/v1/staff") as sup:
            await staff_login(sup, "sup")
            replay_id = ok(await sup.request("replay_list"))["replays"][0]["replay"]
            got = ok(await sup.request("replay_get", replay=replay_id))
            assert [a["text"] for a in got["annotations"]] == ["Start"]
    finally:
        await session.close()

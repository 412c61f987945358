"""The trainer window on a real hub: deleting a replay, practice answers beside the original,
and an empty list that says why it is empty."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import staff_login
from tests.support.hubs import PASSWORD
from tests.support.practice import COUNSELLOR_LINES, add_trainees, make_replay
from tests.support.wire import Wire, ok
from workstation.client import ClientListener, ConnectionState
from workstation.hub.server import HubServer, serve_hub
from workstation.ui.futures import future_for
from workstation.ui.session import DeskSession, sign_in
from workstation.ui.trainer.attempts_model import AttemptsModel
from workstation.ui.trainer.delete import DeleteReplayDialog
from workstation.ui.trainer.window import TrainerWindow, open_trainer


@pytest.fixture
async def hub(hub_db: Path) -> AsyncIterator[HubServer]:
    add_trainees(hub_db)
    async with serve_hub(hub_db) as server:
        yield server


@pytest.fixture
async def sessions() -> AsyncIterator[list[DeskSession]]:
    """Sessions a test signs in; all closed at the end."""
    opened: list[DeskSession] = []
    yield opened
    for session in opened:
        await session.close()


async def window_for(hub: HubServer, user: str, sessions: list[DeskSession],
                     qtbot: Any) -> TrainerWindow:
    session = await sign_in(hub.url, user, PASSWORD)
    sessions.append(session)
    window = await open_trainer(session.client)
    qtbot.addWidget(window)
    window.show()
    return window


async def open_first(window: TrainerWindow) -> None:
    opened = future_for(window.replay_opened)
    window.select_row(0)
    await asyncio.wait_for(opened, 5)


def rows_of(model: AttemptsModel) -> list[tuple[str, ...]]:
    return [
        tuple(str(model.index(row, column).data()) for column in range(4))
        for row in range(model.rowCount())
    ]


async def test_delete_asks_first_then_the_replay_is_gone(
    hub: HubServer, sessions: list[DeskSession], qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    await make_replay(hub)
    window = await window_for(hub, "trainer", sessions, qtbot)
    assert not window.delete_action.isEnabled()  # nothing open yet
    await open_first(window)
    assert window.delete_action.isVisible() and window.delete_action.isEnabled()
    assert not window.player_panel.note_button.isHidden()
    asked: list[str] = []

    async def keep(parent: Any, description: str) -> bool:
        asked.append(description)
        return False

    monkeypatch.setattr(DeleteReplayDialog, "ask", keep)
    assert await window.delete_replay() is False
    duration = window.list_model.index(0, 1).data()
    assert asked == [f"Chat · {duration} · (ingen registrert)"]
    async with Wire.connect(hub.url, "/v1/staff") as sup:
        await staff_login(sup, "sup")
        assert len(ok(await sup.request("replay_list"))["replays"]) == 1

        async def delete(parent: Any, description: str) -> bool:
            return True

        monkeypatch.setattr(DeleteReplayDialog, "ask", delete)
        deleted = future_for(window.replay_deleted)
        window.delete_action.trigger()
        await asyncio.wait_for(deleted, 5)
        assert ok(await sup.request("replay_list"))["replays"] == []
    assert window.replay is None and not window.player_panel.isEnabled()
    assert window.list_model.rowCount() == 0
    assert window.list_pages.currentWidget() is window.empty_label
    assert window.empty_label.text().startswith("Det finnes ingen avspillinger ennå.")
    assert window.status.text() == "Avspillingen er slettet."
    assert not window.delete_action.isEnabled() and not window.export_action.isEnabled()


async def test_a_trainee_has_no_delete(
    hub: HubServer, sessions: list[DeskSession], qtbot: Any
) -> None:
    await make_replay(hub)
    window = await window_for(hub, "tina", sessions, qtbot)
    await open_first(window)
    assert not window.delete_action.isVisible()
    assert window.player_panel.note_button.isHidden()  # the hub would refuse a trainee's note
    assert window.attempts_panel.trainee_box.isHidden()
    assert window.attempts_panel.table.isColumnHidden(AttemptsModel.TRAINEE)


async def practise(window: TrainerWindow, answer: str) -> None:
    """Play in practice mode to the first stop, answer, and wait until it is saved."""
    panel = window.player_panel
    panel.practice_box.setChecked(True)
    panel.play()
    panel.advance(10**7)
    assert panel.practice_panel.asking
    panel.practice_panel.editor.setPlainText(answer)
    saved = future_for(window.attempt_saved)
    panel.practice_panel.show_button.click()
    await asyncio.wait_for(saved, 5)


async def test_practice_answers_kept_per_trainee_beside_the_original(
    hub: HubServer, sessions: list[DeskSession], qtbot: Any
) -> None:
    await make_replay(hub)
    tina = await window_for(hub, "tina", sessions, qtbot)
    await open_first(tina)
    assert tina.attempts_panel.empty_label.text().startswith("Ingen øvingssvar")
    await practise(tina, "Hei! <b>Fint</b> at du skriver.")
    assert tina.status.text() == "Svaret ditt er lagret under Øvingssvar."
    assert tina.tabs.tabText(1) == "Øvingssvar (1)"
    panel = tina.attempts_panel
    assert panel.pages.currentWidget() is panel.table
    moment, _, original, answer = rows_of(panel.model)[0]
    assert (original, answer) == (COUNSELLOR_LINES[0], "Hei! <b>Fint</b> at du skriver.")

    tore = await window_for(hub, "tore", sessions, qtbot)
    await open_first(tore)
    assert tore.attempts_panel.model.rowCount() == 0  # Tina's answer is not Tore's to see
    await practise(tore, "Hva har skjedd?")
    assert [row[3] for row in rows_of(tore.attempts_panel.model)] == ["Hva har skjedd?"]

    trainer = await window_for(hub, "trainer", sessions, qtbot)
    await open_first(trainer)
    everyone = trainer.attempts_panel
    assert not everyone.trainee_box.isHidden()
    assert [row[1:] for row in rows_of(everyone.model)] == [
        ("Tina Trainee", COUNSELLOR_LINES[0], "Hei! <b>Fint</b> at du skriver."),
        ("Tore Trainee", COUNSELLOR_LINES[0], "Hva har skjedd?"),
    ]
    assert [everyone.trainee_box.itemText(i) for i in range(everyone.trainee_box.count())] == [
        "Alle kursdeltakere", "Tina Trainee", "Tore Trainee",
    ]
    everyone.trainee_box.setCurrentIndex(2)
    assert [row[1] for row in rows_of(everyone.model)] == ["Tore Trainee"]
    # A row takes the trainer to that moment of the replay.
    everyone.table.clicked.emit(everyone.model.index(0, AttemptsModel.ANSWER))
    assert trainer.tabs.currentWidget() is trainer.player_panel
    player = trainer.player_panel.player
    assert player is not None and moment == f"{player.position_ms // 60000}:" \
        f"{player.position_ms // 1000 % 60:02d}"


class LostConnection(ClientListener):
    def __init__(self) -> None:
        self.gone = asyncio.Event()

    def on_state(self, state: ConnectionState) -> None:
        if state is not ConnectionState.CONNECTED:
            self.gone.set()


async def test_empty_list_says_why(
    hub_db: Path, sessions: list[DeskSession], qtbot: Any
) -> None:
    async with serve_hub(hub_db) as hub:
        window = await window_for(hub, "trainer", sessions, qtbot)
        assert window.list_pages.currentWidget() is window.empty_label
        assert window.empty_label.text().startswith("Det finnes ingen avspillinger ennå.")
        assert "anonymisert" in window.empty_label.text()
        lost = LostConnection()
        sessions[0].client.add_listener(lost)
    await asyncio.wait_for(lost.gone.wait(), 10)  # the hub has stopped
    await window.load_list()
    assert window.empty_label.text().startswith("Får ikke kontakt med huben")
    assert window.list_pages.currentWidget() is window.empty_label


async def test_classroom_mode_empty_list_points_to_import(qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    window = TrainerWindow(None)
    qtbot.addWidget(window)
    await window.load_list()
    assert window.empty_label.text().startswith("Ingen avspilling er åpen.")
    assert "Importer …" in window.empty_label.text()
    assert window.empty_label.textFormat() == Qt.TextFormat.PlainText
    assert not window.delete_action.isVisible()
    assert window.attempts_panel.empty_label.textFormat() == Qt.TextFormat.PlainText


@pytest.mark.parametrize(("button", "deletes"), [("Slett", True), ("Behold", False)])
async def test_the_confirmation_dialog_answers(qtbot: Any, button: str, deletes: bool) -> None:
    from PySide6.QtWidgets import QApplication, QPushButton

    asked = asyncio.ensure_future(DeleteReplayDialog.ask(None, "Chat · 16 min"))
    await asyncio.sleep(0)  # one step of ``ask``: it opens the dialog, then awaits the answer
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, DeleteReplayDialog) and w.isVisible())
    assert dialog.text() == "Slette denne avspillingen for alle?"
    assert dialog.informativeText().startswith("Chat · 16 min\n\nAvspillingen")
    assert dialog.defaultButton().text() == "Behold"
    next(b for b in dialog.findChildren(QPushButton) if b.text() == button).click()
    assert await asyncio.wait_for(asked, 5) is deletes


async def test_attempts_model_pairs_each_answer_with_its_original(qtmodeltester: Any) -> None:
    from workstation.ui.trainer.demo import demo_replays
    from workstation.ui.trainer.demo_source import DemoHubSource

    replay = demo_replays()[0]
    source = DemoHubSource([replay])
    source.add_demo_answers()
    model = AttemptsModel()
    model.set_answers(replay, await source.attempts("demo-1"))
    qtmodeltester.check(model)
    for moment, _, original, answer in rows_of(model):
        event = next(e for e in replay.events if e.text == original)
        assert event.sender == "staff" and moment.count(":") == 1 and answer
    model.set_trainee("jonas")
    assert [row[1] for row in rows_of(model)] == ["Jonas Lærling", "Jonas Lærling"]
    qtmodeltester.check(model)

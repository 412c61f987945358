"""Blocking on screen (docs/care.md): a counsellor marks on the desk, the shift lead blocks
from the desk's "Sperringer" panel, the supervisor sees the block and lifts it. Real offscreen
widgets, a real hub."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel

from tests.gui.conftest import Desk
from tests.gui.helpers import eventually, young_person
from tests.gui.test_supervisor_fixes import supervisor
from tests.support.hubs import PASSWORD
from tests.support.wire import ok
from workstation.hub.blocks import BlockFeature
from workstation.hub.server import HubServer
from workstation.ui.care import MarkedPanel
from workstation.ui.care.abuse import AbuseButton, ReasonDialog
from workstation.ui.care.marked import BlockDialog
from workstation.ui.desk_features import install_desk_features
from workstation.ui.main_window import MainWindow
from workstation.ui.session import sign_in
from workstation.ui.supervisor.blocks_panel import LiftDialog


@contextlib.asynccontextmanager
async def lead_desk(hub: HubServer, qtbot: Any) -> AsyncIterator[MainWindow]:
    session = await sign_in(hub.url, "lead", PASSWORD)
    window = MainWindow(session.controller)
    install_desk_features(window, session)
    qtbot.addWidget(window)
    window.show()
    try:
        yield window
    finally:
        await session.close()


def choose_first(view: Any) -> None:
    view.selectionModel().select(
        view.model().index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


async def test_a_counsellor_marks_and_the_shift_lead_blocks_from_the_desk(
    desk: Desk, hub: HubServer, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = desk.window
    button = window.findChild(AbuseButton, "abuse_button")
    assert button is not None and button.text() == "Mer"
    assert button.abuse_action.text() == "Marker som krenkende…"
    assert window.findChild(MarkedPanel) is None  # a counsellor has no block panel
    async with young_person(hub.url) as child, lead_desk(hub, qtbot) as lead:
        panel = lead.findChild(MarkedPanel)
        assert panel is not None and panel.tab_title() == "Sperringer"
        opened = await child.wire.request("open", channel="chat", browser="b" * 32)
        conversation = ok(opened)["conversation"]
        await desk.controller.accept(conversation)
        await eventually(lambda: window.current_conversation() == conversation)
        monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, p: "Tøys, 4 ganger"))
        assert await button.mark()
        assert "Vaktleder har fått beskjed" in window.statusBar().currentMessage()

        await eventually(lambda: panel.model.rowCount() == 1)
        shown = panel.model.index(0).data()
        assert shown.startswith("Chat markert av Kari kl.") and shown.endswith("Tøys, 4 ganger")
        choose_first(panel.view)
        monkeypatch.setattr(BlockDialog, "ask", classmethod(lambda cls, parent: (24, "Tøys")))
        assert await panel.block()
        assert panel.model.rowCount() == 0
        (block,) = hub.hub.feature(BlockFeature).blocks.values()
        assert (block.conversation, block.created_by, block.reason) == (
            conversation, "lead", "Tøys"
        )
        # Nothing of it reached the young person.
        assert [f["kind"] for f in child.wire.events()] == ["opened", "assigned"]


async def test_the_supervisor_lists_blocks_with_expiry_and_lifts_one(
    hub: HubServer, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    feature = hub.hub.feature(BlockFeature)
    async with young_person(hub.url) as child, supervisor(hub, qtbot) as win:
        blocks = win.blocks
        assert win.tabs.tabText(3) == "Sperringer"
        conversation = await child.open()
        await feature.remember(conversation, "email", "troll@example.no")
        answer = await win.controller.client.request(
            {"type": "block_add", "conversation": conversation, "hours": 48, "reason": "Spam"}
        )
        await eventually(lambda: blocks.model.rowCount() == 1)
        assert [blocks.model.index(0, c).data() for c in range(3)] == [
            "E-post (denne adressen)", "Spam", "Siri Supervisor"
        ]
        assert blocks.model.index(0, 3).data()  # the expiry, as date and time
        assert blocks.attempts_label.text() == (
            "Avviste forsøk i dag: 0. Siste sju dager: 0."
        )
        assert await feature.refuse("email", "troll@example.no") is not None
        await blocks.refresh()
        assert blocks.attempts_label.text() == (
            "Avviste forsøk i dag: E-post 1. Siste sju dager: E-post 1."
        )

        choose_first(blocks.view)
        monkeypatch.setattr(LiftDialog, "ask", classmethod(lambda cls, parent: "Feil person"))
        assert await blocks.lift()
        await eventually(lambda: blocks.model.rowCount() == 0)
        assert win.statusBar().currentMessage() == "Sperringen er opphevet."
        assert answer["block"]["block"] not in feature.blocks

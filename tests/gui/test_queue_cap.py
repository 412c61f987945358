"""A long queue on the desk: the hub lists only the first (a cap with a count, issue 13); the
panel's heading counts everyone waiting and a line below the table says how many more wait."""

from __future__ import annotations

from contextlib import AsyncExitStack
from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import Desk
from tests.gui.helpers import eventually, young_person
from workstation.hub.server import HubServer
from workstation.ui.supervisor.window import SupervisorWindow

SHOWN = 3
WAITING = 5


async def test_a_capped_queue_shows_its_total_and_the_rest_as_a_count(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    hub.hub.queue_items_max = SHOWN  # the hub setting, small so that five make a long queue
    panel, model = desk.window.queue_panel, desk.controller.queue
    async with AsyncExitStack() as stack:
        opened = []
        for _ in range(WAITING):
            contact = await stack.enter_async_context(young_person(hub.url))
            opened.append(await contact.open())
        await eventually(lambda: panel.title.text() == "Kø (5 venter)")
        assert model.rowCount() == SHOWN
        assert [model.conversation_at(row) for row in range(SHOWN)] == opened[:SHOWN]
        assert panel.more_label.isVisibleTo(panel)
        assert panel.more_label.text() == "… og 2 til"
        assert model.by_channel == {"chat": WAITING}

        # "Ta imot" still takes the first in line; the fourth moves up into the list.
        qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
        await eventually(lambda: desk.window.conversation_panel.conversation == opened[0])
        await eventually(lambda: panel.title.text() == "Kø (4 venter)")
        await eventually(
            lambda: [model.conversation_at(row) for row in range(SHOWN)] == opened[1:4]
        )
        assert panel.more_label.text() == "… og 1 til"


async def test_a_large_remainder_is_written_as_a_norwegian_number(desk: Desk) -> None:
    panel, controller = desk.window.queue_panel, desk.controller
    controller.on_queue_total(1_234, {"chat": 1_200, "sms": 34})
    assert panel.title.text() == "Kø (1\N{NO-BREAK SPACE}234 venter)"
    # "… og 1 234 til": three rows are listed (none here), the rest counted.
    assert panel.more_label.text() == "… og 1\N{NO-BREAK SPACE}234 til"
    controller.on_queue_total(0, {})
    assert not panel.more_label.isVisibleTo(panel)
    assert panel.title.text() == "Kø (0 venter)"


def test_the_supervisor_counts_everyone_waiting_not_the_listed_first(qtbot: Any) -> None:
    class Client:
        def add_listener(self, listener: Any) -> None:
            pass

    window = SupervisorWindow(Client())  # type: ignore[arg-type]
    qtbot.addWidget(window)
    listed = [
        {"conversation": f"c{i}", "channel": "chat", "waiting_since": "2026-01-01T00:00:00Z",
         "waiting_s": 60.0, "position": i + 1}
        for i in range(SHOWN)
    ]
    window.controller.on_load(
        {"type": "load", "queue_length": 1_234, "queue_by_channel": {"chat": 1_234},
         "longest_wait_s": 60.0, "open_conversations": 0, "shift_leads_online": 0,
         "queue": listed, "conversations_detail": [], "staff": []}
    )
    assert window.controller.queue.rowCount() == SHOWN
    assert window.overview.summary.text().startswith("Venter: 1234")

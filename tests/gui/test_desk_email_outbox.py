"""An e-mail answer on the desk while the SMTP server is away: pending, then sent, once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import Desk
from tests.gui.helpers import eventually
from workstation.hub.email.feature import EmailFeature
from workstation.hub.email.simulated import SimulatedEmail
from workstation.hub.server import HubServer
from workstation.ui.transcript_model import Role


async def test_an_email_answer_shows_waiting_then_sent(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    feature = hub.hub.feature(EmailFeature)
    feature.retry_max_s = 0.5
    gateway = feature.gateway
    assert isinstance(gateway, SimulatedEmail)
    conversation = await gateway.receive("nora@eksempel.no", "Hei")
    await eventually(lambda: desk.controller.queue.rowCount() == 1)
    qtbot.keyClick(desk.window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    panel = desk.window.conversation_panel
    await eventually(lambda: panel.conversation == conversation)

    gateway.down = True
    panel.compose.setPlainText("Takk for brevet ditt.")
    qtbot.keyClick(panel.compose, Qt.Key.Key_Return)
    view = panel.transcript
    model = view.model()

    def answer_header() -> str:
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if index.data(Role.SENDER) == "staff" and not index.data(Role.PENDING):
                return str(view.itemDelegate()._header(index))
        return ""

    await eventually(lambda: answer_header().endswith("· venter på å bli sendt"))
    assert gateway.sent == []
    gateway.down = False
    await eventually(lambda: answer_header().endswith("· sendt"))
    assert len(gateway.sent) == 1
    assert "email_status" not in [model.index(r, 0).data(Role.KIND)
                                  for r in range(model.rowCount())]

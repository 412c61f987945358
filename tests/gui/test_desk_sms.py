"""An SMS reply on the desk: counted in SMS before sending, then pending, sent."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import Desk
from tests.gui.helpers import eventually
from workstation.hub.server import HubServer
from workstation.hub.sms.feature import SmsFeature
from workstation.hub.sms.simulated import SimulatedSmsGateway
from workstation.ui.transcript_model import Role

NUMBER = "+47 912 34 512"


def sms(hub: HubServer) -> SimulatedSmsGateway:
    gateway = hub.hub.feature(SmsFeature).gateway
    assert isinstance(gateway, SimulatedSmsGateway)
    return gateway


async def test_a_long_reply_is_counted_waits_while_the_gateway_is_down_and_is_sent_once(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    hub.hub.feature(SmsFeature).retry_max_s = 0.5
    conversation = await sms(hub).receive(NUMBER, "Hei")
    await eventually(lambda: desk.controller.queue.rowCount() == 1)
    qtbot.keyClick(desk.window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    panel = desk.window.conversation_panel
    await eventually(lambda: panel.conversation == conversation)
    assert not panel.sms_parts.isVisible()
    panel.compose.setPlainText("a" * 160)
    assert panel.sms_parts.text() == "1 SMS"
    long = ("Du kan skrive så mye du vil. " * 14)[:400]
    panel.compose.setPlainText(long)
    assert panel.sms_parts.isVisible() and panel.sms_parts.text() == "3 SMS"
    assert "153" in panel.sms_parts.toolTip()
    panel.compose.setPlainText("Hei 😀")
    assert panel.sms_parts.text() == "1 SMS" and "70" in panel.sms_parts.toolTip()
    panel.compose.setPlainText(long)

    sms(hub).down = True
    qtbot.keyClick(panel.compose, Qt.Key.Key_Return)
    view = panel.transcript
    model = view.model()

    def reply_header() -> str:
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if index.data(Role.SENDER) == "staff" and not index.data(Role.PENDING):
                return str(view.itemDelegate()._header(index))
        return ""

    await eventually(lambda: reply_header().endswith("· 3 SMS, venter på å bli sendt"))
    assert sms(hub).sent_to(NUMBER) == []
    sms(hub).down = False
    await eventually(lambda: reply_header().endswith("· 3 SMS, sendt"))
    assert sms(hub).sent_to(NUMBER) == [long]
    assert "sms_status" not in [model.index(r, 0).data(Role.KIND)
                                for r in range(model.rowCount())]

"""Calm by design: red only for what needs action now; notices that hide nothing and never
announce what is already on screen (real desk, real hub)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPlainTextEdit, QWidget

from tests.gui.conftest import Desk
from tests.gui.helpers import YoungPerson, eventually, young_person
from tests.gui.test_desk_conversation import take_first
from tests.gui.test_panel_notify import rig, said
from workstation.hub.server import HubServer
from workstation.ui import theme
from workstation.ui.canned import CannedPanel
from workstation.ui.notify.outputs import Toast
from workstation.ui.transcript_model import Role, TranscriptModel
from workstation.ui.transcript_view import TranscriptView

CLOSED_BY_ME = "Samtalen er avsluttet: avsluttet av veilederen"
CONTACT_LEFT = "Samtalen er avsluttet: den unge gikk"


def row_of(model: TranscriptModel, text: str) -> int:
    rows = [r for r in range(model.rowCount()) if model.index(r, 0).data() == text]
    assert rows, f"no row {text!r}"
    return rows[-1]


def red_pixels(view: TranscriptView, row: int) -> int:
    """How many pixels of the row are drawn in the urgent red (the only red text colour)."""
    index = view.model().index(row, 0)
    view.scrollTo(index)
    rect: QRect = view.visualRect(index)
    image: QImage = view.viewport().grab(rect).toImage()
    red = QColor(theme.colours().urgent)
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - red.red()) < 24
                and abs(pixel.green() - red.green()) < 24
                and abs(pixel.blue() - red.blue()) < 24
            ):
                count += 1
    return count


async def test_an_ordinary_close_is_a_quiet_line_and_a_risk_flag_is_red(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    async with young_person(hub.url) as contact:
        await contact.open()
        conversation = await take_first(desk, qtbot)
        await desk.controller.flag_risk(conversation)
        await desk.controller.close_conversation(conversation)
        view = desk.window.conversation_panel.transcript
        model = view.model()
        await eventually(lambda: row_of(model, CLOSED_BY_ME) >= 0)
        closed = model.index(row_of(model, CLOSED_BY_ME), 0)
        assert not closed.data(Role.IMPORTANT) and not closed.data(Role.NOTABLE)
        flagged = model.index(row_of(model, "Merket som risiko av Kari"), 0)
        assert flagged.data(Role.IMPORTANT)
        assert red_pixels(view, flagged.row()) > 20  # the risk line is red…
        assert red_pixels(view, closed.row()) == 0  # …the ordinary ending is not


async def test_the_young_person_leaving_is_bold_but_not_red(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    async with young_person(hub.url) as contact:
        await contact.open()
        await take_first(desk, qtbot)
        await contact.wire.request("leave")
        view = desk.window.conversation_panel.transcript
        model = view.model()
        await eventually(lambda: row_of(model, CONTACT_LEFT) >= 0)
        left = model.index(row_of(model, CONTACT_LEFT), 0)
        assert left.data(Role.NOTABLE) and not left.data(Role.IMPORTANT)
        assert red_pixels(view, left.row()) == 0


def controls(window: QWidget) -> list[QWidget]:
    """Every visible button and text field of the window."""
    kinds = (QAbstractButton, QLineEdit, QPlainTextEdit)
    return [
        widget
        for kind in kinds
        for widget in window.findChildren(kind)
        if widget.isVisible() and widget.width() > 0
    ]


def on_window(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


async def test_a_toast_covers_no_control(desk: Desk, hub: HubServer, qtbot: Any) -> None:
    window = desk.window
    window.resize(1366, 768)
    toast = window.findChild(Toast)  # the desk's own (the offscreen platform has no tray)
    assert isinstance(toast, Toast)
    notifier, _, _ = rig(desk)
    notifier.display = toast
    async with young_person(hub.url) as first, young_person(hub.url) as second:
        await first.open()
        one = await take_first(desk, qtbot)
        await second.open()
        await take_another(desk, qtbot, one)
        await first.say("Hallo?")  # in the conversation not on screen
        # The second contact's "Ny kontakt i køen" toast may still show; wait for this one.
        await eventually(
            lambda: toast.isVisible() and toast.label.text() == "Ny melding i Chat 1"
        )
        insert = window.findChild(CannedPanel).insert_button  # type: ignore[union-attr]
        assert insert.isVisible()
        area = on_window(toast, window)
        covered = [
            w.objectName() or w.text()
            for w in controls(window)  # type: ignore[attr-defined]
            if on_window(w, window).intersects(area)
        ]
        assert covered == []
        assert on_window(window.conversation_panel.transcript, window).contains(area)


async def take_another(desk: Desk, qtbot: Any, shown: str) -> str:
    """Click "Ta imot" for the next contact while ``shown`` is on screen; the new one."""
    window = desk.window
    await eventually(lambda: desk.controller.queue.rowCount() == 1)
    await eventually(lambda: window.queue_panel.accept_button.isEnabled())
    qtbot.mouseClick(window.queue_panel.accept_button, Qt.MouseButton.LeftButton)
    await eventually(lambda: window.current_conversation() not in (None, shown))
    taken = window.current_conversation()
    assert taken is not None
    return taken


async def take_with_history(desk: Desk, qtbot: Any, contact: YoungPerson) -> str:
    await contact.open()
    await contact.say("Hei, jeg har skrevet mens jeg ventet.")
    return await take_first(desk, qtbot)


async def test_taking_a_conversation_announces_nothing_already_on_screen(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    async with young_person(hub.url) as first, young_person(hub.url) as second:
        one = await take_with_history(desk, qtbot, first)
        await second.open()
        await second.say("Er det noen der?")
        await eventually(lambda: desk.controller.queue.rowCount() == 1)
        _, player, display = rig(desk)
        two = await take_another(desk, qtbot, one)
        await eventually(lambda: said(desk, two, "Er det noen der?"))
        await first.say("Er du der?")  # the other conversation: this one is news
        await eventually(lambda: len(display.notices) == 1)
        assert [text for _, text in display.notices] == ["Ny melding i Chat 1"]
        assert len(player.volumes) == 1


async def test_the_open_conversation_is_announced_only_while_the_desk_is_not_in_use(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    window = desk.window
    async with young_person(hub.url) as contact:
        await contact.open()
        conversation = await take_first(desk, qtbot)
        _, _, display = rig(desk)
        elsewhere = QWidget()  # the counsellor is working in another program
        qtbot.addWidget(elsewhere)
        elsewhere.show()
        elsewhere.activateWindow()
        await eventually(lambda: not window.isActiveWindow())
        await contact.say("Hallo?")
        await eventually(lambda: [text for _, text in display.notices] == ["Ny melding i Chat 1"])
        elsewhere.close()
        window.activateWindow()  # back at the desk, Chat 1 on screen
        await eventually(lambda: window.isActiveWindow())
        await contact.say("Er du der?")
        await eventually(lambda: said(desk, conversation, "Er du der?"))
        assert [text for _, text in display.notices] == ["Ny melding i Chat 1"]

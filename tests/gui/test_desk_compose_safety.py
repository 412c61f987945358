"""Nothing leaves the desk that the counsellor did not mean (real desk, real hub, a contact).

Each test ends with an ordinary reply that must arrive after whatever was refused, so "the
young person never got X" is checked against a later message, never against a pause.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from tests.gui.conftest import Desk
from tests.gui.helpers import YoungPerson, eventually, young_person
from tests.gui.test_desk_conversation import take_first
from workstation.hub.server import HubServer
from workstation.sessions.canned import by_keyword, render
from workstation.ui.canned import CannedPanel
from workstation.ui.compose import ComposeBox

HEI = render(by_keyword("hei") or "", "Kari")  # what /hei stands for, with Kari's name


async def ready(desk: Desk, qtbot: Any, contact: YoungPerson) -> ComposeBox:
    """The contact is taken and the hub's canned responses are on the desk."""
    panel = desk.window.findChild(CannedPanel)
    assert panel is not None
    await eventually(lambda: len(panel.model.catalogue.items) > 10)
    await contact.open()
    await take_first(desk, qtbot)
    compose = desk.window.conversation_panel.compose
    compose.setFocus()
    return compose


async def send_marker(qtbot: Any, compose: ComposeBox, contact: YoungPerson, text: str) -> None:
    """Send an ordinary reply and wait until the young person has it."""
    compose.clear()
    qtbot.keyClicks(compose, text)
    qtbot.keyClick(compose, Qt.Key.Key_Return)
    await eventually(lambda: text in contact.staff_texts())


async def test_slash_keyword_expands_in_the_box_and_only_the_text_goes_out(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    async with young_person(hub.url) as contact:
        compose = await ready(desk, qtbot, contact)
        panel = desk.window.conversation_panel
        qtbot.keyClicks(compose, "/hei")
        qtbot.keyClick(compose, Qt.Key.Key_Return)
        assert compose.toPlainText() == HEI  # shown first, not sent
        assert panel.compose_hint.isVisible()
        assert panel.compose_hint.text().startswith("Standardsvaret står i feltet")
        qtbot.keyClick(compose, Qt.Key.Key_Return)  # the counsellor has read it: now it goes
        await eventually(lambda: contact.staff_texts() == [HEI])
        assert compose.toPlainText() == "" and not panel.compose_hint.isVisible()
        await send_marker(qtbot, compose, contact, "Er du der?")
        assert contact.staff_texts() == [HEI, "Er du der?"]
        assert not any("/hei" in text for text in contact.staff_texts())


async def test_keyword_inside_a_sentence_expands_in_place(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    async with young_person(hub.url) as contact:
        compose = await ready(desk, qtbot, contact)
        qtbot.keyClicks(compose, "Takk! /lytt")
        qtbot.keyClick(compose, Qt.Key.Key_Return)
        expected = "Takk! Vil du at jeg bare lytter, eller vil du ha råd?"
        assert compose.toPlainText() == expected
        qtbot.keyClick(compose, Qt.Key.Key_Return)
        await eventually(lambda: contact.staff_texts() == [expected])


async def test_unknown_keyword_is_refused_with_a_hint_and_never_sent(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    async with young_person(hub.url) as contact:
        compose = await ready(desk, qtbot, contact)
        panel = desk.window.conversation_panel
        qtbot.keyClicks(compose, "/qwxz")
        qtbot.keyClick(compose, Qt.Key.Key_Return)
        qtbot.keyClick(compose, Qt.Key.Key_Return)  # pressing again changes nothing
        assert compose.toPlainText() == "/qwxz"  # kept, to correct
        assert panel.compose_hint.isVisible()
        assert panel.compose_hint.text().startswith("Fant ingen standardsvar for /qwxz")
        qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)  # nor does the button
        assert compose.toPlainText() == "/qwxz"
        await send_marker(qtbot, compose, contact, "Hei, jeg er her.")
        assert contact.staff_texts() == ["Hei, jeg er her."]
        # a slash inside a word is not a keyword: "24/7" and "og/eller" go out as written
        await send_marker(qtbot, compose, contact, "Vi er her 24/7, for deg og/eller familien.")


async def test_blank_reply_cannot_be_sent(desk: Desk, hub: HubServer, qtbot: Any) -> None:
    async with young_person(hub.url) as contact:
        compose = await ready(desk, qtbot, contact)
        button = desk.window.conversation_panel.send_button
        assert not button.isEnabled()  # empty box
        qtbot.keyClick(compose, Qt.Key.Key_Return)
        qtbot.keyClicks(compose, "   ")
        qtbot.keyClick(compose, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClicks(compose, "  ")
        assert not button.isEnabled()  # only spaces and a new line
        qtbot.keyClick(compose, Qt.Key.Key_Return)
        assert compose.toPlainText() == "   \n  "  # nothing happened
        compose.clear()
        qtbot.keyClicks(compose, "ok")
        assert button.isEnabled()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        await eventually(lambda: contact.staff_texts() == ["ok"])
        assert not button.isEnabled()  # the box is empty again
        assert all(text.strip() for text in contact.staff_texts())


async def question(parent: QWidget) -> QMessageBox:
    """The question ``parent`` asks (an ``ask_yes`` box), once it is open."""
    await eventually(lambda: parent.findChild(QMessageBox) is not None)
    box = parent.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    return box


async def test_long_paste_asks_once_before_it_goes_out(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    pasted = "\n".join(f"Linje {n} av et langt innlimt dokument." for n in range(1, 31))
    async with young_person(hub.url) as contact:
        compose = await ready(desk, qtbot, contact)
        compose.insertPlainText(pasted)  # as a paste would
        qtbot.keyClick(compose, Qt.Key.Key_Return)
        asked = await question(compose)
        assert asked.text().startswith(f"Svaret er {len(pasted)} tegn på 30 linjer")
        assert asked.defaultButton() is asked.button(QMessageBox.StandardButton.Cancel)
        qtbot.keyClick(compose, Qt.Key.Key_Return)  # Enter again does not ask twice
        assert len(compose.findChildren(QMessageBox)) == 1
        asked.button(QMessageBox.StandardButton.Cancel).click()  # "Gå tilbake"
        await eventually(lambda: compose.findChild(QMessageBox) is None)
        assert compose.toPlainText() == pasted  # kept
        await send_marker(qtbot, compose, contact, "Kort svar.")
        assert contact.staff_texts() == ["Kort svar."]  # the paste never went out
        compose.insertPlainText(pasted)
        qtbot.keyClick(compose, Qt.Key.Key_Return)
        (await question(compose)).button(QMessageBox.StandardButton.Yes).click()  # "Send"
        await eventually(lambda: contact.staff_texts() == ["Kort svar.", pasted])
        assert compose.toPlainText() == ""

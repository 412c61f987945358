"""The "Standardsvar" panel on a real hub: search, keyboard insertion, supervisors' edits."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from tests.gui.conftest import Desk
from tests.gui.helpers import eventually, young_person
from tests.gui.test_desk_conversation import take_first
from tests.support.hubs import PASSWORD
from workstation.hub.server import HubServer
from workstation.sessions.canned import CannedResponse
from workstation.ui.canned import CannedPanel
from workstation.ui.canned.editor import CannedEditorDialog
from workstation.ui.desk_features import install_desk_features
from workstation.ui.main_window import MainWindow
from workstation.ui.session import sign_in


def panel_of(window: MainWindow) -> CannedPanel:
    panel = window.findChild(CannedPanel)
    assert panel is not None
    return panel


async def test_panel_lists_the_hub_responses_grouped(desk: Desk, qtbot: Any) -> None:
    panel = panel_of(desk.window)
    await eventually(lambda: panel.model.rowCount() > 10)
    ModelTester(qtbot).check(panel.model, force_py=True)
    assert panel.model.index(0, 0).data() == "Åpning"  # a group heading first
    assert not panel.model.flags(panel.model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    tabs = desk.window.side_panels
    assert tabs.tabText(tabs.indexOf(panel)) == "Standardsvar"
    assert not panel.new_button.isVisible()  # a counsellor reads, a supervisor edits


async def test_search_ignores_accents_and_enter_inserts_with_the_name(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    panel = panel_of(desk.window)
    await eventually(lambda: panel.model.rowCount() > 10)
    async with young_person(hub.url) as contact:
        await contact.open()
        await take_first(desk, qtbot)
        compose = desk.window.conversation_panel.compose
        qtbot.keyClick(desk.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
        await eventually(lambda: panel.search.hasFocus())
        qtbot.keyClicks(panel.search, "aapning ANONYM")  # å as aa, any case
        first = panel.selected()
        assert first is not None and first.id == "opener.anonymous"
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
        text = compose.toPlainText()
        assert text.startswith("Hei, du har kommet til Alarmtelefonen")
        assert "Jeg heter Kari." in text and "{navn}" not in text
        compose.clear()
        panel.search.clear()
        qtbot.keyClicks(panel.search, "/hei")
        qtbot.keyClick(panel.search, Qt.Key.Key_Return)
        assert "Jeg heter Kari. Så fint at du tok kontakt!" in compose.toPlainText()
        assert panel.search.text() == ""
        assert contact.staff_texts() == []  # inserted as editable text, not sent


async def test_supervisor_edit_reaches_another_desk(desk: Desk, hub: HubServer, qtbot: Any) -> None:
    kari = panel_of(desk.window)
    await eventually(lambda: kari.model.rowCount() > 10)
    session = await sign_in(hub.url, "sup", PASSWORD)
    window = MainWindow(session.controller)
    install_desk_features(window, session)
    qtbot.addWidget(window)
    try:
        siri = panel_of(window)
        await eventually(lambda: siri.model.rowCount() > 10)
        window.show()
        assert siri.new_button.isVisible() and siri.edit_button.isVisible()
        added = CannedResponse(
            id="closing.natt",
            group="closing",
            title="God natt",
            keyword="natt",
            text="Sov godt, og skriv igjen når du vil. Hilsen {navn}",
        )

        async def answer(*_args: Any) -> CannedResponse:
            return added

        CannedEditorDialog.ask = answer  # type: ignore[method-assign]
        try:
            siri.new_button.click()
            await eventually(lambda: kari.model.catalogue.by_keyword("natt") is not None)
        finally:
            del CannedEditorDialog.ask  # type: ignore[attr-defined]
        kari.search.setText("natt")
        found = kari.selected()
        assert found is not None and found.title == "God natt"

        async def yes(*_args: Any) -> bool:
            return True

        siri.search.setText("/natt")
        siri.confirm_delete = yes  # type: ignore[method-assign]
        siri.delete_button.click()
        await eventually(lambda: kari.model.catalogue.by_keyword("natt") is None)
    finally:
        window.close()
        await session.close()

"""A desk given two hubs: the status bar says which, and that it is moving when its hub dies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.gui.helpers import eventually
from tests.support.failover import TwoHubs, logged_messages
from tests.support.hubs import PASSWORD
from workstation.client.contact import ContactClient
from workstation.ui.desk_features import install_desk_features
from workstation.ui.login import LoginDialog
from workstation.ui.main_window import MainWindow
from workstation.ui.session import sign_in


async def test_the_status_bar_follows_the_desk_to_the_other_hub(
    hub_db: Path, qtbot: Any
) -> None:
    hubs = TwoHubs(hub_db)
    urls = hubs.start()
    session = await sign_in(",".join(urls), "kari", PASSWORD)
    window = MainWindow(session.controller)
    install_desk_features(window, session)
    qtbot.addWidget(window)
    window.show()
    indicator = window.connection
    contact = ContactClient(urls, max_backoff_s=0.5)
    try:
        assert indicator.state_label.text() == "Tilkoblet hub 1 av 2"
        conversation = (await contact.open()).conversation
        await eventually(lambda: session.controller.queue.rowCount() == 1, 10)
        await session.client.accept(conversation)
        await contact.send("før")
        await eventually(lambda: session.controller.transcript(conversation).rowCount() >= 2, 10)

        hubs.kill_first()
        await eventually(lambda: indicator.state_label.text() == "Kobler til en annen hub …", 15)
        session.client.send_message(conversation, "mens sentralen flyttet")
        await eventually(lambda: indicator.outbox_label.isVisible())

        hubs.start_second()
        await eventually(lambda: indicator.state_label.text() == "Tilkoblet hub 2 av 2", 20)
        await eventually(lambda: not indicator.outbox_label.isVisible(), 10)
        staff_lines = [t for _, who, t in logged_messages(hub_db, conversation) if who == "staff"]
        assert staff_lines == ["mens sentralen flyttet"]
    finally:
        await contact.close()
        await session.close()
        hubs.stop()


def test_the_sign_in_dialog_says_several_hubs_may_be_given(qtbot: Any) -> None:
    dialog = LoginDialog()
    qtbot.addWidget(dialog)
    assert "skilt med komma" in dialog.hub_edit.toolTip()

"""The desk signed out: by the hub (the window closes and the reason is said in Norwegian),
and by the person's own "Logg ut" (asked first; the hub forgets the session)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import staff_login
from tests.gui.conftest import Desk
from tests.gui.helpers import eventually
from tests.gui.test_desk_compose_safety import question
from tests.support.hubs import PASSWORD
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer
from workstation.protocol.frames_account import SIGNED_OUT_REASONS
from workstation.store import accounts
from workstation.ui import app
from workstation.ui.accounts import LogoutButton, SignOutTexts, install_sign_out
from workstation.ui.futures import future_for, settle
from workstation.ui.login import LoginAnswer, LoginDialog
from workstation.ui.main_window import MainWindow


def kari_sessions(wire_answer: dict[str, Any]) -> list[bool]:
    return [s["current"] for s in ok(wire_answer)["sessions"]]


async def test_a_session_ended_elsewhere_closes_the_desk_and_says_why(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    watch = install_sign_out(desk.window, desk.session.client)
    async with Wire.connect(hub.url, "/v1/staff") as phone:
        await staff_login(phone, "kari")
        sessions = ok(await phone.request("sessions_list"))["sessions"]
        desk_session = next(s for s in sessions if not s["current"])
        said = future_for(watch.signed_out)  # connected now, before the push can come
        ok(await phone.request("session_end", session=desk_session["session"]))
        sentence = await asyncio.wait_for(said, 5)
    assert sentence == "Du er logget ut: økta ble avsluttet fra en annen arbeidsstasjon."
    await eventually(lambda: not desk.window.isVisible())
    assert desk.session.client.signed_out == "session_ended"


async def test_logg_ut_asks_then_ends_the_session_at_the_hub(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    install_sign_out(desk.window, desk.session.client)
    button = desk.window.findChild(LogoutButton, "logout_button")
    assert button is not None and button.text() == "Logg ut" and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    asked = await question(desk.window)
    assert asked.text().startswith("Logge ut av arbeidsstasjonen?")
    asked.button(QMessageBox.StandardButton.Cancel).click()  # "Avbryt": still signed in
    await eventually(lambda: desk.window.findChild(QMessageBox) is None)
    assert desk.window.isVisible() and desk.session.client.signed_out is None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    (await question(desk.window)).button(QMessageBox.StandardButton.Yes).click()
    await eventually(lambda: not desk.window.isVisible())
    assert desk.session.client.signed_out == "logout"
    async with Wire.connect(hub.url, "/v1/staff") as other:
        await staff_login(other, "kari")
        assert kari_sessions(await other.request("sessions_list")) == [True]


def test_every_reason_has_its_own_norwegian_sentence(qtbot: Any) -> None:
    texts = SignOutTexts()
    reasons = SIGNED_OUT_REASONS
    sentences = {texts.sentence(reason) for reason in reasons}
    assert len(sentences) == len(reasons)
    assert texts.sentence("disabled") == "Du er logget ut: kontoen er deaktivert."
    assert all(s.startswith("Du ") for s in sentences)


async def test_the_desk_goes_back_to_the_login_saying_the_account_was_disabled(
    hub: HubServer, hub_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``workstation`` signed in; an administrator disables the account: the window closes
    and the login dialog opens again with the reason."""
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    QStandardPaths.setTestModeEnabled(True)
    errors: list[str | None] = []
    opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    async def fake_ask(
        cls: type, parent: Any, store: Any, hub_url: str, user: str = "", error: Any = None
    ) -> LoginAnswer | None:
        errors.append(error)
        if len(errors) > 1:
            return None  # the person closes the dialog the second time
        settle(opened, None)
        return LoginAnswer(hub.url, "kari", PASSWORD, remember=False)

    monkeypatch.setattr(LoginDialog, "ask", classmethod(fake_ask))
    try:
        running = asyncio.ensure_future(app.run(app.parse_args(["--hub", hub.url])))
        await opened
        await eventually(lambda: any(
            isinstance(w, MainWindow) and w.isVisible() for w in QApplication.topLevelWidgets()
        ))
        with sqlite3.connect(hub_db) as conn:  # what `workstation-hub user disable` does
            conn.isolation_level = None
            with accounts.transaction(conn):
                accounts.set_disabled(conn, "cli:test", "kari", True)
        assert await asyncio.wait_for(running, 10) == 0
        assert errors == [None, "Du er logget ut: kontoen er deaktivert."]
    finally:
        QStandardPaths.setTestModeEnabled(False)

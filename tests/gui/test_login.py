"""Signing in: the dialog, the keyring behind it, and what a missing keyring looks like."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests.gui.helpers import eventually
from tests.gui.memory_keyring import MemoryKeyring
from tests.support.hubs import PASSWORD
from workstation.hub.server import HubServer
from workstation.ui import app
from workstation.ui.keyring_store import KeyringCredentialStore, KeyringUnavailable
from workstation.ui.login import LoginAnswer, LoginDialog, remember
from workstation.ui.session import SignInFailed, sign_in

URL = "ws://127.0.0.1:9"
NO_KEYRING = (
    "Fant ingen sikker nøkkelring på denne maskinen, så passordet kan ikke huskes. "
    "Du må skrive det inn hver gang."
)


async def open_dialog() -> LoginDialog:
    found: list[LoginDialog] = []

    def shown() -> bool:
        found[:] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, LoginDialog) and w.isVisible()
        ]
        return bool(found)

    await eventually(shown)
    return found[0]


def click(dialog: LoginDialog, button: QDialogButtonBox.StandardButton, qtbot: Any) -> None:
    qtbot.mouseClick(dialog.buttons.button(button), Qt.MouseButton.LeftButton)


async def test_dialog_fills_a_remembered_password_and_stores_a_new_one(
    memory_keyring: MemoryKeyring, qtbot: Any
) -> None:
    store = KeyringCredentialStore(memory_keyring)
    await store.set_password(URL, "kari", "gammelt")
    asking = asyncio.ensure_future(LoginDialog.ask(None, store, URL, "kari"))
    dialog = await open_dialog()
    assert dialog.windowTitle() == "Logg inn på vaktplassen"
    assert dialog.password_edit.text() == "gammelt"
    assert dialog.remember_box.isChecked()
    dialog.password_edit.setText("nytt")
    click(dialog, QDialogButtonBox.StandardButton.Ok, qtbot)
    answer = await asyncio.wait_for(asking, 5)
    assert answer == LoginAnswer(URL, "kari", "nytt", remember=True)
    assert "nytt" not in repr(answer)
    assert await remember(store, answer) is None
    assert memory_keyring.passwords == {(f"workstation:{URL}", "kari"): "nytt"}


async def test_unticking_remember_forgets_the_password(
    memory_keyring: MemoryKeyring, qtbot: Any
) -> None:
    store = KeyringCredentialStore()  # the default backend: the test's memory keyring
    await store.set_password(URL, "kari", "gammelt")
    asking = asyncio.ensure_future(LoginDialog.ask(None, store, URL, "kari"))
    dialog = await open_dialog()
    dialog.remember_box.setChecked(False)
    click(dialog, QDialogButtonBox.StandardButton.Ok, qtbot)
    answer = await asyncio.wait_for(asking, 5)
    assert answer is not None and not answer.remember
    assert await remember(store, answer) is None
    assert memory_keyring.passwords == {}


async def test_cancel_returns_none(qtbot: Any) -> None:
    asking = asyncio.ensure_future(LoginDialog.ask(None, KeyringCredentialStore(), URL, ""))
    dialog = await open_dialog()
    click(dialog, QDialogButtonBox.StandardButton.Cancel, qtbot)
    assert await asyncio.wait_for(asking, 5) is None


async def test_missing_keyring_is_explained_in_a_sentence(qtbot: Any) -> None:
    store = KeyringCredentialStore(FailKeyring())
    with pytest.raises(KeyringUnavailable) as raised:
        await store.set_password(URL, "kari", "x")
    assert raised.value.sentence == NO_KEYRING
    asking = asyncio.ensure_future(LoginDialog.ask(None, store, URL, "kari"))
    dialog = await open_dialog()
    assert dialog.keyring_label.isVisible()
    assert dialog.keyring_label.text() == NO_KEYRING
    assert dialog.keyring_label.textFormat() == Qt.TextFormat.PlainText
    assert not dialog.remember_box.isEnabled()
    dialog.password_edit.setText("x")
    click(dialog, QDialogButtonBox.StandardButton.Ok, qtbot)
    answer = await asyncio.wait_for(asking, 5)
    assert answer is not None and not answer.remember
    assert await remember(store, answer) is None


async def test_wrong_password_is_a_sentence_not_a_crash(hub: HubServer) -> None:
    with pytest.raises(SignInFailed) as raised:
        await sign_in(hub.url, "kari", "feil")
    assert raised.value.sentence == "Brukernavnet eller passordet er feil."


async def test_login_asks_again_until_the_password_is_right(
    hub: HubServer, monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    answers = [
        LoginAnswer(hub.url, "kari", "feil", remember=True),
        LoginAnswer(hub.url, "kari", PASSWORD, remember=True),
    ]
    errors: list[str | None] = []

    async def fake_ask(
        cls: type, parent: Any, store: Any, hub_url: str, user: str = "", error: Any = None
    ) -> LoginAnswer:
        errors.append(error)
        return answers.pop(0)

    monkeypatch.setattr(LoginDialog, "ask", classmethod(fake_ask))
    signed_in = await app.ask_and_sign_in(KeyringCredentialStore(), hub.url, "kari")
    assert signed_in is not None
    try:
        assert errors == [None, "Brukernavnet eller passordet er feil."]
        assert signed_in.session.controller.display_name == "Kari"
        assert memory_keyring.passwords == {(f"workstation:{hub.url}", "kari"): PASSWORD}
    finally:
        await signed_in.session.close()


async def test_unreachable_hub_is_a_sentence() -> None:
    with pytest.raises(SignInFailed) as raised:
        await sign_in("ws://127.0.0.1:9", "kari", "x", timeout=3)
    assert raised.value.sentence.startswith("Fikk ikke kontakt med sentralen på ws://127.0.0.1:9.")

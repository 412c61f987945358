"""Signing out: the "Log out" button, and what the desk says when the hub signs it out.

The hub ends a session when the person logs out, ends it from another desk, when it expires,
or when an administrator disables or removes the account or changes its password or roles;
it pushes ``signed_out`` with a reason and closes the connection (docs/protocol.md,
Accounts). The client then stops for good; :class:`SignOutWatch` closes the windows, and the
login dialog shows :meth:`SignOutTexts.sentence` (``app.run``).
"""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QPushButton

from workstation.client import StaffClient
from workstation.ui.ask import ask_yes


class SignOutTexts(QObject):
    """The sentences for each ``signed_out`` reason (translated in accounts_nb.ts)."""

    def sentence(self, reason: str) -> str:
        texts = {
            "logout": self.tr("You have logged out."),
            "session_ended": self.tr(
                "You are logged out: the session was ended from another desk."
            ),
            "expired": self.tr("You are logged out: the session has expired. Log in again."),
            "disabled": self.tr("You are logged out: the account has been disabled."),
            "removed": self.tr("You are logged out: the account has been removed."),
            "password": self.tr("You are logged out: the password has been changed."),
            "roles": self.tr(
                "You are logged out: your roles have been changed. Log in again to get them."
            ),
        }
        return texts.get(reason, self.tr("You are logged out."))


class SignOutWatch(QObject):
    """Listens to the client for ``signed_out`` and closes the windows it watches.

    Attributes:
        reason: the hub's reason once signed out, else ``None``.

    Signals:
        signed_out(str): the hub ended the session; the translated sentence.
    """

    signed_out = Signal(str)

    def __init__(self, client: StaffClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reason: str | None = None
        self._windows: list[QMainWindow] = []
        client.add_listener(self)  # type: ignore[arg-type]  # a ClientListener by duck typing

    def watch(self, window: QMainWindow) -> None:
        """Close ``window`` (its drafts are saved by whoever opened it) when signed out."""
        self._windows.append(window)

    def sentence(self) -> str:
        return SignOutTexts(self).sentence(self.reason or "")

    # --- ClientListener --------------------------------------------------------------------

    def on_push(self, frame: dict[str, Any]) -> None:
        if frame.get("type") != "signed_out" or self.reason is not None:
            return
        self.reason = str(frame.get("reason") or "")
        self.signed_out.emit(self.sentence())
        for window in self._windows:
            window.close()

    def on_state(self, state: Any) -> None: ...
    def on_event(self, event: dict[str, Any]) -> None: ...
    def on_queue(self, items: list[dict[str, Any]]) -> None: ...
    def on_hello(self, user: dict[str, Any]) -> None: ...
    def on_auth_failed(self, message: str) -> None: ...
    def on_outbox(self, pending: int) -> None: ...


class LogoutButton(QPushButton):
    """"Log out" in the status bar: asks, ends the session at the hub, closes the window.

    Attributes:
        client: the desk's connection.
        window: the window it closes.
    """

    def __init__(self, client: StaffClient, window: QMainWindow) -> None:
        super().__init__(window)
        self.setText(self.tr("Log out"))
        self.setObjectName("logout_button")
        self.setToolTip(self.tr("End this session: the hub forgets it; log in again to go on."))
        self.client = client
        self.window_ = window
        self._task: asyncio.Future[None] | None = None
        self.clicked.connect(self.on_clicked)

    def on_clicked(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self.log_out())

    async def log_out(self) -> None:
        self.setEnabled(False)
        try:
            text = self.tr("Log out of the desk? Your conversations stay assigned to you.")
            if self.client.pending_count:
                text += " " + self.tr(
                    "Some messages have not reached the hub yet; they will not be sent."
                )
            if not await ask_yes(self.window_, self.tr("Log out"), text, self.tr("Log out"),
                                 self.tr("Cancel")):
                return
            await self.client.logout()
            self.client.signed_out = "logout"  # the app goes back to the login dialog
            self.window_.close()
        finally:
            self.setEnabled(True)


def install_sign_out(window: QMainWindow, client: StaffClient) -> SignOutWatch:
    """A "Log out" button in ``window``'s status bar, and closing it when signed out."""
    watch = SignOutWatch(client, window)
    watch.watch(window)
    # At the far right, after who is signed in and the connection.
    window.statusBar().addPermanentWidget(LogoutButton(client, window))
    return watch

"""The shift lead's notice that the hub is turning young people's chats away (issue 14).

The hub's abuse limits (``workstation.hub.limits``) refuse new chats or messages when too
many come at once; each refused young person is asked kindly, on the chat page, to wait a
moment or call 116 111. The first refusal of each limit, and then at most one a minute, is
pushed as ``{"type":"alert","alert":"rate_limited","limit","refused"}`` to supervisors and,
for the chat limits, to shift leads: this notice in the desk's status bar tells the shift lead
what is happening, with the count, until clicked. Never a sound.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from workstation.ui.consult.backlog import Relay
from workstation.ui.main_window import MainWindow
from workstation.ui.session import DeskSession

#: The limits this notice speaks about (the hub sends shift leads only these).
CHAT_LIMITS = ("open_", "send_", "contact_connections_")
STYLE = (
    "QPushButton { background: #b45309; color: white; font-weight: bold; padding: 2px 8px;"
    " border: none; border-radius: 3px }"
)


class ChatFloodNotice(QPushButton):
    """ "Chat: very many are trying to get in …" in the status bar; click to acknowledge.

    Attributes:
        latest: the newest chat ``rate_limited`` alert not yet acknowledged, or None.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chat_flood_notice")
        self.setStyleSheet(STYLE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.latest: dict[str, Any] | None = None
        self.clicked.connect(self.acknowledge)
        self.hide()

    def on_push(self, frame: dict[str, Any]) -> None:
        if frame.get("type") != "alert" or frame.get("alert") != "rate_limited":
            return
        if not str(frame.get("limit") or "").startswith(CHAT_LIMITS):
            return
        self.latest = dict(frame)
        self.setText(self.describe(str(frame["limit"]), int(frame.get("refused") or 0)))
        self.setToolTip(self.tr(
            "Those turned away were asked on the chat page to wait a moment and try again, "
            "or to call 116 111. Click to acknowledge."))
        self.show()

    def describe(self, limit: str, refused: int) -> str:
        if limit == "open_total":
            text = self.tr("Chat: very many are trying to get in; the hub is turning some "
                           "young people away (%1 so far)")
        elif limit.startswith("open_"):
            text = self.tr("Chat: one address is opening very many chats (a script, or a "
                           "school's network); the hub is turning some away (%1 so far)")
        elif limit.startswith("send_"):
            text = self.tr("Chat: messages are coming faster than the limit; the hub is "
                           "refusing some (%1 so far)")
        else:
            text = self.tr("Chat: too many connections; the hub is turning some young people "
                           "away (%1 so far)")
        return text.replace("%1", str(refused))

    def acknowledge(self) -> None:
        self.latest = None
        self.hide()


def install(window: MainWindow, session: DeskSession) -> None:
    """Add the notice to the desk's status bar; it shows only when such an alert comes."""
    notice = ChatFloodNotice(window)
    window.add_status_widget(notice)
    session.client.add_listener(Relay(notice))

""" "Observed by …": who from supervision follows one of my conversations right now."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from workstation.ui.controller import DeskController

STYLE = "background: #e8e3f7; color: #3b2a78; padding: 2px 8px; border-radius: 3px"


class ObserverIndicator(QLabel):
    """Status-bar text naming the observers of my conversations; hidden when there are none.

    A ``ClientListener``: ``observer_joined``/``observer_left`` events, and ``closed``
    (observation ends with the conversation).

    Attributes:
        observers: conversation id to {user name: display name}.
    """

    def __init__(self, controller: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("observed_by")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(STYLE)
        self.controller = controller
        self.observers: dict[str, dict[str, str]] = {}
        self.hide()

    def on_event(self, event: dict[str, Any]) -> None:
        conversation = str(event.get("conversation"))
        kind = event.get("kind")
        user = str(event.get("user") or "")
        if kind == "observer_joined":
            name = str(event.get("observer") or user)
            self.observers.setdefault(conversation, {})[user] = name
        elif kind == "observer_left":
            self.observers.get(conversation, {}).pop(user, None)
        elif kind == "closed":
            self.observers.pop(conversation, None)
        else:
            return
        self.refresh()

    def refresh(self) -> None:
        parts = []
        conversations = self.controller.conversations
        for conversation, people in self.observers.items():
            if people:
                names = ", ".join(sorted(people.values()))
                parts.append(f"{names} ({conversations.title(conversation)})")
        self.setText(self.tr("Observed by %1").replace("%1", "; ".join(parts)) if parts else "")
        self.setToolTip(self.text())
        self.setVisible(bool(parts))

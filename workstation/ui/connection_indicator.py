"""The always-visible connection state and what is waiting to be sent."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from workstation.client.tls import is_unencrypted_remote
from workstation.ui.controller import DeskController

DOT_COLOURS = {
    "connected": "#2e8b57",
    "connecting": "#c98a00",
    "reconnecting": "#c98a00",
    "offline": "#b22222",
}


class ConnectionIndicator(QWidget):
    """A coloured dot, the state in words, and the outbox count when it is not zero.

    Attributes:
        dot: the coloured dot.
        state_label: "Connected", "Reconnecting …" or "Offline"; with several hubs "Connected
            to hub 2 of 2" and "Connecting to another hub …" while moving (docs/deploy.md).
        outbox_label: "N messages waiting to be sent"; hidden when nothing waits.
        insecure_label: "Not encrypted", in red, when the desk was allowed (``--insecure``) to
            reach a hub on another machine over plain ``ws://``; hidden otherwise.
    """

    def __init__(self, controller: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dot = QLabel("●", self)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("connection_state")
        self.outbox_label = QLabel(self)
        self.outbox_label.setObjectName("outbox_count")
        self.outbox_label.setStyleSheet("color: #8a5a00; font-weight: bold")
        self.insecure_label = QLabel(self.tr("Not encrypted"), self)
        self.insecure_label.setObjectName("connection_insecure")
        self.insecure_label.setStyleSheet("color: #b22222; font-weight: bold")
        self.insecure_label.setToolTip(
            self.tr("This desk talks to the hub without encryption (started with --insecure).")
        )
        hubs = getattr(controller.client, "hubs", None)
        addresses = hubs.urls if hubs is not None else [str(getattr(controller.client, "url", ""))]
        self.insecure_label.setVisible(is_unencrypted_remote(",".join(addresses)))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.dot)
        layout.addWidget(self.state_label)
        layout.addWidget(self.insecure_label)
        layout.addSpacing(12)
        layout.addWidget(self.outbox_label)
        self._controller = controller
        controller.state_changed.connect(self.on_controller_state_changed)
        controller.hub_changed.connect(self.on_controller_hub_changed)
        controller.outbox_changed.connect(self.on_controller_outbox_changed)
        self.on_controller_state_changed(controller.state)
        self.on_controller_outbox_changed(controller.pending)

    def state_text(self, state: str) -> str:
        index, count, moving = self._controller.hub
        if count > 1 and state == "connected":
            return self.tr("Connected to hub %1 of %2").replace("%1", str(index + 1)).replace(
                "%2", str(count))
        if count > 1 and moving and state in ("connecting", "reconnecting"):
            return self.tr("Connecting to another hub …")
        texts = {
            "connected": self.tr("Connected"),
            "connecting": self.tr("Connecting …"),
            "reconnecting": self.tr("Reconnecting …"),
            "offline": self.tr("Offline"),
        }
        return texts.get(state, state)

    def on_controller_state_changed(self, state: str) -> None:
        self.state_label.setText(self.state_text(state))
        colour = DOT_COLOURS.get(state, "#5f6670")
        self.dot.setStyleSheet(f"color: {colour}")
        self.dot.setToolTip(self.state_label.text())

    def on_controller_hub_changed(self, index: int, count: int, moving: bool) -> None:
        self.on_controller_state_changed(self._controller.state)

    def on_controller_outbox_changed(self, pending: int) -> None:
        self.outbox_label.setText(self.tr("%n message(s) waiting to be sent", "", pending))
        self.outbox_label.setVisible(pending > 0)
        self.outbox_label.setAlignment(Qt.AlignmentFlag.AlignVCenter)

"""Debrief requests in the shift lead's consultation panel (docs/care.md)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.client import ClientListener, HubError, NotConnected, RequestTimeout, StaffClient
from workstation.protocol.times import parse_time
from workstation.sessions.clock import format_clock

DEBRIEF_ROLE = Qt.ItemDataRole.UserRole + 1


class DebriefBox(QGroupBox, ClientListener):
    """Requests for a debrief offered to me; hidden while there are none.

    Attributes:
        offers: the list; accept_button, decline_button: answer the chosen one.

    Signals:
        notice(str): a sentence for the status bar.
    """

    notice = Signal(str)

    def __init__(self, client: StaffClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("debrief_box")
        self.setTitle(self.tr("Debrief requests"))
        self.client = client
        self.offers = QListWidget(self)
        self.offers.setWordWrap(True)
        self.accept_button = QPushButton(self.tr("Take the debrief"), self)
        self.decline_button = QPushButton(self.tr("Decline"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.decline_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.offers)
        layout.addLayout(buttons)
        self.accept_button.clicked.connect(self.on_accept_button_clicked)
        self.decline_button.clicked.connect(self.on_decline_button_clicked)
        self.setVisible(False)
        client.add_listener(self)

    def on_push(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "debrief_offer":
            self._remove(str(frame["debrief"]))
            at = format_clock(parse_time(str(frame["at"])))
            text = self.tr("%1 asks for a debrief after a hard contact (%2)").replace(
                "%1", str(frame.get("author") or "?")).replace("%2", at)
            if frame.get("urgent"):
                text = self.tr("Urgent: ") + text
            item = QListWidgetItem(text)
            item.setData(DEBRIEF_ROLE, str(frame["debrief"]))
            self.offers.addItem(item)
            if self.offers.currentRow() < 0:
                self.offers.setCurrentRow(0)
        elif kind == "debrief_withdrawn":
            self._remove(str(frame.get("debrief")))
        self.setVisible(self.offers.count() > 0)

    def _remove(self, debrief: str) -> None:
        for row in range(self.offers.count()):
            if self.offers.item(row).data(DEBRIEF_ROLE) == debrief:
                self.offers.takeItem(row)
                return

    def chosen(self) -> str | None:
        item = self.offers.currentItem()
        return str(item.data(DEBRIEF_ROLE)) if item is not None else None

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_accept_button_clicked(self) -> None:
        await self.answer("debrief_accept")

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_decline_button_clicked(self) -> None:
        await self.answer("debrief_decline")

    async def answer(self, kind: str) -> bool:
        debrief = self.chosen()
        if debrief is None:
            return False
        try:
            answer = await self.client.request({"type": kind, "debrief": debrief})
        except HubError:
            self.notice.emit(self.tr("Someone else was faster, or it was cancelled."))
            self._remove(debrief)
            self.setVisible(self.offers.count() > 0)
            return False
        except (NotConnected, RequestTimeout):
            self.notice.emit(self.tr("The hub could not do it. Try again."))
            return False
        self._remove(debrief)
        self.setVisible(self.offers.count() > 0)
        if kind == "debrief_accept":
            self.notice.emit(self.tr("Find %1 for the debrief: they have been told it is you.")
                             .replace("%1", str(answer.get("author") or "")))
        return True

"""After a hard contact on the desk: the offer of a pause and a debrief, and the pause button
in the status bar (docs/care.md). Never shown to the young person."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.client import ClientListener, HubError, NotConnected, RequestTimeout, StaffClient
from workstation.protocol.times import parse_time
from workstation.sessions.clock import format_clock
from workstation.ui.futures import future_for

if TYPE_CHECKING:
    from workstation.ui.main_window import MainWindow

#: The pause the desk suggests, in minutes.
DEFAULT_PAUSE_MIN = 10


@dataclass(frozen=True)
class CareChoice:
    """What the counsellor chose: a pause of ``minutes`` (0: none) and/or a debrief."""

    minutes: int
    debrief: bool


class CareDialog(QDialog):
    """ "Take a pause?" with the minutes and "Ask the shift lead for a debrief"."""

    def __init__(self, parent: QWidget | None, after_hard: bool) -> None:
        super().__init__(parent)
        self.setObjectName("care_dialog")
        self.setWindowTitle(self.tr("A pause"))
        lead = (self.tr("That was a hard conversation. Take a moment before the next one: no "
                        "new contacts are offered to you meanwhile, and the shift lead is told.")
                if after_hard else
                self.tr("No new contacts are offered to you during the pause, and the shift "
                        "lead is told."))
        text = QLabel(lead, self)
        text.setWordWrap(True)
        self.take_pause = QCheckBox(self.tr("Pause for"), self)
        self.take_pause.setChecked(True)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(1, 60)
        self.minutes.setValue(DEFAULT_PAUSE_MIN)
        self.minutes.setSuffix(self.tr(" min"))
        self.debrief = QCheckBox(self.tr("Ask the shift lead for a debrief"), self)
        self.debrief.setChecked(after_hard)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("OK"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Not now"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.take_pause)
        layout.addWidget(self.minutes)
        layout.addWidget(self.debrief)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def choice(self) -> CareChoice:
        minutes = self.minutes.value() if self.take_pause.isChecked() else 0
        return CareChoice(minutes, self.debrief.isChecked())

    @classmethod
    async def ask(cls, parent: QWidget, after_hard: bool) -> CareChoice | None:
        """Window-modal; None when dismissed. Tests replace this."""
        dialog = cls(parent, after_hard)
        finished = future_for(dialog.finished)
        dialog.open()
        code = await finished
        choice = dialog.choice() if code == QDialog.DialogCode.Accepted.value else None
        dialog.deleteLater()
        return choice


class PauseButton(QPushButton, ClientListener):
    """The status bar's "Pause…" (or "On a pause until 14.05 – end it"), and the offer after a
    hard contact.

    Attributes:
        until: the pause's end as the hub sent it, or None.
        debrief: the open debrief request's id, or None.

    Signals:
        notice(str): a sentence for the status bar.
    """

    notice = Signal(str)

    def __init__(self, window: MainWindow, client: StaffClient) -> None:
        super().__init__(window)
        self.window_ = window
        self.client = client
        self.until: str | None = None
        self.debrief: str | None = None
        self.setObjectName("pause_button")
        self.clicked.connect(self.on_clicked)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._show()
        client.add_listener(self)

    def _show(self) -> None:
        if self.until is None:
            self.setText(self.tr("Pause…"))
            self.setToolTip(self.tr("Take a pause: no new contacts for a while"))
        else:
            self.setText(self.tr("On a pause until %1 – end it").replace(
                "%1", format_clock(parse_time(self.until))))
            self.setToolTip(self.tr("End the pause and take contacts again"))

    def on_push(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        me = (self.client.user or {}).get("name")
        if kind == "care_offer":
            self._spawn(self.offer(str(frame.get("conversation") or "")))
        elif kind == "pause" and frame.get("user") == me:
            self.until = frame.get("until")
            self._show()
        elif kind == "debrief_answered" and frame.get("debrief") == self.debrief:
            self.debrief = None
            self.notice.emit(self.tr("%1 will take the debrief with you.").replace(
                "%1", str(frame.get("by_name") or "")))

    def _spawn(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_clicked(self) -> None:
        if self.until is not None:
            await self.end_pause()
        else:
            await self.offer(None)

    async def offer(self, after: str | None) -> CareChoice | None:
        """Ask, then start the pause and/or the debrief request the counsellor chose."""
        choice = await CareDialog.ask(self.window_, after_hard=bool(after))
        if choice is None:
            return None
        try:
            if choice.minutes:
                answer = await self.client.request(
                    {"type": "pause_start", "minutes": choice.minutes, "after": after or None})
                self.until = str(answer.get("until"))
                self._show()
            if choice.debrief:
                answer = await self.client.request({"type": "debrief_request",
                                                    "after": after or None})
                self.debrief = str(answer.get("debrief"))
                self.notice.emit(self.tr("The shift lead has been asked for a debrief."))
        except (HubError, NotConnected, RequestTimeout):
            self.notice.emit(self.tr("The hub could not do it. Try again."))
        return choice

    async def end_pause(self) -> None:
        try:
            await self.client.request({"type": "pause_end"})
        except HubError:
            pass  # it had ended already
        except (NotConnected, RequestTimeout):
            self.notice.emit(self.tr("The hub could not do it. Try again."))
            return
        self.until = None
        self._show()

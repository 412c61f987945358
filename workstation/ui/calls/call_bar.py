"""Call controls above a phone conversation: state, timer (without hold), hold, transfer, end."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from qasync import asyncSlot

from workstation.client.errors import HubError
from workstation.ui import theme
from workstation.ui.calls.parties import DropPartyDialog, PartiesRow
from workstation.ui.calls.softphone_controls import SoftphoneControls
from workstation.ui.calls.transfer_dialog import TransferDialog
from workstation.ui.controller import DeskController
from workstation.ui.conversation_model import format_clock


class CallBar(QWidget):
    """Shown for ``phone`` conversations only.

    Attributes:
        state_label: "On the phone" / "On hold" / "Call ended", with the masked number.
        timer_label: time talked since the answer, not counting hold ("12:03").
        hold_button: puts the call on hold, or resumes it (F4).
        transfer_button: hands the call to a colleague online.
        hangup_button: ends the call (F5).
        softphone: the desk softphone's state and mute (:meth:`SoftphoneControls.attach`).
        parties: the outside parties rung into the call, each with "Let them leave…".

    Signals:
        notice(str): a sentence for the status bar.
    """

    notice = Signal(str)

    def __init__(self, controller: DeskController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("call_bar")
        self.controller = controller
        self.conversation: str | None = None
        self._busy = False
        self.state_label = QLabel(self)
        self.state_label.setObjectName("call_state")
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        self.timer_label = QLabel(self)
        self.timer_label.setObjectName("call_timer")
        self.timer_label.setAccessibleName(self.tr("Call time"))
        self.hold_button = QPushButton(self.tr("Hold"), self)
        self.hold_button.setObjectName("hold_button")
        self.transfer_button = QPushButton(self.tr("Transfer…"), self)
        self.transfer_button.setObjectName("transfer_button")
        self.transfer_button.setToolTip(self.tr("Hand the call to a colleague who is online"))
        self.hangup_button = QPushButton(self.tr("Hang up"), self)
        self.hangup_button.setObjectName("hangup_button")
        self.hangup_button.setToolTip(self.tr("End the call (F5)"))
        self.softphone = SoftphoneControls(self)
        self.parties = PartiesRow(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 4)
        layout = QHBoxLayout()
        outer.addLayout(layout)
        outer.addWidget(self.parties)
        layout.addWidget(self.state_label)
        layout.addWidget(self.timer_label)
        layout.addStretch(1)
        layout.addWidget(self.softphone)
        for button in (self.hold_button, self.transfer_button, self.hangup_button):
            layout.addWidget(button)
        self.setAutoFillBackground(True)
        self.hold_button.clicked.connect(self.on_hold_button_clicked)
        self.hangup_button.clicked.connect(self.on_hangup_button_clicked)
        self.transfer_button.clicked.connect(self.on_transfer_button_clicked)
        self.parties.leave_clicked.connect(self.on_parties_leave_clicked)
        controller.conversations.dataChanged.connect(self.refresh)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.apply_theme()
        self.show_conversation(None)

    def show_conversation(self, conversation: str | None) -> None:
        self.conversation = conversation
        summary = self.controller.conversations.summary(conversation) if conversation else None
        self.setVisible(summary is not None and summary.call is not None)
        self.refresh()

    def call_state(self) -> str | None:
        conversation = self.conversation
        summary = self.controller.conversations.summary(conversation) if conversation else None
        if summary is None or summary.call is None:
            return None
        return "ended" if summary.finished else summary.call.state

    def refresh(self) -> None:
        conversation = self.conversation
        summary = self.controller.conversations.summary(conversation) if conversation else None
        if summary is None or summary.call is None:
            return
        call = summary.call
        state = self.call_state()
        number = call.number or self.tr("hidden number")
        texts = {
            "ringing": self.tr("Ringing: %1"),
            "connected": self.tr("On the phone with %1"),
            "held": self.tr("On hold: %1"),
            "ended": self.tr("Call ended: %1"),
        }
        self.state_label.setText(texts.get(state or "", "%1").replace("%1", number))
        now = self.controller.conversations.clock()
        talk = format_clock(call.talk_seconds(now))
        if state == "held":
            self.timer_label.setText(
                self.tr("%1 (on hold %2)")
                .replace("%1", talk)
                .replace("%2", format_clock(call.hold_seconds(now)))
            )
        else:
            self.timer_label.setText(talk)
        live = state in ("connected", "held") and not self._busy
        self.hold_button.setText(self.tr("Resume") if state == "held" else self.tr("Hold"))
        self.hold_button.setToolTip(
            self.tr("Take the call off hold (F4)")
            if state == "held"
            else self.tr("Put the call on hold (F4)")
        )
        self.hold_button.setEnabled(live)
        self.transfer_button.setEnabled(live)
        self.hangup_button.setEnabled(live)
        self.parties.show_parties(call.parties if state == "connected" else {}, live)

    def apply_theme(self) -> None:
        """Colours for the scheme in use (called again when the system scheme changes)."""
        colours = theme.colours()
        self.setStyleSheet(
            f"#call_bar {{ background: {colours.call_bg}; border-radius: 4px }}"
            f" #call_bar QLabel {{ color: {colours.call_text}; font-weight: bold }}"
        )

    async def _run(self, action: str, **fields: str) -> bool:
        conversation = self.conversation
        if conversation is None or self._busy:
            return False
        self._busy = True
        self.refresh()
        try:
            await self.controller.call_action(action, conversation, **fields)
        except HubError as error:
            self.notice.emit(
                self.tr("The call could not be changed: %1").replace("%1", error.message)
            )
            return False
        finally:
            self._busy = False
            self.refresh()
        return True

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_hold_button_clicked(self) -> None:
        state = self.call_state()
        if state == "connected":
            await self._run("call_hold")
        elif state == "held":
            await self._run("call_resume")

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_hangup_button_clicked(self) -> None:
        if self.call_state() in ("connected", "held"):
            await self._run("call_hangup")

    @asyncSlot(str, str)  # type: ignore[untyped-decorator]
    async def on_parties_leave_clicked(self, party: str, name: str) -> None:
        await self.drop_party(party, name)

    async def drop_party(self, party: str, name: str) -> bool:
        """Ask, then hang up the outside party ``party`` (``call_drop_party``)."""
        if self.call_state() != "connected" or not await DropPartyDialog.ask(self, name):
            return False
        if not await self._run("call_drop_party", party=party):
            return False
        self.notice.emit(self.tr("%1 has left the call.").replace("%1", name))
        return True

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_transfer_button_clicked(self) -> None:
        if self.call_state() not in ("connected", "held"):
            return
        colleague = await TransferDialog.ask(self, self.controller.colleagues())
        if colleague and await self._run("call_transfer", to=colleague):
            self.notice.emit(self.tr("The call was transferred."))

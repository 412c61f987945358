"""Ringing a young person back: the number (on request), what to say, and the outcome.

Only the counsellor who took the task gets here. The full number is asked of the hub when
"Show number" is pressed (the hub audits it) and is shown in this dialog only: never in a
model, a log line or anywhere that outlives the dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.client.errors import HubError
from workstation.ui.calls.callback_model import CallbackTask, window_label
from workstation.ui.controller import DeskController

#: The outcomes, in the order of their buttons.
OUTCOMES = ("reached", "no_answer", "unreachable")


class CallbackDialog(QDialog):
    """A taken call-back task: reveal the number, ring, record what happened.

    Attributes:
        callback: the task's id.
        number_label: the masked number, then the full one once revealed.
        reveal_button: asks the hub for the full number.
        advice: what to do if someone else answers (the young person's choice).
        outcome_buttons: one button per outcome, by outcome.
        error_label: why the last request failed (hidden when it did not).

    Signals:
        finished_with(str): the outcome was recorded (``reached``, ``no_answer``, ``unreachable``).
    """

    finished_with = Signal(str)

    def __init__(
        self, controller: DeskController, task: CallbackTask, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("callback_dialog")
        self.controller = controller
        self.callback = task.callback
        self.setWindowTitle(self.tr("Call back"))
        when = QLabel(self.tr("When: %1").replace("%1", window_label(task.window)), self)
        self.number_label = QLabel(task.number, self)
        self.number_label.setObjectName("callback_number")
        self.number_label.setTextFormat(Qt.TextFormat.PlainText)
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.number_label.setStyleSheet("font-size: 16pt; font-weight: bold")
        self.reveal_button = QPushButton(self.tr("Show number"), self)
        self.reveal_button.setObjectName("callback_reveal")
        self.reveal_button.setToolTip(self.tr("Shows the whole number to you; this is logged"))
        self.advice = QLabel(self._advice(task.may_say_who), self)
        self.advice.setObjectName("callback_advice")
        self.advice.setWordWrap(True)
        self.advice.setStyleSheet("font-weight: bold")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("callback_error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        labels = {
            "reached": self.tr("Reached"),
            "no_answer": self.tr("No answer – try again later"),
            "unreachable": self.tr("Cannot be reached"),
        }
        self.outcome_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        for outcome in OUTCOMES:
            button = QPushButton(labels[outcome], self)
            button.setObjectName(f"callback_{outcome}")
            button.clicked.connect(lambda _=False, o=outcome: self.on_outcome_clicked(o))
            self.outcome_buttons[outcome] = button
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.number_label)
        layout.addWidget(self.reveal_button)
        layout.addWidget(when)
        layout.addWidget(self.advice)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.reveal_button.clicked.connect(self.on_reveal_button_clicked)

    def _advice(self, may_say_who: bool) -> str:
        if may_say_who:
            return self.tr(
                "If someone else answers: you may say you are from Alarmtelefonen and leave "
                "a message."
            )
        return self.tr(
            "If someone else answers: do not say who you are and leave no message. Ask for "
            "the young person without naming the helpline."
        )

    def _failed(self, error: HubError) -> None:
        if error.code == "forbidden":
            text = self.tr("This call-back is no longer yours (you were away, and it was "
                           "given back).")
        elif error.code == "not_found":
            text = self.tr("This call-back is gone: it is done, or older than 48 hours.")
        else:
            text = self.tr("The hub did not do it: %1").replace("%1", error.message)
        self.error_label.setText(text)
        self.error_label.show()

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_reveal_button_clicked(self) -> None:
        self.reveal_button.setEnabled(False)
        try:
            answer = await self.controller.callback_request("callback_number", self.callback)
        except HubError as error:
            self._failed(error)
            self.reveal_button.setEnabled(True)
            return
        self.number_label.setText(str(answer["number"]))
        self.error_label.hide()

    @asyncSlot(str)  # type: ignore[untyped-decorator]
    async def on_outcome_clicked(self, outcome: str) -> None:
        for button in self.outcome_buttons.values():
            button.setEnabled(False)
        try:
            await self.controller.callback_request("callback_done", self.callback, outcome=outcome)
        except HubError as error:
            self._failed(error)
            return
        finally:
            for button in self.outcome_buttons.values():
                button.setEnabled(True)
        self.number_label.clear()
        self.finished_with.emit(outcome)
        self.accept()

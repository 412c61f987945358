""""Same counsellor again" on the desk (docs/returning.md).

- "Give code" beside "End conversation": asks the hub for a code for the young person of
  the conversation shown; a small window shows it (to read out on the phone or send by SMS;
  the chat page shows it by itself) with a button to revoke it.
- When a young person comes back with one of this counsellor's codes, the hub offers the
  contact to her first (``return_offer``): a window says "kom tilbake og spurte etter deg"
  with the earlier contact summary (never the transcript) and a button to take it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.client.errors import HubError
from workstation.sessions import categories

if TYPE_CHECKING:
    from workstation.ui.main_window import MainWindow
    from workstation.ui.session import DeskSession


def _plain(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def summary_lines(summary: dict[str, Any] | None) -> str:
    """The earlier contact summary as plain lines: categories, then the short text."""
    if not summary:
        return ""
    names = []
    for category in summary.get("categories") or ():
        try:
            names.append(categories.label(str(category), with_parent=True))
        except KeyError:
            names.append(str(category))
    lines = ["; ".join(names)] if names else []
    if summary.get("text"):
        lines.append(str(summary["text"]))
    return "\n".join(lines)


class ReturnCodeDialog(QDialog):
    """Gives a code (optionally with a follow-up time), shows it, and lets it be revoked.

    Attributes:
        conversation: the conversation whose young person gets the code.
        follow_up_box: "Agree a time for a new conversation" (off by default); ticked, the
            hub is asked which times she may offer (``follow_up_times``).
        follow_up_choice: only those times (her shifts in the roster and the opening hours),
            shown in this computer's time zone (Oslo at the helpline).
        roster_note: says plainly when no roster is registered (opening hours only) or when
            she has no shift before the code expires.
        give_button: asks the hub for the code.
        code_label: the code once given, large and selectable.
        digits_label: what a caller types for it on the phone menu ("tast 765 676 47").
        about: validity and how the young person gets it.
        revoke_button: "Revoke the code" (once given).
        status: a sentence after giving or revoking fails, or after revoking.
    """

    def __init__(self, window: MainWindow, conversation: str) -> None:
        super().__init__(window)
        self.window_ = window
        self.conversation = conversation
        self.setWindowTitle(self.tr("Code for coming back"))
        self.setObjectName("return_code_dialog")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(_plain(self.tr(
            "A code lets the young person come back to you; they choose whether to use it. "
            "Nothing about them is stored with it."), self))
        self.follow_up_box = QCheckBox(self.tr("Agree a time for a new conversation"), self)
        self.follow_up_choice = QComboBox(self)
        self.follow_up_choice.setObjectName("follow_up_choice")
        self.follow_up_choice.setEnabled(False)
        self.follow_up_choice.hide()
        self.roster_note = _plain("", self)
        self.roster_note.setObjectName("roster_note")
        self.roster_note.hide()
        self.follow_up_box.toggled.connect(self.on_follow_up_box_toggled)
        layout.addWidget(self.follow_up_box)
        layout.addWidget(self.follow_up_choice)
        layout.addWidget(self.roster_note)
        self.code_label = _plain("", self)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.code_label.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setWordWrap(False)  # a code is never broken over two lines
        self.code_label.hide()
        layout.addWidget(self.code_label)
        self.digits_label = _plain("", self)
        self.digits_label.setObjectName("return_code_digits")
        self.digits_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.digits_label.hide()
        layout.addWidget(self.digits_label)
        self.about = _plain("", self)
        self.about.hide()
        layout.addWidget(self.about)
        self.status = _plain("", self)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.give_button = QPushButton(self.tr("Give the code"), self)
        self.revoke_button = QPushButton(self.tr("Revoke the code"), self)
        buttons.addButton(self.give_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.revoke_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.revoke_button.hide()  # adding it to the box showed it again: shown once given
        buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        self.give_button.clicked.connect(self.on_give_button_clicked)
        self.revoke_button.clicked.connect(self.on_revoke_button_clicked)
        layout.addWidget(buttons)

    @asyncSlot(bool)  # type: ignore[untyped-decorator]
    async def on_follow_up_box_toggled(self, checked: bool) -> None:
        self.follow_up_choice.setEnabled(checked and self.follow_up_choice.count() > 0)
        self.follow_up_choice.setVisible(checked)
        self.roster_note.setVisible(checked and bool(self.roster_note.text()))
        if not checked or self.follow_up_choice.count() or self.roster_note.text():
            return
        try:
            answer = await self.window_.controller.client.request({"type": "follow_up_times"})
        except HubError as error:
            self.show_times([], None, error.message)
            return
        self.show_times([str(t) for t in answer.get("times") or ()], bool(answer.get("roster")))

    def show_times(self, times: list[str], roster: bool | None, problem: str = "") -> None:
        """The times she may propose, and a sentence about the roster."""
        self.follow_up_choice.clear()
        for at in times:
            self.follow_up_choice.addItem(_local(at, "dd.MM.yyyy HH:mm"), at)
        if problem:
            note = self.tr("Could not get the times: %1").replace("%1", problem)
        elif roster is False:
            note = self.tr("No shifts are registered in the roster, so these times follow the "
                           "opening hours only: choose one when you are at work.")
        elif not times:
            note = self.tr("You have no shift in the roster before the code expires, so no "
                           "time can be agreed. Ask whoever keeps the roster to add your "
                           "shifts.")
        else:
            note = self.tr("Times within your shifts in the roster and the opening hours.")
        self.roster_note.setText(note)
        checked = self.follow_up_box.isChecked()
        self.roster_note.setVisible(checked)
        self.follow_up_choice.setEnabled(checked and bool(times))
        self._layout.activate()
        self.adjustSize()

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_give_button_clicked(self) -> None:
        frame: dict[str, Any] = {"type": "return_code_offer", "conversation": self.conversation}
        if self.follow_up_box.isChecked():
            if self.follow_up_choice.currentData() is None:
                self.status.setText(self.tr("Choose one of the times, or untick the box."))
                return
            frame["follow_up_at"] = str(self.follow_up_choice.currentData())
        self.give_button.setEnabled(False)
        try:
            answer = await self.window_.controller.client.request(frame)
        except HubError as error:
            self.status.setText(self.tr("Could not give a code: %1").replace(
                "%1", error.message))
            self.give_button.setEnabled(True)
            return
        self.show_code(dict(answer))

    def show_code(self, answer: dict[str, Any]) -> None:
        self.status.setText("")
        self.follow_up_box.setEnabled(False)
        self.follow_up_choice.setEnabled(False)
        self.give_button.hide()
        self.revoke_button.show()
        self.code_label.setText(str(answer.get("code", "")))
        self.code_label.show()
        if answer.get("digits"):  # the phone menu's form: the keys of the letters, the number
            self.digits_label.setText(self.tr("On the phone: key %1").replace(
                "%1", str(answer["digits"])))
            self.digits_label.show()
        text = self.tr(
            "Valid until %1. On the chat page the young person sees it now; on the phone, "
            "read it out; by SMS, send it. Given next time, it brings them to you when you "
            "are on shift with room."
        ).replace("%1", _local(str(answer.get("expires_at") or ""), "dd.MM.yyyy"))
        if answer.get("follow_up_at"):
            text += "\n" + self.tr(
                "Agreed time: %1. You are reminded on the desk; if nobody comes, the time is "
                "released."
            ).replace("%1", _local(str(answer["follow_up_at"]), "dd.MM.yyyy HH:mm"))
        self.about.setText(text)
        self.about.show()
        self._layout.activate()
        self.adjustSize()  # the code and the sentences fit without scrolling or clipping

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_revoke_button_clicked(self) -> None:
        self.revoke_button.setEnabled(False)
        try:
            await self.window_.controller.client.request(
                {"type": "return_code_revoke", "conversation": self.conversation}
            )
        except HubError as error:
            self.status.setText(self.tr("Could not revoke the code: %1").replace(
                "%1", error.message))
            self.revoke_button.setEnabled(True)
            return
        self.status.setText(self.tr("The code is revoked: it no longer opens."))


def _local(wire_time: str, shape: str) -> str:
    """A wire time (UTC) in this computer's time zone, as ``shape``."""
    moment = QDateTime.fromString(wire_time, Qt.DateFormat.ISODateWithMs)
    return moment.toLocalTime().toString(shape) if moment.isValid() else wire_time


#: The conversation's "More ▾" button (workstation/ui/care/abuse.py), whose menu takes the entry.
MORE_BUTTON = "abuse_button"


class ReturnCodeAction(QAction):
    """ "Give code…" in the conversation's "More" menu: give the young person of the shown
    conversation a code (a menu entry, not a header button: the header must fit a laptop).

    Attributes:
        dialog: the window for the last code given or being given (``None`` before).
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.dialog: ReturnCodeDialog | None = None
        self.setText(self.tr("Give code…"))
        self.setObjectName("return_code_action")
        self.setToolTip(self.tr(
            "Give the young person a code to come back to you (they choose to use it)"))
        self.triggered.connect(self.on_triggered)
        window.conversation_panel.conversation_changed.connect(self.on_conversation_changed)
        self.on_conversation_changed(window.current_conversation() or "")

    def on_conversation_changed(self, conversation: str) -> None:
        self.setEnabled(bool(conversation))

    def on_triggered(self) -> None:
        conversation = self.window_.current_conversation()
        if conversation is None:
            return
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = ReturnCodeDialog(self.window_, conversation)
        self.dialog.show()


class ReturnOfferDialog(QDialog):
    """ "Kom tilbake og spurte etter deg": the earlier summary and a button to take the contact.

    Attributes:
        conversation: the waiting contact offered.
        summary_label: the earlier contact summary (plain text).
        take_button: takes the contact (``accept``).
        status: a sentence when taking failed.
    """

    def __init__(self, window: MainWindow, offer: dict[str, Any]) -> None:
        super().__init__(window)
        self.window_ = window
        self.conversation = str(offer["conversation"])
        self.setWindowTitle(self.tr("Came back and asked for you"))
        self.setObjectName("return_offer_dialog")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        layout = QVBoxLayout(self)
        layout.addWidget(_plain(self.tr(
            "A young person came back and asked for you. Offered to you first for %1 s."
        ).replace("%1", str(int(offer.get("offer_s") or 0))), self))
        earlier = summary_lines(offer.get("summary"))
        self.summary_label = _plain(
            self.tr("Last time: %1").replace("%1", earlier) if earlier
            else self.tr("No summary was saved last time."), self)
        layout.addWidget(self.summary_label)
        self.status = _plain("", self)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.take_button = buttons.addButton(
            self.tr("Take the contact"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Not now"), QDialogButtonBox.ButtonRole.RejectRole)
        self.take_button.clicked.connect(self.on_take_button_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_take_button_clicked(self) -> None:
        self.take_button.setEnabled(False)
        try:
            await self.window_.controller.accept(self.conversation)
        except HubError as error:
            self.status.setText(self.tr("Could not take the contact: %1").replace(
                "%1", error.message))
            return
        self.accept()


class ReturnOffers(QObject):
    """Opens a :class:`ReturnOfferDialog` for each ``return_offer``, closes it when
    withdrawn, and shows follow-up reminders and releases in the status bar.

    Attributes:
        dialogs: open offer windows by conversation.
        last_notice: the last follow-up sentence shown.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("return_offers")
        self.window_ = window
        self.dialogs: dict[str, ReturnOfferDialog] = {}
        self.last_notice = ""
        window.controller.push_received.connect(self.on_controller_push_received)

    def on_controller_push_received(self, frame: dict[str, Any]) -> None:
        kind = frame.get("type")
        if kind == "return_offer" and isinstance(frame.get("conversation"), str):
            dialog = ReturnOfferDialog(self.window_, frame)
            self.dialogs[dialog.conversation] = dialog
            dialog.finished.connect(lambda _r, c=dialog.conversation: self.dialogs.pop(c, None))
            dialog.show()
        elif kind in ("follow_up_reminder", "follow_up_released"):
            when = _local(str(frame.get("at") or ""), "HH:mm")
            self.last_notice = (
                self.tr("Reminder: a follow-up conversation you agreed is at %1.")
                if kind == "follow_up_reminder"
                else self.tr("Nobody came for the follow-up at %1; the time is released.")
            ).replace("%1", when)
            self.window_.statusBar().showMessage(self.last_notice)
        elif kind == "return_offer_withdrawn":
            withdrawn = self.dialogs.pop(str(frame.get("conversation")), None)
            if withdrawn is not None:
                withdrawn.reject()


def install(window: MainWindow, session: DeskSession) -> None:
    action = ReturnCodeAction(window)
    more = window.findChild(QPushButton, MORE_BUTTON)
    if more is not None and more.menu() is not None:
        more.menu().addAction(action)
    else:  # a desk without the "More" menu: a button of its own
        button = QPushButton(action.text(), window)
        button.setObjectName("return_code_button")
        button.setToolTip(action.toolTip())
        button.clicked.connect(action.trigger)
        action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        button.setEnabled(action.isEnabled())
        window.add_conversation_button(button)
    ReturnOffers(window)  # a child of the window: lives as long as it

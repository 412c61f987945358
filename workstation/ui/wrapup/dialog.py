"""The contact summary at wrap-up: who, age, gender, categories, wishes, actions, a note.

Shown when the counsellor ends a conversation (:meth:`WrapUpDialog.ask`) and from the
"Summary" button (:meth:`WrapUpDialog.ask_summary`). The dialog saves the summary itself
(``summary_set``) and only closes once the hub has it; what is missing is said next to the
field, kindly, in the words of :func:`workstation.sessions.summary.validate`.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol, cast

import msgspec
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.client.errors import HubError
from workstation.sessions import summary as summaries
from workstation.sessions.summary import MAX_TEXT_LENGTH, ContactSummary, Problem
from workstation.ui.controller import DeskController
from workstation.ui.fit import resize_within_screen
from workstation.ui.futures import future_for
from workstation.ui.wrapup import fields
from workstation.ui.wrapup.categories_tree import CategoryTree

log = logging.getLogger(__name__)

#: What :meth:`WrapUpDialog.ask` answers: the ``close`` reason, or None (cancelled).
CLOSE = "staff_closed"
SILENT = "silent"
PROBLEM_STYLE = "color: #7a4a00; background: #fff6e0; padding: 3px 6px; border-radius: 3px"


class _Requester(Protocol):
    async def request(self, frame: dict[str, Any], timeout: float = ...) -> dict[str, Any]: ...


def problems_from_error(error: HubError, summary: ContactSummary) -> list[Problem]:
    """The field problems the hub listed in a ``bad_frame`` answer to ``summary_set``."""
    if error.code != "bad_frame":
        return []
    listed = error.details.get("problems")
    if not isinstance(listed, list):
        return [p for p in summaries.validate(summary) if p.message in error.message]
    known = {(p.field, p.message): p for p in summaries.validate(summary)}
    return [
        known.get((str(p.get("field")), str(p.get("message"))))
        or Problem(str(p.get("field", "")), "invalid", str(p.get("message", "")))
        for p in listed
        if isinstance(p, dict)
    ]


class WrapUpDialog(QDialog):
    """Fill in the contact summary; save it; optionally end the conversation.

    Attributes:
        conversation: the conversation the summary is about.
        closing: the dialog was opened by "End conversation".
        contact_by, age_band, gender: choice boxes.
        categories: the checkable category tree.
        wanted_boxes, action_boxes: checkboxes by value.
        text: the short summary (plain text, at most 1000 characters).
        counter: "n / 1000".
        problems: the problem label of each field, by field name.
        save_button, silent_button, cancel_button: the buttons.
        choice: the close reason chosen (``"staff_closed"``/``"silent"``), "saved", or None.
    """

    def __init__(
        self,
        parent: QWidget | None,
        controller: DeskController,
        conversation: str,
        title: str,
        *,
        closing: bool = True,
    ) -> None:
        super().__init__(parent)
        self.client = cast(_Requester, controller.client)
        self.conversation = conversation
        self.closing = closing
        self.choice: str | None = None
        self.setObjectName("wrapup_dialog")
        self.setWindowTitle(self.tr("Contact summary – %1").replace("%1", title))
        self.problems: dict[str, QLabel] = {}
        intro = QLabel(
            self.tr(
                "A few words for the statistics; the young person never sees them. "
                "Leave out names and anything that identifies anyone."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.contact_by = self._combo(fields.contact_by_choices(), self.tr("Who made contact"))
        self.age_band = self._combo(fields.age_band_choices(), self.tr("Age"))
        self.gender = self._combo(fields.gender_choices(), self.tr("Gender"))
        people = QFormLayout()
        people.addRow(self._buddy(self.tr("&Who made contact"), self.contact_by), self.contact_by)
        people.addRow(self._buddy(self.tr("A&ge"), self.age_band), self.age_band)
        people.addRow(self._buddy(self.tr("Ge&nder"), self.gender), self.gender)
        self.wanted_boxes = self._boxes(fields.wanted_choices())
        self.action_boxes = self._boxes(fields.action_choices())
        wanted_box = self._group(
            self.tr("What did the young person want?"), self.wanted_boxes, "wanted"
        )
        actions_box = self._group(self.tr("What did you do?"), self.action_boxes, "actions")
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(self.tr("Short summary"))
        self.text.setPlaceholderText(self.tr("Optional: a short note, without names"))
        self.text.setMaximumHeight(90)
        self.counter = QLabel(self)
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.counter.setAccessibleName(self.tr("Characters used"))
        left = QVBoxLayout()
        left.addLayout(people)
        for name in ("contact_by", "age_band", "gender"):
            left.addWidget(self._problem(name))
        left.addWidget(wanted_box)
        left.addWidget(actions_box)
        left.addWidget(self._buddy(self.tr("&Short summary"), self.text))
        left.addWidget(self.text)
        left.addWidget(self.counter)
        left.addWidget(self._problem("text"))
        left.addStretch(1)
        self.categories = CategoryTree(self)
        right = QVBoxLayout()
        right.addWidget(
            self._buddy(self.tr("&Categories: what was the contact about?"), self.categories)
        )
        right.addWidget(self.categories, 1)
        right.addWidget(self._problem("categories"))
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.general = QLabel(self)
        self.general.setTextFormat(Qt.TextFormat.PlainText)
        self.general.setWordWrap(True)
        self.general.setStyleSheet(PROBLEM_STYLE)
        self.general.hide()
        self.save_button = QPushButton(
            self.tr("Save and &end") if closing else self.tr("&Save"), self
        )
        self.save_button.setDefault(True)
        self.save_button.setToolTip(self.tr("Ctrl+Enter"))
        self.silent_button = QPushButton(self.tr("Silent contact – &end"), self)
        self.silent_button.setToolTip(
            self.tr("The young person said nothing: end it and file it as silent.")
        )
        self.silent_button.setVisible(closing)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        for button in (self.save_button, self.silent_button, self.cancel_button):
            button.setAccessibleName(button.text().replace("&", ""))
        buttons = QHBoxLayout()
        buttons.addWidget(self.silent_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)
        layout.addWidget(self.general)
        layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S"):
            QShortcut(QKeySequence(keys), self, self.save_button.click)
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.silent_button.clicked.connect(self.on_silent_button_clicked)
        self.cancel_button.clicked.connect(self.reject)
        self.text.textChanged.connect(self.on_text_changed)
        self.on_text_changed()
        resize_within_screen(self, 860, 760)

    # --- building the form ------------------------------------------------------------------

    def _combo(self, choices: list[tuple[str, str]], name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        for value, label in choices:
            combo.addItem(label, value)
        return combo

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        return label

    def _boxes(self, choices: list[tuple[str, str]]) -> dict[str, QCheckBox]:
        return {value: QCheckBox(label, self) for value, label in choices}

    def _group(self, title: str, boxes: dict[str, QCheckBox], field: str) -> QGroupBox:
        group = QGroupBox(title, self)
        group.setAccessibleName(title)
        inner = QVBoxLayout(group)
        for box in boxes.values():
            inner.addWidget(box)
        inner.addWidget(self._problem(field))
        return group

    def _problem(self, field: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(f"problem_{field}")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setStyleSheet(PROBLEM_STYLE)
        label.hide()
        self.problems[field] = label
        return label

    # --- the summary --------------------------------------------------------------------------

    def summary(self) -> ContactSummary:
        """What the form says now (not validated)."""
        return ContactSummary(
            contact_by=self.contact_by.currentData(),
            age_band=self.age_band.currentData(),
            gender=self.gender.currentData(),
            categories=self.categories.checked_ids(),
            wanted=cast(Any, tuple(v for v, box in self.wanted_boxes.items() if box.isChecked())),
            actions=cast(Any, tuple(v for v, box in self.action_boxes.items() if box.isChecked())),
            text=self.text.toPlainText().strip(),
        )

    def fill(self, summary: ContactSummary) -> None:
        """Show a saved summary (when it is edited again)."""
        choices: list[tuple[QComboBox, str]] = [
            (self.contact_by, summary.contact_by),
            (self.age_band, summary.age_band),
            (self.gender, summary.gender),
        ]
        for combo, choice in choices:
            combo.setCurrentIndex(max(0, combo.findData(choice)))
        self.categories.set_checked(summary.categories)
        wanted: tuple[str, ...] = summary.wanted
        actions: tuple[str, ...] = summary.actions
        for value, box in self.wanted_boxes.items():
            box.setChecked(value in wanted)
        for value, box in self.action_boxes.items():
            box.setChecked(value in actions)
        self.text.setPlainText(summary.text)

    def show_problems(self, problems: list[Problem]) -> None:
        """Each field's sentences next to it; the others cleared."""
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            by_field.setdefault(problem.field, []).append(problem.message)
        for field, label in self.problems.items():
            label.setText("\n".join(by_field.pop(field, [])))
            label.setVisible(bool(label.text()))
        leftover = [message for messages in by_field.values() for message in messages]
        self._say("\n".join(leftover))

    def _say(self, sentence: str) -> None:
        self.general.setText(sentence)
        self.general.setVisible(bool(sentence))

    def on_text_changed(self) -> None:
        used = len(self.text.toPlainText().strip())
        self.counter.setText(f"{used} / {MAX_TEXT_LENGTH}")
        self.counter.setStyleSheet("color: #7a4a00" if used > MAX_TEXT_LENGTH else "")

    # --- talking to the hub -----------------------------------------------------------------

    async def load(self) -> None:
        """Fill in a summary saved earlier, if there is one."""
        try:
            answer = await self.client.request(
                {"type": "summary_get", "conversation": self.conversation}
            )
            saved = answer.get("summary")
            if isinstance(saved, dict):
                self.fill(summaries.from_dict(saved))
        except (HubError, msgspec.ValidationError, ValueError) as error:
            log.debug("no earlier summary to show: %s", type(error).__name__)

    async def save(self) -> bool:
        """Check, then ``summary_set``; True once the hub has stored it."""
        summary = self.summary()
        problems = summaries.validate(summary)
        self.show_problems(problems)
        if problems:
            return False
        frame = {
            "type": "summary_set",
            "conversation": self.conversation,
            "summary": summaries.to_dict(summary),
        }
        try:
            await self.client.request(frame)
        except HubError as error:
            found = problems_from_error(error, summary)
            if found:
                self.show_problems(found)
            else:
                self._say(
                    self.tr("The summary could not be saved: %1").replace("%1", error.message)
                )
            return False
        return True

    def _busy(self, busy: bool) -> None:
        for button in (self.save_button, self.silent_button, self.cancel_button):
            button.setEnabled(not busy)

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_save_button_clicked(self) -> None:
        self._busy(True)
        try:
            if await self.save():
                self.choice = CLOSE if self.closing else "saved"
                self.accept()
        finally:
            self._busy(False)

    def on_silent_button_clicked(self) -> None:
        """One click: the hub files the silent summary when the conversation closes."""
        self.choice = SILENT
        self.accept()

    # --- asking -------------------------------------------------------------------------------

    @classmethod
    async def _run(cls, dialog: WrapUpDialog) -> str | None:
        finished = future_for(dialog.finished)
        dialog.open()
        await dialog.load()
        try:
            await finished
            choice = dialog.choice
        finally:
            dialog.deleteLater()
        return choice

    @classmethod
    async def ask(
        cls, parent: QWidget | None, controller: DeskController, conversation: str, title: str
    ) -> str | None:
        """At "End conversation": the ``close`` reason to use, or None to keep it open.

        ``"staff_closed"`` once the summary is saved; ``"silent"`` for the one-click silent
        close (the hub files the silent summary).
        """
        return await cls._run(cls(parent, controller, conversation, title, closing=True))

    @classmethod
    async def ask_summary(
        cls, parent: QWidget | None, controller: DeskController, conversation: str, title: str
    ) -> bool:
        """Fill in (or change) the summary without ending the conversation; True if saved."""
        dialog = cls(parent, controller, conversation, title, closing=False)
        return await cls._run(dialog) == "saved"

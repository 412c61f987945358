"""Asking for a consultation: whom, why in one line, and whether it is urgent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from workstation.ui.dialog_buttons import dialog_buttons
from workstation.ui.futures import answer_of, future_for

SUMMARY_MAX = 200


@dataclass(frozen=True)
class ConsultRequest:
    """The answer of :class:`ConsultDialog`: ``to`` is a user name, or None for any shift lead."""

    to: str | None
    summary: str
    urgent: bool


class ConsultDialog(QDialog):
    """Attributes:
    who: "any shift lead" first, then each colleague on shift.
    summary: an optional one-line reason (at most 200 characters).
    urgent: mark the request as urgent (shown first and louder to the shift lead).
    """

    def __init__(
        self, parent: QWidget | None, title: str, colleagues: list[dict[str, Any]]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Consult a colleague"))
        intro = QLabel(
            self.tr("Ask for advice about %1 while the conversation goes on.").replace("%1", title),
            self,
        )
        intro.setWordWrap(True)
        self.who = QComboBox(self)
        self.who.setObjectName("consult_who")
        self.who.addItem(self.tr("Any shift lead"), None)
        for person in colleagues:
            name = str(person.get("display_name") or person.get("user"))
            if person.get("shift_lead"):
                name = self.tr("%1 (shift lead)").replace("%1", name)
            if person.get("status") == "away":
                name = self.tr("%1 – away").replace("%1", name)
            self.who.addItem(name, person.get("user"))
        self.summary = QLineEdit(self)
        self.summary.setObjectName("consult_summary")
        self.summary.setMaxLength(SUMMARY_MAX)
        self.summary.setPlaceholderText(self.tr("Optional: what it is about, in one line"))
        self.urgent = QCheckBox(self.tr("Urgent"), self)
        self.urgent.setObjectName("consult_urgent")
        buttons = dialog_buttons(self, self.tr("Ask"), self.tr("Cancel"))
        form = QFormLayout()
        form.addRow(self.tr("Ask"), self.who)
        form.addRow(self.tr("About"), self.summary)
        form.addRow("", self.urgent)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def request(self) -> ConsultRequest:
        summary = " ".join(self.summary.text().split())[:SUMMARY_MAX]
        to = self.who.currentData()
        return ConsultRequest(str(to) if to else None, summary, self.urgent.isChecked())

    @classmethod
    async def ask(
        cls, parent: QWidget | None, title: str, colleagues: list[dict[str, Any]]
    ) -> ConsultRequest | None:
        """Show the dialog without blocking the loop; None when cancelled."""
        dialog = cls(parent, title, colleagues)
        finished = future_for(dialog.finished)
        dialog.open()
        try:
            result = await finished
            return dialog.request() if result == QDialog.DialogCode.Accepted.value else None
        finally:
            dialog.deleteLater()


class TakeOverDialog(QMessageBox):
    """Asks before a consultant takes a conversation over from the counsellor."""

    def __init__(self, parent: QWidget | None, title: str, counsellor: str) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Take over the conversation"))
        self.setText(
            self.tr("Take over %1 from %2?").replace("%1", title).replace("%2", counsellor)
        )
        self.setInformativeText(
            self.tr(
                "You become the counsellor in the conversation; the young person sees your "
                "name from now on. %1 can still follow it and write to you here."
            ).replace("%1", counsellor)
        )
        self.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        self.button(QMessageBox.StandardButton.Yes).setText(self.tr("Take over"))
        self.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.setDefaultButton(QMessageBox.StandardButton.Cancel)

    @classmethod
    async def ask(cls, parent: QWidget | None, title: str, counsellor: str) -> bool:
        """True means "take it over"; never blocks the loop."""
        dialog = cls(parent, title, counsellor)
        return await answer_of(dialog) == QMessageBox.StandardButton.Yes.value

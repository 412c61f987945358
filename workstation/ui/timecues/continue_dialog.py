"""Going on past a time limit: why (risk, disclosure, crisis, other) and, if needed, a line."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workstation.ui.dialog_buttons import dialog_buttons
from workstation.ui.futures import future_for

REASONS = ("risk", "disclosure", "crisis", "other")
TEXT_MAX = 1000


@dataclass(frozen=True)
class ContinueReason:
    reason: str
    text: str


class ContinueDialog(QDialog):
    """Attributes: reasons: a radio button per reason; text: an optional line."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Continue the conversation"))
        intro = QLabel(
            self.tr(
                "%1 goes on. Why? This is recorded for the shift; the young person never sees it."
            ).replace("%1", title),
            self,
        )
        intro.setWordWrap(True)
        labels = {
            "risk": self.tr("Risk to the young person"),
            "disclosure": self.tr("The young person is telling something important"),
            "crisis": self.tr("Crisis or strong reaction"),
            "other": self.tr("Other reason"),
        }
        self.group = QButtonGroup(self)
        self.reasons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for reason in REASONS:
            button = QRadioButton(labels[reason], self)
            button.setObjectName(f"continue_{reason}")
            self.group.addButton(button)
            self.reasons[reason] = button
            layout.addWidget(button)
        self.reasons["disclosure"].setChecked(True)
        self.text = QLineEdit(self)
        self.text.setObjectName("continue_text")
        self.text.setMaxLength(TEXT_MAX)
        self.text.setPlaceholderText(self.tr("A few words (optional)"))
        layout.addWidget(self.text)
        buttons = dialog_buttons(self, self.tr("Continue"), self.tr("Cancel"))
        layout.addWidget(buttons)

    def answer(self) -> ContinueReason:
        reason = next(r for r, b in self.reasons.items() if b.isChecked())
        return ContinueReason(reason, " ".join(self.text.text().split()))

    @classmethod
    async def ask(cls, parent: QWidget | None, title: str) -> ContinueReason | None:
        """The reason, or None when cancelled; never blocks the loop."""
        dialog = cls(parent, title)
        finished = future_for(dialog.finished)
        dialog.open()
        try:
            result = await finished
            return dialog.answer() if result == QDialog.DialogCode.Accepted.value else None
        finally:
            dialog.deleteLater()

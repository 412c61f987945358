"""A small dialog to add or edit a canned response (supervisors). Tests monkeypatch ``ask``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workstation.sessions.canned import CannedResponse
from workstation.ui.canned.items import new_id
from workstation.ui.dialog_buttons import dialog_buttons
from workstation.ui.futures import future_for


class CannedEditorDialog(QDialog):
    """Group, title, keyword and text of one response.

    Attributes:
        group, title, keyword, text: the fields.
        problem: a sentence when the response breaks a rule.
        result_item: the response once OK was pressed with valid fields.
    """

    def __init__(
        self,
        parent: QWidget | None,
        groups: dict[str, str],
        item: CannedResponse | None = None,
        taken_ids: set[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._item = item
        self._taken = taken_ids or set()
        self.result_item: CannedResponse | None = None
        self.setWindowTitle(
            self.tr("Edit canned response") if item else self.tr("New canned response")
        )
        self.group = QComboBox(self)
        for group_id, label in groups.items():
            self.group.addItem(label, group_id)
        self.title = QLineEdit(self)
        self.keyword = QLineEdit(self)
        self.keyword.setPlaceholderText(self.tr("lower case, no spaces, e.g. listen"))
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("{navn} is replaced by the counsellor's name"))
        for widget, name in (
            (self.group, self.tr("Group")),
            (self.title, self.tr("Title")),
            (self.keyword, self.tr("Keyword")),
            (self.text, self.tr("Text")),
        ):
            widget.setAccessibleName(name)
        self.problem = QLabel(self)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #8a4b00")
        self.problem.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Group"), self.group)
        form.addRow(self.tr("T&itle"), self.title)
        form.addRow(self.tr("&Keyword"), self.keyword)
        form.addRow(self.tr("Te&xt"), self.text)
        buttons = dialog_buttons(
            self, self.tr("Save"), self.tr("Cancel"), on_accept=self.on_buttons_accepted, save=True
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        if item is not None:
            self.group.setCurrentIndex(max(0, self.group.findData(item.group)))
            self.group.setEnabled(False)  # the id starts with the group
            self.title.setText(item.title)
            self.keyword.setText(item.keyword)
            self.text.setPlainText(item.text)
        self.resize(480, 360)

    def build(self) -> CannedResponse:
        """The response the fields describe; raises ValueError with the reason."""
        group = str(self.group.currentData() or "")
        title = self.title.text().strip()
        keyword = self.keyword.text().strip().removeprefix("/")
        text = self.text.toPlainText().strip()
        if not group or not title or not keyword or not text:
            raise ValueError(self.tr("Please fill in the title, the keyword and the text."))
        item_id = self._item.id if self._item else new_id(group, title, self._taken)
        try:
            return CannedResponse(id=item_id, group=group, title=title, keyword=keyword, text=text)
        except ValueError:
            raise ValueError(
                self.tr(
                    "The keyword must be lower case without spaces, and {navn} is the only "
                    "placeholder the text may use."
                )
            ) from None

    def on_buttons_accepted(self) -> None:
        try:
            self.result_item = self.build()
        except ValueError as problem:
            self.problem.setText(str(problem))
            self.problem.show()
            return
        self.accept()

    @classmethod
    async def ask(
        cls,
        parent: QWidget | None,
        groups: dict[str, str],
        item: CannedResponse | None = None,
        taken_ids: set[str] | None = None,
    ) -> CannedResponse | None:
        """Show the editor without blocking the loop; the response, or None when cancelled."""
        dialog = cls(parent, groups, item, taken_ids)
        finished = future_for(dialog.finished)
        dialog.open()
        try:
            result = await finished
            item = dialog.result_item
        finally:
            dialog.deleteLater()
        return item if result == QDialog.DialogCode.Accepted.value else None

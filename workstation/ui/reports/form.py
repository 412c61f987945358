"""The fields of a concern report that a counsellor fills in. Plain text only.

:meth:`ReportForm.state` is what a draft stores; :meth:`ReportForm.report_fields` is the part
of the report data format the form provides.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workstation.sessions import reports
from workstation.ui.reports.municipality_field import MunicipalityField

PARENT_ROWS = 2
DEFAULT_TEMPLATE = "bekymringsmelding"
_LINES = (
    "child_name",
    "child_age",
    "child_address",
    "child_phone",
    "categories",
    "flags",
    "informed_reason",
    "discussed_with",
)
_TEXTS = ("concern", "actions", "anonymity_reason")


def _plain(parent: QWidget, height: int) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


def _words(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _or_none(text: str) -> str | None:
    return text.strip() or None


class ReportForm(QWidget):
    """Attributes: one widget per field (``child_name``, ``municipality``, ``concern`` …).

    Signals:
        changed(): any field changed (typing included).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = QComboBox(self)
        for info in reports.list_templates():
            self.template.addItem(info.title, info.name)
        self.template.setCurrentIndex(max(0, self.template.findData(DEFAULT_TEMPLATE)))
        self.urgency = QComboBox(self)
        for code, label in (
            ("ordinary", self.tr("Ordinary")),
            ("urgent", self.tr("Urgent")),
            ("acute", self.tr("Acute")),
        ):
            self.urgency.addItem(label, code)
        self.lines = {name: QLineEdit(self) for name in _LINES}
        self.lines["child_age"].setValidator(QIntValidator(0, 25, self))
        self.parents = [
            {key: QLineEdit(self) for key in ("relation", "name", "phone")}
            for _ in range(PARENT_ROWS)
        ]
        self.municipality = MunicipalityField(self)
        self.texts = {
            "concern": _plain(self, 110),
            "actions": _plain(self, 70),
            "anonymity_reason": _plain(self, 50),
        }
        self.informed = QComboBox(self)
        for code, label in (
            ("", self.tr("Not stated")),
            ("yes", self.tr("Yes")),
            ("no", self.tr("No")),
            ("not_possible", self.tr("Not possible")),
        ):
            self.informed.addItem(label, code)
        self.deliberate = QCheckBox(
            self.tr("I pass on details that identify the child, deliberately"), self
        )
        self._lay_out()
        self._connect()
        self.on_deliberate_toggled(False)

    # --- layout -------------------------------------------------------------------------

    def _lay_out(self) -> None:
        unknown = self.tr("unknown if empty")
        for edit in (*self.lines.values(), *(w for row in self.parents for w in row.values())):
            edit.setPlaceholderText(unknown)
        age = self.lines["child_age"]  # narrow, but wide enough for its placeholder
        age.setMaximumWidth(age.fontMetrics().horizontalAdvance(unknown + "  ") + 16)
        self.lines["categories"].setPlaceholderText(self.tr("comma-separated"))
        self.lines["flags"].setPlaceholderText(self.tr("comma-separated"))
        self.texts["actions"].setPlaceholderText(self.tr("One action per line"))
        main = QVBoxLayout(self)
        main.setContentsMargins(0, 0, 0, 0)
        top = QFormLayout()
        top.addRow(self.tr("Template"), self.template)
        top.addRow(self.tr("Urgency"), self.urgency)
        top.addRow(self.tr("Municipality"), self.municipality)
        main.addLayout(top)

        child = QGroupBox(self.tr("The child"), self)
        form = QFormLayout(child)
        form.addRow(self.tr("Name"), self.lines["child_name"])
        form.addRow(self.tr("Age"), self.lines["child_age"])
        form.addRow(self.tr("Address"), self.lines["child_address"])
        form.addRow(self.tr("Phone"), self.lines["child_phone"])
        main.addWidget(child)

        parents = QGroupBox(self.tr("Parents or guardians"), self)
        grid = QGridLayout(parents)
        for column, title in enumerate((self.tr("Relation"), self.tr("Name"), self.tr("Phone"))):
            grid.addWidget(QLabel(title, parents), 0, column)
        for row, fields in enumerate(self.parents, start=1):
            for column, key in enumerate(("relation", "name", "phone")):
                grid.addWidget(fields[key], row, column)
        self.parents[0]["relation"].setPlaceholderText(self.tr("e.g. mother"))
        main.addWidget(parents)

        concern = QGroupBox(self.tr("The concern"), self)
        form = QFormLayout(concern)
        form.addRow(self.tr("Categories"), self.lines["categories"])
        form.addRow(self.tr("Flags"), self.lines["flags"])
        form.addRow(self.tr("What was observed"), self.texts["concern"])
        form.addRow(self.tr("What we have done"), self.texts["actions"])
        form.addRow(self.tr("Discussed with"), self.lines["discussed_with"])
        main.addWidget(concern)

        anonymity = QGroupBox(self.tr("Anonymity"), self)
        form = QFormLayout(anonymity)
        form.addRow(self.tr("Child told"), self.informed)
        form.addRow(self.tr("Why (not)"), self.lines["informed_reason"])
        form.addRow(self.deliberate)
        form.addRow(self.tr("Reason"), self.texts["anonymity_reason"])
        main.addWidget(anonymity)
        main.addStretch(1)

    def _connect(self) -> None:
        for combo in (self.template, self.urgency, self.informed):
            combo.currentIndexChanged.connect(self.changed)
        for edit in (
            *self.lines.values(),
            *(w for row in self.parents for w in row.values()),
            self.municipality,
        ):
            edit.textChanged.connect(self.changed)
        for text in self.texts.values():
            text.textChanged.connect(self.changed)
        self.deliberate.toggled.connect(self.on_deliberate_toggled)
        self.deliberate.toggled.connect(self.changed)

    def on_deliberate_toggled(self, checked: bool) -> None:
        self.texts["anonymity_reason"].setEnabled(checked)

    # --- values ---------------------------------------------------------------------------

    def template_name(self) -> str:
        return str(self.template.currentData() or DEFAULT_TEMPLATE)

    def identifies_child(self) -> bool:
        child = any(
            self.lines[k].text().strip() for k in ("child_name", "child_address", "child_phone")
        )
        return child or any(
            row["name"].text().strip() or row["phone"].text().strip() for row in self.parents
        )

    def report_fields(self) -> dict[str, Any]:
        """The form's part of the report data format."""
        age = self.lines["child_age"].text().strip()
        status = str(self.informed.currentData() or "")
        reason = self.texts["anonymity_reason"].toPlainText()
        return {
            "urgency": str(self.urgency.currentData()),
            "child": {
                "name": _or_none(self.lines["child_name"].text()),
                "age": int(age) if age.isdigit() else None,
                "birth_year": None,
                "address": _or_none(self.lines["child_address"].text()),
                "phone": _or_none(self.lines["child_phone"].text()),
            },
            "parents": [
                {
                    "name": _or_none(row["name"].text()),
                    "relation": _or_none(row["relation"].text()),
                    "address": None,
                    "phone": _or_none(row["phone"].text()),
                }
                for row in self.parents
                if any(edit.text().strip() for edit in row.values())
            ],
            "municipality": self.municipality.value(),
            "categories": _words(self.lines["categories"].text()),
            "flags": _words(self.lines["flags"].text()),
            "concern": _or_none(self.texts["concern"].toPlainText()),
            "actions_taken": [
                line.strip()
                for line in self.texts["actions"].toPlainText().splitlines()
                if line.strip()
            ],
            "child_informed": {
                "status": status,
                "reason": _or_none(self.lines["informed_reason"].text()),
            }
            if status
            else None,
            "anonymity_broken_reason": _or_none(reason) if self.deliberate.isChecked() else None,
            "discussed_with": _or_none(self.lines["discussed_with"].text()),
        }

    def state(self) -> dict[str, Any]:
        """Everything typed, for a draft."""
        return {
            "template": self.template_name(),
            "urgency": self.urgency.currentData(),
            "informed": self.informed.currentData(),
            "deliberate": self.deliberate.isChecked(),
            "municipality": self.municipality.text(),
            "lines": {name: edit.text() for name, edit in self.lines.items()},
            "texts": {name: edit.toPlainText() for name, edit in self.texts.items()},
            "parents": [{k: e.text() for k, e in row.items()} for row in self.parents],
        }

    def set_state(self, state: dict[str, Any]) -> None:
        for combo, key in (
            (self.template, "template"),
            (self.urgency, "urgency"),
            (self.informed, "informed"),
        ):
            index = combo.findData(state.get(key))
            if index >= 0:
                combo.setCurrentIndex(index)
        self.deliberate.setChecked(bool(state.get("deliberate")))
        self.municipality.setText(str(state.get("municipality", "")))
        for name, value in dict(state.get("lines", {})).items():
            if name in self.lines:
                self.lines[name].setText(str(value))
        for name, value in dict(state.get("texts", {})).items():
            if name in self.texts:
                self.texts[name].setPlainText(str(value))
        for row, values in zip(self.parents, list(state.get("parents", [])), strict=False):
            for key, edit in row.items():
                edit.setText(str(dict(values).get(key, "")))

"""A shift lead's review of a submitted report: read it, approve it, or send it back."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.client import HubError, StaffClient
from workstation.sessions import reports
from workstation.ui.fit import resize_within_screen
from workstation.ui.reports.output import PdfPathDialog, copy_text, export_pdf


def render_version(version: dict[str, Any]) -> reports.RenderedReport:
    """What the hub will render on approval (same data, same template)."""
    return reports.render(str(version["template"]), reports.load(version["data"]))


class ReviewDialog(QDialog):
    """Attributes:
        record: the report as ``report_get`` returned it.
        text: the rendered text (read-only); comment: what to change.

    Signals:
        reviewed(str): ``final`` or ``changes_requested``.
    """

    reviewed = Signal(str)

    def __init__(
        self,
        client: StaffClient,
        user: dict[str, Any],
        record: dict[str, Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client, self.user, self.record = client, user, record
        self.setWindowTitle(self.tr("Review concern report"))
        resize_within_screen(self, 820, 900)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setFont(QFont("DejaVu Sans Mono", 9))
        self.comment = QPlainTextEdit(self)
        self.comment.setPlaceholderText(self.tr("What should be changed?"))
        self.comment.setFixedHeight(70)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.approve_button = QPushButton(self.tr("Approve"), self)
        self.changes_button = QPushButton(self.tr("Ask for changes"), self)
        self.pdf_button = QPushButton(self.tr("Export PDF…"), self)
        self.copy_button = QPushButton(self.tr("Copy text"), self)
        self.approve_button.clicked.connect(self.on_approve_button_clicked)
        self.changes_button.clicked.connect(self.on_changes_button_clicked)
        self.pdf_button.clicked.connect(self.on_pdf_button_clicked)
        self.copy_button.clicked.connect(lambda: copy_text(self.text.toPlainText()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.copy_button, self.pdf_button, self.changes_button, self.approve_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.comment)
        layout.addLayout(buttons)
        self.show_record(record)

    @classmethod
    async def open_report(
        cls,
        client: StaffClient,
        user: dict[str, Any],
        report_id: str,
        parent: QWidget | None = None,
    ) -> ReviewDialog:
        """Fetch the report and show it (for the ``report_review`` push)."""
        answer = await client.request({"type": "report_get", "report": report_id})
        dialog = cls(client, user, answer["report"], parent)
        dialog.show()
        return dialog

    def latest(self) -> dict[str, Any]:
        versions: list[dict[str, Any]] = self.record["versions"]
        return versions[-1]

    def show_record(self, record: dict[str, Any]) -> None:
        self.record = record
        final = record.get("final")
        version = self.latest()
        self.summary.setText(
            self.tr("%1 · version %2 by %3 · status: %4")
            .replace("%1", str(record["title"]))
            .replace("%2", str(record["version"]))
            .replace("%3", str(version["author"]))
            .replace("%4", str(record["status"]))
        )
        if final:
            self.text.setPlainText(final["text"])
            self.status.setText(self.tr("Final. SHA-256 %1").replace("%1", final["hash"]))
        else:
            try:
                self.text.setPlainText(render_version(version).text)
            except (reports.ReportDataError, reports.TemplateRenderError, KeyError) as error:
                self.text.setPlainText(str(error))
        mine = self.user.get("name") in (record["author"], version["author"])
        may_review = (
            record["status"] == "pending"
            and not mine
            and "shift_lead" in self.user.get("roles", ())
        )
        for widget in (self.approve_button, self.changes_button, self.comment):
            widget.setEnabled(may_review)
        if mine and not final:
            self.status.setText(self.tr("You wrote this report: another shift lead reviews it."))

    async def _ask(self, frame: dict[str, Any]) -> bool:
        self.approve_button.setEnabled(False)
        self.changes_button.setEnabled(False)
        try:
            await self.client.request(frame)
            answer = await self.client.request(
                {"type": "report_get", "report": self.record["report"]}
            )
        except HubError as error:
            self.status.setText(self.tr("Not done: %1").replace("%1", error.message))
            self.show_record(self.record)
            return False
        self.show_record(answer["report"])
        return True

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_approve_button_clicked(self) -> None:
        await self.approve()

    async def approve(self) -> bool:
        frame = {
            "type": "report_approve",
            "report": self.record["report"],
            "version": self.record["version"],
        }
        if await self._ask(frame):
            self.reviewed.emit("final")
            return True
        return False

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_changes_button_clicked(self) -> None:
        await self.request_changes()

    async def request_changes(self) -> bool:
        comment = self.comment.toPlainText().strip()
        if not comment:
            self.status.setText(self.tr("Write what should be changed first."))
            return False
        frame = {
            "type": "report_request_changes",
            "report": self.record["report"],
            "version": self.record["version"],
            "comment": comment,
        }
        if await self._ask(frame):
            self.reviewed.emit("changes_requested")
            return True
        return False

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_pdf_button_clicked(self) -> None:
        final = self.record.get("final")
        version = next(
            (v for v in self.record["versions"] if final and v["version"] == final["version"]),
            self.latest(),
        )
        rendered = render_version(version)
        if final and rendered.sha256 != final["hash"]:
            self.status.setText(
                self.tr(
                    "The template has changed since approval; the PDF "
                    "would differ from the approved text."
                )
            )
            return
        path = await PdfPathDialog.ask(self, f"{rendered.template.name}.pdf")
        if path is not None:
            export_pdf(rendered, path)
            self.status.setText(self.tr("Saved %1.").replace("%1", path.name))

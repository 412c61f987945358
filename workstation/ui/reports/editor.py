"""The concern-report editor, opened from one conversation.

Pre-filled from the conversation's events; the counsellor ticks messages to quote, fills in
what is known, watches the plain-text preview, and submits the report to a shift lead. Every
change is saved as a local draft within a second or two, off the GUI thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.client import HubError, NotConnected, RequestTimeout, StaffClient
from workstation.client.outbox import new_id
from workstation.protocol.times import utc_now
from workstation.sessions import reports
from workstation.sessions.clock import format_clock, format_short_date
from workstation.sessions.reports.context import OSLO
from workstation.ui.ask import ask_yes
from workstation.ui.fit import resize_within_screen
from workstation.ui.labels import channel_label
from workstation.ui.reports.drafts import DraftStore
from workstation.ui.reports.form import ReportForm
from workstation.ui.reports.organisation import OrganisationSettings
from workstation.ui.reports.output import PdfPathDialog, copy_text, export_pdf
from workstation.ui.reports.prefill import Prefill, prefill
from workstation.ui.reports.quotes_model import QuoteModel

log = logging.getLogger(__name__)

#: A draft is written this long after the last keystroke (well within 2 s).
AUTOSAVE_MS = 800
PREVIEW_MS = 120
REPORTER_ROLE = "veileder"


class ReportEditor(QDialog):
    """Attributes:
        conversation: the conversation id.
        form: the fields; quotes: the checkable messages; preview: the plain text.
        report_id: the hub's id once submitted (kept in the draft).
        unsubmitted: True when something was changed since the editor opened (or since the
            last submission); "Avbryt" then asks before closing. The draft is kept either way.
        cancel_button: closes the editor (after asking when there are unsubmitted changes).
        restored: a task that finishes (True/False) once a saved draft was looked for.

    Signals:
        draft_saved(str): the path a draft was written to.
        submitted(str, int): the report id and version the hub stored.
    """

    draft_saved = Signal(str)
    submitted = Signal(str, int)

    def __init__(
        self,
        events: list[dict[str, Any]],
        client: StaffClient | None,
        user: dict[str, Any],
        *,
        drafts: DraftStore | None = None,
        organisation: OrganisationSettings | None = None,
        now: datetime | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.user = user
        self.facts: Prefill = prefill(events)
        self.conversation = self.facts.conversation
        self.drafts = drafts or DraftStore()
        self.organisation = organisation or OrganisationSettings.load()
        self.created_at = (now or utc_now()).astimezone(OSLO).replace(microsecond=0)
        self.report_id: str | None = None
        #: (request id, frame) of a submit whose answer never came: resent with the same id.
        self._unanswered: tuple[str, dict[str, Any]] | None = None
        self._loading = True
        self._saving: asyncio.Task[Path | None] | None = None
        self._asking: asyncio.Task[None] | None = None
        self.unsubmitted = False
        self.setWindowTitle(self.tr("Concern report"))
        self.setSizeGripEnabled(True)
        resize_within_screen(self, 1480, 920)
        self._build()
        self._fill_from_conversation()
        self._preview_timer = self._timer(PREVIEW_MS, self.update_preview)
        self._save_timer = self._timer(AUTOSAVE_MS, self.save_draft_soon)
        self.form.changed.connect(self.on_form_changed)
        self.quotes.selection_changed.connect(self.on_form_changed)
        self.update_preview()
        self.restored: asyncio.Task[bool] = asyncio.ensure_future(self._restore())

    def _timer(self, ms: int, slot: Any) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.form = ReportForm(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setMinimumWidth(470)
        self.quotes = QuoteModel(self.facts.messages, self)
        self.quote_view = QListView(self)
        self.quote_view.setModel(self.quotes)
        self.quote_view.setWordWrap(True)
        self.quote_view.setUniformItemSizes(False)
        self.quote_view.setSpacing(2)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setObjectName("report_preview")
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSize(9)
        self.preview.setFont(mono)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.submit_button = QPushButton(self.tr("Submit for approval"), self)
        self.submit_button.setDefault(True)
        self.pdf_button = QPushButton(self.tr("Export PDF…"), self)
        self.copy_button = QPushButton(self.tr("Copy text"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("report_cancel")
        self.cancel_button.setToolTip(
            self.tr("Close without submitting; the draft stays saved on this desk (Esc)")
        )
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.submit_button.clicked.connect(self.on_submit_button_clicked)
        self.pdf_button.clicked.connect(self.on_pdf_button_clicked)
        self.copy_button.clicked.connect(self.on_copy_button_clicked)

        middle = QWidget(self)
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        hint = QLabel(self.tr("Tick the messages to quote word for word:"), middle)
        column.addWidget(hint)
        column.addWidget(self.quote_view, 1)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(self.tr("Preview (plain text, as it will be sent):"), right))
        column.addWidget(self.preview, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        for widget in (scroll, middle, right):
            splitter.addWidget(widget)
        splitter.setSizes([480, 400, 600])
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.cancel_button, self.copy_button, self.pdf_button, self.submit_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    def _fill_from_conversation(self) -> None:
        facts = self.facts
        when = ""
        if facts.started is not None:
            when = f"{format_short_date(facts.started)} {format_clock(facts.started)}"
            if facts.ended is not None:
                when += "–" + format_clock(facts.ended)
        org = self.organisation
        self.header.setText(
            self.tr("%1 conversation %2 · Reporter: %3 · %4, %5")
            .replace("%1", channel_label(facts.channel))
            .replace("%2", when)
            .replace("%3", self.display_name)
            .replace("%4", org.name)
            .replace("%5", org.phone)
        )
        self.form.lines["categories"].setText(", ".join(facts.categories))
        self.form.lines["flags"].setText(", ".join(facts.flags))
        self.form.texts["actions"].setPlainText("\n".join(facts.actions))

    @property
    def display_name(self) -> str:
        return str(self.user.get("display_name") or self.user.get("name") or "")

    # --- the report -----------------------------------------------------------------------

    def report_data(self) -> dict[str, Any]:
        """The report in the JSON data format of :mod:`workstation.sessions.reports`."""
        template = self.form.template_name()
        info = reports.template_info(template)
        return {
            "format": reports.FORMAT_VERSION,
            "created_at": self.created_at.isoformat(),
            "channel": self.facts.channel,
            "reporter": {"name": self.display_name, "role": REPORTER_ROLE},
            "organisation": self.organisation.as_data(self.display_name),
            **self.form.report_fields(),
            "quotes": self.quotes.quotes(),
            "template": template,
            "template_version": info.version,
        }

    def rendered(self) -> reports.RenderedReport:
        """Raises ReportDataError, TemplateRenderError or UnknownTemplateError."""
        template = self.form.template_name()
        return reports.render(template, reports.load(self.report_data()))

    def update_preview(self) -> None:
        try:
            text = self.rendered().text
        except (reports.ReportDataError, reports.TemplateRenderError, KeyError) as error:
            text = self.tr("The preview is not available: %1").replace("%1", str(error))
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setPlainText(text)
        self.preview.verticalScrollBar().setValue(scroll)

    def on_form_changed(self) -> None:
        self._preview_timer.start()
        if not self._loading:
            self.unsubmitted = True
            self._save_timer.start()

    # --- drafts ---------------------------------------------------------------------------

    def draft(self) -> dict[str, Any]:
        return {
            "conversation": self.conversation,
            "created_at": self.created_at.isoformat(),
            "saved_at": utc_now().isoformat(),
            "report_id": self.report_id,
            "form": self.form.state(),
            "quotes": self.quotes.checked_seqs(),
        }

    def save_draft_soon(self) -> None:
        self._saving = asyncio.ensure_future(self.save_draft())

    async def save_draft(self) -> Path | None:
        """Write the draft now (in a worker thread); a failure is shown, not raised."""
        try:
            path = await self.drafts.save(
                str(self.user.get("name", "")), self.conversation, self.draft()
            )
        except OSError as error:
            self.status.setText(
                self.tr("The draft could not be saved: %1").replace(
                    "%1", error.strerror or type(error).__name__
                )
            )
            return None
        self.draft_saved.emit(str(path) if path is not None else "")
        return path

    async def _restore(self) -> bool:
        try:
            saved = await self.drafts.load(str(self.user.get("name", "")), self.conversation)
            if saved is None:
                return False
            self.apply_draft(saved)
            return True
        finally:
            self._loading = False

    def apply_draft(self, saved: dict[str, Any]) -> None:
        with contextlib.suppress(KeyError, ValueError):
            self.created_at = datetime.fromisoformat(str(saved["created_at"]))
        self.report_id = saved.get("report_id") or None
        self.form.set_state(dict(saved.get("form", {})))
        self.quotes.set_checked_seqs([int(s) for s in saved.get("quotes", [])])
        self.status.setText(self.tr("The saved draft was restored."))
        self.update_preview()

    # --- actions --------------------------------------------------------------------------

    def problem(self) -> str | None:
        """Why the report cannot be submitted yet, or None."""
        if self.form.identifies_child():
            reason = self.form.texts["anonymity_reason"].toPlainText().strip()
            if not self.form.deliberate.isChecked() or not reason:
                return self.tr(
                    "The report identifies the child: tick that you do so deliberately and say why."
                )
        try:
            self.rendered()
        except (reports.ReportDataError, reports.TemplateRenderError, KeyError) as error:
            return self.tr("The report is not complete: %1").replace("%1", str(error))
        return None

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_submit_button_clicked(self) -> None:
        await self.submit()

    def _request_id_for(self, frame: dict[str, Any]) -> str:
        """The id of an unanswered earlier submit of this very report, else a fresh one."""
        if self._unanswered is not None and self._unanswered[1] == frame:
            return self._unanswered[0]
        return new_id()

    async def submit(self) -> dict[str, Any] | None:
        """Send the report to the hub for a shift lead's approval; the ok answer or None."""
        problem = self.problem()
        if problem is not None:
            self.status.setText(problem)
            return None
        if self.client is None:
            self.status.setText(self.tr("Not connected to the hub."))
            return None
        frame: dict[str, Any] = {
            "type": "report_submit",
            "conversation": self.conversation,
            "report": self.report_data(),
            "template": self.form.template_name(),
        }
        if self.report_id is not None:
            frame["report_id"] = self.report_id
        request_id = self._request_id_for(frame)
        self.submit_button.setEnabled(False)
        try:
            answer = await self.client.request({**frame, "id": request_id})
        except (NotConnected, RequestTimeout):
            # The hub may have stored it: a retry of this same report goes with the same id,
            # so the hub answers it with the first answer instead of making a second report.
            self._unanswered = (request_id, frame)
            self.status.setText(
                self.tr(
                    "The hub did not confirm the report. The draft is saved; submit again "
                    "when the desk is connected."
                )
            )
            return None
        except HubError as error:
            self._unanswered = None
            self.status.setText(
                self.tr("The report was not submitted: %1").replace("%1", error.message)
            )
            return None
        finally:
            self.submit_button.setEnabled(True)
        self._unanswered = None
        self.report_id = str(answer["report"])
        version = int(answer["version"])
        self.unsubmitted = False
        await self.save_draft()
        self.status.setText(
            self.tr("Submitted for approval as version %1. A shift lead will review it.").replace(
                "%1", str(version)
            )
        )
        self.submitted.emit(self.report_id, version)
        return answer

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_pdf_button_clicked(self) -> None:
        await self.export_pdf()

    async def export_pdf(self) -> Path | None:
        try:
            rendered = self.rendered()
        except (reports.ReportDataError, reports.TemplateRenderError, KeyError) as error:
            self.status.setText(str(error))
            return None
        path = await PdfPathDialog.ask(self, f"{rendered.template.name}.pdf")
        if path is None:
            return None
        try:
            pages = export_pdf(rendered, path)
        except OSError as error:
            self.status.setText(
                self.tr("The PDF could not be written: %1").replace(
                    "%1", error.strerror or type(error).__name__
                )
            )
            return None
        self.status.setText(
            self.tr("Saved %1 (%2 pages). Not the approved version.")
            .replace("%1", path.name)
            .replace("%2", str(pages))
        )
        return path

    def on_copy_button_clicked(self) -> None:
        copy_text(self.preview.toPlainText())
        self.status.setText(self.tr("The text is on the clipboard."))

    # --- closing --------------------------------------------------------------------------

    def reject(self) -> None:
        """ "Avbryt", Esc or the window's close button: ask first when work is unsubmitted."""
        if self._asking is not None:
            return
        if not self.unsubmitted:
            super().reject()
            return
        self._asking = asyncio.ensure_future(self._confirm_close())

    async def _confirm_close(self) -> None:
        try:
            close = await ask_yes(
                self,
                self.tr("Close the concern report?"),
                self.tr(
                    "Your changes have not been submitted. The draft stays saved on this desk:"
                    " open the report from the conversation again to go on."
                ),
                self.tr("Close"),
                self.tr("Keep writing"),
            )
        finally:
            self._asking = None
        if close:
            super().reject()

    def done(self, result: int) -> None:
        """Closing saves the draft first (a crash later cannot lose it)."""
        if self._save_timer.isActive():
            self._save_timer.stop()
            self.save_draft_soon()
        super().done(result)

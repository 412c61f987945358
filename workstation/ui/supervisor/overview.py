"""The "Now" tab: queue and alerts on the left, staff and their conversations on the right."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.ui.labels import format_duration
from workstation.ui.supervisor.controller import SupervisorController
from workstation.ui.supervisor.thresholds import Thresholds


def table(model: QAbstractItemModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view


def group(title: str, *widgets: QWidget, buttons: list[QWidget] | None = None) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    for widget in widgets:
        layout.addWidget(widget)
    if buttons:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
    return box


class OverviewTab(QWidget):
    """The live picture of the shift.

    Attributes:
        summary: one line: waiting, longest wait, open conversations, shift leads.
        quiet: a sentence shown only when there is no traffic at all.
        queue_view, staff_view, conversations_view, alerts_view: the views.
        observe_button, acknowledge_button, everyone_button: the actions.
        take_over_button: "Take the call over" for a ``call_desk_lost`` alert.
        showing_label: whose conversations are listed.
    """

    def __init__(self, controller: SupervisorController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.summary.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.summary.setFont(font)
        self.quiet = QLabel(self)
        self.quiet.setTextFormat(Qt.TextFormat.PlainText)
        self.quiet.setWordWrap(True)
        self.quiet.setObjectName("quiet")
        self.quiet.setStyleSheet("QLabel#quiet { color: #374151; padding: 6px 0; }")
        self.quiet.hide()
        self.queue_view = table(controller.queue, self)
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.show_legend(controller.thresholds)
        self.alerts_view = QListView(self)
        self.alerts_view.setModel(controller.alerts)
        self.alerts_view.setWordWrap(True)
        self.alerts_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.acknowledge_button = QPushButton(self.tr("Acknowledge"), self)
        self.take_over_button = QPushButton(self.tr("Take the call over"), self)
        self.take_over_button.setObjectName("take_over_button")
        self.take_over_button.hide()  # shown for a call held after a lost desk (take_over.py)
        self.staff_view = table(controller.staff, self)
        self.conversations_view = table(controller.conversations, self)
        self.observe_button = QPushButton(self.tr("Observe (read only)"), self)
        self.everyone_button = QPushButton(self.tr("Show everyone's"), self)
        self.showing_label = QLabel(self)
        self.showing_label.setTextFormat(Qt.TextFormat.PlainText)
        left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(group(self.tr("Queue"), self.queue_view, self.legend))
        left.addWidget(
            group(self.tr("Alerts"), self.alerts_view,
                  buttons=[self.acknowledge_button, self.take_over_button])
        )
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(group(self.tr("Staff on shift"), self.staff_view))
        right.addWidget(
            group(
                self.tr("Conversations"),
                self.showing_label,
                self.conversations_view,
                buttons=[self.observe_button, self.everyone_button],
            )
        )
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.quiet)
        layout.addWidget(split, 1)

    def show_quiet(self, quiet: bool, staff_online: int) -> None:
        """Explain an empty shift: nobody waiting and no conversation open (hidden otherwise)."""
        if not quiet:
            self.quiet.hide()
            return
        if staff_online:
            text = self.tr(
                "Nobody is waiting and no conversations are open right now. New contacts "
                "appear in the queue as soon as they write or call."
            )
        else:
            text = self.tr(
                "Nobody is waiting, no conversations are open and no counsellor is signed in "
                "right now. New contacts appear in the queue as soon as they write or call."
            )
        self.quiet.setText(text)
        self.quiet.show()

    def show_legend(self, thresholds: Thresholds) -> None:
        """Say what the queue's colours mean."""
        self.legend.setText(
            self.tr("Yellow from %1, orange from %2, red (and an alert) from %3")
            .replace("%1", format_duration(thresholds.notice_s))
            .replace("%2", format_duration(thresholds.warn_s))
            .replace("%3", format_duration(thresholds.alert_s))
        )

"""Who is on shift, and the never-alone warning every counsellor sees in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QListView, QVBoxLayout, QWidget

from workstation.ui.consult.models import RosterModel

WARNING_STYLE = (
    "background: #b42318; color: white; font-weight: bold; padding: 2px 8px; border-radius: 3px"
)
CALM_STYLE = "color: #2e6b45; padding: 2px 4px"


def roster_warning(roster: RosterModel) -> str:
    """A sentence when nobody is there to spar with; "" when all is well."""
    problems = []
    if roster.alone:
        problems.append(QCoreApplication.translate("roster", "You are alone on shift"))
    if not roster.shift_lead_online:
        problems.append(QCoreApplication.translate("roster", "No shift lead signed in"))
    return " · ".join(problems)


class NeverAloneIndicator(QLabel):
    """Status-bar text: red with a warning when alone or without a shift lead, else calm.

    Attributes:
        roster: the roster model it reads.
        warning: True while the warning shows.
    """

    def __init__(self, roster: RosterModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("never_alone")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.roster = roster
        self.warning = False
        roster.modelReset.connect(self.on_roster_reset)
        self.on_roster_reset()

    def on_roster_reset(self) -> None:
        if not self.roster.known:
            self.hide()
            return
        text = roster_warning(self.roster)
        self.warning = bool(text)
        if text:
            self.setText("⚠ " + text)
            self.setStyleSheet(WARNING_STYLE)
        else:
            leads = ", ".join(self.roster.shift_leads())
            self.setText(
                self.tr("%1 on shift · shift lead: %2")
                .replace("%1", str(self.roster.on_shift()))
                .replace("%2", leads)
            )
            self.setStyleSheet(CALM_STYLE)
        self.setToolTip(self.text())
        self.show()


class RosterBox(QGroupBox):
    """The roster section of the consultation panel.

    Attributes:
        warning: the same warning as the status bar, in the panel.
        view: one row per person on shift.
    """

    def __init__(self, roster: RosterModel, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("On shift"), parent)
        self.roster = roster
        self.warning = QLabel(self)
        self.warning.setObjectName("roster_warning")
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.view = QListView(self)
        self.view.setObjectName("roster_view")
        self.view.setModel(roster)
        self.view.setSelectionMode(QListView.SelectionMode.NoSelection)
        self.view.setMaximumHeight(150)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.warning)
        layout.addWidget(self.view)
        roster.modelReset.connect(self.on_roster_reset)
        self.on_roster_reset()

    def on_roster_reset(self) -> None:
        text = roster_warning(self.roster) if self.roster.known else ""
        self.warning.setText("⚠ " + text if text else "")
        self.warning.setVisible(bool(text))

"""Outside parties on a call (a service rung in from the referral panel, docs/telephony.md
"Listen-in and three-way"): a line under the call bar names each, with a button that lets
them leave the call (``call_drop_party``) after a question."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from workstation.ui.futures import answer_of


class DropPartyDialog(QMessageBox):
    """Asks before an outside party is hung up (the caller and the counsellor talk on)."""

    def __init__(self, parent: QWidget | None, name: str) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Let them leave the call"))
        self.setText(self.tr("Hang up %1's part of the call? The caller and you go on "
                             "talking.").replace("%1", name))
        self.setStandardButtons(QMessageBox.StandardButton.Yes
                                | QMessageBox.StandardButton.Cancel)
        self.button(QMessageBox.StandardButton.Yes).setText(self.tr("Let them leave"))
        self.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.setDefaultButton(QMessageBox.StandardButton.Cancel)

    @classmethod
    async def ask(cls, parent: QWidget | None, name: str) -> bool:
        """True means "hang them up"; never blocks the loop."""
        dialog = cls(parent, name)
        return await answer_of(dialog) == QMessageBox.StandardButton.Yes.value


class PartiesRow(QWidget):
    """One entry per outside party: "%1 is on the call" and "Let them leave…".

    Attributes:
        parties: what is shown, party id → name.
        buttons: party id → its "Let them leave…" button.

    Signals:
        leave_clicked(str, str): the party id and name whose button was clicked.
    """

    leave_clicked = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("call_parties")
        self.parties: dict[str, str] = {}
        self.buttons: dict[str, QPushButton] = {}
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addStretch(1)
        self.hide()

    def show_parties(self, parties: dict[str, str], enabled: bool = True) -> None:
        """Show ``parties`` (rebuilt only when they change); ``enabled``: the buttons work."""
        if parties != self.parties:
            self.parties = dict(parties)
            self._rebuild()
        for button in self.buttons.values():
            button.setEnabled(enabled)
        self.setVisible(bool(self.parties))

    def _rebuild(self) -> None:
        while self._layout.count() > 1:  # all but the stretch at the end
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        for party, name in self.parties.items():
            label = QLabel(self.tr("%1 is on the call").replace("%1", name), self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            button = QPushButton(self.tr("Let them leave…"), self)
            button.setObjectName("leave_button")
            button.setAccessibleName(self.tr("Let %1 leave the call").replace("%1", name))
            button.setToolTip(self.tr("Hang up %1's part of the call; the caller stays")
                              .replace("%1", name))
            button.clicked.connect(lambda _=False, p=party, n=name: self.leave_clicked.emit(p, n))
            at = self._layout.count() - 1
            self._layout.insertWidget(at, label)
            self._layout.insertWidget(at + 1, button)
            self.buttons[party] = button

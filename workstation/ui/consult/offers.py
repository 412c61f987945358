"""Requests offered to me: urgent on top in red; accept or decline."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QListView, QPushButton, QVBoxLayout, QWidget

from workstation.ui.consult.models import URGENT_ROLE, OfferModel

TICK_MS = 5000
URGENT_FRAME = "QGroupBox { border: 2px solid #b42318; margin-top: 1.2em; padding-top: 4px }"


class OffersBox(QGroupBox):
    """Attributes:
        offers: the model of offered requests.
        view: the list; the first row is chosen when nothing is.
        accept_button, decline_button: act on the chosen request.

    Signals:
        accept_requested(str): the person chose to join (consult id).
        decline_requested(str): the person declined (consult id).
    """

    accept_requested = Signal(str)
    decline_requested = Signal(str)

    def __init__(self, offers: OfferModel, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Asked to consult"), parent)
        self.setObjectName("offers_box")
        self.offers = offers
        self.view = QListView(self)
        self.view.setObjectName("offers_view")
        self.view.setModel(offers)
        self.view.setWordWrap(True)
        self.view.setMaximumHeight(140)
        self.accept_button = QPushButton(self.tr("Join"), self)
        self.accept_button.setObjectName("offer_accept")
        self.decline_button = QPushButton(self.tr("Decline"), self)
        self.decline_button.setObjectName("offer_decline")
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.decline_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.accept_button.clicked.connect(self.on_accept_button_clicked)
        self.decline_button.clicked.connect(self.on_decline_button_clicked)
        self.view.doubleClicked.connect(self.on_accept_button_clicked)
        for signal in (offers.modelReset, offers.rowsRemoved, offers.rowsInserted):
            signal.connect(self.on_offers_changed)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(offers.tick)
        self._timer.start()
        self.on_offers_changed()

    def chosen(self) -> str | None:
        index = self.view.currentIndex()
        return self.offers.consult_at(index.row() if index.isValid() else 0)

    def on_offers_changed(self) -> None:
        count = self.offers.rowCount()
        self.setVisible(count > 0)
        urgent = any(self.offers.index(row, 0).data(URGENT_ROLE) for row in range(count))
        self.setStyleSheet(URGENT_FRAME if urgent else "")
        self.setTitle(self.tr("Asked to consult (%1)").replace("%1", str(count)))

    def on_accept_button_clicked(self) -> None:
        consult = self.chosen()
        if consult:
            self.accept_requested.emit(consult)

    def on_decline_button_clicked(self) -> None:
        consult = self.chosen()
        if consult:
            self.decline_requested.emit(consult)

"""The "Referrals" side panel: services by topic, age and channel, open now, and the text."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.sessions.referrals import CHANNELS, Channel, Service, hours_text, referral_text
from workstation.ui.labels import channel_label
from workstation.ui.referrals.empty import NoMatch
from workstation.ui.referrals.model import ReferralModel
from workstation.ui.referrals.status import (
    Clock,
    matching,
    oslo_now,
    status,
    topic_labels,
    topics,
)

REFRESH_MS = 60_000
ANY_AGE = -1


def _label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label


def channel_name(channel: str) -> str:
    names = {
        "video": QCoreApplication.translate("referrals", "Video chat"),
        "web": QCoreApplication.translate("referrals", "Web"),
    }
    return names.get(channel) or channel_label(channel)


class ServiceDetails(QWidget):
    """Who a service is for, what it helps with, how to reach it and when."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = _label(self, self.tr("Service"))
        self.name.setStyleSheet("font-weight: bold; font-size: 11pt")
        self.audience = _label(self, self.tr("Audience"))
        self.topics = _label(self, self.tr("Topics"))
        self.channels = _label(self, self.tr("Channels"))
        self.contact = _label(self, self.tr("Phone and web"))
        self.hours = _label(self, self.tr("Opening hours"))
        self.as_of = _label(self, self.tr("How current the hours are"))
        self.as_of.setStyleSheet("color: #8a4b00")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.name)
        form.addRow(self.tr("For"), self.audience)
        form.addRow(self.tr("Topics"), self.topics)
        form.addRow(self.tr("Channels"), self.channels)
        form.addRow(self.tr("Contact"), self.contact)
        form.addRow(self.tr("Hours"), self.hours)
        form.addRow(self.as_of)

    def show_service(self, service: Service | None, state: str) -> None:
        if service is None:
            for label in (
                self.name,
                self.audience,
                self.topics,
                self.channels,
                self.contact,
                self.hours,
                self.as_of,
            ):
                label.clear()
            self.name.setText(self.tr("Choose a service"))
            return
        self.name.setText(f"{service.name} – {state}")
        self.audience.setText(service.audience)
        self.topics.setText(", ".join(topic_labels(service)))
        self.channels.setText(", ".join(channel_name(c) for c in service.channels))
        reach = [service.phone or "", service.web or ""]
        self.contact.setText("  ·  ".join(r for r in reach if r) or self.tr("not in the directory"))
        self.hours.setText(" ".join(t for t in (hours_text(service), service.hours_note) if t))
        self.as_of.setText(
            self.tr(
                "Opening hours as of %1: check the service's own page before you rely on them."
            ).replace("%1", service.hours_as_of)
        )


class ReferralPanel(QWidget):
    """Filters, the services with an "open now" badge, details, and "Insert referral".

    Attributes:
        clock: "now" (Europe/Oslo); tests set a fixed one and call :meth:`refresh`.
        model: the services shown.
        topic, age, channel, open_only: the filters.
        table: the services.
        no_match: shown instead of the table when no service matches, saying what to change.
        details: the chosen service.
        insert_button: puts the referral text into the reply box.

    Signals:
        inserted(str): a referral text was inserted; the service id.
        dial_requested(str): "Ring inn" for the chosen service (its id): a three-way call.
    """

    inserted = Signal(str)
    dial_requested = Signal(str)

    def __init__(
        self,
        insert: Callable[[str], None],
        current: Callable[[], str | None],
        clock: Clock = oslo_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("referral_panel")
        self.clock = clock
        self._insert = insert
        self._current = current
        self.model = ReferralModel(self)
        self.topic = QComboBox(self)
        self.topic.setAccessibleName(self.tr("Topic"))
        # The longest topic must not widen the desk: the list pops up as wide as it needs.
        self.topic.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.topic.setMinimumContentsLength(16)
        self.topic.addItem(self.tr("All topics"), None)
        for topic_id, label in sorted(topics().items(), key=lambda kv: kv[1]):
            if topic_id != "general":
                self.topic.addItem(label[:1].upper() + label[1:], topic_id)
        self.age = QSpinBox(self)
        self.age.setAccessibleName(self.tr("Age of the young person"))
        self.age.setRange(ANY_AGE, 99)
        self.age.setSpecialValueText(self.tr("Any age"))
        self.age.setSuffix(self.tr(" years"))
        self.age.setValue(ANY_AGE)
        self.channel = QComboBox(self)
        self.channel.setAccessibleName(self.tr("Channel"))
        self.channel.addItem(self.tr("All channels"), None)
        for channel in CHANNELS:
            self.channel.addItem(channel_name(channel), channel)
        self.open_only = QCheckBox(self.tr("&Open now only"), self)
        self.open_only.setAccessibleName(self.tr("Show only services that are open now"))
        self.table = QTableView(self)
        self.table.setObjectName("referral_table")
        self.table.setAccessibleName(self.tr("Services"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ReferralModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ReferralModel.STATUS, QHeaderView.ResizeMode.ResizeToContents)
        self.details = ServiceDetails(self)
        self.details_area = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.details)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.insert_button = QPushButton(self.tr("&Insert referral"), self)
        self.insert_button.setAccessibleName(self.tr("Insert referral into the reply"))
        self.insert_button.setToolTip(
            self.tr("Refer early, say why, and choose a service that is open.")
        )
        self.dial_button = QPushButton(self.tr("Ring into the call"), self)
        self.dial_button.setObjectName("dial_in_button")
        self.dial_button.setToolTip(self.tr(
            "The hub rings the service and adds it to the current call (asks first)."))
        self.no_match = NoMatch(self)
        self.no_match.hide()
        self.no_match.show_all.connect(self.on_no_match_show_all)
        self.status = _label(self, self.tr("Notice"))
        self.status.hide()
        filters = QFormLayout()
        ages = QHBoxLayout()
        ages.addWidget(self.age, 1)
        ages.addWidget(self.open_only)
        for text, field, layout_or_field in (
            (self.tr("&Topic"), self.topic, self.topic),
            (self.tr("&Age"), self.age, ages),
            (self.tr("C&hannel"), self.channel, self.channel),
        ):
            buddy = QLabel(text, self)
            buddy.setBuddy(field)
            filters.addRow(buddy, layout_or_field)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.no_match, 3)
        layout.addWidget(scroll, 2)
        layout.addWidget(self.status)
        layout.addWidget(self.insert_button)
        layout.addWidget(self.dial_button)
        self.topic.currentIndexChanged.connect(self.apply_filters)
        self.age.valueChanged.connect(self.apply_filters)
        self.channel.currentIndexChanged.connect(self.apply_filters)
        self.open_only.toggled.connect(self.apply_filters)
        self.table.selectionModel().currentRowChanged.connect(self.on_table_current_changed)
        self.table.doubleClicked.connect(self.insert_selected)
        self.insert_button.clicked.connect(self.insert_selected)
        self.dial_button.clicked.connect(self.on_dial_clicked)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.apply_filters()

    def tab_title(self) -> str:
        return self.tr("Referrals")

    # --- filters and time ---------------------------------------------------------------------

    def set_filters(
        self, topic: str | None = None, age: int | None = None, channel: Channel | None = None
    ) -> None:
        self.topic.setCurrentIndex(max(0, self.topic.findData(topic)))
        self.age.setValue(ANY_AGE if age is None else age)
        self.channel.setCurrentIndex(max(0, self.channel.findData(channel)))
        self.apply_filters()

    def apply_filters(self, *_args: object) -> None:
        chosen = self.selected()
        topic = self.topic.currentData()
        age = None if self.age.value() == ANY_AGE else self.age.value()
        channel = self.channel.currentData()
        now = self.clock()
        services = matching(topic, age, channel)
        if self.open_only.isChecked():
            services = [s for s in services if status(s, now).kind == "open"]
        self.model.set_services(services, now)
        self._show_no_match(not services)
        rows = [s.id for s in self.model.services]
        self._choose(rows.index(chosen.id) if chosen and chosen.id in rows else 0)

    def _show_no_match(self, empty: bool) -> None:
        self.table.setVisible(not empty)
        self.details_area.setVisible(not empty)
        self.no_match.setVisible(empty)
        if not empty:
            return
        searched: list[str] = []
        loosen: list[str] = []
        for used, said, undo in (
            (self.topic.currentIndex() > 0, self.topic.currentText(), self.topic.itemText(0)),
            (self.age.value() != ANY_AGE, self.age.text(), self.age.specialValueText()),
            (self.channel.currentIndex() > 0, self.channel.currentText(), self.channel.itemText(0)),
        ):
            if used:
                searched.append(said)
                loosen.append(self.tr("choose \u201c%1\u201d").replace("%1", undo))
        if self.open_only.isChecked():
            searched.append(self.tr("open now"))
            loosen.insert(
                0,
                self.tr("untick \u201c%1\u201d: many services answer later").replace(
                    "%1", self.open_only.text().replace("&", "")
                ),
            )
        self.no_match.explain(searched, loosen)

    def on_no_match_show_all(self) -> None:
        self.open_only.setChecked(False)
        self.set_filters()

    def refresh(self) -> None:
        """Every minute: "open now" and "opens …" for the current time."""
        if self.open_only.isChecked():
            self.apply_filters()
            return
        self.model.refresh(self.clock())
        self.on_table_current_changed()

    # --- the chosen service ---------------------------------------------------------------------

    def selected(self) -> Service | None:
        index = self.table.currentIndex()
        return self.model.service(index.row()) if index.isValid() else None

    def _choose(self, row: int) -> None:
        if self.model.rowCount() == 0:
            self.table.setCurrentIndex(QModelIndex())
            self.on_table_current_changed()
            return
        self.table.setCurrentIndex(self.model.index(row, 0))
        self.on_table_current_changed()

    def choose(self, service_id: str) -> None:
        rows = [s.id for s in self.model.services]
        if service_id in rows:
            self._choose(rows.index(service_id))

    def on_table_current_changed(self, *_args: object) -> None:
        row = self.table.currentIndex().row()
        service = self.model.service(row)
        state = self.model.status_of(row)
        self.details.show_service(service, self.model.status_text(state) if state else "")
        self.insert_button.setEnabled(service is not None)
        self.dial_button.setEnabled(service is not None and bool(service.phone))

    def on_dial_clicked(self) -> None:
        service = self.selected()
        if service is not None and service.phone:
            self.dial_requested.emit(service.id)

    def say(self, text: str) -> None:
        """A sentence in the panel's status line (hidden when empty)."""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def insert_selected(self, *_args: object) -> None:
        """The referral text, with whether the service is open now, into the reply box."""
        service = self.selected()
        if service is None:
            return
        if self._current() is None:
            self.status.setText(self.tr("Choose a conversation first."))
            self.status.show()
            return
        self.status.hide()
        self._insert(referral_text(service, at=self.clock()))
        self.inserted.emit(service.id)

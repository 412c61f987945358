"""The desk softphone's sound ("Lyd"): microphone and speaker, volume, a level meter and a
headset check, kept in the desk's settings (QSettings ``audio/``; no secrets).

The devices are baresip's (``alsa,plughw:0,0``; :mod:`workstation.sip.devices`): what is
chosen here is what the softphone is configured with (``audio_source`` / ``audio_player``).
The meter and the headset check open the same devices. The check is offered once a day on
this machine when the desk starts with a softphone, and can be skipped.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from workstation.sip.devices import (
    CHECK_S,
    NULL_PLAYER,
    NULL_SOURCE,
    AudioDevice,
    levels,
    list_devices,
    play,
    record,
)
from workstation.ui.dialog_buttons import dialog_buttons
from workstation.ui.futures import future_for

PREFIX = "audio/"


class Phone(Protocol):
    """What the settings need of a :class:`workstation.sip.softphone.DeskSoftphone`."""

    @property
    def devices(self) -> tuple[str, str]: ...

    async def set_devices(self, source: str, player: str) -> None: ...

    async def set_volume(self, volume: int) -> None: ...


@dataclass
class AudioSettings:
    """Stored in QSettings under ``audio/``.

    Attributes:
        source, player: baresip's devices; empty: the softphone's own choice
            (:func:`workstation.sip.softphone.desk_devices`).
        volume: 0-100: how loud calls play on the speaker (the softphone's ALSA gain) and
            the headset check's playback.
        checked_on: the day the headset check was last done or skipped on this machine
            (``YYYY-MM-DD``; empty: never).
    """

    source: str = ""
    player: str = ""
    volume: int = 80
    checked_on: str = ""

    @classmethod
    def load(cls, settings: QSettings | None = None) -> AudioSettings:
        store = settings or QSettings()
        try:
            volume = int(store.value(PREFIX + "volume", cls.volume))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            volume = cls.volume
        return cls(
            source=str(store.value(PREFIX + "source", "") or ""),
            player=str(store.value(PREFIX + "player", "") or ""),
            volume=max(0, min(100, volume)),
            checked_on=str(store.value(PREFIX + "checked_on", "") or ""),
        )

    def save(self, settings: QSettings | None = None) -> None:
        store = settings or QSettings()
        store.setValue(PREFIX + "source", self.source)
        store.setValue(PREFIX + "player", self.player)
        store.setValue(PREFIX + "volume", self.volume)
        store.setValue(PREFIX + "checked_on", self.checked_on)
        store.sync()

    def present(self) -> tuple[str | None, str | None]:
        """(source, player) to start the softphone with: the saved ones that this machine
        has now; ``None`` for the softphone's own choice (a headset not plugged in)."""
        sources = {device.name for device in list_devices("source")}
        players = {device.name for device in list_devices("player")}
        return (self.source if self.source in sources else None,
                self.player if self.player in players else None)

    def check_due(self, today: dt.date | None = None) -> bool:
        """The headset check has not been offered today on this machine."""
        return self.checked_on != (today or dt.date.today()).isoformat()


class AudioDialog(QDialog):
    """Attributes:
        source_box, player_box: the devices (item data: baresip's device name).
        volume: 0-100.
        meter: the microphone's level, 0-100, while the dialog is open.
        check_button: records ``CHECK_S`` seconds and plays them back.
        check_status: what the check is doing, or how it went.
        check_done: the check ran to its end.
    """

    def __init__(self, parent: QWidget | None, settings: AudioSettings,
                 sources: list[AudioDevice] | None = None,
                 players: list[AudioDevice] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audio_dialog")
        self.setWindowTitle(self.tr("Sound"))
        self.settings = settings
        self.check_done = False
        note = QLabel(self.tr(
            "The microphone and speaker the desk phone uses for calls. Speak: the bar moves "
            "when the microphone hears you. The headset check records three seconds and "
            "plays them back; nothing is kept."), self)
        note.setWordWrap(True)
        self.source_box = self._devices(sources if sources is not None
                                        else list_devices("source"), settings.source,
                                        NULL_SOURCE)
        self.source_box.setObjectName("source_box")
        self.player_box = self._devices(players if players is not None
                                        else list_devices("player"), settings.player,
                                        NULL_PLAYER)
        self.player_box.setObjectName("player_box")
        self.volume = QSlider(Qt.Orientation.Horizontal, self)
        self.volume.setRange(0, 100)
        self.volume.setValue(settings.volume)
        self.volume.setAccessibleName(self.tr("Volume"))
        self.meter = QProgressBar(self)
        self.meter.setObjectName("level_meter")
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter.setAccessibleName(self.tr("Microphone level"))
        self.check_button = QPushButton(self.tr("&Check the headset"), self)
        self.check_button.setObjectName("check_button")
        self.check_status = QLabel(self)
        self.check_status.setObjectName("check_status")
        self.check_status.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        for text, field in ((self.tr("&Microphone"), self.source_box),
                            (self.tr("&Speaker"), self.player_box),
                            (self.tr("&Volume"), self.volume),
                            (self.tr("Level"), self.meter)):
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("", self.check_button)
        form.addRow("", self.check_status)
        buttons = dialog_buttons(self, self.tr("Save"), self.tr("Cancel"), save=True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._meter_task: asyncio.Task[None] | None = None
        self._check_task: asyncio.Task[None] | None = None
        self.source_box.currentIndexChanged.connect(self._watch)
        self.check_button.clicked.connect(self.on_check_button_clicked)
        self.finished.connect(self._stop)
        self.resize(460, 0)

    def _devices(self, devices: list[AudioDevice], chosen: str, null: str) -> QComboBox:
        box = QComboBox(self)
        names = {
            NULL_SOURCE: self.tr("No sound"), NULL_PLAYER: self.tr("No sound"),
            "alsa,default": self.tr("The system's default"),
        }
        for device in devices:
            box.addItem(names.get(device.name) or device.label or device.name, device.name)
        if chosen and box.findData(chosen) < 0:  # a headset not plugged in now
            box.addItem(self.tr("%1 (not found now)").replace("%1", chosen), chosen)
        index = box.findData(chosen) if chosen else -1
        if index < 0:
            index = max(box.findData("alsa,default"), box.findData(null), 0)
        box.setCurrentIndex(index)
        return box

    def source(self) -> str:
        return str(self.source_box.currentData())

    def player(self) -> str:
        return str(self.player_box.currentData())

    def chosen(self) -> AudioSettings:
        return AudioSettings(source=self.source(), player=self.player(),
                             volume=self.volume.value(), checked_on=self.settings.checked_on)

    def showEvent(self, event: object) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[arg-type]
        self._watch()

    def _watch(self) -> None:
        """(Re)start the meter on the chosen microphone."""
        if self._meter_task is not None:
            self._meter_task.cancel()
        self.meter.setValue(0)
        self._meter_task = asyncio.ensure_future(self._follow(self.source()))

    async def _follow(self, source: str) -> None:
        try:
            async for value in levels(source):
                self._show_level(value)
        except (OSError, ValueError, EOFError):
            self.check_status.setText(self.tr("The microphone could not be opened."))

    def _show_level(self, value: float) -> None:
        # A speaking voice is around 0.05-0.3 of full scale: show it on a log-like scale.
        self.meter.setValue(min(100, int((value ** 0.5) * 140)))

    def _stop(self) -> None:
        for task in (self._meter_task, self._check_task):
            if task is not None:
                task.cancel()

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_check_button_clicked(self) -> None:
        await self.run_check()

    async def run_check(self) -> None:
        """Record ``CHECK_S`` seconds from the microphone, then play them on the speaker."""
        self.check_button.setEnabled(False)
        self.check_done = False
        if self._meter_task is not None:
            self._meter_task.cancel()  # one reader of the microphone at a time
        try:
            self.check_status.setText(self.tr("Say something now: recording for 3 seconds…"))
            heard = await record(self.source(), CHECK_S, self._show_level)
            self.check_status.setText(self.tr("Playing back what the microphone heard…"))
            await play(self.player(), heard, self.volume.value())
            loud = any(abs(sample) > 1000 for sample in heard)
            self.check_status.setText(
                self.tr("Done. Did you hear yourself? If not, choose another device.")
                if loud else
                self.tr("The microphone heard nothing. Check that the headset is plugged in."))
            self.check_done = True
        except (OSError, ValueError, EOFError):
            self.check_status.setText(self.tr("The headset check could not run."))
        finally:
            self.check_button.setEnabled(True)
            if self.isVisible():
                self._watch()

    @classmethod
    async def ask(cls, parent: QWidget | None, settings: AudioSettings,
                  check: bool = False) -> AudioSettings | None:
        """The new settings, or None when cancelled; with ``check``, the check starts."""
        dialog = cls(parent, settings)
        finished = future_for(dialog.finished)
        dialog.open()
        if check:
            asyncio.ensure_future(dialog.run_check())
        try:
            result = await finished
            chosen = dialog.chosen()
        finally:
            dialog.deleteLater()
        return chosen if result == QDialog.DialogCode.Accepted.value else None


async def apply(settings: AudioSettings, phone: Phone | None) -> None:
    """Give the softphone the chosen devices (it starts again with them when no call is on)
    and volume (at once, also during a call)."""
    if phone is None:
        return
    await phone.set_volume(settings.volume)
    if settings.source and settings.player:
        await phone.set_devices(settings.source, settings.player)


class AudioButton(QToolButton):
    """ "Sound" in the status bar: opens :class:`AudioDialog` and applies what is saved."""

    def __init__(self, parent: QWidget, phone: Phone | None) -> None:
        super().__init__(parent)
        self.phone = phone
        self.setObjectName("audio_button")
        self.setText(self.tr("Sound"))
        self.setAccessibleName(self.tr("Sound settings for the desk phone"))
        self.setToolTip(self.tr("Microphone, speaker and a headset check (Ctrl+Shift+L)"))
        self.setShortcut("Ctrl+Shift+L")
        self.setAutoRaise(True)
        self.clicked.connect(self.on_clicked)

    @asyncSlot()  # type: ignore[untyped-decorator]
    async def on_clicked(self) -> None:
        await self.open_settings()

    async def open_settings(self, check: bool = False) -> None:
        settings = AudioSettings.load()
        chosen = await AudioDialog.ask(self.window(), settings, check)
        if chosen is not None:
            chosen.save()
            await apply(chosen, self.phone)


class HeadsetOffer(QDialog):
    """ "Check the headset before the shift?" with Check now / Skip."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("headset_offer")
        self.setWindowTitle(self.tr("Headset check"))
        text = QLabel(self.tr(
            "Check the headset before the shift? It takes a few seconds: say something, "
            "and hear it played back."), self)
        text.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.check_button = buttons.addButton(self.tr("Check now"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip_button = buttons.addButton(self.tr("Skip"),
                                             QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)


async def offer_headset_check(button: AudioButton, today: dt.date | None = None) -> bool:
    """Once a day on this machine: offer the check; remembered whether done or skipped.
    True when the check was taken."""
    settings = AudioSettings.load()
    if not settings.check_due(today):
        return False
    settings.checked_on = (today or dt.date.today()).isoformat()
    settings.save()
    offer = HeadsetOffer(button.window())
    finished = future_for(offer.finished)
    offer.open()
    try:
        taken = bool(await finished == QDialog.DialogCode.Accepted.value)
    finally:
        offer.deleteLater()
    if taken:
        await button.open_settings(check=True)
    return taken


def install(window: QWidget, phone: Phone | None, offer: bool = True) -> AudioButton:
    """The "Sound" button in ``window``'s status bar; with ``offer`` and a softphone, the
    headset check is offered (once a day)."""
    button = AudioButton(window, phone)
    add = getattr(window, "add_status_widget", None)
    if callable(add):
        add(button)
    if offer and phone is not None:
        task = asyncio.ensure_future(offer_headset_check(button))
        button.destroyed.connect(lambda *_: task.cancel())
    return button

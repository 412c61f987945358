"""Where notifications go: a sound player and a desktop/toast display, both replaceable.

Tests pass a :class:`Player` that counts; the offscreen platform has no audio device, so
:class:`SoundEffectPlayer` quietly does nothing there.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QPoint, QStandardPaths, Qt, QTimer, QUrl
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSystemTrayIcon,
    QWidget,
)

from workstation.ui.notify.audio_probe import audio_outputs
from workstation.ui.notify.tone import write_chime

log = logging.getLogger(__name__)

TOAST_MS = 6000


class Player(Protocol):
    """Plays the chime at ``volume`` (0–100)."""

    def play(self, volume: int) -> None: ...


class Display(Protocol):
    """Shows a short sentence outside the conversation (never message text)."""

    def show_notice(self, title: str, text: str) -> None: ...


def sounds_folder() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return Path(location or tempfile.gettempdir()) / "sounds"


class SoundEffectPlayer:
    """QSoundEffect with the generated chime; silent when there is no audio output."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder
        self._effect: object | None = None
        self._failed = False

    def _load(self) -> object | None:
        if self._effect is not None or self._failed:
            return self._effect
        try:
            if not audio_outputs():  # without the backend's noise when there is no device
                raise RuntimeError("no audio output")
            from PySide6.QtMultimedia import QSoundEffect  # after: its import talks too

            effect = QSoundEffect()
            effect.setSource(QUrl.fromLocalFile(str(write_chime(self._folder or sounds_folder()))))
            self._effect = effect
        except (ImportError, OSError, RuntimeError) as error:
            log.info("notification sounds are off: %s", error)
            self._failed = True
        return self._effect

    def play(self, volume: int) -> None:
        effect = self._load()
        if effect is None:
            return
        effect.setVolume(max(0, min(100, volume)) / 100)  # type: ignore[attr-defined]
        effect.play()  # type: ignore[attr-defined]


def bell_icon() -> QIcon:
    """A small drawn icon for the tray (no image files)."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(Qt.GlobalColor.darkCyan)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(2, 2, 28, 28)
    painter.setPen(Qt.GlobalColor.white)
    font = painter.font()
    font.setBold(True)
    font.setPixelSize(13)
    painter.setFont(font)
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, "116")
    painter.end()
    return QIcon(pixmap)


class TrayDisplay:
    """A system-tray balloon/notification."""

    def __init__(self, parent: QWidget) -> None:
        self.tray = QSystemTrayIcon(bell_icon(), parent)
        self.tray.setToolTip("116 111")
        self.tray.show()

    def show_notice(self, title: str, text: str) -> None:
        self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, TOAST_MS)


class Toast(QFrame):
    """A non-modal note that fades after a while, in the top right corner of ``anchor``.

    The anchor is an area without controls (the transcript), so the note never hides a
    button or a field; clicks go through it to what is underneath.
    """

    def __init__(self, parent: QWidget, anchor: QWidget | None = None) -> None:
        super().__init__(parent)
        self.anchor = anchor
        self.setObjectName("notify_toast")
        self.setAccessibleName(self.tr("Notification"))
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet(
            "#notify_toast { background: #263238; border-radius: 6px; }"
            " QLabel { color: white; padding: 8px 12px; }"
        )
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(TOAST_MS)
        self.timer.timeout.connect(self.hide)
        self.hide()

    def show_notice(self, title: str, text: str) -> None:
        self.label.setText(text)
        self.adjustSize()
        self.move(self._place())
        self.show()
        self.raise_()
        self.timer.start()

    def _place(self) -> QPoint:
        """Top right inside the anchor (its viewport when it scrolls), else of the window."""
        parent = self.parentWidget()
        if parent is None:
            return QPoint(0, 0)
        margin = 12
        area = self.anchor
        if isinstance(area, QAbstractScrollArea):
            area = area.viewport()
        if area is None or not area.isVisible():
            return QPoint(max(0, parent.width() - self.width() - margin), margin)
        corner = area.mapTo(parent, QPoint(area.width(), 0))
        x = corner.x() - self.width() - margin
        left = area.mapTo(parent, QPoint(0, 0)).x()
        return QPoint(max(left, x), corner.y() + margin)


def make_display(window: QWidget, anchor: QWidget | None = None) -> Display:
    """The tray when the desktop has one, otherwise a toast over ``anchor`` in the window."""
    if QSystemTrayIcon.isSystemTrayAvailable():
        return TrayDisplay(window)
    return Toast(window, anchor)

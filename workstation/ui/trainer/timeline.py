"""The timeline: where the player is, the replay's markers and the trainer's annotations.

Click or drag to seek. Markers are painted as ticks in a colour per kind; annotations as
triangles above the bar. Hovering over either emits what it is, for a plain-text label (a
tooltip would guess at rich text, and annotation text is never markup).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from workstation.sessions.replay import Annotation, Marker
from workstation.ui.trainer.labels import clock, marker_label

SIDE = 12
BAR_TOP = 20
BAR_HEIGHT = 10
HIT_PX = 5

MARKER_COLOURS = {
    "flag": QColor("#c62828"),
    "consultation": QColor("#1565c0"),
    "time_warning": QColor("#ef6c00"),
}
ANNOTATION_COLOUR = QColor("#2e7d32")


class TimelineWidget(QWidget):
    """Attributes:
        duration_ms: the length of the replay.
        position_ms: the player's position.
        markers: flags, consultations and time warnings.
        annotations: the trainer's comments.

    Signals:
        seek_requested(int): the trainer clicked or dragged to a moment (ms).
        hovered(str): the marks under the mouse, in words ("" when none).
    """

    seek_requested = Signal(int)
    hovered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.duration_ms = 0
        self.position_ms = 0
        self.markers: list[Marker] = []
        self.annotations: list[Annotation] = []
        self.setMouseTracking(True)
        self.setMinimumHeight(BAR_TOP + BAR_HEIGHT + 20)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(600, BAR_TOP + BAR_HEIGHT + 20)

    def set_replay(self, duration_ms: int, markers: list[Marker],
                   annotations: list[Annotation]) -> None:
        self.duration_ms = duration_ms
        self.markers = list(markers)
        self.annotations = list(annotations)
        self.update()

    def set_position(self, ms: int) -> None:
        if ms != self.position_ms:
            self.position_ms = ms
            self.update()

    # --- geometry -----------------------------------------------------------------------------

    def _bar(self) -> QRect:
        return QRect(SIDE, BAR_TOP, max(1, self.width() - 2 * SIDE), BAR_HEIGHT)

    def x_of(self, ms: int) -> int:
        bar = self._bar()
        if self.duration_ms <= 0:
            return bar.left()
        return bar.left() + round(bar.width() * min(ms, self.duration_ms) / self.duration_ms)

    def ms_at(self, x: float) -> int:
        bar = self._bar()
        share = (x - bar.left()) / bar.width()
        return round(max(0.0, min(1.0, share)) * self.duration_ms)

    def items_near(self, x: float) -> list[str]:
        """What the marks under ``x`` are, in words."""
        found = [
            f"{clock(m.offset_ms)}  {marker_label(m.kind, m.detail)}"
            for m in self.markers
            if abs(self.x_of(m.offset_ms) - x) <= HIT_PX
        ]
        found += [
            f"{clock(a.offset_ms)}  {self.tr('Note')}: {a.text}"
            for a in self.annotations
            if abs(self.x_of(a.offset_ms) - x) <= HIT_PX
        ]
        return found

    # --- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bar = self._bar()
        palette = self.palette()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.mid())
        painter.drawRoundedRect(bar, 4, 4)
        played = QRect(bar.left(), bar.top(), self.x_of(self.position_ms) - bar.left(),
                       bar.height())
        painter.setBrush(palette.highlight())
        painter.drawRoundedRect(played, 4, 4)
        for marker in self.markers:
            painter.setBrush(MARKER_COLOURS.get(marker.kind, palette.text().color()))
            x = self.x_of(marker.offset_ms)
            painter.drawRect(QRect(x - 2, bar.top() - 4, 4, bar.height() + 8))
        painter.setBrush(ANNOTATION_COLOUR)
        for annotation in self.annotations:
            x = self.x_of(annotation.offset_ms)
            painter.drawPolygon(QPolygonF([QPointF(x - 6, 4), QPointF(x + 6, 4),
                                           QPointF(x, BAR_TOP - 3)]))
        x = self.x_of(self.position_ms)
        painter.setBrush(palette.text())
        painter.drawEllipse(QPoint(x, bar.center().y()), 7, 7)
        self._legend(painter, bar.bottom() + 6)
        painter.end()

    def _legend(self, painter: QPainter, top: int) -> None:
        """What the colours mean, at the right under the bar."""
        entries = [
            (MARKER_COLOURS["flag"], self.tr("Flag")),
            (MARKER_COLOURS["consultation"], self.tr("Consultation")),
            (MARKER_COLOURS["time_warning"], self.tr("Time warning")),
            (ANNOTATION_COLOUR, self.tr("Trainer note")),
        ]
        metrics = painter.fontMetrics()
        x = self.width() - SIDE - sum(metrics.horizontalAdvance(t) + 26 for _, t in entries)
        for colour, text in entries:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRect(QRect(x, top + 3, 10, 10))
            painter.setPen(self.palette().text().color())
            width = metrics.horizontalAdvance(text)
            painter.drawText(QRect(x + 14, top, width + 4, 16), Qt.AlignmentFlag.AlignLeft, text)
            x += width + 26

    # --- mouse ---------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.seek_requested.emit(self.ms_at(event.position().x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        x = event.position().x()
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.seek_requested.emit(self.ms_at(x))
            return
        self.hovered.emit("   ".join(self.items_near(x)))

"""A one-line label for names: it gives up width gracefully, eliding at the right, and shows
the whole text in its tooltip. For names only; a time or a count is never elided."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

#: How many characters an elided label keeps at least (plus "…").
MIN_CHARS = 6


class ElidedLabel(QLabel):
    """Plain text on one line, elided with "…" when narrower than its text.

    ``text()`` is always the whole text; :meth:`shown_text` is what is painted. The minimum
    width is a few characters, so a long name never widens the window.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:  # noqa: N802
        super().setText(text)
        self.setToolTip(text if self.is_elided() else "")

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        metrics = QFontMetrics(self.font())
        hint = super().minimumSizeHint()
        short = metrics.horizontalAdvance("x" * MIN_CHARS + "…")
        return QSize(min(hint.width(), short), hint.height())

    def shown_text(self) -> str:
        """The text as painted at the current width."""
        metrics = QFontMetrics(self.font())
        width = self.contentsRect().width() - 2 * self.margin()
        return metrics.elidedText(self.text(), Qt.TextElideMode.ElideRight, max(0, width))

    def is_elided(self) -> bool:
        return self.shown_text() != self.text()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.setToolTip(self.text() if self.is_elided() else "")

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        rect = self.contentsRect().adjusted(self.margin(), 0, -self.margin(), 0)
        self.style().drawItemText(
            painter,
            rect,
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            self.shown_text(),
            self.foregroundRole(),
        )
        painter.end()

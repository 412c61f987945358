"""A transcript list view and the delegate that paints each row as plain text.

Contact text is drawn with ``QPainter.drawText``, which never interprets markup: a young
person writing ``<b>x</b>`` sees exactly that on the counsellor's screen too.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from workstation.ui.transcript_model import Role

Index = QModelIndex | QPersistentModelIndex

MARGIN = 8
PADDING = 8
GAP = 2
TEXT_FLAGS = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)

COLOURS = {
    "contact": QColor("#eef1f5"),
    "staff": QColor("#d9eaff"),
    "pending": QColor("#eef5ff"),
    "note": QColor("#fff4cc"),
}


class TranscriptDelegate(QStyledItemDelegate):
    """Paints messages as bubbles, notes as yellow cards, other events as a grey line.

    Attributes:
        view: the list view whose width the bubbles follow.
    """

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view

    # --- geometry ---------------------------------------------------------------------------

    def _style(self, index: Index) -> str:
        kind = index.data(Role.KIND)
        if kind == "message":
            if index.data(Role.PENDING):
                return "pending"
            return "contact" if index.data(Role.SENDER) == "contact" else "staff"
        if kind in ("note", "consult_message"):
            return "note"
        return "event"

    def _bubble_width(self) -> int:
        return max(120, int((self.view.viewport().width() - 2 * MARGIN) * 0.75))

    def _header(self, index: Index) -> str:
        style = self._style(index)
        moment = index.data(Role.TIME)
        clock = moment.astimezone().strftime("%H:%M") if moment is not None else ""
        if style == "pending":
            return self.tr("Sending…")
        if style == "contact":
            who = self.tr("Young person")
        elif style == "note":
            who = self.tr("Note by %1").replace("%1", index.data(Role.AUTHOR) or "")
        else:
            who = index.data(Role.AUTHOR) or self.tr("Counsellor")
        return f"{who} · {clock}" if clock else who

    @staticmethod
    def _small(font: QFont) -> QFont:
        small = QFont(font)
        small.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
        return small

    def _text_rect(self, option: QStyleOptionViewItem, index: Index, width: int) -> QRect:
        metrics = QFontMetrics(option.font)
        return metrics.boundingRect(
            QRect(0, 0, width - 2 * PADDING, 100_000), TEXT_FLAGS, index.data() or ""
        )

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        width = self.view.viewport().width()
        if self._style(index) == "event":
            metrics = QFontMetrics(self._small(option.font))
            text = metrics.boundingRect(
                QRect(0, 0, width - 2 * MARGIN, 100_000), TEXT_FLAGS, index.data() or ""
            )
            return QSize(width, text.height() + 2 * MARGIN)
        header = QFontMetrics(self._small(option.font)).height()
        text = self._text_rect(option, index, self._bubble_width())
        return QSize(width, header + GAP + text.height() + 2 * PADDING + MARGIN)

    # --- painting ---------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect: QRect = option.rect
        font: QFont = option.font
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        style = self._style(index)
        if style == "event":
            painter.setFont(self._small(font))
            painter.setPen(QColor("#5f6670"))
            painter.drawText(
                rect.adjusted(MARGIN, MARGIN // 2, -MARGIN, -MARGIN // 2),
                TEXT_FLAGS | int(Qt.AlignmentFlag.AlignHCenter),
                index.data() or "",
            )
            painter.restore()
            return
        bubble = self._bubble_rect(option, index, style)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(COLOURS[style])
        painter.drawRoundedRect(bubble, 8, 8)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(QColor("#4a7fc1"))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(bubble, 8, 8)
        inner = bubble.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        small = self._small(font)
        header_height = QFontMetrics(small).height()
        painter.setFont(small)
        painter.setPen(QColor("#5f6670"))
        painter.drawText(
            QRect(inner.left(), inner.top(), inner.width(), header_height),
            int(Qt.AlignmentFlag.AlignLeft),
            QFontMetrics(small).elidedText(
                self._header(index), Qt.TextElideMode.ElideRight, inner.width()
            ),
        )
        text_font = QFont(font)
        text_font.setItalic(style == "pending")
        painter.setFont(text_font)
        painter.setPen(QColor("#5f6670") if style == "pending" else QColor("#1d2127"))
        painter.drawText(
            inner.adjusted(0, header_height + GAP, 0, 0), TEXT_FLAGS, index.data() or ""
        )
        painter.restore()

    def _bubble_rect(self, option: QStyleOptionViewItem, index: Index, style: str) -> QRect:
        rect: QRect = option.rect
        small = self._small(option.font)
        header = QFontMetrics(small)
        limit = self._bubble_width()
        text = self._text_rect(option, index, limit)
        header_width = header.horizontalAdvance(self._header(index))
        width = min(limit, max(text.width(), header_width) + 2 * PADDING + 1)
        height = rect.height() - MARGIN
        top = rect.top() + MARGIN // 2
        if style in ("staff", "pending"):
            return QRect(rect.right() - MARGIN - width, top, width, height)
        return QRect(rect.left() + MARGIN, top, width, height)


class TranscriptView(QListView):
    """A read-only, scrolling transcript that follows new rows when at the bottom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(TranscriptDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setFrameShape(QListView.Shape.NoFrame)

    def rowsInserted(self, parent: Index, start: int, end: int) -> None:  # noqa: N802
        bar = self.verticalScrollBar()
        follow = bar.value() >= bar.maximum() - 4
        super().rowsInserted(parent, start, end)
        if follow:
            self.scrollToBottom()

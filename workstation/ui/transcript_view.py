"""A transcript list view and the delegate that paints each row as plain text.

Contact text is drawn with ``QPainter.drawText``, which never interprets markup: a young
person writing ``<b>x</b>`` sees exactly that on the counsellor's screen too.

Long transcripts stay cheap: ``QListView`` lays out every row again on each insertion, so the
view shows a sliding window over a :class:`TranscriptModel` (the last few hundred rows while
the counsellor follows the bottom; earlier rows come back when scrolling to the top), and the
delegate caches row heights by content and width.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from workstation.sessions.clock import format_clock
from workstation.ui import theme
from workstation.ui.transcript_model import Role, TranscriptModel

Index = QModelIndex | QPersistentModelIndex

MARGIN = 8
PADDING = 8
GAP = 2
NOTE_EDGE = 4
#: Event rows drawn as a centred line: quiet, bold, or bold red (needs action now).
LINE_STYLES = ("event", "notable", "important")
TEXT_FLAGS = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)

#: While following the bottom, a flood of new rows repaints the view at most this often.
FOLLOW_REPAINT_MS = 100
#: … and its scroll bar at most this often.
SCROLLBAR_REPAINT_MS = 500
#: The window keeps at most this many rows while following the bottom (each new row lays
#: them all out again: 100 rows cost ~2 ms) …
WINDOW_MAX = 100
#: … and slides down to this many when it is full; scrolling to the top adds as many again.
WINDOW_KEEP = 60


class TranscriptWindow(QAbstractListModel):
    """The last rows of a :class:`TranscriptModel`, from ``first`` on.

    Attributes:
        source: the whole transcript.
        first: the source row shown as row 0.
    """

    def __init__(self, source: TranscriptModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.first = max(0, source.rowCount() - WINDOW_MAX)
        source.rowsAboutToBeInserted.connect(self._on_about_to_insert)
        source.rowsInserted.connect(self.endInsertRows)
        source.rowsAboutToBeRemoved.connect(self._on_about_to_remove)
        source.rowsRemoved.connect(self.endRemoveRows)
        source.modelAboutToBeReset.connect(self.beginResetModel)
        source.modelReset.connect(self._on_reset)
        source.dataChanged.connect(self._on_data_changed)

    def __getattr__(self, name: str) -> Any:
        """Everything else (``pending_count``, ``last_seq``, …) is the source's."""
        if name == "source":
            raise AttributeError(name)
        return getattr(self.source, name)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else max(0, self.source.rowCount() - self.first)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        return self.source.index(index.row() + self.first, 0).data(role)

    def entry(self, row: int) -> Any:
        return self.source.entry(row + self.first)

    def full(self) -> bool:
        return self.rowCount() > WINDOW_MAX

    def slide_to_end(self) -> None:
        """Show only the last :data:`WINDOW_KEEP` rows."""
        self.beginResetModel()
        self.first = max(0, self.source.rowCount() - WINDOW_KEEP)
        self.endResetModel()

    def show_earlier(self) -> int:
        """Bring back up to :data:`WINDOW_KEEP` earlier rows; how many came back."""
        more = min(self.first, WINDOW_KEEP)
        if more:
            self.beginInsertRows(QModelIndex(), 0, more - 1)
            self.first -= more
            self.endInsertRows()
        return more

    def _on_about_to_insert(self, _parent: Index, start: int, end: int) -> None:
        self.beginInsertRows(QModelIndex(), start - self.first, end - self.first)

    def _on_about_to_remove(self, _parent: Index, start: int, end: int) -> None:
        self.beginRemoveRows(QModelIndex(), start - self.first, end - self.first)

    def _on_reset(self) -> None:
        self.first = max(0, self.source.rowCount() - WINDOW_MAX)
        self.endResetModel()

    def _on_data_changed(self, top: Index, bottom: Index, roles: Any = ()) -> None:
        first = max(0, top.row() - self.first)
        last = bottom.row() - self.first
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, 0))


class TranscriptDelegate(QStyledItemDelegate):
    """Paints messages as bubbles (the young person's left, the desk's right), staff-only notes
    as full-width yellow cards with an edge and "only staff" in the header, and other events
    as a centred line: red only when action is needed now (risk, a hard time limit, a failed
    SMS), bold for what is worth noticing (a soft time warning, the young person leaving).

    Attributes:
        view: the list view whose width the bubbles follow.
    """

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view
        self._heights: dict[tuple[str, str], int] = {}
        self._heights_width = -1

    # --- geometry ---------------------------------------------------------------------------

    def _style(self, index: Index) -> str:
        return self._painted(index)[0]

    def _header(self, index: Index) -> str:
        return self._painted(index)[1]

    def _painted(self, index: Index) -> tuple[str, str]:
        """Style and header, worked out once per row: a flood repaints rows many times."""
        entry = self._entry(index)
        if entry is not None and entry.painted is not None:
            return entry.painted  # type: ignore[no-any-return]
        style = self._work_out_style(index)
        painted = (style, self._work_out_header(index, style))
        if entry is not None and not entry.pending:
            entry.painted = painted
        return painted

    def _work_out_style(self, index: Index) -> str:
        kind = index.data(Role.KIND)
        if kind == "message":
            if index.data(Role.PENDING):
                return "pending"
            return "contact" if index.data(Role.SENDER) == "contact" else "staff"
        if kind in ("note", "consult_message"):
            return "note"
        if index.data(Role.IMPORTANT):
            return "important"
        return "notable" if index.data(Role.NOTABLE) else "event"

    def _bubble_width(self) -> int:
        return max(120, int((self.view.viewport().width() - 2 * MARGIN) * 0.75))

    def _note_width(self) -> int:
        return max(120, self.view.viewport().width() - 2 * MARGIN)

    def _work_out_header(self, index: Index, style: str) -> str:
        kind = index.data(Role.KIND)
        moment = index.data(Role.TIME)
        clock = format_clock(moment) if moment is not None else ""
        sms = index.data(Role.CHANNEL) == "sms"
        if style == "pending":
            if kind == "note":
                return self.tr("Saving note…")
            return self.tr("Sending SMS…") if sms else self.tr("Sending…")
        if style == "contact":
            who = self.tr("Young person · SMS") if sms else self.tr("Young person")
        elif style == "note":
            if kind == "consult_message":
                who = self.tr("Consultation, %1").replace("%1", index.data(Role.AUTHOR) or "")
            else:
                who = self.tr("Note, only staff see it · %1").replace(
                    "%1", index.data(Role.AUTHOR) or ""
                )
        else:
            who = index.data(Role.AUTHOR) or self.tr("Counsellor")
            if sms:
                who = self.tr("%1 · SMS").replace("%1", who)
        line = f"{who} · {clock}" if clock else who
        reply = index.data(Role.SMS)
        return f"{line} · {self._sms_status(*reply)}" if reply else line

    def _sms_status(self, status: str, parts: int) -> str:
        """"waiting to be sent", "sent", "delivered" or "not delivered", with "3 SMS"."""
        words = {
            "pending": self.tr("waiting to be sent"),
            "sent": self.tr("sent"),
            "delivered": self.tr("delivered"),
            "failed": self.tr("not delivered"),
        }
        word = words.get(status, status)
        if parts > 1:
            return self.tr("%1 SMS, %2").replace("%1", str(parts)).replace("%2", word)
        return word

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
        entry = self._entry(index)
        if entry is not None and entry.layout_height and entry.layout_height[0] == width:
            return QSize(width, entry.layout_height[1])
        if width != self._heights_width:
            self._heights.clear()
            self._heights_width = width
        style = self._style(index)
        if index.data(Role.PENDING) and index.data(Role.KIND) == "note":
            style = "note"
        key = (style, index.data() or "")
        height = self._heights.get(key)
        if height is None:
            height = self._measure(option, index, style, width)
            if entry is None:
                self._heights[key] = height
        if entry is not None:
            entry.layout_height = (width, height)
        return QSize(width, height)

    @staticmethod
    def _entry(index: Index) -> Any:
        """The model's row object when it has one (the desk's transcripts), else None."""
        model = index.model()
        entry_of = getattr(model, "entry", None)
        return entry_of(index.row()) if entry_of is not None else None

    def _measure(self, option: QStyleOptionViewItem, index: Index, style: str, width: int) -> int:
        if style in LINE_STYLES:
            font = self._small(option.font)
            font.setBold(style != "event")
            text = QFontMetrics(font).boundingRect(
                QRect(0, 0, width - 2 * MARGIN, 100_000), TEXT_FLAGS, index.data() or ""
            )
            return text.height() + 2 * MARGIN
        header = QFontMetrics(self._small(option.font)).height()
        limit = self._note_width() - NOTE_EDGE if style == "note" else self._bubble_width()
        text = self._text_rect(option, index, limit)
        return header + GAP + text.height() + 2 * PADDING + MARGIN

    # --- painting ---------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect: QRect = option.rect
        font: QFont = option.font
        colours = theme.colours()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        style = self._style(index)
        if index.data(Role.PENDING) and index.data(Role.KIND) == "note":
            style = "pending_note"
        if style in LINE_STYLES:
            small = self._small(font)
            small.setBold(style != "event")
            painter.setFont(small)
            colour = {"important": colours.urgent, "notable": colours.text}.get(
                style, colours.muted
            )
            painter.setPen(QColor(colour))
            painter.drawText(
                rect.adjusted(MARGIN, MARGIN // 2, -MARGIN, -MARGIN // 2),
                TEXT_FLAGS | int(Qt.AlignmentFlag.AlignHCenter),
                index.data() or "",
            )
            painter.restore()
            return
        bubble = self._bubble_rect(option, index, style)
        inner = bubble.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        if style in ("note", "pending_note"):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colours.note_card))
            painter.drawRect(bubble)
            painter.setBrush(QColor(colours.note_edge))
            painter.drawRect(QRect(bubble.left(), bubble.top(), NOTE_EDGE, bubble.height()))
            inner = inner.adjusted(NOTE_EDGE, 0, 0, 0)
            text_colour, header_colour = colours.note_text, colours.note_text
        else:
            fill = {
                "contact": colours.contact_bubble,
                "staff": colours.staff_bubble,
                "pending": colours.pending_bubble,
            }[style]
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(fill))
            painter.drawRoundedRect(bubble, 8, 8)
            text_colour, header_colour = colours.bubble_text, colours.bubble_muted
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(QColor("#4a7fc1"))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(bubble, 8, 8)
        small = self._small(font)
        small.setBold(style in ("note", "pending_note"))
        header_height = QFontMetrics(small).height()
        painter.setFont(small)
        painter.setPen(QColor(header_colour))
        painter.drawText(
            QRect(inner.left(), inner.top(), inner.width(), header_height),
            int(Qt.AlignmentFlag.AlignLeft),
            QFontMetrics(small).elidedText(
                self._header(index), Qt.TextElideMode.ElideRight, inner.width()
            ),
        )
        text_font = QFont(font)
        text_font.setItalic(style in ("pending", "pending_note"))
        painter.setFont(text_font)
        painter.setPen(QColor(text_colour))
        painter.drawText(
            inner.adjusted(0, header_height + GAP, 0, 0), TEXT_FLAGS, index.data() or ""
        )
        painter.restore()

    def _bubble_rect(self, option: QStyleOptionViewItem, index: Index, style: str) -> QRect:
        rect: QRect = option.rect
        height = rect.height() - MARGIN
        top = rect.top() + MARGIN // 2
        if style in ("note", "pending_note"):
            return QRect(rect.left() + MARGIN, top, self._note_width(), height)
        small = self._small(option.font)
        header = QFontMetrics(small)
        limit = self._bubble_width()
        entry = self._entry(index)
        if entry is not None and entry.layout_width and entry.layout_width[0] == limit:
            width = entry.layout_width[1]
        else:
            text = self._text_rect(option, index, limit)
            header_width = header.horizontalAdvance(self._header(index))
            width = min(limit, max(text.width(), header_width) + 2 * PADDING + 1)
            if entry is not None and not entry.pending:
                entry.layout_width = (limit, width)
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
        self.setAccessibleName(self.tr("Conversation transcript"))
        self._windows: dict[int, TranscriptWindow] = {}
        self._follow = True
        self._scroll_pending = False
        self._scrolled_at = 0.0
        self._scroll_timer = QTimer(self)
        self._scroll_timer.setSingleShot(True)
        self._scroll_timer.timeout.connect(self._scroll_to_end)
        self._bar_shown_at = 0.0
        self._bar_timer = QTimer(self)
        self._bar_timer.setSingleShot(True)
        self._bar_timer.timeout.connect(self._show_scroll_bar)
        self.verticalScrollBar().valueChanged.connect(self.on_scrollbar_value_changed)
        self.verticalScrollBar().rangeChanged.connect(self.on_scrollbar_range_changed)

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802
        """Show a model; a :class:`TranscriptModel` is shown through a sliding window."""
        if isinstance(model, TranscriptModel):
            window = self._windows.get(id(model))
            if window is None or window.source is not model:
                window = TranscriptWindow(model, self)
                self._windows[id(model)] = window
            model = window
        super().setModel(model)
        self._follow = True

    def source_model(self) -> Any:
        model = self.model()
        return model.source if isinstance(model, TranscriptWindow) else model

    def rowsInserted(self, parent: Index, start: int, end: int) -> None:  # noqa: N802
        super().rowsInserted(parent, start, end)
        model = self.model()
        if self._follow and isinstance(model, TranscriptWindow) and model.full():
            model.slide_to_end()
        if self._follow and not self._scroll_pending:
            # One scroll and one paint after the layout, however many rows arrive before it,
            # and under a flood at most every FOLLOW_REPAINT_MS (each paint costs milliseconds).
            self._scroll_pending = True
            self._hold_paint(True)
            since_ms = (time.monotonic() - self._scrolled_at) * 1000
            self._scroll_timer.start(max(0, int(FOLLOW_REPAINT_MS - since_ms)))  # ends with me

    def _scroll_to_end(self) -> None:
        self._scroll_pending = False
        self._scrolled_at = time.monotonic()
        if self._follow:
            self.scrollToBottom()
        self._hold_paint(False)

    def _hold_paint(self, hold: bool) -> None:
        """While held the screen keeps the last picture; a ``grab()`` would show it blank."""
        self.viewport().setUpdatesEnabled(not hold)
        if hold:
            self.verticalScrollBar().setUpdatesEnabled(False)
            return
        # The scroll bar's slider changes length with every new row, and Fusion draws a new
        # one each time (2–15 ms): under a flood it follows less often than the rows.
        since_ms = (time.monotonic() - self._bar_shown_at) * 1000
        if since_ms >= SCROLLBAR_REPAINT_MS:
            self._show_scroll_bar()
        elif not self._bar_timer.isActive():
            self._bar_timer.start(int(SCROLLBAR_REPAINT_MS - since_ms))

    def _show_scroll_bar(self) -> None:
        self._bar_shown_at = time.monotonic()
        self.verticalScrollBar().setUpdatesEnabled(True)

    def on_scrollbar_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._follow:
            self.verticalScrollBar().setValue(maximum)

    def on_scrollbar_value_changed(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._follow = value >= bar.maximum() - 4
        model = self.model()
        if value != 0 or not isinstance(model, TranscriptWindow) or model.first == 0:
            return
        top = self.indexAt(self.viewport().rect().topLeft())
        more = model.show_earlier()
        if more and top.isValid():
            hint = QAbstractItemView.ScrollHint.PositionAtTop
            self.scrollTo(model.index(top.row() + more, 0), hint)

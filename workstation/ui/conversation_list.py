"""The overview of the counsellor's conversations: who waits on whom, and for how long."""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from workstation.ui import theme
from workstation.ui.conversation_model import (
    CALL_ROLE,
    CHANNEL_ROLE,
    CLOSED_ROLE,
    ELAPSED_ROLE,
    LONG_WAIT_S,
    OBSERVED_ROLE,
    RISK_ROLE,
    STATUS_ROLE,
    TIME_LEVEL_ROLE,
    TITLE_ROLE,
    UNREAD_ROLE,
    WAITED_S_ROLE,
    ConversationListModel,
)
from workstation.ui.labels import channel_label

Index = QModelIndex | QPersistentModelIndex

PAD = 6
STRIPE = 5
BADGE_PAD = 4


class ConversationDelegate(QStyledItemDelegate):
    """Two lines per conversation.

    Line 1: a channel badge, the title, risk and "observed" badges, the conversation time.
    Line 2: who waits ("waiting for you 2:14" in a warning colour), the unread count.
    A stripe on the left shows the time-limit state (amber soft, red hard).
    """

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, 2 * metrics.height() + 3 * PAD)

    @staticmethod
    def _bold(font: QFont) -> QFont:
        bold = QFont(font)
        bold.setBold(True)
        return bold

    def _badge(self, painter: QPainter, x: int, y: int, text: str, bg: str, fg: str) -> int:
        metrics = QFontMetrics(painter.font())
        width = metrics.horizontalAdvance(text) + 2 * BADGE_PAD
        rect = QRect(x, y, width, metrics.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(bg))
        painter.drawRoundedRect(rect, 3, 3)
        painter.setPen(QColor(fg))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)
        return x + width + BADGE_PAD

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        colours = theme.colours()
        rect: QRect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, option.palette.highlight())
            painter.fillRect(rect.adjusted(STRIPE + 2, 2, -2, -2), QColor(colours.base))
        finished = bool(index.data(CLOSED_ROLE))
        level = index.data(TIME_LEVEL_ROLE)
        if level in ("soft", "hard"):
            stripe = colours.hard_limit if level == "hard" else colours.soft_limit
            painter.fillRect(QRect(rect.left(), rect.top(), STRIPE, rect.height()), QColor(stripe))
        font: QFont = option.font
        metrics = QFontMetrics(font)
        line = metrics.height()
        x = rect.left() + STRIPE + PAD
        top = rect.top() + PAD
        small = QFont(font)
        small.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
        painter.setFont(self._bold(small))
        channel = index.data(CHANNEL_ROLE)
        x = self._badge(
            painter,
            x,
            top + 1,
            channel_label(channel).upper(),
            colours.channel_bg,
            colours.channel_text,
        )
        painter.setFont(self._bold(font))
        text_colour = QColor(colours.muted if finished else colours.text)
        painter.setPen(text_colour)
        title = index.data(TITLE_ROLE) or ""
        elapsed = index.data(ELAPSED_ROLE) or ""
        elapsed_width = metrics.horizontalAdvance(elapsed) + PAD
        title_width = QFontMetrics(painter.font()).horizontalAdvance(title) + 2
        painter.drawText(QRect(x, top, title_width, line), int(Qt.AlignmentFlag.AlignLeft), title)
        x += title_width + PAD
        painter.setFont(self._bold(small))
        if index.data(RISK_ROLE):
            x = self._badge(
                painter, x, top + 1, self.tr("RISK"), colours.risk_bg, colours.risk_text
            )
        if index.data(OBSERVED_ROLE):
            x = self._badge(
                painter, x, top + 1, self.tr("observed"), colours.base, colours.observed
            )
        if level == "hard":
            x = self._badge(
                painter, x, top + 1, self.tr("time"), colours.risk_bg, colours.risk_text
            )
        painter.setFont(font)
        painter.setPen(QColor(colours.muted))
        if not finished and elapsed:
            painter.drawText(
                QRect(rect.right() - elapsed_width, top, elapsed_width - PAD, line),
                int(Qt.AlignmentFlag.AlignRight),
                elapsed,
            )
        self._second_line(painter, option, index, top + line + PAD)
        painter.restore()

    def _second_line(
        self, painter: QPainter, option: QStyleOptionViewItem, index: Index, top: int
    ) -> None:
        colours = theme.colours()
        rect: QRect = option.rect
        font: QFont = option.font
        metrics = QFontMetrics(font)
        x = rect.left() + STRIPE + PAD
        waited = index.data(WAITED_S_ROLE)
        status = index.data(STATUS_ROLE) or ""
        unread = int(index.data(UNREAD_ROLE) or 0)
        badge_width = 0
        if unread:
            painter.setFont(self._bold(font))
            text = str(unread)
            badge_width = QFontMetrics(painter.font()).horizontalAdvance(text) + 4 * BADGE_PAD
            badge = QRect(rect.right() - PAD - badge_width, top, badge_width, metrics.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colours.unread_bg))
            painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
            painter.setPen(QColor(colours.unread_text))
            painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), text)
        if waited is not None:
            painter.setFont(self._bold(font))
            strong = waited >= LONG_WAIT_S
            painter.setPen(QColor(colours.waiting_strong if strong else colours.waiting))
        elif index.data(CALL_ROLE) == "connected" and not index.data(CLOSED_ROLE):
            painter.setFont(font)
            painter.setPen(QColor(colours.call_text if not colours.dark else colours.text))
        else:
            painter.setFont(font)
            painter.setPen(QColor(colours.muted))
        width = rect.right() - x - badge_width - 2 * PAD
        painter.drawText(
            QRect(x, top, width, metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft),
            QFontMetrics(painter.font()).elidedText(status, Qt.TextElideMode.ElideRight, width),
        )


class ConversationList(QWidget):
    """ "My conversations": one row per conversation, the longest wait on the desk on top.

    Attributes:
        model: the conversation list model.
        view: the list view.
        title: "My conversations (N)".

    Signals:
        chosen(str): the counsellor chose a conversation.
    """

    chosen = Signal(str)

    def __init__(self, model: ConversationListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._shown: str | None = None
        self.title = QLabel(self)
        self.title.setObjectName("conversations_title")
        self.title.setStyleSheet("font-weight: bold")
        self.view = QListView(self)
        self.view.setObjectName("conversation_list")
        self.view.setAccessibleName(self.tr("My conversations"))
        self.view.setModel(model)
        self.view.setItemDelegate(ConversationDelegate(self.view))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setUniformItemSizes(True)
        self.view.setSpacing(1)
        self.view.setToolTip(
            self.tr("Ctrl+1…9 opens a conversation by its place; Ctrl+Tab the next one")
        )
        self.title.setBuddy(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        self.view.selectionModel().currentChanged.connect(self.on_view_current_changed)
        model.rowsInserted.connect(self.on_model_rows_changed)
        model.modelReset.connect(self.on_model_rows_changed)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(model.tick)
        self._timer.start()
        self.on_model_rows_changed()

    def on_model_rows_changed(self) -> None:
        self.title.setText(
            self.tr("My conversations (%1)").replace("%1", str(self.model.rowCount()))
        )

    def select(self, conversation: str) -> None:
        """Make a conversation the current one."""
        row = self.model.row_of(conversation)
        if row >= 0:
            self.select_row(row)

    def select_row(self, row: int) -> bool:
        """Open the conversation on a row (0 = the top); False when there is none."""
        if not 0 <= row < self.model.rowCount():
            return False
        self.view.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        return True

    def select_next(self, step: int) -> None:
        """Open the next (``step`` 1) or previous (-1) conversation, wrapping around."""
        count = self.model.rowCount()
        if not count:
            return
        current = self.view.currentIndex().row()
        self.select_row((current + step) % count if current >= 0 else 0)

    def on_view_current_changed(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        conversation = self.model.conversation_at(current.row())
        if conversation is not None and conversation != self._shown:
            self._shown = conversation
            self.chosen.emit(conversation)

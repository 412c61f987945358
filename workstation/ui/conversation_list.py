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
    WAITING_ROLE,
    WIDEST_UNREAD,
    ConversationListModel,
)
from workstation.ui.labels import channel_label

Index = QModelIndex | QPersistentModelIndex

PAD = 6
STRIPE = 5
BADGE_PAD = 4
#: An elided name keeps at least this many characters.
MIN_TITLE_CHARS = 6
#: The list checks its width at most this often (waits tick every second).
WIDTH_CHECK_MS = 250


class ConversationDelegate(QStyledItemDelegate):
    """Two lines per conversation.

    Line 1: a channel badge, the title, risk and "observed" badges, the conversation time.
    Line 2: who waits ("waiting for you 2:14" in a warning colour), the unread count.
    A stripe on the left shows the time-limit state (amber soft, red hard).

    Only names give up width: the title (and a colleague's name in "handed over to …") is
    elided; badges, times and "waiting for you m:ss" never are. :meth:`needed_width` is the
    width at which that holds; the list keeps itself at least that wide.
    """

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(self.needed_width(option.font, index), 2 * metrics.height() + 3 * PAD)

    @staticmethod
    def _bold(font: QFont) -> QFont:
        bold = QFont(font)
        bold.setBold(True)
        return bold

    @staticmethod
    def _small(font: QFont) -> QFont:
        small = QFont(font)
        small.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
        small.setBold(True)
        return small

    @staticmethod
    def _badge_width(font: QFont, text: str) -> int:
        return QFontMetrics(font).horizontalAdvance(text) + 3 * BADGE_PAD

    def _badges(self, index: Index) -> list[tuple[str, str, str]]:
        """The badges after the title: (text, background, foreground)."""
        colours = theme.colours()
        badges = []
        if index.data(RISK_ROLE):
            badges.append((self.tr("RISK"), colours.risk_bg, colours.risk_text))
        if index.data(OBSERVED_ROLE):
            badges.append((self.tr("observed"), colours.base, colours.observed))
        if index.data(TIME_LEVEL_ROLE) == "hard":
            badges.append((self.tr("time"), colours.risk_bg, colours.risk_text))
        return badges

    def _elapsed(self, index: Index) -> str:
        return "" if index.data(CLOSED_ROLE) else str(index.data(ELAPSED_ROLE) or "")

    def _unread_width(self, font: QFont, unread: int) -> int:
        if not unread:
            return 0
        return QFontMetrics(self._bold(font)).horizontalAdvance(str(unread)) + 4 * BADGE_PAD

    def needed_width(self, font: QFont, index: Index) -> int:
        """The narrowest row that shows this conversation without eliding anything but names."""
        metrics = QFontMetrics(font)
        small = self._small(font)
        title = str(index.data(TITLE_ROLE) or "")
        title_metrics = QFontMetrics(self._bold(font))
        title_width = min(
            title_metrics.horizontalAdvance(title) + 2,
            title_metrics.horizontalAdvance(title[:MIN_TITLE_CHARS] + "…") + 2,
        )
        first = (
            STRIPE
            + PAD
            + self._badge_width(small, channel_label(index.data(CHANNEL_ROLE)).upper())
            + title_width
            + PAD
            + sum(self._badge_width(small, text) for text, _, _ in self._badges(index))
            + metrics.horizontalAdvance(self._elapsed(index))
            + 2 * PAD
        )
        status = str(index.data(STATUS_ROLE) or "")
        status_font = self._bold(font) if index.data(WAITED_S_ROLE) is not None else font
        status_metrics = QFontMetrics(status_font)
        if index.data(WAITING_ROLE) or index.data(CALL_ROLE) in ("connected", "held"):
            status_width = status_metrics.horizontalAdvance(status)  # a time: never elided
        else:
            status_width = min(
                status_metrics.horizontalAdvance(status),
                status_metrics.horizontalAdvance(status[:MIN_TITLE_CHARS] + "…"),
            )
        unread = int(index.data(UNREAD_ROLE) or 0)
        second = STRIPE + PAD + status_width + self._unread_width(font, unread) + 3 * PAD
        return max(first, second)

    def floor_width(self, font: QFont, widest_wait: str) -> int:
        """A width that fits ``widest_wait`` (a long wait with many new messages) and an
        hour-long conversation on any row, so the list does not widen as the shift goes on."""
        metrics = QFontMetrics(font)
        bold = QFontMetrics(self._bold(font))
        unread = self._unread_width(font, WIDEST_UNREAD)
        second = STRIPE + PAD + bold.horizontalAdvance(widest_wait) + unread
        phone = channel_label("phone")
        first = (
            STRIPE
            + PAD
            + self._badge_width(self._small(font), phone.upper())
            + bold.horizontalAdvance(f"{phone} 99")
            + metrics.horizontalAdvance("1:59:59")
            + 3 * PAD
        )
        return max(first, second + 3 * PAD)

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
        small = self._small(font)
        painter.setFont(small)
        channel = index.data(CHANNEL_ROLE)
        x = self._badge(
            painter,
            x,
            top + 1,
            channel_label(channel).upper(),
            colours.channel_bg,
            colours.channel_text,
        )
        elapsed = self._elapsed(index)
        elapsed_width = metrics.horizontalAdvance(elapsed) + PAD if elapsed else 0
        badges = self._badges(index)
        badges_width = sum(self._badge_width(small, text) for text, _, _ in badges)
        painter.setFont(self._bold(font))
        painter.setPen(QColor(colours.muted if finished else colours.text))
        title = str(index.data(TITLE_ROLE) or "")
        title_metrics = QFontMetrics(painter.font())
        room = max(0, rect.right() - PAD - elapsed_width - badges_width - x - PAD)
        shown = title_metrics.elidedText(title, Qt.TextElideMode.ElideRight, room)
        title_width = title_metrics.horizontalAdvance(shown) + 2
        painter.drawText(QRect(x, top, title_width, line), int(Qt.AlignmentFlag.AlignLeft), shown)
        x += title_width + PAD
        painter.setFont(small)
        for text, bg, fg in badges:
            x = self._badge(painter, x, top + 1, text, bg, fg)
        painter.setFont(font)
        painter.setPen(QColor(colours.muted))
        if elapsed:
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
        badge_width = self._unread_width(font, unread)
        if unread:
            painter.setFont(self._bold(font))
            badge = QRect(rect.right() - PAD - badge_width, top, badge_width, metrics.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colours.unread_bg))
            painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
            painter.setPen(QColor(colours.unread_text))
            painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), str(unread))
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
        self.delegate = ConversationDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        # Rows are painted to fit (only names elide); the list widens instead of scrolling.
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
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
        self._width_check = QTimer(self)
        self._width_check.setSingleShot(True)
        self._width_check.setInterval(WIDTH_CHECK_MS)
        self._width_check.timeout.connect(self.fit_width)
        for signal in (model.dataChanged, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.on_model_width_may_change)
        self.on_model_rows_changed()

    def on_model_rows_changed(self) -> None:
        self.title.setText(
            self.tr("My conversations (%1)").replace("%1", str(self.model.rowCount()))
        )
        self.fit_width()

    def on_model_width_may_change(self, *_args: object) -> None:
        if not self._width_check.isActive():
            self._width_check.start()

    def needed_width(self) -> int:
        """The list's width at which no wait, time or badge is cut (see the delegate)."""
        font = self.view.font()
        content = max(
            [self.delegate.floor_width(font, self.model.widest_wait())]
            + [
                self.delegate.needed_width(font, self.model.index(row, 0))
                for row in range(self.model.rowCount())
            ]
        )
        scroll_bar = self.view.verticalScrollBar().sizeHint().width()
        return content + 2 * self.view.spacing() + 2 * self.view.frameWidth() + scroll_bar

    def fit_width(self) -> None:
        """Keep the list at least as wide as its rows need; it never shrinks by itself."""
        needed = self.needed_width()
        if needed > self.view.minimumWidth():
            self.view.setMinimumWidth(needed)

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

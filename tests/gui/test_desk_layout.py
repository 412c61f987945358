"""The real desk at laptop sizes (1280×720, 1366×768): the window fits, nothing in the overview
is elided or scrolled, "Ta imot" stays put, the overview keeps its width, the side panels fold
to a strip and back and the desk remembers it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QFontMetrics, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QStyle, QStyleOptionViewItem

from tests.gui.desk_scene import NUMBER, WAITING, Scene, add_long_names, busy_desk, phone
from tests.gui.helpers import eventually
from workstation.ui.controller import DeskController
from workstation.ui.conversation_model import (
    CLOSED_ROLE,
    ELAPSED_ROLE,
    STATUS_ROLE,
    TITLE_ROLE,
    UNREAD_ROLE,
)
from workstation.ui.main_window import MainWindow, initial_size

SIZES = [QSize(1280, 720), QSize(1366, 768)]
HANDED_OVER = "overført til "


@pytest.fixture
def db(hub_db: Path) -> Path:
    return add_long_names(hub_db)


class RecordingPainter(QPainter):
    """A painter that remembers every text drawn with it."""

    def __init__(self, device: QImage) -> None:
        super().__init__(device)
        self.texts: list[str] = []

    def drawText(self, *args: Any) -> None:  # noqa: N802
        self.texts.append(str(args[-1]))
        super().drawText(*args)


def painted_texts(scene: Scene, row: int) -> tuple[list[str], QModelIndex]:
    """What the conversation list paints on a row, at the row's width on screen."""
    view = scene.window.conversation_list.view
    index = view.model().index(row, 0)
    rect = view.visualRect(index)
    option = QStyleOptionViewItem()
    option.rect = QRect(QPoint(0, 0), rect.size())
    option.font = view.font()
    option.palette = view.palette()
    option.state = QStyle.StateFlag.State_Enabled
    image = QImage(rect.size(), QImage.Format.Format_ARGB32)
    painter = RecordingPainter(image)
    view.itemDelegate().paint(painter, option, index)
    painter.end()
    return painter.texts, index


def nothing_clipped(scene: Scene) -> None:
    problems = cell_problems(scene)
    assert problems == [], problems


def cell_problems(scene: Scene) -> list[str]:
    """Queue cells and headers narrower than their text, and overview scroll bars."""
    table = scene.window.queue_panel.table
    model = table.model()
    metrics = QFontMetrics(table.font())
    header = table.horizontalHeader()
    header_metrics = QFontMetrics(header.font())
    problems = []
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        room = header.sectionSize(column)
        if max(header_metrics.horizontalAdvance(title) + 4, header.sectionSizeHint(column)) > room:
            problems.append(f"header {title!r}: {room} px")
        for row in range(model.rowCount()):
            index = model.index(row, column)
            text = str(index.data())
            width = table.visualRect(index).width()
            if metrics.horizontalAdvance(text) + 4 > width:
                problems.append(f"queue cell {text!r}: {width} px")
    if table.horizontalScrollBar().isVisible():
        problems.append("the queue scrolls sideways")
    if table.verticalScrollBar().isVisible():
        problems.append(f"the queue hides some of its {model.rowCount()} rows")
    view = scene.window.conversation_list.view
    if view.horizontalScrollBar().isVisible():
        problems.append("my conversations scroll sideways")
    for row in range(view.model().rowCount()):
        texts, index = painted_texts(scene, row)
        status = str(index.data(STATUS_ROLE))
        if status.startswith(HANDED_OVER):  # a colleague's name may elide, whole in the tooltip
            shown = [t for t in texts if t.startswith(HANDED_OVER)]
            tooltip = str(index.data(Qt.ItemDataRole.ToolTipRole))
            if not shown or status not in tooltip or len(shown[0]) < len(HANDED_OVER) + 6:
                problems.append(f"handed over {status!r} painted as {texts}")
        elif status not in texts:
            problems.append(f"status {status!r} painted as {texts}")
        elapsed = "" if index.data(CLOSED_ROLE) else str(index.data(ELAPSED_ROLE) or "")
        if elapsed and elapsed not in texts:
            problems.append(f"conversation time {elapsed!r} not painted whole: {texts}")
        unread = int(index.data(UNREAD_ROLE) or 0)
        if unread and str(unread) not in texts:
            problems.append(f"unread count {unread} missing: {texts}")
        if str(index.data(TITLE_ROLE)) not in texts:
            problems.append(f"title {index.data(TITLE_ROLE)!r} elided: {texts}")
    return problems


@pytest.mark.parametrize(
    "size", [*SIZES, QSize(3840, 2160)], ids=lambda s: f"{s.width()}x{s.height()}"
)
async def test_busy_desk_fits_a_laptop_and_clips_nothing_in_the_overview(
    db: Path, size: QSize
) -> None:
    async with busy_desk(db) as scene:
        window = scene.window
        window.resize(size)
        await eventually(lambda: window.size() == size)
        hint = window.minimumSizeHint()
        assert hint.width() <= 1280 and hint.height() <= 720, hint
        model = scene.session.controller.conversations
        await eventually(lambda: model.summary(scene.handed_over).handed_over is not None)  # type: ignore[union-attr]
        await eventually(lambda: nothing_clipped(scene))
        status = model.index(model.row_of(scene.handed_over), 0).data(STATUS_ROLE)
        assert status == "overført til Vaktleder Vera-Marie Christophersen-Bakke"
        overview = window.splitter.widget(0)
        assert overview.width() >= overview.minimumSizeHint().width()
        middle = window.splitter.widget(1).width()
        assert middle >= size.width() - 900, "the conversation gets the room a screen gives"
        assert window.queue_panel.table.model().rowCount() == WAITING + 1  # and the call
        conversations = window.conversation_list.view
        assert not conversations.verticalScrollBar().isVisible(), "all five conversations show"
        user = window.user_label
        assert user.text() == "Logget inn som Kari-Elisabeth Nordmann-Johansen Østgård"
        assert user.toolTip() == (user.text() if user.is_elided() else "")
        observed = window.conversation_panel.observed_label
        await eventually(lambda: not observed.is_elided())
        assert observed.text() == "Observert av Siri-Marie Lorentzen-Haugland Sørensen"


async def test_take_stays_put_and_the_overview_keeps_its_width(db: Path) -> None:
    async with busy_desk(db, ring=False) as scene:
        window = scene.window
        window.resize(SIZES[0])
        await eventually(lambda: window.size() == SIZES[0])
        take = window.queue_panel.accept_button
        where = take.mapTo(window, QPoint(0, 0))
        overview = window.splitter.widget(0)
        width = overview.width()
        await phone(scene.hub).ring(NUMBER)
        await eventually(lambda: window.queue_panel.answer_button.isVisible())
        await eventually(lambda: window.queue_panel.calls_view.isVisible())
        assert take.mapTo(window, QPoint(0, 0)) == where
        for conversation in scene.conversations:  # observed, handed over, closed, flagged …
            window.conversation_list.select(conversation)
            await eventually(lambda c=conversation: window.current_conversation() == c)
            assert overview.width() == width
        nothing_clipped(scene)


async def test_side_panels_fold_to_a_strip_and_the_desk_remembers(
    db: Path, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat)
    async with busy_desk(db, ring=False) as scene:
        window = scene.window
        window.restore_layout(settings)
        window.resize(SIZES[0])
        await eventually(lambda: window.size() == SIZES[0])
        side = window.side_panels
        conversation = window.splitter.widget(1)
        unfolded, middle = side.width(), conversation.width()
        side.fold_button.click()
        await eventually(lambda: side.width() <= side.strip_width())
        assert side.is_folded() and not side.currentWidget().isVisible()
        assert side.unfold_button.isVisible() and side.unfold_button.width() > 0
        names = [side.strip_tabs.tabText(i) for i in range(side.strip_tabs.count())]
        assert names[:2] == ["Standardsvar", "Henvisning"]
        assert side.strip_tabs.width() <= side.width()
        assert conversation.width() >= middle + unfolded - side.strip_width() - 4
        assert settings.value("desk/side_panels_folded") == "true"
        where = side.strip_tabs.tabRect(1).center()  # "Henvisning", written vertically
        QTest.mouseClick(side.strip_tabs, Qt.MouseButton.LeftButton, pos=where)
        await eventually(lambda: side.width() == unfolded)
        assert not side.is_folded() and side.currentIndex() == 1
        assert side.currentWidget().isVisible()
        side.fold_button.click()
        await eventually(lambda: side.is_folded())
        side.unfold_button.click()
        await eventually(lambda: side.width() == unfolded)
        side.fold_button.click()
        window.close()
    window = MainWindow(DeskController(FakeClient()))
    for title in ("Standardsvar", "Henvisning"):
        window.add_side_panel(QLabel(title), title)
    window.restore_layout(settings)
    assert window.side_panels.is_folded()
    window.side_panels.setCurrentIndex(0)  # Ctrl+K and the like bring a panel forward
    assert not window.side_panels.is_folded()
    window.close()


class FakeClient:
    def add_listener(self, listener: Any) -> None:
        pass


def test_the_desk_opens_no_larger_than_the_screen() -> None:
    assert initial_size(QSize(1366, 728)) == QSize(1366, 728)
    assert initial_size(QSize(3840, 2100)) == QSize(1440, 900)

"""The desk's side panels (canned texts, referrals, consultation, reminders …) as tabs that fold
to a narrow strip of vertical tab names and unfold again."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QSizePolicy,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

#: The width the panels unfold to when none is remembered.
DEFAULT_WIDTH = 360
#: No maximum width (Qt's QWIDGETSIZE_MAX).
NO_MAXIMUM = 16777215


class SidePanels(QTabWidget):
    """Tabs on the right of the desk that can fold to a strip.

    Folded, a strip shows "«" and the tab names written vertically; a click on either unfolds
    (a name unfolds that panel). Bringing a panel forward from code (``setCurrentWidget`` or
    ``setCurrentIndex``, e.g. Ctrl+K or a colleague's consultation request) unfolds too: what
    the counsellor asked for, or must see, is never hidden in the strip.

    Attributes:
        fold_button: "»", in the tab bar's corner: folds the panels.
        strip: what shows when folded: ``unfold_button`` above ``strip_tabs``.
        unfold_button: "«" at the top of the strip: unfolds the panels.
        strip_tabs: the panels' names, vertical; a click unfolds that panel.
        unfolded_width: the width to take again when unfolding.

    Signals:
        folded_changed(bool): the panels were folded (True) or unfolded (False).
    """

    folded_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("side_panels")
        # Every tab stays in sight: narrow, the names elide (whole in the tooltip) rather
        # than scroll behind arrows.
        self.setUsesScrollButtons(False)
        self.setElideMode(Qt.TextElideMode.ElideRight)
        self._folded = False
        self.unfolded_width = DEFAULT_WIDTH
        self.fold_button = self._tool_button("»", self.tr("Fold the side panels to a strip"))
        self.fold_button.setObjectName("fold_side_panels")
        self.setCornerWidget(self.fold_button, Qt.Corner.TopRightCorner)
        self.strip = QWidget(self)
        self.strip.setObjectName("side_panels_strip")
        self.unfold_button = self._tool_button("«", self.tr("Show the side panels"))
        self.unfold_button.setObjectName("unfold_side_panels")
        self.strip_tabs = QTabBar(self.strip)
        self.strip_tabs.setShape(QTabBar.Shape.RoundedWest)
        self.strip_tabs.setDrawBase(False)
        strip_layout = QVBoxLayout(self.strip)
        strip_layout.setContentsMargins(0, 0, 0, 0)
        strip_layout.setSpacing(2)
        strip_layout.addWidget(self.unfold_button, 0, Qt.AlignmentFlag.AlignHCenter)
        strip_layout.addWidget(self.strip_tabs)
        strip_layout.addStretch(1)
        self.strip.hide()
        self.fold_button.clicked.connect(self.on_fold_button_clicked)
        self.unfold_button.clicked.connect(self.on_unfold_button_clicked)
        self.strip_tabs.tabBarClicked.connect(self.on_strip_tabs_clicked)

    def _tool_button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setAutoRaise(True)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        return button

    # --- folding -----------------------------------------------------------------------------

    def is_folded(self) -> bool:
        return self._folded

    def set_folded(self, folded: bool) -> None:
        if folded == self._folded:
            return
        if folded and self.isVisible():
            self.unfolded_width = self.width()
        self._folded = folded
        self._show_folded()
        self.folded_changed.emit(folded)

    def tab_names_width(self) -> int:
        """The width at which every tab name shows whole."""
        bar = self.tabBar()
        names = sum(bar.tabSizeHint(index).width() for index in range(bar.count()))
        return names + self.fold_button.sizeHint().width() + 12

    def strip_width(self) -> int:
        """The width of the folded strip."""
        return self.strip.sizeHint().width() + 2

    def _stack(self) -> QStackedWidget:
        stack = self.findChild(QStackedWidget, "qt_tabwidget_stackedwidget")
        assert stack is not None
        return stack

    def _show_folded(self) -> None:
        folded = self._folded
        if folded:
            while self.strip_tabs.count():
                self.strip_tabs.removeTab(0)
            for index in range(self.count()):
                self.strip_tabs.addTab(self.tabText(index))
                self.strip_tabs.setTabToolTip(index, self.tabText(index))
            self.strip_tabs.setCurrentIndex(self.currentIndex())
        for part in (self.tabBar(), self._stack(), self.fold_button):
            part.setVisible(not folded)
        self.strip.setVisible(folded)
        self.strip.setGeometry(self.rect())
        self.setSizePolicy(
            QSizePolicy.Policy.Fixed if folded else QSizePolicy.Policy.Preferred,
            QSizePolicy.Policy.Preferred,
        )
        self.setMaximumWidth(self.strip_width() if folded else NO_MAXIMUM)
        self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.strip.setGeometry(self.rect())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        return QSize(self.strip_width(), hint.height()) if self._folded else hint

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        return QSize(self.strip_width(), hint.height()) if self._folded else hint

    def tabInserted(self, index: int) -> None:  # noqa: N802
        super().tabInserted(index)
        self.setTabToolTip(index, self.tabText(index))

    # --- bringing a panel forward unfolds ------------------------------------------------------

    def setCurrentWidget(self, widget: QWidget) -> None:  # noqa: N802
        self.set_folded(False)
        super().setCurrentWidget(widget)

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802
        self.set_folded(False)
        super().setCurrentIndex(index)

    def on_fold_button_clicked(self) -> None:
        self.set_folded(True)

    def on_unfold_button_clicked(self) -> None:
        self.set_folded(False)

    def on_strip_tabs_clicked(self, index: int) -> None:
        if index >= 0:
            self.setCurrentIndex(index)

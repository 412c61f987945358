"""The desk's side panels (canned texts, referrals, consultation, reminders …) as tabs that fold
to a narrow strip of vertical tab names and unfold again."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QSizePolicy, QStackedWidget, QTabWidget, QToolButton, QWidget

#: The width the panels unfold to when none is remembered.
DEFAULT_WIDTH = 360


class SidePanels(QTabWidget):
    """Tabs on the right of the desk that can fold to a strip.

    Folded, only the tab names show, written vertically; a click on one unfolds that panel.
    Bringing a panel forward from code (``setCurrentWidget``/``setCurrentIndex``, e.g. Ctrl+K
    or a colleague's consultation request) unfolds it too: what the counsellor asked for, or
    must see, is never hidden in the strip.

    Attributes:
        fold_button: the toggle ("»" folds, "«" unfolds), in the tab bar's corner.
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
        self.fold_button = QToolButton(self)
        self.fold_button.setObjectName("fold_side_panels")
        self.fold_button.setAutoRaise(True)
        self.fold_button.clicked.connect(self.on_fold_button_clicked)
        self.tabBarClicked.connect(self.on_tab_bar_clicked)
        self._show_folded()

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
        """The width at which every tab name shows without scroll arrows."""
        bar = self.tabBar()
        names = sum(bar.tabSizeHint(index).width() for index in range(bar.count()))
        return names + self.fold_button.sizeHint().width() + 12

    def strip_width(self) -> int:
        """The width of the folded strip."""
        return max(self.tabBar().sizeHint().width(), self.fold_button.sizeHint().width()) + 2

    def _stack(self) -> QStackedWidget:
        stack = self.findChild(QStackedWidget, "qt_tabwidget_stackedwidget")
        assert stack is not None
        return stack

    def _show_folded(self) -> None:
        folded = self._folded
        # The corner moves with the tabs: top right when unfolded, top of the strip when folded.
        self.setCornerWidget(None, Qt.Corner.TopRightCorner)  # type: ignore[arg-type]
        self.setCornerWidget(None, Qt.Corner.TopLeftCorner)  # type: ignore[arg-type]
        self.setTabPosition(QTabWidget.TabPosition.West if folded else QTabWidget.TabPosition.North)
        corner = Qt.Corner.TopLeftCorner if folded else Qt.Corner.TopRightCorner
        self.setCornerWidget(self.fold_button, corner)
        self.fold_button.show()
        self._stack().setVisible(not folded)
        self.fold_button.setText("«" if folded else "»")
        self.fold_button.setToolTip(
            self.tr("Show the side panels")
            if folded
            else self.tr("Fold the side panels to a strip")
        )
        self.fold_button.setAccessibleName(self.fold_button.toolTip())
        self.setSizePolicy(
            QSizePolicy.Policy.Fixed if folded else QSizePolicy.Policy.Preferred,
            QSizePolicy.Policy.Preferred,
        )
        self.setMaximumWidth(self.strip_width() if folded else 16777215)
        self.updateGeometry()

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
        self.set_folded(not self._folded)

    def on_tab_bar_clicked(self, index: int) -> None:
        if index >= 0 and self._folded:
            self.setCurrentIndex(index)

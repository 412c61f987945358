"""A yes/cancel question that can be awaited (no nested event loop); Cancel is the default."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from workstation.ui.futures import answer_of


async def ask_yes(parent: QWidget, title: str, text: str, yes: str, cancel: str) -> bool:
    """Show a window-modal question; True only when the person chose ``yes``.

    The box is a child of ``parent`` (tests find it with ``findChild(QMessageBox)``).
    """
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setObjectName("ask_yes")
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.button(QMessageBox.StandardButton.Cancel).setText(cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return await answer_of(box) == QMessageBox.StandardButton.Yes.value

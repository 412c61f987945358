"""A dialog's answer row: one button that goes ahead, one that cancels."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox

__all__ = ["dialog_buttons"]


def dialog_buttons(
    dialog: QDialog, yes: str, no: str, *, on_accept: Callable[[], object] | None = None,
    save: bool = False,
) -> QDialogButtonBox:
    """``yes`` and ``no`` as the dialog's buttons: ``yes`` accepts (or calls ``on_accept``),
    ``no`` rejects. The caller translates both texts with its own ``tr()``, so they stay in its
    context in the ``.ts`` files. ``save``: the platform's Save button (its place and role)."""
    go = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Ok
    cancel = QDialogButtonBox.StandardButton.Cancel
    buttons = QDialogButtonBox(go | cancel, dialog)
    buttons.button(go).setText(yes)
    buttons.button(cancel).setText(no)
    buttons.accepted.connect(on_accept or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons

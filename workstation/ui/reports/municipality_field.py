"""A line edit that finds a municipality as you type ("tromso" finds Tromsø)."""

from __future__ import annotations

import re

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from workstation.sessions import municipalities

MAX_SUGGESTIONS = 15
_CHOSEN = re.compile(r"^\s*(\d{4})\s+(.+?)\s*$")


class MunicipalityField(QLineEdit):
    """Suggestions come from :func:`municipalities.search` (accent- and case-insensitive);
    choosing one fills in "4204 Kristiansand". Free text is kept as a name.

    Attributes:
        suggestions: the completer's model, refilled on every edit.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suggestions = QStringListModel(self)
        completer = QCompleter(self.suggestions, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(MAX_SUGGESTIONS)
        self.setCompleter(completer)
        self.setPlaceholderText(self.tr("Type a name or number, e.g. tromso"))
        self.textEdited.connect(self.on_text_edited)

    def on_text_edited(self, text: str) -> None:
        found = municipalities.search(text.strip(), limit=MAX_SUGGESTIONS) if text.strip() else []
        self.suggestions.setStringList([str(m) for m in found])

    def value(self) -> dict[str, str | None]:
        """The ``municipality`` object of the report data format."""
        text = self.text().strip()
        chosen = _CHOSEN.match(text)
        if chosen:
            known = municipalities.by_number(chosen.group(1))
            if known is not None:
                return {"number": known.number, "name": known.name}
        return {"number": None, "name": text or None}

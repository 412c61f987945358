"""A line edit that finds a municipality as you type ("tromso" finds Tromsø).

What is typed without the Norwegian letters never reaches the report as it was typed: a
name that is exactly one municipality's ("tromso") becomes "5501 Tromsø" when the field is
left, and in the report data.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from workstation.sessions import municipalities

MAX_SUGGESTIONS = 15
_CHOSEN = re.compile(r"^\s*(\d{4})\s+(.+?)\s*$")


class MunicipalityField(QLineEdit):
    """Suggestions come from :func:`municipalities.search` (accent- and case-insensitive);
    choosing one fills in "4204 Kristiansand", and so does leaving the field with a name that
    is exactly one municipality's. Other free text is kept as a name.

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
        self.setPlaceholderText(self.tr("Type a name or number, e.g. Tromsø or 5501"))
        self.textEdited.connect(self.on_text_edited)
        self.editingFinished.connect(self.on_editing_finished)

    def on_text_edited(self, text: str) -> None:
        found = municipalities.search(text.strip(), limit=MAX_SUGGESTIONS) if text.strip() else []
        self.suggestions.setStringList([str(m) for m in found])

    def on_editing_finished(self) -> None:
        known = self.known()
        if known is not None and self.text().strip() != str(known):
            self.setText(str(known))

    def known(self) -> municipalities.Municipality | None:
        """The municipality the text names: "5501 Tromsø", or a name only one has."""
        text = self.text().strip()
        chosen = _CHOSEN.match(text)
        if chosen:
            return municipalities.by_number(chosen.group(1))
        if not text or text.isdigit():
            return None
        wanted = municipalities.normalise(text)
        exact = [
            found
            for found in municipalities.search(text, limit=MAX_SUGGESTIONS)
            if any(municipalities.normalise(name) == wanted for name in found.names)
        ]
        return exact[0] if len(exact) == 1 else None

    def value(self) -> dict[str, str | None]:
        """The ``municipality`` object of the report data format."""
        known = self.known()
        if known is not None:
            return {"number": known.number, "name": known.name}
        return {"number": None, "name": self.text().strip() or None}

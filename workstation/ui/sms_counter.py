"""How many SMS the reply in the box will be, shown beside Send in SMS conversations."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from workstation.sessions.sms_parts import PART, SINGLE, split


class SmsPartsLabel(QLabel):
    """"3 SMS" for the text being written; hidden outside SMS conversations and when empty.

    Attributes:
        parts: how many SMS the last counted text takes (0 when hidden).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sms_parts")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.parts = 0
        self.hide()

    def count(self, text: str, sms: bool) -> None:
        """Count ``text`` as the SMS it goes out as (when ``sms``)."""
        if not sms or not text.strip():
            self.parts = 0
            self.hide()
            return
        parts = split(text)
        self.parts = parts.count
        self.setText(self.tr("%1 SMS").replace("%1", str(parts.count)))
        per = SINGLE[parts.encoding] if parts.count == 1 else PART[parts.encoding]
        if parts.encoding == "gsm7":
            tip = self.tr("Sent as %1 SMS of up to %2 characters each.")
        else:
            tip = self.tr("Sent as %1 SMS of up to %2 characters each: the text has characters "
                          "outside the SMS alphabet (emoji, some letters), so fewer fit.")
        self.setToolTip(tip.replace("%1", str(parts.count)).replace("%2", str(per)))
        self.setAccessibleName(self.text())
        self.show()

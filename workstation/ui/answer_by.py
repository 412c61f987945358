""""Svar innen …": how the desk shows a contact that is not live (e-mail) instead of a wait.

A letter is answered within hours (``workstation.sessions.time_policy.ANSWER_WITHIN``), so a
wait counting up by the second says nothing useful; the queue, the supervisor's queue and the
counsellor's overview show the time the answer is due, in Oslo time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication

from workstation.sessions.stats import OSLO
from workstation.sessions.time_policy import answer_by


class AnswerBy:
    """The wording of an answer's due time (translated in resources/i18n/email_nb.ts)."""

    @staticmethod
    def tr(text: str) -> str:
        return QCoreApplication.translate("AnswerBy", text)

    @classmethod
    def text(cls, channel: str | None, since: datetime, now: datetime) -> str | None:
        """"answer by 14:05" for a contact of ``channel`` waiting since ``since``; None for a
        live channel (show the wait)."""
        due = answer_by(channel, since)
        if due is None:
            return None
        local, today = due.astimezone(OSLO), now.astimezone(OSLO).date()
        clock = local.strftime("%H:%M")
        if due <= now:
            return cls.tr("answer overdue since %1").replace(
                "%1", clock if local.date() == today else local.strftime("%d.%m. %H:%M"))
        if local.date() == today:
            return cls.tr("answer by %1").replace("%1", clock)
        if local.date() == today + timedelta(days=1):
            return cls.tr("answer by tomorrow %1").replace("%1", clock)
        return cls.tr("answer by %1").replace("%1", local.strftime("%d.%m. %H:%M"))

    @staticmethod
    def overdue(channel: str | None, since: datetime, now: datetime) -> bool | None:
        """Is the answer late? None for a live channel."""
        due = answer_by(channel, since)
        return None if due is None else due <= now

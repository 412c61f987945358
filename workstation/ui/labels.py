"""Translated words for values that come from the wire (channels, reasons, durations)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def channel_label(channel: str | None) -> str:
    """A channel's name for people ("chat" → "Chat")."""
    names = {
        "chat": QCoreApplication.translate("labels", "Chat"),
        "sms": QCoreApplication.translate("labels", "SMS"),
        "phone": QCoreApplication.translate("labels", "Phone"),
        "email": QCoreApplication.translate("labels", "E-mail"),
    }
    if channel is None:
        return QCoreApplication.translate("labels", "Unknown channel")
    return names.get(channel, channel)


def close_reason_label(reason: str | None) -> str:
    """Why a conversation was closed, as a phrase."""
    reasons = {
        "contact_left": QCoreApplication.translate("labels", "the young person left"),
        "staff_closed": QCoreApplication.translate("labels", "closed by the counsellor"),
        "timeout": QCoreApplication.translate(
            "labels", "the connection to the young person was lost"
        ),
    }
    if reason is None:
        return QCoreApplication.translate("labels", "no reason given")
    return reasons.get(reason, reason)


def flag_label(flag: str | None) -> str:
    """A flag's name for people ("risk" → "risk")."""
    flags = {"risk": QCoreApplication.translate("labels", "risk")}
    return flags.get(flag or "", flag or "")


def format_duration(seconds: float) -> str:
    """A short waited/elapsed time: "45 s", "3 min", "1 h 5 min"."""
    total = max(0, int(seconds))
    if total < 60:
        return QCoreApplication.translate("labels", "%1 s").replace("%1", str(total))
    minutes = total // 60
    if minutes < 60:
        return QCoreApplication.translate("labels", "%1 min").replace("%1", str(minutes))
    hours, minutes = divmod(minutes, 60)
    return (
        QCoreApplication.translate("labels", "%1 h %2 min")
        .replace("%1", str(hours))
        .replace("%2", str(minutes))
    )

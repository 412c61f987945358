"""Translated words for values that come from the wire (channels, reasons, durations)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def channel_label(channel: str | None) -> str:
    """A channel's name for people ("chat" → "Chat")."""
    names = {
        "chat": _t("Chat"),
        "sms": _t("SMS"),
        "phone": _t("Phone"),
        "email": _t("E-mail"),
    }
    if channel is None:
        return _t("Unknown channel")
    return names.get(channel, channel)


def close_reason_label(reason: str | None) -> str:
    """Why a conversation was closed, as a phrase."""
    reasons = {
        "contact_left": _t("the young person left"),
        "staff_closed": _t("closed by the counsellor"),
        "timeout": _t("the connection to the young person was lost"),
    }
    if reason is None:
        return _t("no reason given")
    return reasons.get(reason, reason)


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

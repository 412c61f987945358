"""Translated words for the supervisor's window (statuses, roles, alerts, times)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from workstation.sessions.clock import format_clock

CONTEXT = "supervisor"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def status_label(status: str | None, reconnecting: bool = False) -> str:
    """``reconnecting``: several hubs, her hub restarted and her desk has not signed in on
    another yet (the load's ``reconnecting``, docs/protocol.md; translated in
    restartgrace_nb.ts)."""
    if reconnecting:
        return tr("Reconnecting")
    return {"available": tr("Available"), "away": tr("Away")}.get(status or "", status or "?")


def clock(moment: datetime | None) -> str:
    """The helpline's wall-clock time, "23.05.09" (see :mod:`workstation.sessions.clock`)."""
    return format_clock(moment, seconds=True) if moment is not None else ""


def minutes_label(seconds: float) -> str:
    """A time limit for people: "15 min" (or seconds when under a minute)."""
    if seconds < 60 or seconds % 60:
        return tr("%1 s").replace("%1", str(int(seconds)))
    return tr("%1 min").replace("%1", str(int(seconds // 60)))

"""Words for replay values: roles, markers, and times as m:ss."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from workstation.ui.labels import flag_label


def _tr(text: str) -> str:
    return QCoreApplication.translate("trainer", text)


def clock(ms: int) -> str:
    """A replay moment as ``m:ss`` (or ``h:mm:ss``)."""
    seconds = max(0, ms) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def role_label(role: str | None) -> str:
    """ "Veileder 2" → "Counsellor 2" in the desk's language."""
    if not role:
        return _tr("Counsellor")
    base, _, number = role.partition(" ")
    names = {"Veileder": _tr("Counsellor"), "Vaktleder": _tr("Shift lead")}
    name = names.get(base, base)
    return f"{name} {number}" if number else name


def marker_label(kind: str, detail: str) -> str:
    """A timeline marker for people: "Flagged: risk", "Consultation joined", …"""
    if kind == "flag":
        return _tr("Flagged: %1").replace("%1", flag_label(detail))
    if kind == "time_warning":
        if detail == "hard":
            return _tr("Time warning (hard limit)")
        return _tr("Time warning (soft limit)")
    if kind == "consultation":
        words = {
            "requested": _tr("Consultation requested"),
            "joined": _tr("Consultation joined"),
            "taken_over": _tr("Shift lead took over"),
            "ended": _tr("Consultation ended"),
        }
        return words.get(detail, _tr("Consultation"))
    return kind

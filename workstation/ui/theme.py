"""The desk's colours, light and dark, following the system's colour scheme (Qt 6.5+).

Red is kept for what needs action now: a risk flag, a hard time limit, a failed SMS, being
alone on shift. Waiting times are calm (blue-grey, then amber after two minutes); an ordinary
ending is a quiet grey line.

Every text colour here is checked against the background it is drawn on for a contrast
ratio of at least 4.5:1 (WCAG 2.1 AA) in both schemes (``tests/gui/test_desk_theme.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication


@dataclass(frozen=True)
class Colours:
    """One scheme's colours, as ``#rrggbb`` strings."""

    dark: bool
    base: str  # the list and transcript background
    text: str  # ordinary text on ``base``
    muted: str  # secondary text on ``base`` (times, event lines)
    contact_bubble: str
    staff_bubble: str
    pending_bubble: str
    bubble_text: str  # text on any bubble
    bubble_muted: str  # headers on any bubble
    note_card: str
    note_edge: str
    note_text: str
    waiting: str  # "waiting for you" text on ``base``
    waiting_strong: str  # waiting longer than two minutes, on ``base`` (amber, never red)
    urgent: str  # an event line that needs action now, on ``base`` (the only red text)
    risk_bg: str
    risk_text: str  # on ``risk_bg``
    soft_limit: str  # a marker stripe
    hard_limit: str
    observed: str  # on ``base``
    channel_bg: str
    channel_text: str  # on ``channel_bg``
    unread_bg: str
    unread_text: str  # on ``unread_bg``
    call_bg: str
    call_text: str  # on ``call_bg``


LIGHT = Colours(
    dark=False,
    base="#ffffff",
    text="#1d2127",
    muted="#5a616b",
    contact_bubble="#eef1f5",
    staff_bubble="#d9eaff",
    pending_bubble="#eef5ff",
    bubble_text="#1d2127",
    bubble_muted="#4f5660",
    note_card="#fff4cc",
    note_edge="#c99a00",
    note_text="#3d3000",
    waiting="#37474f",
    waiting_strong="#8a4b00",
    urgent="#a3141d",
    risk_bg="#a3141d",
    risk_text="#ffffff",
    soft_limit="#d99100",
    hard_limit="#c0392b",
    observed="#5b3d99",
    channel_bg="#e3e8ef",
    channel_text="#25303d",
    unread_bg="#1f5fbf",
    unread_text="#ffffff",
    call_bg="#e2f4e8",
    call_text="#14532d",
)

DARK = Colours(
    dark=True,
    base="#1e1f22",
    text="#e8eaed",
    muted="#a9afb8",
    contact_bubble="#2f333a",
    staff_bubble="#1f3b5c",
    pending_bubble="#263447",
    bubble_text="#f1f3f5",
    bubble_muted="#b9c0c9",
    note_card="#4a3d12",
    note_edge="#e0b63a",
    note_text="#fff3c4",
    waiting="#cfd8dc",
    waiting_strong="#ffb366",
    urgent="#ff8a8a",
    risk_bg="#ff8a8a",
    risk_text="#2a0506",
    soft_limit="#e0a526",
    hard_limit="#ff6b5e",
    observed="#c9b3ff",
    channel_bg="#363b44",
    channel_text="#e8eaed",
    unread_bg="#8ab4f8",
    unread_text="#10213d",
    call_bg="#17382a",
    call_text="#b7f0cc",
)

#: (foreground, background) attribute pairs that carry text.
TEXT_PAIRS = (
    ("text", "base"),
    ("muted", "base"),
    ("bubble_text", "contact_bubble"),
    ("bubble_text", "staff_bubble"),
    ("bubble_text", "pending_bubble"),
    ("bubble_muted", "contact_bubble"),
    ("bubble_muted", "staff_bubble"),
    ("note_text", "note_card"),
    ("waiting", "base"),
    ("waiting_strong", "base"),
    ("urgent", "base"),
    ("risk_text", "risk_bg"),
    ("observed", "base"),
    ("channel_text", "channel_bg"),
    ("unread_text", "unread_bg"),
    ("call_text", "call_bg"),
)


def is_dark() -> bool:
    """True when the system asks for a dark scheme (or the palette is dark)."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return QGuiApplication.palette().window().color().lightness() < 128


def colours() -> Colours:
    """The colours of the scheme in use now."""
    return DARK if is_dark() else LIGHT


def qcolor(value: str) -> QColor:
    return QColor(value)


def _luminance(hex_colour: str) -> float:
    colour = QColor(hex_colour)

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)

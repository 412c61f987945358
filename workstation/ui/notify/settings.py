"""How the desk gets the counsellor's attention: sound, volume, desktop notifications."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

PREFIX = "notify/"


@dataclass
class NotifySettings:
    """Stored in QSettings under ``notify/``.

    Attributes:
        sound: play the chime.
        volume: 0–100.
        desktop: a desktop notification (or an in-window toast when there is no tray).
    """

    sound: bool = True
    volume: int = 70
    desktop: bool = True

    @classmethod
    def load(cls, settings: QSettings | None = None) -> NotifySettings:
        store = settings or QSettings()
        default = cls()

        def flag(name: str, fallback: bool) -> bool:
            value = store.value(PREFIX + name, fallback)
            return value in (True, "true", "1", 1) if not isinstance(value, bool) else value

        try:
            volume = int(store.value(PREFIX + "volume", default.volume))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            volume = default.volume
        return cls(
            sound=flag("sound", default.sound),
            volume=max(0, min(100, volume)),
            desktop=flag("desktop", default.desktop),
        )

    def save(self, settings: QSettings | None = None) -> None:
        store = settings or QSettings()
        store.setValue(PREFIX + "sound", self.sound)
        store.setValue(PREFIX + "volume", self.volume)
        store.setValue(PREFIX + "desktop", self.desktop)
        store.sync()

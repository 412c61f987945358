"""Ask Qt for the audio outputs without its backend's noise on a machine that has none.

Loading QtMultimedia's backend writes a dozen warnings when there is no sound server or the
optional libraries are missing ("Couldn't load pipewire-0.3 library", "PulseAudioService:
pa_context_connect() failed"). While the outputs are listed, such messages are held back; when
no output is found they only go to the debug log, and when there is one they are passed on.
Every other message, and every critical one, is passed on at once.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qFormatLogMessage, qInstallMessageHandler

log = logging.getLogger(__name__)

#: Messages of these categories, or of the default category with these prefixes, are the
#: audio backend's own.
BACKEND_CATEGORY = "qt.multimedia"
BACKEND_PREFIXES = ("PulseAudioService:", "PipeWire", "pw.", "ALSA")


def is_backend_noise(mode: QtMsgType, category: str | None, message: str) -> bool:
    """A warning, info or debug line from the audio backend (never a critical or fatal one)."""
    if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        return False
    if (category or "").startswith(BACKEND_CATEGORY):
        return True
    return (category or "default") == "default" and message.startswith(BACKEND_PREFIXES)


def audio_outputs() -> list[Any]:
    """``QMediaDevices.audioOutputs()``, with the backend's start-up messages filtered."""
    held: list[str] = []
    previous: Any = None

    def handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if is_backend_noise(mode, context.category, message):
            held.append(f"{context.category}: {message}")
        elif previous is not None:
            previous(mode, context, message)
        else:
            sys.stderr.write(qFormatLogMessage(mode, context, message) + "\n")

    previous = qInstallMessageHandler(handler)
    try:
        from PySide6.QtMultimedia import QMediaDevices

        outputs = list(QMediaDevices.audioOutputs())
    finally:
        qInstallMessageHandler(previous)
    for line in held:
        if outputs:
            sys.stderr.write(line + "\n")
        else:
            log.debug("audio backend (no output device): %s", line)
    return outputs

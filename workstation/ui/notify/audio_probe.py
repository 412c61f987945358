"""Ask Qt for the audio outputs without its backend's noise on a machine that has none.

Loading QtMultimedia's backend writes a dozen warnings when there is no sound server or the
optional libraries are missing ("Couldn't load pipewire-0.3 library", "PulseAudioService:
pa_context_connect() failed"), at first and later from its own threads. From the first time the
outputs are listed, such messages only go to the debug log when no output was found, and are
passed on when there is one. Every other message, and every critical one, is passed on at once.
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


class _BackendFilter:
    """The message handler, installed once: the backend keeps talking from its own threads
    after the outputs were listed (PipeWire is tried again later)."""

    def __init__(self) -> None:
        self.has_output: bool | None = None  # not known while the outputs are listed
        self.held: list[str] = []
        self.previous: Any = qInstallMessageHandler(self.handle)

    def handle(self, mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if is_backend_noise(mode, context.category, message) and not self.has_output:
            line = f"{context.category}: {message}"
            if self.has_output is None:
                self.held.append(line)
            else:
                log.debug("audio backend (no output device): %s", line)
        elif self.previous is not None:
            self.previous(mode, context, message)
        else:
            sys.stderr.write(qFormatLogMessage(mode, context, message) + "\n")

    def settle(self, has_output: bool) -> None:
        self.has_output = has_output
        held, self.held = self.held, []
        for line in held:
            if has_output:
                sys.stderr.write(line + "\n")
            else:
                log.debug("audio backend (no output device): %s", line)


_filter: _BackendFilter | None = None


def audio_outputs() -> list[Any]:
    """``QMediaDevices.audioOutputs()``, with the backend's messages filtered from now on."""
    global _filter
    if _filter is None:
        _filter = _BackendFilter()
    _filter.has_output = None
    outputs: list[Any] = []
    try:
        from PySide6.QtMultimedia import QMediaDevices

        outputs = list(QMediaDevices.audioOutputs())
    finally:
        _filter.settle(bool(outputs))
    return outputs

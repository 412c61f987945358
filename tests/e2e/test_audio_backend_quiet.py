"""The desk's first chime on a machine without sound: no backend noise, real warnings pass."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from PySide6.QtCore import QtMsgType

from workstation.ui.notify.audio_probe import is_backend_noise

CHILD = textwrap.dedent("""
    import tempfile
    from pathlib import Path
    from PySide6.QtCore import qWarning
    from PySide6.QtWidgets import QApplication
    from workstation.ui.notify.audio_probe import audio_outputs
    from workstation.ui.notify.outputs import SoundEffectPlayer

    app = QApplication([])
    SoundEffectPlayer(Path(tempfile.mkdtemp())).play(50)  # as the desk's first chime
    print("outputs", len(audio_outputs()), flush=True)
    qWarning("a real warning after the probe")
""")


def test_no_backend_noise_without_a_device_and_real_warnings_still_shown() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("QT_LOGGING_RULES", None)
    child = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                           timeout=60, env=env)
    assert child.returncode == 0, child.stderr
    assert "a real warning after the probe" in child.stderr
    if child.stdout.strip() == "outputs 0":
        for noise in ("pipewire", "PulseAudio", "symbolsresolver", "qt.multimedia"):
            assert noise not in child.stderr


def test_only_the_backends_warnings_count_as_noise() -> None:
    warning, critical = QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg
    assert is_backend_noise(warning, "qt.multimedia.symbolsresolver", "Couldn't load va library")
    assert is_backend_noise(warning, "default", "PulseAudioService: pa_context_connect() failed")
    assert not is_backend_noise(critical, "qt.multimedia.ffmpeg", "decoder crashed")
    assert not is_backend_noise(warning, "qt.qpa.xcb", "could not connect to display")
    assert not is_backend_noise(warning, "default", "QObject::connect: no such signal")

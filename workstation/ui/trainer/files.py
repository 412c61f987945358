"""Replay files: export writes what ``replay_get`` answered; import reads it back, strictly.

Blocking I/O: call these through ``asyncio.to_thread`` from the GUI.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from workstation.sessions.replay import BadReplay, Replay, decode, encode

SUFFIX = ".replay.json"
MAX_FILE_BYTES = 16 * 1024 * 1024


def read_replay(path: Path) -> Replay:
    """Load a replay file; raises :class:`BadReplay` (or ``OSError``) when it is not one."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise BadReplay("the file is too large to be a replay")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadReplay("the file is not JSON") from None
    return decode(data)


def write_replay(path: Path, replay: Replay) -> None:
    """Save a replay atomically (a crash never leaves half a file)."""
    text = json.dumps(encode(replay), ensure_ascii=False, indent=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".replay-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

"""Report drafts on the desk's disk: one JSON file per user and conversation.

Written atomically (a temporary file in the same folder, flushed and fsynced, then
``os.replace``) in a worker thread, so a crash of the desk, or of the machine, leaves either the
previous draft or the new one, never half a file. Folders are created private (``0700``),
files ``0600``: a draft names a child.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths

DRAFT_FORMAT = 1
_SAFE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def default_root() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location or Path.home() / ".local" / "share" / "workstation") / "report-drafts"


def _safe(name: str) -> str:
    return name if _SAFE.match(name) else hashlib.sha256(name.encode()).hexdigest()[:32]


class DraftStore:
    """Attributes: root: the folder holding one sub-folder per user."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_root()

    def path(self, user: str, conversation: str) -> Path:
        return self.root / _safe(user) / f"{_safe(conversation)}.json"

    # --- blocking, for the worker thread ------------------------------------------------

    def write(self, user: str, conversation: str, draft: dict[str, Any]) -> Path:
        target = self.path(user, conversation)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        payload = json.dumps({"format": DRAFT_FORMAT, **draft}, ensure_ascii=False, indent=1)
        fd, temp = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return target

    def read(self, user: str, conversation: str) -> dict[str, Any] | None:
        """The saved draft, or None when there is none or it cannot be read."""
        try:
            data = json.loads(self.path(user, conversation).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != DRAFT_FORMAT:
            return None
        return data

    def remove(self, user: str, conversation: str) -> None:
        self.path(user, conversation).unlink(missing_ok=True)

    # --- off the GUI thread ---------------------------------------------------------------

    async def save(self, user: str, conversation: str, draft: dict[str, Any]) -> Path:
        return await asyncio.to_thread(self.write, user, conversation, draft)

    async def load(self, user: str, conversation: str) -> dict[str, Any] | None:
        return await asyncio.to_thread(self.read, user, conversation)

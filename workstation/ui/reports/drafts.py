"""Report drafts on the desk's disk: one encrypted file per user and conversation.

A draft names a child, so it is encrypted at rest (Fernet, from ``cryptography``) with a key
kept in the OS keyring, like the desk's other drafts; without a keyring drafts stay in memory
for the session only. Written atomically (a temporary file in the same folder, flushed and
fsynced, then ``os.replace``) in a worker thread, so a crash of the desk, or of the machine,
leaves either the previous draft or the new one, never half a file. Folders are private
(``0700``), files ``0600``.
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

from cryptography.fernet import Fernet, InvalidToken
from PySide6.QtCore import QStandardPaths

from workstation.store.drafts import new_key
from workstation.ui.keyring_store import (
    CredentialStore,
    KeyringCredentialStore,
    KeyringUnavailable,
)

#: The keyring entry holding the key ("service" and "user" of the credential store).
KEY_SERVICE = "report-drafts"

DRAFT_FORMAT = 1
_SAFE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def default_root() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location or Path.home() / ".local" / "share" / "workstation") / "report-drafts"


def _safe(name: str) -> str:
    return name if _SAFE.match(name) else hashlib.sha256(name.encode()).hexdigest()[:32]


class DraftStore:
    """Attributes: root: the folder holding one sub-folder per user;
    in_memory_only: True once the keyring turned out to be missing."""

    def __init__(
        self, root: Path | None = None, credentials: CredentialStore | None = None
    ) -> None:
        self.root = Path(root) if root is not None else default_root()
        self._credentials = credentials or KeyringCredentialStore()
        self._ciphers: dict[str, Fernet] = {}
        self._memory: dict[tuple[str, str], dict[str, Any]] = {}
        self.in_memory_only = False

    def path(self, user: str, conversation: str) -> Path:
        return self.root / _safe(user) / f"{_safe(conversation)}.draft"

    async def _cipher(self, user: str) -> Fernet | None:
        """The user's key from the keyring (made on first use), or None without a keyring."""
        if user not in self._ciphers and not self.in_memory_only:
            try:
                key = await self._credentials.get_password(KEY_SERVICE, user)
                if key is None:
                    key = new_key()
                    await self._credentials.set_password(KEY_SERVICE, user, key)
            except KeyringUnavailable:
                self.in_memory_only = True
                return None
            self._ciphers[user] = Fernet(key.encode())
        return self._ciphers.get(user)

    # --- blocking, for the worker thread ------------------------------------------------

    def write(self, user: str, conversation: str, draft: dict[str, Any], cipher: Fernet) -> Path:
        target = self.path(user, conversation)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        payload = json.dumps({"format": DRAFT_FORMAT, **draft}, ensure_ascii=False)
        fd, temp = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(cipher.encrypt(payload.encode()))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return target

    def read(self, user: str, conversation: str, cipher: Fernet) -> dict[str, Any] | None:
        """The saved draft, or None when there is none or it cannot be read (another key)."""
        try:
            data = json.loads(cipher.decrypt(self.path(user, conversation).read_bytes()))
        except (OSError, ValueError, InvalidToken):
            return None
        if not isinstance(data, dict) or data.get("format") != DRAFT_FORMAT:
            return None
        return data

    def remove(self, user: str, conversation: str) -> None:
        self._memory.pop((user, conversation), None)
        self.path(user, conversation).unlink(missing_ok=True)

    # --- off the GUI thread ---------------------------------------------------------------

    async def save(self, user: str, conversation: str, draft: dict[str, Any]) -> Path | None:
        """Write the draft; returns its file, or None when it is kept in memory only."""
        cipher = await self._cipher(user)
        if cipher is None:
            self._memory[(user, conversation)] = dict(draft)
            return None
        return await asyncio.to_thread(self.write, user, conversation, draft, cipher)

    async def discard(self, user: str, conversation: str) -> None:
        """Delete the draft (its report became final: the hub keeps the record)."""
        await asyncio.to_thread(self.remove, user, conversation)

    async def load(self, user: str, conversation: str) -> dict[str, Any] | None:
        cipher = await self._cipher(user)
        if cipher is None:
            return self._memory.get((user, conversation))
        return await asyncio.to_thread(self.read, user, conversation, cipher)

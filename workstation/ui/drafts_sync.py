"""Unsent replies and notes: kept per conversation, and saved locally within two seconds.

The texts live in memory (switching conversations never loses one) and, when a
:class:`DraftStore` is attached, are written to it off the GUI thread (``asyncio.to_thread``)
at most :data:`SAVE_DELAY_MS` after the first unsaved keystroke, so a desk that is killed
(``kill -9``, a power cut) finds them again on the next start. The store's key is kept in the
OS keyring; without a keyring the drafts stay in memory only, and the desk says so.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, QTimer, Signal

from workstation.protocol.times import parse_time, utc_now
from workstation.store.drafts import DraftKeyMismatch, DraftStore, new_key
from workstation.ui.keyring_store import CredentialStore, KeyringUnavailable

log = logging.getLogger(__name__)

#: A change is written at most this long after it was typed (well within two seconds).
SAVE_DELAY_MS = 1000
#: Drafts older than this are dropped when the desk starts (their conversation is long over).
STALE_AFTER = timedelta(hours=24)
KINDS = ("message", "note")


def no_keyring_for_drafts() -> str:
    return QCoreApplication.translate(
        "DraftKeeper",
        "No secure keyring was found, so unsent text is kept only while the desk is open.",
    )


class DraftKeeper(QObject):
    """Unsent text by (conversation, kind ``message``/``note``).

    Attributes:
        store: the local store, or None (memory only).

    Signals:
        restored(): drafts were read from the store; views may fill empty boxes.
        saved(): a batch of changes reached the store.
    """

    restored = Signal()
    saved = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store: DraftStore | None = None
        self._texts: dict[tuple[str, str], str] = {}
        self._dirty: set[tuple[str, str]] = set()
        self._saving: asyncio.Task[None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.on_timer_timeout)

    def text(self, conversation: str, kind: str = "message") -> str:
        return self._texts.get((conversation, kind), "")

    def set_text(self, conversation: str, kind: str, text: str) -> None:
        """Remember what is in a box now; it is saved within :data:`SAVE_DELAY_MS`."""
        key = (conversation, kind)
        if self._texts.get(key, "") == text:
            return
        if text:
            self._texts[key] = text
        else:
            self._texts.pop(key, None)
        self._dirty.add(key)
        if self.store is not None and not self._timer.isActive():
            self._timer.start()

    def forget(self, conversation: str) -> None:
        """Drop a conversation's drafts (it is over)."""
        for kind in KINDS:
            self.set_text(conversation, kind, "")

    async def attach(self, store: DraftStore) -> None:
        """Use ``store`` from now on; what it holds fills in what memory lacks."""
        drafts = await asyncio.to_thread(store.all)
        self.store = store
        cutoff = utc_now() - STALE_AFTER
        for draft in drafts:
            key = (draft.scope, draft.kind)
            if parse_time(draft.saved_at) < cutoff:
                self._dirty.add(key)  # deleted at the next save
            elif key not in self._texts and key not in self._dirty:
                self._texts[key] = draft.text
        if self._dirty:
            self._timer.start()
        self.restored.emit()

    def on_timer_timeout(self) -> None:
        if self._saving is not None and not self._saving.done():
            self._timer.start()  # one write at a time; try again shortly
            return
        self._saving = asyncio.ensure_future(self.flush())

    async def flush(self) -> None:
        """Write every change now (also on close)."""
        store = self.store
        if store is None or not self._dirty:
            return
        batch = {key: self._texts.get(key, "") for key in self._dirty}
        self._dirty.clear()
        try:
            await asyncio.to_thread(_save_all, store, batch)
        except Exception as error:  # a full disk must not lose the text in memory
            log.warning("could not save drafts: %s", type(error).__name__)
            self._dirty.update(batch)
            return
        self.saved.emit()


def _save_all(store: DraftStore, batch: dict[tuple[str, str], str]) -> None:
    for (scope, kind), text in batch.items():
        store.save(scope, kind, text)


def drafts_folder() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location or Path.home() / ".local" / "share" / "workstation") / "drafts"


def drafts_path(folder: Path, hub_url: str, user: str) -> Path:
    """One file per hub and user; the name reveals neither."""
    digest = hashlib.sha256(f"{hub_url}\n{user}".encode()).hexdigest()[:16]
    return folder / f"drafts-{digest}.sqlite3"


def _open_checked(path: Path, key: str) -> DraftStore:
    store = DraftStore(path, key)
    try:
        store.all()
    except DraftKeyMismatch:
        store.close()
        log.warning("drafts locked with another key; starting a new file")
        aside = path.with_name(path.name + ".unreadable")
        with contextlib.suppress(OSError):
            path.replace(aside)
        store = DraftStore(path, key)
    return store


async def open_draft_store(
    credentials: CredentialStore, hub_url: str, user: str, folder: Path | None = None
) -> tuple[DraftStore | None, str | None]:
    """The user's draft store with its key from the keyring, or (None, a sentence why not)."""
    account = f"drafts-key:{user}"
    try:
        key = await credentials.get_password(hub_url, account)
        if key is None:
            key = new_key()
            await credentials.set_password(hub_url, account, key)
    except KeyringUnavailable:
        return None, no_keyring_for_drafts()
    path = drafts_path(folder or drafts_folder(), hub_url, user)
    try:
        return await asyncio.to_thread(_open_checked, path, key), None
    except Exception as error:
        log.warning("could not open the drafts file: %s", type(error).__name__)
        return None, QCoreApplication.translate(
            "DraftKeeper", "Unsent text cannot be saved on this machine; it is kept in memory."
        )

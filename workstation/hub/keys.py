"""The hub's secret key: kept in a file beside the database, never inside it.

Features derive their own keys from it by purpose, so that one leaked derived key tells
nothing about another:

- :meth:`HubKeys.pseudonym` — a stable keyed hash (HMAC-SHA256) for telling a returning
  phone number, SMS thread or e-mail address apart without storing it (Norwegian numbers are
  few enough to try them all against a hash that has no secret key).
- :meth:`HubKeys.seal` / :meth:`HubKeys.unseal` — AES-GCM for what must be kept for a while
  to answer (a call-back number, an e-mail address), deleted as soon as it is not needed.

The file is created with mode 0600 on first start. A database copied without its key file
keeps its pseudonyms and sealed values unreadable; operators back the key file up apart
from the database (docs/operations.md). Several hubs on one database share one key file.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_FILE_ENV = "WORKSTATION_HUB_KEY_FILE"
_MASTER_BYTES = 32
_NONCE_BYTES = 12


class KeyFileError(Exception):
    """The key file exists but cannot be used (wrong size, unreadable)."""


def key_file_beside(db_path: Path) -> Path:
    """Where the key of the database at ``db_path`` lives (``$WORKSTATION_HUB_KEY_FILE`` wins)."""
    chosen = os.environ.get(KEY_FILE_ENV)
    if chosen:
        return Path(chosen)
    return db_path.with_name(db_path.name + ".key")


class HubKeys:
    """Derived keys, keyed hashes and sealed values under one master secret."""

    def __init__(self, master: bytes) -> None:
        if len(master) != _MASTER_BYTES:
            raise KeyFileError(f"a hub key is {_MASTER_BYTES} bytes, not {len(master)}")
        self._master = master
        self._derived: dict[str, bytes] = {}

    @classmethod
    def load_or_create(cls, path: Path) -> HubKeys:
        """Read the key at ``path``, creating it (mode 0600) when there is none."""
        try:
            return cls(path.read_bytes())
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise KeyFileError(f"cannot read the hub's key file {path}: {exc.strerror}") from exc
        master = secrets.token_bytes(_MASTER_BYTES)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another hub process made it meanwhile
            return cls(path.read_bytes())
        with os.fdopen(fd, "wb") as out:
            out.write(master)
            out.flush()
            os.fsync(out.fileno())
        return cls(master)

    @classmethod
    def beside(cls, db_path: Path) -> HubKeys:
        return cls.load_or_create(key_file_beside(Path(db_path)))

    @classmethod
    def of_store(cls, store: object) -> HubKeys:
        """The key of a store: beside its file (SQLite), else ``$WORKSTATION_HUB_KEY_FILE``
        (PostgreSQL has no file to sit beside; every hub on it names the same key file)."""
        path = getattr(store, "path", None)
        if isinstance(path, Path):
            return cls.beside(path)
        chosen = os.environ.get(KEY_FILE_ENV)
        if not chosen:
            raise KeyFileError(
                f"On PostgreSQL the hub's key file is named by {KEY_FILE_ENV} (the same file "
                "for every hub on the database; docs/operations.md)."
            )
        return cls.load_or_create(Path(chosen))

    def derive(self, purpose: str) -> bytes:
        """A 32-byte key for ``purpose`` (e.g. ``"sms-thread"``), the same on every start."""
        key = self._derived.get(purpose)
        if key is None:
            hkdf = HKDF(algorithm=SHA256(), length=32, salt=None, info=purpose.encode())
            key = self._derived[purpose] = hkdf.derive(self._master)
        return key

    def pseudonym(self, purpose: str, value: str) -> str:
        """A keyed hash of ``value`` (32 hex digits): equal values give equal pseudonyms."""
        return hmac.new(self.derive(purpose), value.encode(), hashlib.sha256).hexdigest()[:32]

    def seal(self, purpose: str, plaintext: str) -> bytes:
        """``plaintext`` encrypted and authenticated under the key for ``purpose``."""
        nonce = secrets.token_bytes(_NONCE_BYTES)
        cipher = AESGCM(self.derive(purpose))
        return nonce + cipher.encrypt(nonce, plaintext.encode(), purpose.encode())

    def unseal(self, purpose: str, sealed: bytes) -> str:
        """The plaintext of :meth:`seal`; ``cryptography.exceptions.InvalidTag`` if tampered."""
        nonce, body = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
        return AESGCM(self.derive(purpose)).decrypt(nonce, body, purpose.encode()).decode()

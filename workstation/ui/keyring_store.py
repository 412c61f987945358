"""Where the desk remembers passwords: the OS keyring, behind a small interface.

Every call runs in a worker thread (``asyncio.to_thread``) because a keyring backend may
block on D-Bus or a system prompt. A machine without a usable keyring is a normal situation,
not a crash: it becomes :class:`KeyringUnavailable`, whose ``sentence`` explains it to the
person at the desk.
"""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)

SERVICE_PREFIX = "workstation"


def service_name(hub_url: str) -> str:
    """The keyring service a hub's passwords are filed under."""
    return f"{SERVICE_PREFIX}:{hub_url}"


def no_keyring_sentence() -> str:
    """The sentence shown when there is no keyring at all."""
    return QCoreApplication.translate(
        "CredentialStore",
        "No secure keyring was found on this machine, so the password cannot be remembered. "
        "You must type it every time.",
    )


def keyring_refused_sentence() -> str:
    """The sentence shown when a keyring exists but refused the request."""
    return QCoreApplication.translate(
        "CredentialStore",
        "The keyring on this machine refused to store the password, so it cannot be "
        "remembered. You must type it every time.",
    )


class KeyringUnavailable(Exception):
    """The keyring cannot be used; ``sentence`` says so to the person.

    Attributes:
        sentence: a translated sentence for the person at the desk.
    """

    def __init__(self, sentence: str) -> None:
        super().__init__(sentence)
        self.sentence = sentence


class CredentialStore(ABC):
    """Remembered passwords, one per (hub URL, user name)."""

    @abstractmethod
    async def get_password(self, hub_url: str, user: str) -> str | None:
        """The remembered password, or None."""

    @abstractmethod
    async def set_password(self, hub_url: str, user: str, password: str) -> None:
        """Remember a password."""

    @abstractmethod
    async def delete_password(self, hub_url: str, user: str) -> None:
        """Forget a password; forgetting one never stored is not an error."""


def _translate_errors(error: keyring.errors.KeyringError) -> KeyringUnavailable:
    if isinstance(error, keyring.errors.NoKeyringError | keyring.errors.InitError):
        return KeyringUnavailable(no_keyring_sentence())
    return KeyringUnavailable(keyring_refused_sentence())


class KeyringCredentialStore(CredentialStore):
    """A :class:`CredentialStore` over ``keyring``.

    Attributes:
        backend: the keyring backend to use; None means the one ``keyring`` picks for this OS.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self.backend = backend

    def _keyring(self) -> KeyringBackend:
        return self.backend if self.backend is not None else keyring.get_keyring()

    async def get_password(self, hub_url: str, user: str) -> str | None:
        try:
            return await asyncio.to_thread(
                lambda: self._keyring().get_password(service_name(hub_url), user)
            )
        except keyring.errors.KeyringError as error:
            log.info("keyring unavailable for reading: %s", type(error).__name__)
            raise _translate_errors(error) from error

    async def set_password(self, hub_url: str, user: str, password: str) -> None:
        try:
            await asyncio.to_thread(
                lambda: self._keyring().set_password(service_name(hub_url), user, password)
            )
        except keyring.errors.KeyringError as error:
            log.info("keyring unavailable for storing: %s", type(error).__name__)
            raise _translate_errors(error) from error

    async def delete_password(self, hub_url: str, user: str) -> None:
        try:
            await asyncio.to_thread(
                lambda: self._keyring().delete_password(service_name(hub_url), user)
            )
        except keyring.errors.PasswordDeleteError:
            return
        except keyring.errors.KeyringError as error:
            log.info("keyring unavailable for deleting: %s", type(error).__name__)
            raise _translate_errors(error) from error

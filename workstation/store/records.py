"""Plain records the store hands out."""

from dataclasses import dataclass

from workstation.sessions.events import Event


@dataclass(frozen=True, slots=True)
class UserRecord:
    name: str
    display_name: str
    roles: tuple[str, ...]
    password_hash: str
    #: A disabled user cannot sign in (``workstation-hub user disable``).
    disabled: bool = False


@dataclass(frozen=True, slots=True)
class AppendResult:
    """Attributes:
    event: the stored event (the original one for a repeated request).
    duplicate: True when the request repeated one already stored; nothing new was written.
    """

    event: Event
    duplicate: bool

"""How a feature (consultation, time limits, supervision, …) plugs into the hub.

A feature owns its requests and may widen who sees a conversation, react to events, and keep
its own tables (made by a migration in workstation/store/migrations.py, never by the feature).
The core stays unaware of what the features are.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from workstation.protocol.frames import Request
from workstation.sessions.conversation import Conversation
from workstation.sessions.events import Event
from workstation.store import UserRecord

if TYPE_CHECKING:
    from workstation.hub.core import Hub
    from workstation.hub.peers import StaffPeer
    from workstation.hub.staff_api import StaffApi

Handler = Callable[["StaffPeer", UserRecord, Any], Awaitable[None]]


class Feature:
    """Base class: every hook does nothing until a feature overrides it.

    Attributes:
        hub: routing state and delivery.
        api: the staff request dispatcher (for shared helpers such as ``_append``).
    """

    def __init__(self, hub: Hub, api: StaffApi) -> None:
        self.hub = hub
        self.api = api

    def handlers(self) -> dict[type[Request], Handler]:
        """The requests this feature answers."""
        return {}

    def can_see(self, user: str, conv: Conversation) -> bool:
        """Grant ``user`` access to ``conv`` beyond being its assigned counsellor."""
        return False

    def may_contribute(self, user: str, conv: Conversation) -> bool:
        """May ``user``, besides the assigned counsellor, add notes and flags to ``conv``?"""
        return False

    def viewers(self, conv: Conversation) -> set[str]:
        """Users besides the assigned counsellor who receive ``conv``'s staff events."""
        return set()

    def check_accept(self, user: UserRecord, conv: Conversation, request: Request) -> None:
        """Raise :class:`~workstation.protocol.ProtocolError` to refuse ``user`` taking the
        queued ``conv`` (called by ``accept`` before anything is reserved)."""

    def on_event(self, event: Event) -> None:
        """A committed event, after it was delivered."""

    def on_staff_online(self, peer: StaffPeer) -> None:
        """A staff member said hello successfully."""

    def on_staff_offline(self, user: str) -> None:
        """A staff member's last connection closed."""

    def on_presence(self, user: str, status: str) -> None:
        """A staff member set their presence (``available``/``away``)."""

    def on_staff_gone(self, user: str) -> None:
        """Several hubs: ``user``, signed in on other hubs only, is signed in on none any
        more (she signed out there, or their rows expired: the hub died)."""

    def staff_load(self) -> dict[str, dict[str, Any]]:
        """Extra fields per user name for the supervisor's load snapshot."""
        return {}

    def on_queue_changed(self) -> None:
        """The queue changed (someone arrived, was taken or left)."""

    async def start(self) -> None:
        """Load state, start timers; runs once the store is attached (tables exist by then)."""

    async def stop(self) -> None:
        """Stop timers before the store closes."""

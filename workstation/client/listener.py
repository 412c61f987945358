"""What the client tells the desk. The UI subclasses this and overrides what it needs."""

from typing import Any

from workstation.client.state import ConnectionState


class ClientListener:
    """No-op callbacks, called on the event loop, in the order things happen.

    A listener must not block; an exception raised by one is logged and does not stop the
    client or the other listeners.
    """

    def on_state(self, state: ConnectionState) -> None:
        """The connection state changed."""

    def on_event(self, event: dict[str, Any]) -> None:
        """A conversation event, once per ``(conversation, seq)``, in ``seq`` order."""

    def on_queue(self, items: list[dict[str, Any]]) -> None:
        """The waiting queue as it stands now (replaces the previous one)."""

    def on_queue_total(self, total: int, by_channel: dict[str, int]) -> None:
        """How many wait in all, and on each channel; called just before :meth:`on_queue`,
        whose list holds only the first of a long queue."""

    def on_push(self, frame: dict[str, Any]) -> None:
        """Any other push from the hub: ``load``, ``consult_request``, ..."""

    def on_hello(self, user: dict[str, Any]) -> None:
        """Signed in (again) as ``user``: ``name``, ``display_name``, ``roles``."""

    def on_auth_failed(self, message: str) -> None:
        """The credentials were rejected; the client has stopped."""

    def on_hub(self, index: int, count: int, moving: bool) -> None:
        """The hub in use or tried now: ``index`` (from 0) of ``count`` addresses; ``moving``
        while on the way to another hub than the one last connected to."""

    def on_outbox(self, pending: int) -> None:
        """The number of unacknowledged messages and notes changed."""

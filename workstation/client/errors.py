"""What a request to the hub can fail with, as the desk sees it."""

from __future__ import annotations

from typing import Any


class HubError(Exception):
    """The hub answered a request with an ``error`` frame (or the client could not ask it).

    Attributes:
        code: the wire ``code`` (``forbidden``, ``conflict``, ...) or a client-side code:
            ``offline`` (:class:`NotConnected`) or ``timeout`` (:class:`RequestTimeout`).
        message: a sentence a person can read; never contains conversation text.
        details: the error frame's other fields (e.g. ``problems`` from ``summary_set``).
    """

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.details = details or {}

    @classmethod
    def from_frame(cls, frame: dict[str, Any]) -> HubError:
        """The error an ``error`` frame describes."""
        details = {k: v for k, v in frame.items() if k not in ("type", "re", "code", "message")}
        return cls(str(frame.get("code")), str(frame.get("message", "")), details)


class NotConnected(HubError):
    """A request made while not connected, or whose connection was lost before the answer."""

    def __init__(self, message: str = "Not connected to the hub.") -> None:
        super().__init__("offline", message)


class RequestTimeout(HubError):
    """The hub did not answer a request in time; the request may or may not have taken effect."""

    def __init__(self, message: str = "The hub did not answer in time.") -> None:
        super().__init__("timeout", message)


class AuthenticationFailed(Exception):
    """The hub rejected the credentials; :meth:`StaffClient.run` stops.

    Attributes:
        message: the hub's sentence, suitable for the login dialog.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

"""The desk's connection to the hub: sign in, reconnect with backoff, resume, outbox.

No Qt and no storage here: the UI adds a :class:`ClientListener` and calls the
:class:`StaffClient` methods from the event loop.
"""

from workstation.client.backoff import Backoff
from workstation.client.credentials import Credentials
from workstation.client.errors import (
    AuthenticationFailed,
    HubError,
    NotConnected,
    RequestTimeout,
)
from workstation.client.listener import ClientListener
from workstation.client.outbox import OutboxItem
from workstation.client.staff import StaffClient
from workstation.client.state import ConnectionState

__all__ = [
    "AuthenticationFailed",
    "Backoff",
    "ClientListener",
    "ConnectionState",
    "Credentials",
    "HubError",
    "NotConnected",
    "OutboxItem",
    "RequestTimeout",
    "StaffClient",
]

"""The connection states a desk shows."""

from enum import StrEnum


class ConnectionState(StrEnum):
    """Where the connection to the hub stands.

    ``CONNECTING`` on the first try, ``CONNECTED`` once ``hello`` is accepted, ``RECONNECTING``
    after a loss, ``OFFLINE`` before :meth:`~StaffClient.run`, after ``close()`` or after the
    credentials were rejected.
    """

    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    OFFLINE = "offline"

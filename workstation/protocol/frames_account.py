"""Staff frames about one's own account: sign out, see and end one's sessions
(docs/protocol.md, Accounts)."""

from workstation.protocol.frames import ObjectId, Request


class Logout(Request, tag="logout"):
    """End the session this connection signed in with; its token never works again."""


class SessionsList(Request, tag="sessions_list"):
    """The caller's own sessions that are still valid."""


class SessionEnd(Request, tag="session_end"):
    """End one of the caller's own sessions (its desks are signed out at once)."""

    session: ObjectId


FRAMES: tuple[type[Request], ...] = (Logout, SessionsList, SessionEnd)

#: ``signed_out`` pushes say why in ``reason``, one of these.
SIGNED_OUT_REASONS = (
    "logout",  # this session signed out (the answer to its own ``logout``)
    "session_ended",  # ended by ``session_end`` from another of the person's desks
    "expired",  # the session outlived its shift
    "disabled",  # an administrator disabled the account
    "removed",  # an administrator removed the account
    "password",  # the password was changed
    "roles",  # the roles changed: sign in again to get the new rights
)

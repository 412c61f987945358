"""How a desk signs in."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Credentials:
    """A user name and password, a session token from an earlier ``hello``, or both.

    With both, the token is tried first and the password is the fallback when the hub no
    longer knows the token (it restarted, or the session expired). Secrets stay out of
    ``repr`` so they never reach a log.
    """

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    @property
    def has_password(self) -> bool:
        return self.user is not None and self.password is not None

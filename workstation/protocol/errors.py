"""Error codes of the wire contract and the exception that carries one."""

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """The fixed set of ``code`` values in an ``error`` frame."""

    BAD_FRAME = "bad_frame"
    TOO_LARGE = "too_large"
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    RATE_LIMITED = "rate_limited"
    INTERNAL = "internal"


class ProtocolError(Exception):
    """A request that is answered with an ``error`` frame.

    Attributes:
        code: one of :class:`ErrorCode`.
        message: a sentence a person can read; never contains contact text.
        re: the request ``id`` it answers, or ``None`` when the frame had none.
        details: extra fields for the ``error`` frame (e.g. ``problems``), or ``None``.
    """

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        re: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.re = re
        self.details = details

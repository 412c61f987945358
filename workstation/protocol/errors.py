"""Error codes of the wire contract and the exception that carries one."""

from enum import StrEnum


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
    """

    def __init__(self, code: ErrorCode, message: str, re: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.re = re

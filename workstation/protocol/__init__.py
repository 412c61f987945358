"""The wire contract: frame types, validation, encoding and error codes. No I/O."""

from workstation.protocol.codec import decode_any, decode_contact, decode_staff, encode, error, ok
from workstation.protocol.errors import ErrorCode, ProtocolError
from workstation.protocol.limits import MAX_FRAME_BYTES, MAX_ID_CHARS, MAX_TEXT_CHARS

__all__ = [
    "MAX_FRAME_BYTES",
    "MAX_ID_CHARS",
    "MAX_TEXT_CHARS",
    "ErrorCode",
    "ProtocolError",
    "decode_any",
    "decode_contact",
    "decode_staff",
    "encode",
    "error",
    "ok",
]

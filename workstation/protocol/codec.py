"""Bytes in, typed requests out; answers and pushes back to text. No I/O here."""

from typing import Any, cast

import msgspec

from workstation.protocol.errors import ErrorCode, ProtocolError
from workstation.protocol.frames import ContactRequest, Request
from workstation.protocol.limits import MAX_ID_CHARS, MAX_TEXT_CHARS
from workstation.protocol.staff_frames import StaffRequestType

_contact_decoder = msgspec.json.Decoder(ContactRequest)
_staff_decoder: msgspec.json.Decoder[Any] = msgspec.json.Decoder(StaffRequestType)
_any_decoder = msgspec.json.Decoder()
_encoder = msgspec.json.Encoder()


def _request_id_of(raw: str | bytes) -> str | None:
    """The ``id`` of a frame that failed validation, when it has a usable one."""
    try:
        obj = _any_decoder.decode(raw)
    except msgspec.DecodeError:
        return None
    if isinstance(obj, dict):
        rid = obj.get("id")
        if isinstance(rid, str) and 0 < len(rid) <= MAX_ID_CHARS:
            return rid
    return None


def _decode(decoder: msgspec.json.Decoder[Any], raw: str | bytes) -> Any:
    if isinstance(raw, bytes):
        raise ProtocolError(ErrorCode.BAD_FRAME, "Frames must be JSON text frames, not binary.")
    try:
        request = decoder.decode(raw)
    except msgspec.ValidationError as exc:
        message = f"The frame is not valid: {exc}."
        raise ProtocolError(ErrorCode.BAD_FRAME, message, _request_id_of(raw)) from None
    except msgspec.DecodeError:
        raise ProtocolError(ErrorCode.BAD_FRAME, "The frame is not valid JSON.") from None
    text = getattr(request, "text", None)
    if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
        message = f"The text is longer than {MAX_TEXT_CHARS} characters; nothing was stored."
        raise ProtocolError(ErrorCode.TOO_LARGE, message, getattr(request, "id", None))
    return request


def decode_contact(raw: str | bytes) -> ContactRequest:
    """Parse a frame from ``/v1/contact``; raises :class:`ProtocolError`."""
    return cast(ContactRequest, _decode(_contact_decoder, raw))


def decode_staff(raw: str | bytes) -> Request:
    """Parse a frame from ``/v1/staff``; raises :class:`ProtocolError`."""
    return cast(Request, _decode(_staff_decoder, raw))


def encode(frame: dict[str, Any]) -> str:
    """A frame as the text of one WebSocket message."""
    return _encoder.encode(frame).decode()


def decode_any(raw: str | bytes) -> dict[str, Any]:
    """Parse a frame from the hub (client side): any JSON object with a string ``type``."""
    try:
        obj = _any_decoder.decode(raw)
    except msgspec.DecodeError:
        raise ProtocolError(ErrorCode.BAD_FRAME, "The frame is not valid JSON.") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("type"), str):
        raise ProtocolError(ErrorCode.BAD_FRAME, "The frame is not an object with a type.")
    return obj


def ok(re: str, **fields: Any) -> dict[str, Any]:
    return {"type": "ok", "re": re, **fields}


def error(
    re: str | None, code: ErrorCode, message: str, details: dict[str, Any] | None = None
) -> dict[str, Any]:
    """An ``error`` frame; ``details`` adds fields (they never replace the fixed ones)."""
    return {**(details or {}), "type": "error", "re": re, "code": str(code), "message": message}

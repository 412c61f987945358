"""Bytes in, typed requests out; answers and pushes back to text. No I/O here."""

import re
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
TOO_DEEP = "The frame is nested too deeply."


def _request_id_of(raw: str | bytes) -> str | None:
    """The ``id`` of a frame that failed validation, when it has a usable one."""
    try:
        obj = _any_decoder.decode(raw)
    except (msgspec.DecodeError, RecursionError):
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
        message = f"The frame is not valid: {validation_reason(exc)}."
        raise ProtocolError(ErrorCode.BAD_FRAME, message, _request_id_of(raw)) from None
    except msgspec.DecodeError:
        raise ProtocolError(ErrorCode.BAD_FRAME, "The frame is not valid JSON.") from None
    except RecursionError:  # JSON nested deeper than the parser goes: no traceback, no id
        raise ProtocolError(ErrorCode.BAD_FRAME, TOO_DEEP) from None
    text = getattr(request, "text", None)
    if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
        message = f"The text is longer than {MAX_TEXT_CHARS} characters; nothing was stored."
        raise ProtocolError(ErrorCode.TOO_LARGE, message, getattr(request, "id", None))
    return request


#: msgspec quotes the offending value ("Invalid enum value 'x' - at `$.channel`").
_QUOTED_VALUE = re.compile(
    r"^(Invalid (?:enum )?value) .*?((?: - at (?:`key` in )?`[^`]*`)?)$", re.DOTALL
)
#: The other reasons name only types, limits and our own field names and patterns.
_SAFE_REASON = re.compile(r"^(Expected|Object missing required field|Object contains) [^\n]*$")


def validation_reason(exc: msgspec.ValidationError) -> str:
    """msgspec's reason without the value the client sent: a bad ``type`` or ``channel``
    may be anything a young person typed, and the reason goes into error frames and logs."""
    reason = str(exc)
    quoted = _QUOTED_VALUE.match(reason)
    if quoted:
        return quoted[1] + quoted[2]
    if _SAFE_REASON.match(reason):
        return reason
    return "A field has a wrong type or value" + (quoted_path(reason) or "")


def quoted_path(reason: str) -> str | None:
    """The `` - at `$.field` `` tail of a msgspec reason, if it has one."""
    found = re.search(r" - at (?:`key` in )?`[^`]*`$", reason)
    return found[0] if found else None


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
    except RecursionError:
        raise ProtocolError(ErrorCode.BAD_FRAME, TOO_DEEP) from None
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

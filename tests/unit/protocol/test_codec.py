"""Frame validation without a socket."""

from __future__ import annotations

import pytest

from workstation.protocol import (
    MAX_TEXT_CHARS,
    ErrorCode,
    ProtocolError,
    decode_any,
    decode_contact,
    decode_staff,
    encode,
    error,
    ok,
)
from workstation.protocol.frames import ContactSend, Hello, Open, StaffSend, Sync
from workstation.protocol.times import format_time, parse_time


def test_contact_and_staff_send_are_different_shapes() -> None:
    contact = decode_contact('{"type":"send","id":"a","text":"hei"}')
    staff = decode_staff('{"type":"send","id":"a","conversation":"c1","text":"hei"}')
    assert isinstance(contact, ContactSend) and isinstance(staff, StaffSend)
    with pytest.raises(ProtocolError) as missing:
        decode_staff('{"type":"send","id":"a","text":"hei"}')
    assert missing.value.code is ErrorCode.BAD_FRAME and missing.value.re == "a"
    assert "conversation" in missing.value.message


def test_unknown_extra_fields_are_ignored() -> None:
    frame = decode_contact('{"type":"open","id":"o","channel":"chat","theme":"dark"}')
    assert frame == Open(id="o", channel="chat")


def test_a_staff_type_is_unknown_on_the_contact_path() -> None:
    with pytest.raises(ProtocolError) as unknown:
        decode_contact('{"type":"accept","id":"x","conversation":"c"}')
    assert unknown.value.code is ErrorCode.BAD_FRAME and unknown.value.re == "x"


@pytest.mark.parametrize(
    "raw",
    ["", "{", "null", "1", '"x"', "[]", '{"type":5,"id":"a"}', b'{"type":"leave","id":"a"}'],
)
def test_unusable_frames_are_bad_frame(raw: str | bytes) -> None:
    with pytest.raises(ProtocolError) as bad:
        decode_contact(raw)
    assert bad.value.code is ErrorCode.BAD_FRAME


def test_text_length_limit_is_too_large_not_bad_frame() -> None:
    decode_contact(encode({"type": "send", "id": "a", "text": "x" * MAX_TEXT_CHARS}))
    with pytest.raises(ProtocolError) as big:
        decode_contact(encode({"type": "send", "id": "a", "text": "x" * (MAX_TEXT_CHARS + 1)}))
    assert big.value.code is ErrorCode.TOO_LARGE and big.value.re == "a"


def test_request_ids_are_bounded_strings() -> None:
    decode_contact(encode({"type": "leave", "id": "i" * 64}))
    for bad_id in ("i" * 65, "", 3, None):
        with pytest.raises(ProtocolError):
            decode_contact(encode({"type": "leave", "id": bad_id}))


def test_hello_and_sync_shapes() -> None:
    assert decode_staff('{"type":"hello","id":"h","token":"t"}') == Hello(id="h", token="t")
    sync = decode_staff('{"type":"sync","id":"s","after":{"c1":3}}')
    assert sync == Sync(id="s", after={"c1": 3})
    with pytest.raises(ProtocolError):
        decode_staff('{"type":"sync","id":"s","after":{"c1":-1}}')


def test_answers_and_hub_frames() -> None:
    assert ok("r", seq=3) == {"type": "ok", "re": "r", "seq": 3}
    assert error(None, ErrorCode.INTERNAL, "Oi.") == {
        "type": "error", "re": None, "code": "internal", "message": "Oi."
    }
    assert decode_any('{"type":"queue","position":2}')["position"] == 2
    with pytest.raises(ProtocolError):
        decode_any('{"position":2}')


def test_times_are_utc_with_z() -> None:
    moment = parse_time("2026-11-26T02:00:00.250Z")
    assert format_time(moment) == "2026-11-26T02:00:00.250Z"
    with pytest.raises(ValueError):
        parse_time("2026-11-26T02:00:00+01:00")

"""A bad value a young person typed is never echoed in the error message (logs, frames)."""

from __future__ import annotations

import json

import pytest

from workstation.protocol import ProtocolError, decode_contact, decode_staff

SECRET = "Iben Solberg 412 34 567"


@pytest.mark.parametrize(
    ("decode", "frame", "reason"),
    [
        (decode_contact, {"type": "open", "id": "a", "channel": SECRET},
         "Invalid enum value - at `$.channel`"),
        (decode_contact, {"type": SECRET, "id": "a"}, "Invalid value - at `$.type`"),
        (decode_staff, {"type": SECRET, "id": "a"}, "Invalid value - at `$.type`"),
        (decode_staff, {"type": "capacity_set", "id": "a", "limits": {SECRET: 1}},
         "Invalid enum value - at `key` in `$.limits`"),
        # A value that imitates msgspec's own tail is still cut at the real path.
        (decode_contact, {"type": "open", "id": "a", "channel": SECRET + "' - at `$.x`"},
         "Invalid enum value - at `$.channel`"),
        (decode_staff, {"type": "presence", "id": "a", "status": SECRET},
         "Invalid enum value - at `$.status`"),
    ],
)
def test_bad_values_are_not_echoed(decode: object, frame: dict[str, object], reason: str) -> None:
    with pytest.raises(ProtocolError) as refused:
        decode(json.dumps(frame))  # type: ignore[operator]
    assert refused.value.message == f"The frame is not valid: {reason}."
    assert "Iben" not in refused.value.message and "412" not in refused.value.message
    assert refused.value.re == "a"


def test_type_and_limit_reasons_are_kept() -> None:
    with pytest.raises(ProtocolError) as refused:
        decode_contact(json.dumps({"type": "send", "id": "a", "text": 5}))
    expected = "The frame is not valid: Expected `str`, got `int` - at `$.text`."
    assert refused.value.message == expected

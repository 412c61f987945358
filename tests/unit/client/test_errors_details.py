"""An error frame's extra fields reach the desk."""

from workstation.client.errors import HubError
from workstation.protocol import ErrorCode, error


def test_error_details_survive_the_round_trip() -> None:
    problems = [{"field": "categories", "kind": "missing", "message": "Velg minst én kategori."}]
    frame = error("r1", ErrorCode.BAD_FRAME, "The summary cannot be saved yet.",
                  {"problems": problems, "code": "ignored"})
    assert frame["code"] == "bad_frame"
    hub_error = HubError.from_frame(frame)
    assert hub_error.code == "bad_frame"
    assert hub_error.details == {"problems": problems}

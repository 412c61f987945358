"""Staff frames of the consult feature: "never alone on shift" (see docs/protocol.md).

A counsellor asks a shift lead (or a named colleague) for advice about a conversation while it
goes on; the consultant joins, the two talk in a staff-only thread, and either ends it.
"""

from typing import Annotated

import msgspec

from workstation.protocol.frames import ObjectId, Request

#: A one-line reason for the request, shown in the shift lead's pending list.
Summary = Annotated[str, msgspec.Meta(max_length=200, pattern=r"^[^\r\n]*$")]
UserName = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


class Consult(Request, tag="consult"):
    """Ask ``to`` (a user name), or every available shift lead when ``to`` is null."""

    conversation: ObjectId
    to: UserName | None = None
    summary: Summary | None = None
    urgent: bool = False


class ConsultAccept(Request, tag="consult_accept"):
    consult: ObjectId


class ConsultDecline(Request, tag="consult_decline"):
    consult: ObjectId


class ConsultSend(Request, tag="consult_send"):
    consult: ObjectId
    text: str


class ConsultEnd(Request, tag="consult_end"):
    consult: ObjectId


class TakeOver(Request, tag="take_over"):
    conversation: ObjectId


class ConsultList(Request, tag="consult_list"):
    """The caller's pending offers (urgent first) and the consultations they take part in."""


class Roster(Request, tag="roster"):
    """Who is on shift now: the same content as the ``roster`` push."""


FRAMES: tuple[type[Request], ...] = (
    Consult,
    ConsultAccept,
    ConsultDecline,
    ConsultSend,
    ConsultEnd,
    TakeOver,
    ConsultList,
    Roster,
)

"""Staff frames of the desk feature: capacity, calls, canned responses, contact summaries.

See docs/protocol.md, "Desk: capacity, calls, SMS, canned responses, summaries".
"""

from typing import Annotated, Any

import msgspec

from workstation.protocol.frames import Channel, ObjectId, Request

UserName = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
#: How many conversations of one channel a counsellor holds at once (0 = none on it).
Limit = Annotated[int, msgspec.Meta(ge=0, le=50)]
CannedId = Annotated[str, msgspec.Meta(min_length=3, max_length=100)]


# --- capacity ----------------------------------------------------------------------------


class CapacitySet(Request, tag="capacity_set"):
    """Set the default limits (``user`` null) or one user's; ``limits`` null removes the
    user's own limits (or restores the shipped default). Channels left out inherit."""

    user: UserName | None = None
    limits: dict[Channel, Limit] | None = None


class CapacityGet(Request, tag="capacity_get"):
    """A user's limits and current use (``user`` null: yourself)."""

    user: UserName | None = None


# --- calls (channel "phone") ---------------------------------------------------------------


class CallAnswer(Request, tag="call_answer"):
    """Answer a ringing call: ``accept`` for the phone channel."""

    conversation: ObjectId
    over_capacity: bool = False


class CallHold(Request, tag="call_hold"):
    conversation: ObjectId


class CallResume(Request, tag="call_resume"):
    conversation: ObjectId


class CallHangup(Request, tag="call_hangup"):
    conversation: ObjectId


class CallTransfer(Request, tag="call_transfer"):
    """Hand the call to a colleague (a counsellor who is online)."""

    conversation: ObjectId
    to: UserName
    over_capacity: bool = False


class CallListen(Request, tag="call_listen"):
    """A shift lead or supervisor in a consultation about the call listens in (read-only)."""

    conversation: ObjectId


class CallListenEnd(Request, tag="call_listen_end"):
    """The listening (or joined) lead leaves the call."""

    conversation: ObjectId


class CallJoin(Request, tag="call_join"):
    """The listening lead asks the counsellor to be heard too (a three-way call)."""

    conversation: ObjectId


class CallJoinAnswer(Request, tag="call_join_answer"):
    """The assigned counsellor's answer to ``call_join``: ``consent`` true lets the lead in."""

    conversation: ObjectId
    user: UserName
    consent: bool


class CallAddParty(Request, tag="call_add_party"):
    """The assigned counsellor dials a service of the referral directory into the call;
    ``confirmed`` must be true (the desk asked first)."""

    conversation: ObjectId
    service: str
    confirmed: bool = False


class CallDropParty(Request, tag="call_drop_party"):
    """The assigned counsellor hangs up an outside party (the call goes on)."""

    conversation: ObjectId
    party: str


# --- canned responses ------------------------------------------------------------------------


class CannedItem(msgspec.Struct, kw_only=True):
    id: CannedId
    group: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    keyword: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    text: Annotated[str, msgspec.Meta(min_length=1)]


class CannedList(Request, tag="canned_list"):
    pass


class CannedSet(Request, tag="canned_set"):
    """Add a response or replace one (shipped or added) with the same ``id``."""

    item: CannedItem


class CannedDelete(Request, tag="canned_delete"):
    """Hide a shipped response or remove an added one."""

    item_id: CannedId


# --- contact summaries ----------------------------------------------------------------------


class SummarySet(Request, tag="summary_set"):
    """``summary`` in the form of ``workstation.sessions.summary.to_dict``."""

    conversation: ObjectId
    summary: dict[str, Any]


class SummaryGet(Request, tag="summary_get"):
    conversation: ObjectId


FRAMES: tuple[type[Request], ...] = (
    CapacitySet,
    CapacityGet,
    CallAnswer,
    CallHold,
    CallResume,
    CallHangup,
    CallTransfer,
    CallListen,
    CallListenEnd,
    CallJoin,
    CallJoinAnswer,
    CallAddParty,
    CallDropParty,
    CannedList,
    CannedSet,
    CannedDelete,
    SummarySet,
    SummaryGet,
)

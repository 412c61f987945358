"""Request frames a client may send, one strict type per ``type``.

Unknown extra fields are ignored (clients may be newer than the hub); missing or wrongly
typed fields make the frame a ``bad_frame``. Text length is checked separately so that an
over-long message is answered ``too_large`` rather than ``bad_frame``.
"""

from typing import Annotated, Literal

import msgspec

from workstation.protocol.limits import MAX_ID_CHARS

RequestId = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_ID_CHARS)]
ObjectId = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Word = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")]
Seq = Annotated[int, msgspec.Meta(ge=0)]
Channel = Literal["chat", "sms", "phone", "email"]

CHANNELS: tuple[str, ...] = ("chat", "sms", "phone", "email")


class Request(msgspec.Struct, tag_field="type", kw_only=True):
    """Every request carries the ``id`` its answer will name in ``re``."""

    id: RequestId


# --- /v1/contact -------------------------------------------------------------------------


class Open(Request, tag="open"):
    channel: Channel
    lang: Annotated[str, msgspec.Meta(max_length=16)] | None = None
    # What the young person chose to tell before joining (the chat page), both optional.
    age_band: Literal["0-9", "10-12", "13-15", "16-17", "18+"] | None = None
    gender: Literal["girl", "boy", "other"] | None = None
    # The chat page's per-browser token (random, kept in the browser): the hub keeps only a
    # keyed hash of it, so that a shift lead can block an abusive browser (docs/care.md).
    browser: Annotated[str, msgspec.Meta(min_length=16, max_length=128)] | None = None
    # A "same counsellor again" code from an earlier conversation (docs/returning.md).
    code: Annotated[str, msgspec.Meta(max_length=40)] | None = None


class ContactSend(Request, tag="send"):
    text: str


class Leave(Request, tag="leave"):
    # "quick_exit": the chat page's quick exit; staff see a ``left_quickly`` event.
    reason: Literal["quick_exit"] | None = None


class Resume(Request, tag="resume"):
    resume_token: Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
    after: Seq = 0


class Feedback(Request, tag="feedback"):
    """Two optional, anonymous answers after the conversation ended (the chat page)."""

    helped: Literal["yes", "a_bit", "no"] | None = None
    again: Literal["yes", "maybe", "no"] | None = None


class CallbackRequest(Request, tag="callback"):
    """The chat page's "ring me instead": a phone number and when to call (docs/chat.md).

    Allowed with or without a conversation; the hub validates the number (``phonenumbers``,
    Norway when no country code is given) and keeps it only sealed.
    """

    number: Annotated[str, msgspec.Meta(min_length=1, max_length=32)]
    window: Literal["any", "08-12", "12-16", "16-20", "20-23"] = "any"
    # May the counsellor say who they are (and leave a message) if someone else answers?
    may_say_who: bool = False
    lang: Annotated[str, msgspec.Meta(max_length=16)] | None = None


class ReturnChoice(Request, tag="return_choice"):
    """The counsellor asked for by code cannot take the contact now: wait for them
    (``wait: true``) or go to the next counsellor (``wait: false``); docs/returning.md."""

    wait: bool


ContactRequest = (
    Open | ContactSend | Leave | Resume | Feedback | CallbackRequest | ReturnChoice
)


# --- /v1/staff ---------------------------------------------------------------------------


class Hello(Request, tag="hello"):
    user: Annotated[str, msgspec.Meta(min_length=1, max_length=64)] | None = None
    password: Annotated[str, msgspec.Meta(max_length=1024)] | None = None
    token: Annotated[str, msgspec.Meta(min_length=1, max_length=128)] | None = None


class Sync(Request, tag="sync"):
    after: dict[ObjectId, Seq] = {}


class Accept(Request, tag="accept"):
    conversation: ObjectId
    #: Take it although the counsellor's capacity is reached (after asking the person).
    over_capacity: bool = False


class StaffSend(Request, tag="send"):
    conversation: ObjectId
    text: str
    #: E-mail: the counsellor chose to sign the answer with their display name.
    sign: bool = False


class Note(Request, tag="note"):
    conversation: ObjectId
    text: str


class Flag(Request, tag="flag"):
    conversation: ObjectId
    flag: Word


class Close(Request, tag="close"):
    conversation: ObjectId
    reason: Word = "staff_closed"


class Presence(Request, tag="presence"):
    status: Literal["available", "away"]


#: The core staff frames; feature modules (``frames_*.py``) add theirs in ``staff_frames.py``.
CORE_STAFF_FRAMES: tuple[type[Request], ...] = (
    Hello, Sync, Accept, StaffSend, Note, Flag, Close, Presence
)

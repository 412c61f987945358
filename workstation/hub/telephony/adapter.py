"""The telephony adapter interface: what the hub needs from a phone system.

An adapter reports what happens on the network (a call offered, a caller hanging up, …) as
:class:`CallEvent` to the listener the hub attaches, and carries out what a counsellor does
(answer, hold, resume, hang up, transfer). The adapters are
:class:`~workstation.hub.telephony.simulated.SimulatedTelephony` (demo, tests) and
:class:`~workstation.hub.telephony.sip.SipTelephony` (real calls through baresip).
"""

from __future__ import annotations

import abc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

CallEventKind = Literal[
    "offered", "answered", "held", "resumed", "ended", "transferred", "key", "left"
]


class TelephonyError(Exception):
    """The phone system could not do it (e.g. the caller hung up meanwhile)."""


@dataclass(frozen=True, slots=True)
class CallEvent:
    """Something the phone system reports.

    Attributes:
        kind: ``offered``, ``answered``, ``held``, ``resumed``, ``ended``, ``transferred`` or
            ``key`` (the caller pressed a key: the phone menu, docs/returning.md).
        call: the adapter's id of the call.
        number: for ``offered`` only: the caller's number already masked
            (``+47 ** ** ** 12``), or ``None`` when withheld. Adapters mask before reporting,
            so a full number never reaches the hub.
        to_user: for ``transferred``: the user name the call went to.
        caller: for ``offered`` only: a keyed pseudonym of the caller's number
            (:meth:`~workstation.hub.keys.HubKeys.pseudonym`, purpose ``phone``) that tells a
            returning caller apart, or ``None`` (withheld, or an adapter without keys).
            The hub hashes it once more to block an abusive caller (docs/care.md).
        key: for ``key`` only: the key pressed (``0``-``9``, ``*``, ``#``). Keys are part of
            a return code: the hub never stores or logs them.
        party: for ``left`` only: a party of a listen-in or three-way call that hung up
            (``lead:<user>`` or ``outside:<id>``); the call goes on without it.
    """

    kind: CallEventKind
    call: str
    number: str | None = None
    to_user: str | None = None
    caller: str | None = None
    key: str | None = None
    party: str | None = None


CallListener = Callable[[CallEvent], Awaitable[None]]


class TelephonyAdapter(abc.ABC):
    """Attributes: listener: where network events go (set by :meth:`attach`)."""

    def __init__(self) -> None:
        self.listener: CallListener | None = None

    def attach(self, listener: CallListener) -> None:
        self.listener = listener

    async def report(self, event: CallEvent) -> None:
        """Hand a network event to the hub (awaits until the hub has stored it)."""
        if self.listener is None:
            raise TelephonyError("no hub is listening to this adapter")
        await self.listener(event)

    @property
    def address(self) -> str | None:
        """Where this phone system takes calls, the same after a restart (a SIP front's
        ``udp:HOST:PORT``), or ``None`` when it cannot say (several hubs: a hub that starts
        ends only the lost calls taken at its own address)."""
        return None

    async def start(self) -> None:
        """Begin taking calls (the hub calls it once its features have started)."""
        return None

    async def stop(self) -> None:
        """Stop taking calls; live calls end."""
        return None

    def has(self, call: str) -> bool:
        """Whether ``call`` is still live on this phone system. An adapter that cannot tell
        says yes; one that forgets its calls on a restart (SIP) says no for those."""
        return True

    async def refuse(self, call: str, text: str) -> None:
        """Answer a blocked caller with a recorded ``text`` and end the call. An adapter
        without recorded messages only hangs up (the default)."""
        await self.hangup(call)

    async def say(self, call: str, prompt: str) -> None:
        """Play the phone menu's recorded sentence ``prompt`` (a name in
        :data:`workstation.sip.prompts.PROMPTS`) to a waiting caller, who then hears the
        waiting audio again. An adapter without audio does nothing (the default)."""
        return None

    async def listen(self, call: str, user: str) -> str:
        """Ring ``user``'s desk softphone with the caller and the counsellor mixed, its
        microphone going nowhere; returns the party's name (``lead:<user>``)."""
        raise TelephonyError("this phone system cannot listen in")

    async def join(self, call: str, user: str) -> None:
        """Let a listening ``user`` be heard too: a three-way call."""
        raise TelephonyError("this phone system cannot join calls")

    async def add_outside(self, call: str, number: str) -> str:
        """Dial ``number`` (an outside party) into the call; returns the party's name."""
        raise TelephonyError("this phone system cannot add a party")

    async def drop_party(self, call: str, party: str) -> None:
        """Hang up one party of the call (the call goes on)."""
        raise TelephonyError("this phone system has no parties")

    @abc.abstractmethod
    async def answer(self, call: str, user: str) -> None:
        """Connect the call to ``user``'s desk."""

    @abc.abstractmethod
    async def hold(self, call: str) -> None: ...

    @abc.abstractmethod
    async def resume(self, call: str) -> None: ...

    @abc.abstractmethod
    async def hangup(self, call: str) -> None: ...

    @abc.abstractmethod
    async def transfer(self, call: str, to_user: str) -> None:
        """Connect the call to ``to_user``'s desk instead."""

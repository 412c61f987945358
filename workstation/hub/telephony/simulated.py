"""A phone system in memory: tests and the demo ring the hub with :meth:`SimulatedTelephony.ring`.

There is no audio. The adapter keeps the state of each call so that a wrong command (holding a
call that has ended) fails as a real exchange would.
"""

from __future__ import annotations

import secrets

from workstation.hub.telephony.adapter import CallEvent, TelephonyAdapter, TelephonyError
from workstation.hub.telephony.numbers import mask, thread_hash


class SimulatedTelephony(TelephonyAdapter):
    """Attributes: calls: the state of each call by id (``ringing``, ``connected``,
    ``held``, ``ended``); desk: whose desk each connected call is on."""

    def __init__(self, salt: bytes | None = None) -> None:
        super().__init__()
        self.calls: dict[str, str] = {}
        self.desk: dict[str, str] = {}
        #: The adapter's own key for caller hashes (never given to the hub).
        self.salt = salt if salt is not None else secrets.token_bytes(32)
        #: What a refused (blocked) caller heard, by call id.
        self.refused: dict[str, str] = {}
        #: The phone menu's sentences each caller heard, by call id.
        self.said: dict[str, list[str]] = {}
        #: The parties of each mixed call besides the caller and the desk: name → whether
        #: it is heard (a listener is not), by call id.
        self.parties: dict[str, dict[str, bool]] = {}

    # --- the caller's side ------------------------------------------------------------

    async def ring(self, number: str | None) -> str:
        """A caller rings from ``number`` (``None``: withheld); returns the call id once the
        hub has queued the call. Only the masked number leaves this method."""
        call = "t" + secrets.token_hex(8)
        self.calls[call] = "ringing"
        caller = thread_hash(number, self.salt) if number else None
        await self.report(CallEvent("offered", call, number=mask(number), caller=caller))
        return call

    async def press(self, call: str, keys: str) -> None:
        """The caller presses ``keys`` one after another (the phone menu)."""
        self._live(call)
        for key in keys:
            await self.report(CallEvent("key", call, key=key))

    async def caller_hangs_up(self, call: str) -> None:
        self._live(call)
        self.calls[call] = "ended"
        await self.report(CallEvent("ended", call))

    # --- the hub's commands -------------------------------------------------------------

    def _live(self, call: str) -> str:
        state = self.calls.get(call)
        if state is None or state == "ended":
            raise TelephonyError("the call has ended")
        return state

    async def say(self, call: str, prompt: str) -> None:
        self._live(call)
        self.said.setdefault(call, []).append(prompt)

    async def refuse(self, call: str, text: str) -> None:
        self._live(call)
        self.calls[call] = "ended"
        self.refused[call] = text

    async def answer(self, call: str, user: str) -> None:
        if self._live(call) != "ringing":
            raise TelephonyError("the call is already answered")
        self.calls[call], self.desk[call] = "connected", user

    async def hold(self, call: str) -> None:
        if self._live(call) != "connected":
            raise TelephonyError("the call is not connected")
        self.calls[call] = "held"

    async def resume(self, call: str) -> None:
        if self._live(call) != "held":
            raise TelephonyError("the call is not on hold")
        self.calls[call] = "connected"

    async def hangup(self, call: str) -> None:
        self._live(call)
        self.calls[call] = "ended"
        self.desk.pop(call, None)

    async def transfer(self, call: str, to_user: str) -> None:
        if self._live(call) == "ringing":
            raise TelephonyError("the call is not answered")
        self.desk[call] = to_user

    # --- listen-in and three-way ------------------------------------------------------------

    def _connected(self, call: str) -> dict[str, bool]:
        if self._live(call) != "connected":
            raise TelephonyError("the call is not connected")
        return self.parties.setdefault(call, {})

    async def listen(self, call: str, user: str) -> str:
        parties = self._connected(call)
        name = f"lead:{user}"
        if name in parties:
            raise TelephonyError("that desk is already in the call")
        parties[name] = False
        return name

    async def join(self, call: str, user: str) -> None:
        parties = self._connected(call)
        if f"lead:{user}" not in parties:
            raise TelephonyError("that desk is not listening")
        parties[f"lead:{user}"] = True

    async def add_outside(self, call: str, number: str) -> str:
        parties = self._connected(call)
        name = "outside:" + secrets.token_hex(4)
        parties[name] = True
        return name

    async def drop_party(self, call: str, party: str) -> None:
        self._live(call)
        if self.parties.get(call, {}).pop(party, None) is None:
            raise TelephonyError("no such party in the call")

    async def party_hangs_up(self, call: str, party: str) -> None:
        """A listening lead or an outside party hangs up their phone."""
        del self.parties[call][party]
        await self.report(CallEvent("left", call, party=party))

"""Requests on /v1/staff: hello, sync and the work on one conversation."""

from __future__ import annotations

from typing import Any

from workstation.hub.auth import Authenticator, token_hash
from workstation.hub.core import Hub
from workstation.hub.feature import Feature, Handler
from workstation.hub.idempotency import EVENT_KEYED, is_recorded, request_type
from workstation.hub.limits import LimitsFeature
from workstation.hub.peers import StaffPeer
from workstation.hub.roster import ROSTER_ROLES
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import (
    Accept,
    Close,
    Flag,
    Hello,
    Note,
    Presence,
    Request,
    StaffSend,
    Sync,
)
from workstation.protocol.frames_consult import Roster
from workstation.sessions.conversation import Conversation, Status
from workstation.sessions.events import Event, message_fields
from workstation.store import UserRecord
from workstation.store.records import PreconditionFailed

#: Requests only some roles need (everything else is checked where it is carried out).
ROLE_LIMITED: dict[type[Request], tuple[str, ...]] = {
    Presence: ROSTER_ROLES,
    Roster: ROSTER_ROLES,
}


class LoginRejected(Exception):
    """``hello`` failed: the connection is closed after the error is sent."""

    def __init__(self, error: ProtocolError, close_code: int) -> None:
        super().__init__(error.message)
        self.error = error
        self.close_code = close_code


class StaffApi:
    """Answers staff requests: the core ones here, the rest through the hub's features."""

    def __init__(self, hub: Hub, auth: Authenticator) -> None:
        self.hub = hub
        self.auth = auth
        self.extra: dict[type[Request], Handler] = {}

    def add_features(self, features: list[Feature]) -> None:
        self.hub.features = features
        for feature in features:
            self.extra.update(feature.handlers())

    async def handle(self, peer: StaffPeer, request: Request) -> None:
        if isinstance(request, Hello):
            await self.hello(peer, request)
            return
        user = peer.user
        if user is None or peer.signed_out:
            raise ProtocolError(
                ErrorCode.UNAUTHENTICATED, "Say hello with your user name first.", request.id
            )
        if not isinstance(request, Sync):
            peer.first_request()  # live events no longer wait for a sync
        roles = ROLE_LIMITED.get(type(request))
        if roles is not None and not any(role in user.roles for role in roles):
            raise ProtocolError(
                ErrorCode.FORBIDDEN, "Your role does not use this request.", request.id
            )
        if is_recorded(request):
            await self.hub.requests.run(
                "staff:" + user.name, peer, request, lambda: self._dispatch(peer, user, request)
            )
        elif request_type(request) in EVENT_KEYED:
            await self.hub.requests.run_event_keyed(
                "staff:" + user.name, getattr(request, "conversation", None), peer, request,
                lambda: self._dispatch(peer, user, request),
            )
        else:
            await self._dispatch(peer, user, request)

    async def _dispatch(self, peer: StaffPeer, user: UserRecord, request: Request) -> None:
        match request:
            case Sync():
                await self.sync(peer, user, request)
            case Accept():
                await self.accept(user, request)
            case StaffSend():
                await self.send(peer, user, request)
            case Note():
                await self.note(peer, user, request)
            case Flag():
                await self.flag(peer, user, request)
            case Close():
                await self.close(peer, user, request)
            case Presence():
                self.hub.presence[user.name] = request.status
                peer.push(ok(request.id, status=request.status))
                for feature in self.hub.features:
                    feature.on_presence(user.name, request.status)
            case _:
                handler = self.extra.get(type(request))
                if handler is None:  # a frame type no running feature answers
                    raise ProtocolError(
                        ErrorCode.BAD_FRAME, "This hub does not know that request type.",
                        request.id,
                    )
                await handler(peer, user, request)

    # --- hello and sync ---------------------------------------------------------------

    async def hello(self, peer: StaffPeer, request: Hello) -> None:
        if peer.user is not None:
            raise ProtocolError(ErrorCode.CONFLICT, "You are already logged in.", request.id)
        if request.token is None and (request.user is None or request.password is None):
            raise ProtocolError(
                ErrorCode.BAD_FRAME, "hello needs a user and a password, or a token.", request.id
            )
        counted = self.hub.feature(LimitsFeature).begin_login(peer.remote, request.user)
        if counted is None:
            raise LoginRejected(
                ProtocolError(
                    ErrorCode.RATE_LIMITED,
                    "Too many failed logins. Wait a minute before trying again.",
                    request.id,
                ),
                4429,
            )
        if request.token is not None:  # with a user too, the token must be that user's
            signed_in = await self.auth.with_token(request.token, request.user, peer.remote)
        else:
            assert request.user is not None and request.password is not None
            signed_in = await self.auth.with_password(
                request.user, request.password, peer.remote
            )
        if signed_in is None:
            raise LoginRejected(
                ProtocolError(
                    ErrorCode.UNAUTHENTICATED,
                    "The user name or password is wrong, or the session has expired.",
                    request.id,
                ),
                4401,
            )
        LimitsFeature.login_succeeded(counted)
        user, token = signed_in.user, signed_in.token
        peer.user = user
        peer.token_hash = token_hash(token)
        peer.session = signed_in.session
        peer.signed_in()  # before any live event can reach it
        self.hub.staff[user.name].add(peer)
        self.hub.presence.setdefault(user.name, "available")
        user_info = {"name": user.name, "display_name": user.display_name, "roles": user.roles}
        peer.push(ok(request.id, user=user_info, token=token))
        self.hub.send_queue_to(peer)
        for feature in self.hub.features:
            feature.on_staff_online(peer)

    async def sync(self, peer: StaffPeer, user: UserRecord, request: Sync) -> None:
        hub = self.hub
        wanted = {c.id for c in hub.visible_conversations(user.name)}
        wanted |= {
            cid for cid in request.after
            if cid in hub.conversations and hub.can_see(user.name, hub.conversations[cid])
        }
        # Live events are held from here (and, on a fresh connection, since hello) and follow
        # the backlog; what the desk says it has, or was sent on this connection, is not sent.
        peer.hold()
        peer.mark_sent({cid: seq for cid, seq in request.after.items() if cid in wanted})
        events: list[Event] = []
        try:
            for conv_id in sorted(wanted):
                events += await hub.store.events_after(conv_id, request.after.get(conv_id, 0))
        finally:
            await hub.send_backlog([peer], events, contact=False)
            peer.first_request()
        peer.push(ok(request.id, conversations=sorted(wanted)))

    # --- one conversation ---------------------------------------------------------------

    def assigned(self, user: UserRecord, conv_id: str, request_id: str) -> Conversation:
        """The conversation, when ``user`` is its assigned counsellor; otherwise ``forbidden``
        with a sentence. Features check a request's right to act on a conversation here."""
        conv = self.hub.conversations.get(conv_id)
        if conv is None or not self.hub.can_see(user.name, conv):
            raise ProtocolError(
                ErrorCode.FORBIDDEN, "You do not have access to that conversation.", request_id
            )
        if conv.assigned_user != user.name:
            raise ProtocolError(
                ErrorCode.FORBIDDEN,
                "Only the counsellor assigned to the conversation may do that.",
                request_id,
            )
        return conv

    def contributor(self, user: UserRecord, conv_id: str, request_id: str) -> Conversation:
        """The assigned counsellor or a joined consultant (notes and flags)."""
        conv = self.hub.conversations.get(conv_id)
        if conv is not None and any(f.may_contribute(user.name, conv) for f in self.hub.features):
            return conv
        return self.assigned(user, conv_id, request_id)

    async def accept(self, user: UserRecord, request: Accept) -> None:
        hub = self.hub
        if "counsellor" not in user.roles:
            raise ProtocolError(
                ErrorCode.FORBIDDEN, "Only counsellors can take contacts.", request.id
            )
        conv = hub.conversations.get(request.conversation)
        if conv is None:
            raise ProtocolError(ErrorCode.NOT_FOUND, "No such waiting contact.", request.id)
        if conv.status is not Status.QUEUED:
            raise ProtocolError(
                ErrorCode.CONFLICT, "Someone else has already taken this contact.", request.id
            )
        for feature in hub.features:
            feature.check_accept(user, conv, request)
        peers = list(hub.staff.get(user.name, ()))
        for peer in peers:
            peer.hold()
        conv.status, conv.assigned_user = Status.ASSIGNED, user.name
        hub.dequeue(conv.id)
        events: list[Event] = []
        try:
            result = await hub.store.append(
                conv.id,
                "assigned",
                {"counsellor": user.display_name, "user": user.name},
                hub.on_event,
                update={
                    "status": Status.ASSIGNED.value,
                    "assigned_user": user.name,
                    "assigned_at": hub.now(),
                },
                expect={"status": Status.QUEUED.value},  # another hub may have taken it
            )
            conv.assigned_at = result.event.at
            events = await hub.store.events_after(conv.id, 0)
        except PreconditionFailed as taken:
            # Taken (or closed) through another hub first: its event is on its way here.
            if conv.assigned_user == user.name:  # not yet replaced by the winner's event
                conv.status = Status(taken.found.get("status") or Status.CLOSED.value)
                conv.assigned_user = None
            raise ProtocolError(
                ErrorCode.CONFLICT, "Someone else has already taken this contact.", request.id
            ) from None
        except Exception:
            conv.status, conv.assigned_user = Status.QUEUED, None
            hub.undo_close(conv, Status.QUEUED)
            raise
        finally:
            await hub.send_backlog(peers, events, contact=False)
        hub.push_to_user(user.name, ok(request.id, conversation=conv.id, seq=result.event.seq))

    async def send(self, peer: StaffPeer, user: UserRecord, request: StaffSend) -> None:
        conv = self.assigned(user, request.conversation, request.id)
        fields = message_fields(
            "staff", request.text, request.id, author=user.display_name, user=user.name
        )
        if request.sign:
            fields["signed"] = True
        seq = await self.append(conv, "message", fields, user, request.id)
        peer.push(ok(request.id, seq=seq))

    async def note(self, peer: StaffPeer, user: UserRecord, request: Note) -> None:
        conv = self.contributor(user, request.conversation, request.id)
        fields = {"text": request.text, "author": user.display_name, "user": user.name}
        seq = await self.append(conv, "note", fields, user, request.id)
        peer.push(ok(request.id, seq=seq))

    async def flag(self, peer: StaffPeer, user: UserRecord, request: Flag) -> None:
        conv = self.contributor(user, request.conversation, request.id)
        conv.flags.add(request.flag)
        fields = {"flag": request.flag, "author": user.display_name, "user": user.name}
        seq = await self.append(
            conv, "flagged", fields, user, request.id, {"flags": _json_list(conv.flags)}
        )
        peer.push(ok(request.id, seq=seq))

    async def close(self, peer: StaffPeer, user: UserRecord, request: Close) -> None:
        conv = self.assigned(user, request.conversation, request.id)
        closed = await self.hub.close(conv, request.reason)
        peer.push(ok(request.id, seq=closed.seq))

    async def append(
        self,
        conv: Conversation,
        kind: str,
        fields: dict[str, Any],
        user: UserRecord,
        request_id: str,
        update: dict[str, Any] | None = None,
        expect: dict[str, Any] | None = None,
    ) -> int:
        result = await self.hub.store.append(
            conv.id,
            kind,
            fields,
            self.hub.on_event,
            sender="staff:" + user.name,
            client_id=request_id,
            update=update,
            expect=expect,
        )
        return result.event.seq


def _json_list(values: set[str]) -> str:
    import json

    return json.dumps(sorted(values))

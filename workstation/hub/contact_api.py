"""Requests on /v1/contact: a young person opens, writes, leaves or resumes."""

from __future__ import annotations

import secrets

from workstation.hub.auth import token_hash
from workstation.hub.blocks import BlockFeature
from workstation.hub.core import Hub, new_id
from workstation.hub.limits import LimitsFeature
from workstation.hub.peers import ContactPeer
from workstation.hub.returning.feature import ReturnFeature
from workstation.hub.webchat.callback import CallbackFeature
from workstation.protocol import ErrorCode, ProtocolError, ok
from workstation.protocol.frames import (
    CallbackRequest,
    ContactRequest,
    ContactSend,
    Feedback,
    Leave,
    Open,
    Resume,
    ReturnChoice,
)
from workstation.sessions.conversation import Conversation, Status
from workstation.sessions.events import message_fields


async def handle_contact(hub: Hub, peer: ContactPeer, request: ContactRequest) -> None:
    match request:
        case Open():
            await _open(hub, peer, request)
        case Resume():
            await _resume(hub, peer, request)
        case ContactSend():
            await hub.requests.run_event_keyed(
                "contact", peer.conversation, peer, request, lambda: _send(hub, peer, request)
            )
        case Leave():
            conv_id = peer.conversation or ""
            await hub.requests.run(
                "contact:" + conv_id, peer, request, lambda: _leave(hub, peer, request)
            )
        case CallbackRequest():  # with or without a conversation: see docs/chat.md
            await hub.feature(CallbackFeature).request(peer, request)
        case ReturnChoice():
            await hub.feature(ReturnFeature).choose(peer, request)
        case Feedback():
            conv_id = peer.conversation or ""
            await hub.requests.run(
                "contact:" + conv_id, peer, request, lambda: _feedback(hub, peer, request)
            )


def _own_conversation(hub: Hub, peer: ContactPeer, request_id: str) -> Conversation:
    if peer.conversation is None:
        raise ProtocolError(
            ErrorCode.UNAUTHENTICATED, "Open or resume a conversation first.", request_id
        )
    conv = hub.conversations.get(peer.conversation)
    if conv is None or conv.status is Status.CLOSED:
        raise ProtocolError(
            ErrorCode.CONFLICT, "This conversation is closed; it can be read, not written to.",
            request_id,
        )
    return conv


async def _open(hub: Hub, peer: ContactPeer, request: Open) -> None:
    if peer.conversation is not None:
        raise ProtocolError(
            ErrorCode.CONFLICT, "This connection already has a conversation.", request.id
        )
    hub.feature(LimitsFeature).check_open(request.channel, peer.remote, request.id)
    blocks = hub.feature(BlockFeature)
    refused = await blocks.refuse("browser", request.browser)
    if refused is not None:  # kindly, and never into the queue (docs/care.md)
        peer.push(ok(request.id, blocked=True, text=refused.text, service=refused.service))
        return
    token = secrets.token_urlsafe(24)
    conv = Conversation(id=new_id("c"), channel=request.channel, created_at=hub.now())
    opened = await hub.store.create_conversation(
        conv, token_hash(token), request.lang, hub.on_event
    )
    await blocks.remember(conv.id, "browser", request.browser)
    conv.created_at = opened.at
    if request.code is not None:  # nobody takes her before the code has said for whom
        hub.routing.add(conv.id)
    position = hub.enqueue(conv)
    peer.conversation = conv.id
    try:
        await _describe(hub, conv, request)
        answer = ok(request.id, conversation=conv.id, resume_token=token, position=position)
        if request.code is not None:  # "same counsellor again": docs/returning.md
            answer["returning"] = await hub.feature(ReturnFeature).arrived(
                conv, request.code, peer.remote
            )
    finally:
        if conv.id in hub.routing:  # not read (an error): she waits like anyone else
            hub.routing.discard(conv.id)
            hub.queue_changed()
    peer.push(answer)
    hub.contacts[conv.id].add(peer)
    peer.push(opened.for_contact() or {})


async def _describe(hub: Hub, conv: Conversation, request: Open) -> None:
    """What the young person chose to tell before joining, as a staff-only event."""
    about = {"age_band": request.age_band, "gender": request.gender}
    if any(about.values()):
        await hub.store.append(conv.id, "described", about, hub.on_event)


async def _resume(hub: Hub, peer: ContactPeer, request: Resume) -> None:
    if peer.conversation is not None:
        raise ProtocolError(
            ErrorCode.CONFLICT, "This connection already has a conversation.", request.id
        )
    conv = await hub.store.conversation_by_token(token_hash(request.resume_token))
    if conv is None:
        raise ProtocolError(
            ErrorCode.NOT_FOUND, "No conversation matches that resume token.", request.id
        )
    peer.conversation = conv.id
    peer.hold()
    hub.contacts[conv.id].add(peer)
    answer = ok(request.id, conversation=conv.id)
    position = hub.position(conv.id)
    if position is not None:
        answer["position"] = position
    peer.push(answer)
    events = await hub.store.events_after(conv.id, request.after)
    await hub.send_backlog([peer], events, contact=True)


async def _send(hub: Hub, peer: ContactPeer, request: ContactSend) -> None:
    conv = _own_conversation(hub, peer, request.id)
    hub.feature(LimitsFeature).check_send(conv.id, request.id)
    result = await hub.store.append(
        conv.id,
        "message",
        message_fields("contact", request.text, request.id),
        hub.on_event,
        sender="contact",
        client_id=request.id,
    )
    peer.push(ok(request.id, seq=result.event.seq))


async def _leave(hub: Hub, peer: ContactPeer, request: Leave) -> None:
    conv = _own_conversation(hub, peer, request.id)
    if request.reason == "quick_exit":
        await hub.store.append(conv.id, "left_quickly", {}, hub.on_event)
    closed = await hub.close(conv, "contact_left")
    peer.push(ok(request.id, seq=closed.seq))


async def _feedback(hub: Hub, peer: ContactPeer, request: Feedback) -> None:
    """Once per conversation, after it ended: a staff-only ``feedback`` event."""
    if peer.conversation is None:
        raise ProtocolError(
            ErrorCode.UNAUTHENTICATED, "Open or resume a conversation first.", request.id
        )
    conv = hub.conversations.get(peer.conversation)
    if conv is not None and conv.status is not Status.CLOSED:
        raise ProtocolError(
            ErrorCode.CONFLICT, "Feedback is given after the conversation ended.", request.id
        )
    events = await hub.store.events_after(peer.conversation, 0)
    if any(event.kind == "feedback" for event in events):
        raise ProtocolError(
            ErrorCode.CONFLICT, "Feedback was given for this conversation already.", request.id
        )
    fields = {"helped": request.helped, "again": request.again}
    result = await hub.store.append(peer.conversation, "feedback", fields, hub.on_event)
    peer.push(ok(request.id, seq=result.event.seq))

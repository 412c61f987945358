"""Opening and closing conversations that have no contact connection (calls, SMS)."""

from __future__ import annotations

import secrets
from typing import Any

from workstation.hub.auth import token_hash
from workstation.hub.core import Hub, new_id
from workstation.sessions.conversation import Conversation
from workstation.sessions.events import Event


def new_conversation(hub: Hub, channel: str) -> Conversation:
    """A conversation object to register before :func:`create` (so hooks can know it)."""
    return Conversation(id=new_id("c"), channel=channel, created_at=hub.now())


async def create(hub: Hub, conv: Conversation) -> Event:
    """Store ``conv`` and its ``opened`` event; it is not queued yet (see ``hub.enqueue``).

    The resume token is random and never handed out: nobody resumes it over /v1/contact.
    """
    opened = await hub.store.create_conversation(
        conv, token_hash(secrets.token_urlsafe(24)), None, hub.on_event
    )
    conv.created_at = opened.at
    return opened


async def append(hub: Hub, conv_id: str, kind: str, fields: dict[str, Any]) -> Event:
    result = await hub.store.append(conv_id, kind, fields, hub.on_event)
    return result.event

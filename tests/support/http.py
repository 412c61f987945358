"""Plain HTTP GETs against the hub's port, as a monitoring system makes them (no proxy)."""

from __future__ import annotations

import asyncio
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass


@dataclass
class Reply:
    status: int
    content_type: str
    body: str


def get(url: str, context: ssl.SSLContext | None = None) -> Reply:
    handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]
    if context is not None:
        handlers.append(urllib.request.HTTPSHandler(context=context))
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(url, timeout=10) as reply:
            return Reply(reply.status, reply.headers.get("Content-Type", ""), reply.read().decode())
    except urllib.error.HTTPError as refused:
        with refused:
            return Reply(refused.code, refused.headers.get("Content-Type", ""),
                         refused.read().decode())


async def aget(url: str, context: ssl.SSLContext | None = None) -> Reply:
    """:func:`get` off the event loop (the hub answering it runs on the loop)."""
    return await asyncio.to_thread(get, url, context)


def http_url(ws_url: str, path: str) -> str:
    """``ws://h:p`` to ``http://h:p/path`` (``wss`` to ``https``)."""
    return ws_url.replace("ws", "http", 1) + path

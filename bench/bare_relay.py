"""A bare WebSocket relay with the hub's paths and frame shapes, and no storage.

The baseline for ``bench/hub_load.py``: ``/v1/contact`` (``open``, ``send``) and ``/v1/staff``
(``hello``, ``accept``, ``send``) answer ``ok`` and push the same ``event`` frames as the hub,
routed the same way (a contact's message goes to the contact and to the counsellor holding
the conversation). There is no validation beyond ``json.loads``, no authentication, no
database and no queue push. Frames are written with ``broadcast`` like the hub's peers.

    python bench/bare_relay.py [--host 127.0.0.1] [--port 0]

prints ``listening on ws://H:P`` when ready; SIGTERM stops it.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import secrets
import signal
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any

from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

PATHS = ("/v1/contact", "/v1/staff")
_dumps = json.JSONEncoder(separators=(",", ":")).encode
_conv_ids = itertools.count(1)


def _now() -> str:
    moment = datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class _Conversation:
    __slots__ = ("id", "seq", "contacts", "staff")

    def __init__(self, conv_id: str) -> None:
        self.id = conv_id
        self.seq = 0
        self.contacts: set[ServerConnection] = set()
        self.staff: ServerConnection | None = None


class Relay:
    def __init__(self) -> None:
        self.conversations: dict[str, _Conversation] = {}
        self.queue: list[str] = []

    def emit(self, conv: _Conversation, kind: str, fields: dict[str, Any]) -> int:
        conv.seq += 1
        frame = {
            "type": "event", "conversation": conv.id, "seq": conv.seq, "at": _now(),
            "kind": kind, **fields,
        }
        targets = list(conv.contacts)
        if conv.staff is not None:
            targets.append(conv.staff)
        broadcast(targets, _dumps(frame))
        return conv.seq

    async def handle(self, ws: ServerConnection) -> None:
        path = ws.request.path if ws.request else ""
        if path == "/v1/contact":
            await self._contact(ws)
        else:
            await self._staff(ws)

    async def _contact(self, ws: ServerConnection) -> None:
        conv: _Conversation | None = None
        try:
            async for raw in ws:
                frame = json.loads(raw)
                kind, rid = frame.get("type"), frame.get("id")
                if kind == "open" and conv is None:
                    conv = _Conversation(f"c{next(_conv_ids):06d}")
                    conv.contacts.add(ws)
                    self.conversations[conv.id] = conv
                    self.queue.append(conv.id)
                    _push(ws, {"type": "ok", "re": rid, "conversation": conv.id,
                               "resume_token": secrets.token_urlsafe(24),
                               "position": len(self.queue)})
                    self.emit(conv, "opened", {"channel": frame.get("channel")})
                elif kind == "send" and conv is not None:
                    seq = self.emit(conv, "message", {"from": "contact", "text": frame.get("text"),
                                                      "client_id": rid})
                    _push(ws, {"type": "ok", "re": rid, "seq": seq})
                else:
                    _push(ws, _error(rid, "bad_frame"))
        except ConnectionClosed:
            pass
        finally:
            if conv is not None:
                conv.contacts.discard(ws)

    async def _staff(self, ws: ServerConnection) -> None:
        user: str | None = None
        try:
            async for raw in ws:
                frame = json.loads(raw)
                kind, rid = frame.get("type"), frame.get("id")
                if kind == "hello":
                    user = str(frame.get("user"))
                    info = {"name": user, "display_name": user, "roles": ["counsellor"]}
                    _push(ws, {"type": "ok", "re": rid, "user": info,
                               "token": secrets.token_urlsafe(32)})
                    continue
                conv = self.conversations.get(str(frame.get("conversation")))
                if user is None or conv is None:
                    _push(ws, _error(rid, "forbidden"))
                elif kind == "accept":
                    if conv.id in self.queue:
                        self.queue.remove(conv.id)
                    conv.staff = ws
                    seq = self.emit(conv, "assigned", {"counsellor": user, "user": user})
                    _push(ws, {"type": "ok", "re": rid, "conversation": conv.id, "seq": seq})
                elif kind == "send" and conv.staff is ws:
                    seq = self.emit(conv, "message", {"from": "staff", "text": frame.get("text"),
                                                      "client_id": rid, "author": user})
                    _push(ws, {"type": "ok", "re": rid, "seq": seq})
                else:
                    _push(ws, _error(rid, "bad_frame"))
        except ConnectionClosed:
            pass
        finally:
            for conv in self.conversations.values():
                if conv.staff is ws:
                    conv.staff = None


def _push(ws: ServerConnection, frame: dict[str, Any]) -> None:
    broadcast([ws], _dumps(frame))


def _error(rid: Any, code: str) -> dict[str, Any]:
    return {"type": "error", "re": rid, "code": code, "message": "Not supported by the relay."}


def _check_path(connection: ServerConnection, request: Request) -> Response | None:
    if request.path in PATHS:
        return None
    return connection.respond(HTTPStatus.NOT_FOUND, "Unknown path.\n")


async def main(host: str, port: int) -> None:
    relay = Relay()
    async with serve(relay.handle, host, port, process_request=_check_path,
                     max_size=64 * 1024, compression=None) as server:
        bound = next(iter(server.sockets)).getsockname()
        print(f"listening on ws://{host}:{bound[1]}", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    asyncio.run(main(args.host, args.port))

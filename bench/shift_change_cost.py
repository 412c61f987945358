"""What a shift change costs the hub's event loop, in-process, with sockets that only count.

    .venv/bin/python bench/shift_change_cost.py [--staff 200] [--assigned 1000] [--waiting 1000]

A hub on a fresh database holds ``--assigned`` conversations (spread over the counsellors)
and ``--waiting`` young people in the queue. Then ``--staff`` counsellors sign in, one every
``--pace-ms`` (what ``hello`` does after the password check: the queue push, every feature's
hook, the gathered roster pushes), and the first ``--taken`` waiting are taken from the front
of the queue at once (everyone behind is told a new position). Sockets are replaced by
counters (frames, bytes), so the figures are the hub's own work: the main thread's CPU time
and the longest single callback, which is what a young person's message waits for. Run it
against two checkouts (``PYTHONPATH``) to compare. Not part of the test run.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import REPO

sys.path.insert(0, str(REPO))

from workstation.hub.peers import ContactPeer, Peer, StaffPeer  # noqa: E402
from workstation.hub.server import HubServer  # noqa: E402
from workstation.sessions.conversation import Conversation, Status  # noqa: E402
from workstation.store import UserRecord, open_store  # noqa: E402

sent = {"frames": 0, "bytes": 0}
longest = [0.0]
_run = asyncio.events.Handle._run


def _count(self: Peer, text: str) -> None:
    sent["frames"] += 1
    sent["bytes"] += len(text)


def _timed(self: asyncio.events.Handle) -> None:
    began = time.perf_counter()
    _run(self)
    longest[0] = max(longest[0], time.perf_counter() - began)


class _Socket:
    remote_address = ("127.0.0.1", 1)
    close_code = None
    transport = None


def _reset() -> None:
    sent["frames"] = sent["bytes"] = 0
    longest[0] = 0.0


async def _measure(label: str, work: Any) -> None:
    _reset()
    cpu = time.thread_time()
    await work()
    await asyncio.sleep(0.3)  # whatever was gathered goes out
    cpu_ms = (time.thread_time() - cpu) * 1000
    print(f"| {label} | {cpu_ms:.0f} ms | {longest[0] * 1000:.1f} ms | {sent['frames']:,} |"
          f" {sent['bytes'] / 1e6:.1f} MB |", flush=True)


async def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = HubServer(open_store(Path(folder) / "hub.sqlite3"))
        await server.start()
        hub = server.hub
        names = [f"veileder{n:03d}" for n in range(args.staff)]
        for n in range(args.assigned):
            conv = Conversation(f"a{n}", "chat", "2026-12-05T00:00:00Z", Status.ASSIGNED,
                                names[n % len(names)])
            hub.conversations[conv.id] = conv
        for n in range(args.waiting):
            conv = Conversation(f"q{n}", "chat", f"2026-12-05T00:{n // 60 % 60:02d}:{n % 60:02d}Z")
            hub.conversations[conv.id] = conv
            hub.queue.append(conv.id)
            contact = ContactPeer(_Socket())  # type: ignore[arg-type]
            contact.conversation = conv.id
            hub.contacts[conv.id].add(contact)
        hub.queue_changed()
        await asyncio.sleep(0.1)

        async def sign_ins() -> None:
            for name in names:
                peer = StaffPeer(_Socket())  # type: ignore[arg-type]
                peer.user = UserRecord(name, name.capitalize(), ("counsellor",), "")
                peer.signed_in()
                hub.staff[name].add(peer)
                hub.presence.setdefault(name, "available")
                hub.send_queue_to(peer)
                for feature in hub.features:
                    feature.on_staff_online(peer)
                peer.first_request()
                await asyncio.sleep(args.pace_ms / 1000)

        async def front_taken() -> None:
            for conv_id in list(hub.queue[: args.taken]):
                hub.conversations[conv_id].status = Status.ASSIGNED
                hub.dequeue(conv_id)

        print(f"{args.staff} counsellors, {args.assigned} assigned, {args.waiting} waiting")
        print("| | loop CPU | longest callback | frames | bytes |")
        print("|---|---|---|---|---|")
        await _measure(f"{args.staff} sign-ins, one every {args.pace_ms:g} ms", sign_ins)
        await _measure(f"{args.taken} taken from the front", front_taken)
        await server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=200)
    parser.add_argument("--assigned", type=int, default=1000)
    parser.add_argument("--waiting", type=int, default=1000)
    parser.add_argument("--taken", type=int, default=5)
    parser.add_argument("--pace-ms", type=float, default=10.0)
    args = parser.parse_args()
    Peer._write = _count  # type: ignore[method-assign]
    asyncio.events.Handle._run = _timed  # type: ignore[method-assign]
    asyncio.run(run(args))


if __name__ == "__main__":
    main()

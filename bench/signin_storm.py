"""Young people's latency and hub memory while 200 sign-ins arrive at once.

    .venv/bin/python bench/signin_storm.py [--contacts 20] [--signins 200] [--rounds 2]
        [--logins-per-address N] [--hub-launcher bench/_hub_stalls.py]

A served hub on a fresh database (limits against young people lifted: everything comes from
this machine; the sign-in limits stay as configured) with ``--signins`` staff accounts. Each of
``--contacts`` young people sends a message every 250 ms and times it from ``send`` to its
``ok``. Three phases of the same length: **quiet** (only the young people), **right** (every
account signs in at once with its right password: a shift change) and **wrong** (the same
number of sign-ins at once with a wrong password for one account from one address: a guesser).
Prints, per phase, the young people's round-trip p50 / p99 / max, the p99 against the quiet
phase before it (a ratio that holds better than milliseconds on a machine others load too),
the hub's peak resident memory and how the sign-ins were answered. ``--logins-per-address 0``
lifts the per-address sign-in limit, so that every right sign-in is checked and succeeds (an
office's desks behind one address); by default it stays as shipped. Not part of the test run.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from _common import REPO, ServerProcess, percentile, rss_mb, served_hub
from websockets.asyncio.client import ClientConnection, connect

PASSWORD = "bench passord for innlogging"
_ids = itertools.count()


class Contact:
    """One young person on its own socket, timing each message until its ``ok``."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.sent: dict[str, float] = {}
        self.rtts: list[float] = []

    async def read(self) -> None:
        async for raw in self.ws:
            frame = json.loads(raw)
            began = self.sent.pop(str(frame.get("re")), None)
            if began is not None:
                self.rtts.append((time.perf_counter() - began) * 1000)

    async def write(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            request = f"m{next(_ids)}"
            self.sent[request] = time.perf_counter()
            await self.ws.send(json.dumps({"type": "send", "id": request, "text": "hei"}))
            await asyncio.sleep(0.25)


async def open_contact(url: str) -> Contact:
    ws = await connect(url + "/v1/contact")
    await ws.send(json.dumps({"type": "open", "id": "o", "channel": "chat"}))
    while json.loads(await ws.recv()).get("re") != "o":
        pass
    return Contact(ws)


async def sign_in(url: str, user: str, password: str) -> str:
    """One sign-in on its own socket: ``ok``, or the error code the hub answered."""
    try:
        async with connect(url + "/v1/staff", open_timeout=60) as ws:
            await ws.send(json.dumps({"type": "hello", "id": "h", "user": user,
                                      "password": password}))
            while True:
                frame = json.loads(await asyncio.wait_for(ws.recv(), 60))
                if frame.get("re") == "h":
                    return "ok" if frame["type"] == "ok" else str(frame.get("code"))
    except Exception as error:  # a refused or closed socket is an answer too
        return type(error).__name__


async def phase(name: str, server: ServerProcess, contacts: list[Contact], seconds: float,
                storm: list[tuple[str, str]], quiet_p99: float | None = None) -> float:
    for contact in contacts:
        contact.rtts.clear()
    stop = asyncio.Event()
    writers = [asyncio.create_task(c.write(stop)) for c in contacts]
    peak = rss_mb(server.pid)
    began = time.monotonic()
    answers: Counter[str] = Counter()
    storm_s = 0.0
    if storm:  # from a process of its own, so its sockets do not slow the young people's loop
        started = time.perf_counter()
        child = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--storm", server.url,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
        task = asyncio.ensure_future(child.communicate(json.dumps(storm).encode()))
        while not task.done():
            peak = max(peak, rss_mb(server.pid))
            await asyncio.sleep(0.1)
        answers.update(json.loads((await task)[0]))
        storm_s = time.perf_counter() - started
    while time.monotonic() - began < seconds:
        peak = max(peak, rss_mb(server.pid))
        await asyncio.sleep(0.1)
    stop.set()
    await asyncio.gather(*writers)
    rtts = [r for c in contacts for r in c.rtts]
    answered = ", ".join(f"{k} {v}" for k, v in sorted(answers.items())) or "-"
    p99 = percentile(rtts, 99)
    ratio = f"{p99 / quiet_p99:.1f}" if quiet_p99 else "1"
    print(f"| {name} | {len(rtts)} | {percentile(rtts, 50):.1f} ms | {p99:.1f} ms | {ratio}"
          f" | {max(rtts):.1f} ms | {peak:.0f} MB | {storm_s:.1f} s | {answered} |", flush=True)
    return p99


async def run(server: ServerProcess, args: argparse.Namespace, users: list[str]) -> None:
    contacts = await asyncio.gather(*(open_contact(server.url) for _ in range(args.contacts)))
    readers = [asyncio.create_task(c.read()) for c in contacts]
    print(f"hub at start: {rss_mb(server.pid):.0f} MB")
    print("| phase | messages | p50 | p99 | p99 / quiet | max | hub RSS peak | sign-ins took"
          " | answers |")
    print("|---|---|---|---|---|---|---|---|---|")
    for round_ in range(args.rounds):
        quiet = await phase(f"quiet {round_ + 1}", server, contacts, args.seconds, [])
        await phase(f"{len(users)} right {round_ + 1}", server, contacts, args.seconds,
                    [(user, PASSWORD) for user in users], quiet)
        await phase(f"{len(users)} wrong {round_ + 1}", server, contacts, args.seconds,
                    [(users[0], f"feil passord {n}") for n in range(len(users))], quiet)
    print(f"hub at the end: {rss_mb(server.pid):.0f} MB")
    for contact in contacts:
        await contact.ws.close()
    await asyncio.gather(*readers, return_exceptions=True)


async def storm(url: str) -> None:
    """The child process: sign in as every (user, password) on stdin at once; print answers."""
    pairs = json.loads(sys.stdin.read())
    answers = await asyncio.gather(*(sign_in(url, user, password) for user, password in pairs))
    print(json.dumps(answers))


def main() -> None:
    if sys.argv[1:2] == ["--storm"]:
        asyncio.run(storm(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=20)
    parser.add_argument("--signins", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each phase")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--logins-per-address", type=float, default=None, metavar="N",
                        help="the hub's --login-failures-per-address (0: no limit; default:"
                        " as shipped)")
    parser.add_argument("--hub-launcher", type=Path, default=None,
                        help="a Python script run instead of `-m workstation.hub.cli` with the"
                        " same arguments (bench/_hub_stalls.py: what holds the hub's loop)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from workstation.store import open_store

    users = [f"veileder{n:03d}" for n in range(args.signins)]
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "hub.sqlite3"
        store = open_store(db)
        store.add_user(users[0], PASSWORD, ["counsellor"], users[0].capitalize())
        store.close_blocking()
        with sqlite3.connect(db) as conn:  # the others with the same hash: no Argon2 minutes
            conn.executemany(
                "INSERT INTO users (name, display_name, roles, password_hash, created_at,"
                " disabled) SELECT ?, ?, roles, password_hash, created_at, 0 FROM users"
                " WHERE name = ?", [(user, user.capitalize(), users[0]) for user in users[1:]])
        conn.close()
        options = [] if args.logins_per_address is None else [
            "--login-failures-per-address", f"{args.logins_per_address:g}"]
        server = served_hub(db, Path(folder), *options, launcher=args.hub_launcher)
        server.start()
        try:
            asyncio.run(run(server, args, users))
        finally:
            server.stop()


if __name__ == "__main__":
    main()

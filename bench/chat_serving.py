"""The hub carrying chats while it serves the chat page: does serving the page slow the chats?

    .venv/bin/python bench/chat_serving.py [--contacts 1000] [--writers 200] [--loads 100]
        [--phase-s 20] [--rounds 2] [--warm] [--control] [--pin] [--netns] [--idle-loader]
        [--page-process spare|spare-idle|beside]

Issue 14's figure. One served hub (``workstation-hub serve``, abuse limits off, fresh database),
one generator process (this one): C young people open chats and stay connected, S counsellors
accept them round-robin, and W of the young people write one message a second each (staggered).
Latency is from a young person's ``send`` to the counsellor's receipt of the ``message`` event
(one clock: both ends live here). The run alternates phases of ``--phase-s`` seconds, *quiet*
(chats only) and *pages* (chats, and a second process loading the chat page ``--loads`` times a
second), ``--rounds`` times, so the two are compared within one hub process and one run. A page
load is what a browser with an empty cache fetches: ``/chat`` and every versioned file it
references, gzip, on kept-alive connections as a browser opens them, and ``/chat/status`` when
the page does not carry the status (``--warm``: the page revalidated with its ETag, 304 — a
returning visitor). The first 2 s of
each phase are not counted. Targets: p99 <= 25 ms with page loads, and page loads raise the p99
by at most 20 % against the quiet phases. ``--control`` adds a third phase to each round, the
same page loads sent to a second hub process instead: what the machine's other work (the loader,
its connections' kernel work) costs the chats even when this hub serves no page. Exits 1 on a
miss. Not part of the test run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from _common import (
    REPO,
    machine_busy_seconds,
    machine_info,
    percentile,
    process_cpu_seconds,
    served_hub,
)
from hub_load import PASSWORD, Link, _message, make_hub_db
from websockets.asyncio.client import connect

sys.path.insert(0, str(REPO))

P99_TARGET_MS = 25.0
RAISE_TARGET = 1.20
WARMUP_S = 2.0
HERE = Path(__file__).resolve()
#: Where the page loader finds the hub: loopback, or the hub's end of the veth pair (--netns).
TARGET = {"host": "127.0.0.1"}
NETNS, HUB_SIDE, LOADER_SIDE = "chatbench", "10.77.0.1", "10.77.0.2"
#: ``serve`` refuses plain ws:// on an address other machines reach (hub/tls.py); the bench's
#: veth pair reaches only the loader's namespace on this machine, so for --netns the hub runs
#: through this launcher, which lifts that one check and changes nothing else.
PLAIN_ON_VETH = """import sys
import workstation.hub.cli as cli
cli.plain_bind_problem = lambda host, tls: None
sys.exit(cli.main())
"""


# --- the page loader (a process of its own) -------------------------------------------------


async def _get(port: int, path: str, headers: str = "") -> tuple[int, bytes]:
    """One GET on a fresh connection, read to the end (the hub closes after answering)."""
    reader, writer = await asyncio.open_connection(TARGET["host"], port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {TARGET['host']}:{port}\r\n"
                 f"Accept-Encoding: gzip\r\n{headers}\r\n".encode())
    data = await reader.read()
    writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else 0
    return status, data


async def _page_paths(port: int) -> tuple[list[str], str]:
    """Every path a cold page load fetches, and the page's ETag."""
    sys.path.insert(0, str(REPO))
    from tests.e2e.test_chat_page_http import whole_page

    class _Port:
        def __init__(self, port: int) -> None:
            self.port = port

    got = await whole_page(_Port(port), Accept_Encoding="gzip")  # type: ignore[arg-type]
    page = gzip.decompress(got["/chat"].body)
    asks = [] if b'id="chat-status"' in page else ["/chat/status"]  # the script asks if not
    return [*got, *asks], got["/chat"].headers["ETag"]


class _Conn:
    """One kept-alive connection of the page loader, as a browser keeps it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, headers: str = "") -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(TARGET["host"], self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {TARGET['host']}:{self.port}\r\n"
                          f"Accept-Encoding: gzip\r\n{headers}\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        await self.reader.readexactly(length)
        if b"\r\nconnection: close" in head.lower():
            self.close()
        return int(head.split(b" ", 2)[1])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _browser_load(port: int, paths: list[str], etag: str, warm: bool) -> list[int]:
    """What a browser does (HTTP/1.1, keep-alive): the page on one connection; its files at
    once, the first on that connection and the others on new ones; then the status, which the
    script asks for, on the first. A returning visitor: the page revalidated, then the status."""
    first = _Conn(port)
    try:
        asks = "/chat/status" in paths  # the page does not carry the status: the script asks
        if warm:
            return [await first.get("/chat", f"If-None-Match: {etag}\r\n"),
                    *([await first.get("/chat/status")] if asks else [])]
        statuses = [await first.get("/chat")]
        files = [p for p in paths if p.startswith("/chat/v/")]
        others = [_Conn(port) for _ in files[1:]]
        try:
            statuses += await asyncio.gather(
                first.get(files[0]), *(c.get(f) for c, f in zip(others, files[1:], strict=True)))
        finally:
            for conn in others:
                conn.close()
        if asks:
            statuses.append(await first.get("/chat/status"))
        return statuses
    finally:
        first.close()


async def _load_pages(
    port: int, per_second: float, seconds: float, warm: bool, fresh: bool = False,
    page: tuple[list[str], str] | None = None,
) -> dict[str, Any]:
    paths, etag = page or await _page_paths(port)
    loads: list[tuple[str, str]]
    if warm:
        loads = [("/chat", f"If-None-Match: {etag}\r\n")]
        if "/chat/status" in paths:
            loads.append(("/chat/status", ""))
    else:
        loads = [(path, "") for path in paths]
    times_ms: list[float] = []
    bad: dict[str, int] = {}
    started = time.perf_counter()
    tasks: set[asyncio.Task[None]] = set()

    async def one_load() -> None:
        began = time.perf_counter()
        answers: list[Any]
        if fresh:
            answers = [a if isinstance(a, BaseException) else a[0] for a in await asyncio.gather(
                *(_get(port, p, h + "Connection: close\r\n") for p, h in loads),
                return_exceptions=True)]
        else:
            try:
                answers = await _browser_load(port, paths, etag, warm)
            except Exception as exc:
                answers = [exc]
        for answer in answers:
            status = type(answer).__name__ if isinstance(answer, BaseException) else answer
            if status not in (200, 304):
                bad[str(status)] = bad.get(str(status), 0) + 1
        times_ms.append((time.perf_counter() - began) * 1000)

    count = 0
    while (due := started + count / per_second) < started + seconds:
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        task = asyncio.create_task(one_load())
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        count += 1
    if tasks:
        await asyncio.wait(tasks, timeout=10)
    elapsed = time.perf_counter() - started
    return {"loads": len(times_ms), "requests_per_load": len(loads),
            "per_second": round(len(times_ms) / elapsed, 1),
            "load_p50_ms": round(percentile(times_ms, 50), 1),
            "load_p99_ms": round(percentile(times_ms, 99), 1), "bad": bad}


@contextlib.contextmanager
def _namespace() -> Iterator[None]:
    """A network namespace for the page loader, joined to this one by a veth pair, with each
    side's receive work steered (RPS) to its own core: the hub's end to core 0, the loader's
    to core 1. On loopback the kernel does the receiving side's TCP work on the sending core,
    so every answer the hub sends also costs the hub's core the *loader's* receive work; phones
    on the internet do theirs on their own machines. Needs root (``ip netns``)."""
    def ip(*argv: str) -> None:
        subprocess.run(["ip", *argv], check=True)

    ip("netns", "add", NETNS)
    try:
        ip("link", "add", "cb0", "type", "veth", "peer", "name", "cb1")
        ip("link", "set", "cb1", "netns", NETNS)
        ip("addr", "add", f"{HUB_SIDE}/24", "dev", "cb0")
        ip("link", "set", "cb0", "up")
        for argv in (["addr", "add", f"{LOADER_SIDE}/24", "dev", "cb1"],
                     ["link", "set", "cb1", "up"], ["link", "set", "lo", "up"]):
            ip("netns", "exec", NETNS, "ip", *argv)
        Path("/sys/class/net/cb0/queues/rx-0/rps_cpus").write_text("1")
        ip("netns", "exec", NETNS, "sh", "-c",
           "echo 2 > /sys/class/net/cb1/queues/rx-0/rps_cpus")
        yield
    finally:
        subprocess.run(["ip", "link", "del", "cb0"], check=False, capture_output=True)
        ip("netns", "del", NETNS)


def _pin(hub_pid: int) -> None:
    """The hub (and its threads) on core 0; this process, and the loaders it starts, on the rest."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        raise SystemExit("--pin needs at least two cores")
    for task in (Path("/proc") / str(hub_pid) / "task").iterdir():
        os.sched_setaffinity(int(task.name), {cores[0]})
    os.sched_setaffinity(0, set(cores[1:]))


def _page_process(hub_pid: int) -> int:
    """The hub's chat page process (``serve --chat-page-process``)."""
    for child in (Path("/proc") / str(hub_pid) / "task" / str(hub_pid) / "children"
                  ).read_text().split():
        if b"page_worker" in (Path("/proc") / child / "cmdline").read_bytes():
            return int(child)
    raise SystemExit("the hub has no chat page process")


def _place_page_process(hub_pid: int, where: str) -> None:
    """``spare``: on the cores the hub is not on (a hub machine with a core to spare), where
    this process runs too; ``spare-idle``: there under SCHED_IDLE, as the page loader is, so
    that this process, which stands for the phones and desks on other machines, is not kept
    waiting by it; ``beside``: on the hub's own core at nice 10 (a hub machine of one core)."""
    pid = _page_process(hub_pid)
    if where == "beside":
        _beside(hub_pid, pid)
        return
    spare = set(os.sched_getaffinity(0)) - set(os.sched_getaffinity(hub_pid))
    for task in (Path("/proc") / str(pid) / "task").iterdir():
        os.sched_setaffinity(int(task.name), spare or os.sched_getaffinity(0))
        if where == "spare-idle":
            os.sched_setscheduler(int(task.name), os.SCHED_IDLE, os.sched_param(0))


def _beside(hub_pid: int, other_pid: int) -> None:
    """The control's hub on the measured hub's core, at nice 10 (a static-file worker)."""
    core = os.sched_getaffinity(hub_pid)
    for task in (Path("/proc") / str(other_pid) / "task").iterdir():
        os.sched_setaffinity(int(task.name), core)
        os.setpriority(os.PRIO_PROCESS, int(task.name), 10)


# --- the chats --------------------------------------------------------------------------------


class Chats:
    """The young people, their counsellors, and the latencies measured, by phase."""

    def __init__(self, url: str, contacts: int, counsellors: list[str]) -> None:
        self.url = url
        self.count = contacts
        self.names = counsellors
        self.contacts: list[tuple[int, Link, str]] = []
        self.counsellors: list[Link] = []
        self.sent: dict[str, tuple[int, str | None]] = {}  # client id -> (sent ns, phase)
        self.phase: str | None = None
        self.latency_ms: dict[str, list[float]] = {}
        self.lost = 0

    async def setup(self) -> None:
        limit = asyncio.Semaphore(32)

        async def open_one(index: int) -> tuple[int, Link, str]:
            async with limit:
                ws = await connect(self.url + "/v1/contact", max_size=None, compression=None)
                link = Link(ws)
                answer = await link.request(f"o{index}", {"type": "open", "channel": "chat"})
                return index, link, str(answer["conversation"])

        self.contacts = list(await asyncio.gather(*(open_one(i) for i in range(self.count))))

        async def login(name: str) -> Link:
            ws = await connect(self.url + "/v1/staff", max_size=None, compression=None)
            link = Link(ws, self._on_staff_event)
            await link.request(f"h{name}", {"type": "hello", "user": name,
                                            "password": PASSWORD}, timeout=60.0)
            return link

        self.counsellors = list(await asyncio.gather(*(login(n) for n in self.names)))

        async def accept_all(slot: int, counsellor: Link) -> None:
            for index, _link, conv in self.contacts[slot :: len(self.counsellors)]:
                await counsellor.request(f"a{index}", {"type": "accept", "conversation": conv,
                                                       "over_capacity": True})

        await asyncio.gather(*(accept_all(s, c) for s, c in enumerate(self.counsellors)))

    def _on_staff_event(self, frame: dict[str, Any]) -> None:
        if frame.get("kind") != "message":
            return
        sent = self.sent.pop(str(frame.get("client_id")), None)
        if sent is not None and sent[1] is not None:
            self.latency_ms.setdefault(sent[1], []).append(
                (time.perf_counter_ns() - sent[0]) / 1e6)

    async def write(self, writers: int, stop: asyncio.Event) -> None:
        """Each of the first ``writers`` young people sends a message a second until ``stop``."""
        start = time.perf_counter_ns()

        async def writer(index: int, link: Link) -> None:
            k = 0
            while not stop.is_set():
                due = start + int(index * 1e9 / writers) + k * 1_000_000_000
                await asyncio.sleep(max(0.0, (due - time.perf_counter_ns()) / 1e9))
                rid = f"m{index}.{k}"
                k += 1
                self.sent[rid] = (time.perf_counter_ns(), self.phase)
                await link.send(rid, _message(rid))

        await asyncio.gather(*(writer(i, link) for i, link, _ in self.contacts[:writers]))


async def _run(
    args: argparse.Namespace, hub_pid: int, url: str, other_port: int | None = None
) -> dict[str, Any]:
    port = int(url.rsplit(":", 1)[1])
    names = [f"veileder{n}" for n in range(args.counsellors)]
    chats = Chats(url, args.contacts, names)
    began = time.monotonic()
    await chats.setup()
    setup_s = time.monotonic() - began
    stop = asyncio.Event()
    writing = asyncio.create_task(chats.write(args.writers, stop))
    phases: list[dict[str, Any]] = []
    await asyncio.sleep(3)  # writers under way
    for round_no in range(args.rounds):
        kinds = ("quiet", "pages") if other_port is None else ("quiet", "pages", "elsewhere")
        for kind in kinds:
            name = f"{kind}{round_no + 1}"
            loader = None
            if kind in ("pages", "elsewhere"):
                target = port if kind == "pages" else other_port
                netns = ["ip", "netns", "exec", NETNS] if args.netns else []
                page = (["--page", json.dumps(await _page_paths(int(target or 0)))]
                        if args.netns else [])
                loader = await asyncio.create_subprocess_exec(
                    *netns, sys.executable, str(HERE), "--serve-pages", str(target), *page,
                    *(["--target-host", HUB_SIDE] if args.netns else []),
                    "--loads", str(args.loads), "--phase-s", str(args.phase_s + 1),
                    *(["--warm"] if args.warm else []),
                    *(["--fresh-connections"] if args.fresh_connections else []),
                    *(["--nice"] if args.pin else []),
                    *(["--idle-loader"] if args.idle_loader else []),
                    stdout=asyncio.subprocess.PIPE, cwd=REPO)
                await asyncio.sleep(0.5)  # the loader's own start (imports, the page's paths)
            await asyncio.sleep(WARMUP_S)
            hub0, busy0, own0 = (process_cpu_seconds(hub_pid), machine_busy_seconds(),
                                 process_cpu_seconds(os.getpid()))
            chats.phase = name
            await asyncio.sleep(args.phase_s - WARMUP_S)
            chats.phase = None
            span = args.phase_s - WARMUP_S
            hub_cpu = (process_cpu_seconds(hub_pid) - hub0) / span
            own_cpu = (process_cpu_seconds(os.getpid()) - own0) / span
            busy = (machine_busy_seconds() - busy0) / span
            phase: dict[str, Any] = {"phase": name, "hub_cores": round(hub_cpu, 2),
                                     "generator_cores": round(own_cpu, 2),
                                     "other_cores": round(busy - hub_cpu - own_cpu, 2)}
            if loader is not None:
                out, _ = await loader.communicate()
                phase["pages"] = json.loads(out)
            lat = chats.latency_ms.get(name, [])
            phase.update(messages=len(lat), p50_ms=round(percentile(lat, 50), 2),
                         p99_ms=round(percentile(lat, 99), 2), max_ms=round(max(lat), 1))
            phases.append(phase)
            print(json.dumps(phase), file=sys.stderr, flush=True)
    stop.set()
    await writing
    await asyncio.sleep(1)
    lost = len([s for s in chats.sent.values() if s[1] is not None])
    for link in [c[1] for c in chats.contacts] + chats.counsellors:
        await link.close()
    quiet = [x for n, v in chats.latency_ms.items() if n.startswith("quiet") for x in v]
    pages = [x for n, v in chats.latency_ms.items() if n.startswith("pages") for x in v]
    quiet_p99, pages_p99 = percentile(quiet, 99), percentile(pages, 99)
    elsewhere = [x for n, v in chats.latency_ms.items() if n.startswith("elsewhere") for x in v]
    control = ({"elsewhere_p99_ms": round(percentile(elsewhere, 99), 2),
                "raise_elsewhere": round(percentile(elsewhere, 99) / quiet_p99, 2)}
               if elsewhere else {})
    # The hub's CPU per page request: the steadier figure on a shared machine.
    quiet_cpu = [p["hub_cores"] for p in phases if p["phase"].startswith("quiet")]
    per_request = [(p["hub_cores"] - sum(quiet_cpu) / len(quiet_cpu)) * 1e6
                   / max(1.0, p["pages"]["per_second"] * p["pages"]["requests_per_load"])
                   for p in phases if p["phase"].startswith("pages")]
    return {"setup_s": round(setup_s, 1), "phases": phases, "not_delivered": lost,
            "quiet_p99_ms": round(quiet_p99, 2), "pages_p99_ms": round(pages_p99, 2),
            "raise": round(pages_p99 / quiet_p99, 2), **control,
            "hub_us_per_page_request": [round(x) for x in per_request],
            "pass": pages_p99 <= P99_TARGET_MS and pages_p99 <= RAISE_TARGET * quiet_p99}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--writers", type=int, default=200)
    parser.add_argument("--counsellors", type=int, default=20)
    parser.add_argument("--loads", type=float, default=100.0, help="page loads a second")
    parser.add_argument("--phase-s", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--warm", action="store_true", help="returning visitors (304)")
    parser.add_argument("--hub-launcher", type=Path, metavar="SCRIPT",
                        help="run this script instead of -m workstation.hub.cli (to instrument)")
    parser.add_argument("--hub-log", type=Path, help="keep the hub's log here")
    parser.add_argument("--control", action="store_true",
                        help="a third phase: the same page loads against a second hub process "
                             "(how much of the raise is the machine's, not the hub's)")
    parser.add_argument("--control-beside", action="store_true",
                        help="with --control and --pin: the second hub on the measured hub's "
                             "core at nice 10, as a page worker beside the hub would be")
    parser.add_argument("--page-process", choices=("spare", "spare-idle", "beside"),
                        help="the hub serves the page from its page process (serve "
                             "--chat-page-process); with --pin: on the cores the hub is not on "
                             "(spare; spare-idle: there under SCHED_IDLE, yielding to this "
                             "process), or on the hub's core at nice 10 (beside)")
    parser.add_argument("--pin", action="store_true",
                        help="the hub on core 0 alone, this process and the page loader on the "
                             "others (the phones and the desks are not on the hub's machine)")
    parser.add_argument("--fresh-connections", action="store_true",
                        help="every file on a connection of its own, closed after it (as "
                             "before the hub kept connections alive)")
    parser.add_argument("--netns", action="store_true",
                        help="the page loader in a network namespace of its own, its receive "
                             "work on core 1 (with --pin: as if the phones were elsewhere; "
                             "needs root)")
    parser.add_argument("--serve-pages", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--target-host", help=argparse.SUPPRESS)
    parser.add_argument("--page", help=argparse.SUPPRESS)
    parser.add_argument("--idle-loader", action="store_true",
                        help="the page loader under SCHED_IDLE rather than nice 19: the "
                             "measuring process, when it wakes, takes the core from it at once "
                             "(with --pin; the phones that load pages are not on the machine "
                             "of the phones that measure)")
    parser.add_argument("--nice", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_pages:
        if args.idle_loader:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        elif args.nice:  # the loader stands for phones elsewhere: it yields to the measuring
            os.nice(19)
        TARGET["host"] = args.target_host or TARGET["host"]
        page = tuple(json.loads(args.page)) if args.page else None
        result = asyncio.run(_load_pages(args.serve_pages, args.loads, args.phase_s, args.warm,
                                         args.fresh_connections, page))
        print(json.dumps(result))
        return
    host = ("--host", "0.0.0.0") if args.netns else ()
    with tempfile.TemporaryDirectory() as tmp, (
            _namespace() if args.netns else contextlib.nullcontext()):
        names = [f"veileder{n}" for n in range(args.counsellors)]
        make_hub_db(Path(tmp) / "hub.sqlite3", names)
        paged = ("--chat-page-process",) if args.page_process else ()
        hub = served_hub(Path(tmp) / "hub.sqlite3", Path(tmp), *host, *paged)
        if args.netns and not args.hub_launcher:
            args.hub_launcher = Path(tmp) / "plain_on_veth.py"
            args.hub_launcher.write_text(PLAIN_ON_VETH)
        if args.hub_launcher:
            hub.argv[1:3] = [str(args.hub_launcher)]
        hub.log_path = args.hub_log or hub.log_path
        url = hub.start().replace("0.0.0.0", "127.0.0.1")
        if args.pin:
            _pin(hub.pid)
            if args.page_process:
                _place_page_process(hub.pid, args.page_process)
        other = None
        if args.control:
            (Path(tmp) / "other").mkdir()
            make_hub_db(Path(tmp) / "other" / "hub.sqlite3", names[:1])
            other = served_hub(Path(tmp) / "other" / "hub.sqlite3", Path(tmp) / "other", *host,
                               launcher=args.hub_launcher)
        try:
            other_port = int(other.start().rsplit(":", 1)[1]) if other is not None else None
            if other is not None and args.control_beside:
                _beside(hub.pid, other.pid)
            result = asyncio.run(_run(args, hub.pid, url, other_port))
        finally:
            hub.stop()
            if other is not None:
                other.stop()
    own = ("serve_pages", "hub_launcher", "hub_log", "target_host", "page")
    settings = {k: v for k, v in vars(args).items() if k not in own}
    result = {"machine": machine_info(), "args": settings, **result}
    print(json.dumps(result, indent=2))
    verdict = "PASS" if result["pass"] else "MISS"
    print(f"{verdict}: p99 {result['quiet_p99_ms']} ms quiet, {result['pages_p99_ms']} ms with "
          f"{args.loads:g} page loads/s (x{result['raise']}; targets <= {P99_TARGET_MS} ms, "
          f"<= x{RAISE_TARGET})")
    sys.exit(0 if result["pass"] else 1)


if __name__ == "__main__":
    main()

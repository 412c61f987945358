"""``workstation-hub``: run the hub, and manage users."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path

from workstation.hub.server import HubServer
from workstation.store import open_store

ROLES = ("counsellor", "shift_lead", "supervisor", "trainer", "admin")
DEFAULT_DB = Path("hub.sqlite3")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workstation-hub", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the hub")
    serve.add_argument("--db", type=Path, default=DEFAULT_DB)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    user = commands.add_parser("user", help="manage staff users")
    user_commands = user.add_subparsers(dest="user_command", required=True)
    add = user_commands.add_parser("add", help="create a user; the password is read from stdin")
    add.add_argument("name")
    add.add_argument("--role", action="append", choices=ROLES, required=True)
    add.add_argument("--display-name")
    add.add_argument("--db", type=Path, default=DEFAULT_DB)
    return parser


async def _serve(db: Path, host: str, port: int) -> None:
    server = HubServer(open_store(db))
    await server.start(host, port)
    print(f"listening on {server.url}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await server.stop()


def _add_user(args: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\n")
    if not password:
        print("No password on standard input; the user was not created.", file=sys.stderr)
        return 2
    store = open_store(args.db)
    store.add_user(args.name, password, args.role, args.display_name)
    store.close_blocking()
    print(f"user {args.name} saved with roles {', '.join(sorted(set(args.role)))}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("websockets").setLevel(logging.WARNING)  # no addresses in routine logs
    if args.command == "serve":
        try:
            asyncio.run(_serve(args.db, args.host, args.port))
        except OSError as exc:
            print(f"The hub could not start: {exc.strerror or exc}.", file=sys.stderr)
            return 1
        return 0
    return _add_user(args)


if __name__ == "__main__":
    sys.exit(main())

"""``workstation-hub roster add|list|remove|import``: the shifts follow-up times are checked
against (docs/returning.md, :mod:`workstation.hub.shifts`).

Times are Oslo time unless they carry a zone (``2026-12-07T08:00``, ``2026-12-07 08:00``,
``2026-12-07T07:00Z``). ``import FILE.csv`` takes a rota exported with the columns
``user,start,end``: all of it or, when a line is wrong, none of it. Each shift added or
removed is written with its audit entry in one transaction; a running hub uses the roster at
once (it reads it at each follow-up offer).
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workstation.hub import shifts
from workstation.hub.cli_errors import CliError
from workstation.protocol.times import format_time, parse_time, utc_now
from workstation.sessions.referrals import OSLO

COMMAND = "roster"


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    roster = commands.add_parser(
        "roster", help="the shifts follow-up times are checked against (docs/returning.md)")
    sub = roster.add_subparsers(dest="roster_command", required=True)
    add = sub.add_parser("add", help="register a shift: USER START END (Oslo time, e.g. "
                         "2026-12-07T08:00 2026-12-07T16:00)")
    add.add_argument("user")
    add.add_argument("start")
    add.add_argument("end")
    listing = sub.add_parser("list", help="the shifts not yet over, soonest first")
    listing.add_argument("--user", help="only this user's")
    listing.add_argument("--all", action="store_true", help="also the shifts that are over")
    remove = sub.add_parser("remove", help="remove a shift by its id (from `roster list`)")
    remove.add_argument("shift")
    load = sub.add_parser("import", help="add the shifts of a CSV file with the columns "
                          "user,start,end (all or none)")
    load.add_argument("file", type=Path)
    for each in (add, listing, remove, load):
        each.add_argument("--db", type=Path, help="the hub's database (default: "
                          "$WORKSTATION_HUB_DB)")


def run(args: argparse.Namespace) -> int:
    from workstation.hub.cli import database, open_for_cli
    from workstation.hub.cli_users import actor

    db = database(args.db)
    if not db.exists():
        raise CliError(f"There is no database at {db}.")
    if args.roster_command == "import":
        found = _checked(lambda: shifts.read_csv(args.file))
    elif args.roster_command == "add":
        found = [_checked(lambda: shifts.make(args.user, args.start, args.end))]
    store = open_for_cli(db)
    conn: sqlite3.Connection = store.connection  # type: ignore[attr-defined]
    try:
        if args.roster_command == "list":
            _list(conn, args.user, "" if args.all else format_time(utc_now()))
            return 0
        who, at = actor(), format_time(utc_now())
        if args.roster_command == "remove":
            gone = _write(conn, lambda: shifts.remove(conn, args.shift, who, at))
            if gone is None:
                raise CliError(f"There is no shift {args.shift} in {db}; nothing was removed.")
            print(f"shift {gone.id} of {gone.user} removed ({_span(gone)})")
            return 0
        unknown = shifts.unknown_users(conn, found)
        if unknown:
            raise CliError(f"No user named {', '.join(unknown)} in {db} (workstation-hub user "
                           "list); nothing was added.")
        _write(conn, lambda: shifts.add(conn, found, who, at))
        if args.roster_command == "add":
            print(f"shift {found[0].id} of {found[0].user} added ({_span(found[0])})")
        else:
            print(f"{len(found)} shift(s) added from {args.file.name}")
        return 0
    finally:
        store.close_blocking()


def _checked(make: Callable[[], Any]) -> Any:
    try:
        return make()
    except shifts.ShiftError as error:
        raise CliError(f"{error} Nothing was changed.") from None


def _write(conn: sqlite3.Connection, change: Callable[[], Any]) -> Any:
    """``change`` in one transaction (the shifts with their audit entries)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = change()
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return result


def _local(wire: str) -> str:
    return parse_time(wire).astimezone(OSLO).strftime("%Y-%m-%d %H:%M")


def _span(shift: shifts.Shift) -> str:
    return f"{_local(shift.starts_at)} – {_local(shift.ends_at)} Oslo time"


def _list(conn: sqlite3.Connection, user: str | None, ending_after: str) -> None:
    rows = shifts.listed(conn, user, ending_after)
    if not rows:
        print("no shifts registered: follow-up times are checked against the opening hours "
              "only" if not shifts.any_registered(conn) else "no shifts")
        return
    width = max(len(row.user) for row in rows)
    for row in rows:
        print(f"{row.id}  {row.user:<{width}}  {_span(row)}")

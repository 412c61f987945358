"""``workstation-hub user list|disable|enable|passwd|roles|remove``: people who come and go.

Each command changes the database in one transaction with its audit entry and a row in
``user_changes``; a change that takes rights away also deletes the user's sessions, and a
running hub signs their desks out within a second (``workstation.hub.accounts``). ``add`` is
in :mod:`workstation.hub.cli`; ``passwd`` reads the password the same way.
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from workstation.hub.cli_errors import CliError
from workstation.hub.passwords import password_problem
from workstation.store import Store

COMMANDS = ("list", "disable", "enable", "passwd", "roles", "remove")


def add_parsers(user_commands: argparse._SubParsersAction, roles: tuple[str, ...]) -> None:  # type: ignore[type-arg]
    """Add the commands beside ``user add`` (``roles``: the roles ``--role`` may name)."""
    helps = {
        "list": "list the users, their roles, and whether they are disabled",
        "disable": "stop a user signing in; their desks are signed out at once",
        "enable": "let a disabled user sign in again",
        "passwd": "set a new password (asked twice on a terminal, else the first line of "
        "standard input); the user's desks are signed out",
        "roles": "replace a user's roles; their desks are signed out to sign in again",
        "remove": "delete a user (what they wrote stays); their desks are signed out",
    }
    for command in COMMANDS:
        sub = user_commands.add_parser(command, help=helps[command])
        if command != "list":
            sub.add_argument("name")
        if command == "roles":
            sub.add_argument("--role", action="append", choices=roles, required=True)
        sub.add_argument("--db", help="the hub's database: a path, or postgresql://USER@HOST:"
                         "PORT/NAME (default: $WORKSTATION_HUB_DB)")


def actor() -> str:
    """Who made a change, for the audit trail: the operating-system account."""
    try:
        return "cli:" + getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def run(args: argparse.Namespace) -> int:
    from workstation.hub.cli import open_for_cli, read_password, shown, store_address

    db = store_address(args.db)
    if args.user_command != "list" and isinstance(db, Path) and not db.exists():
        raise CliError(f"There is no database at {db}.")
    password = ""
    if args.user_command == "passwd":
        password = read_password(args.name)
        if not password:
            raise CliError("No password given; nothing was changed.")
        problem = password_problem(password, [args.name])
        if problem:
            raise CliError(f"{problem} Nothing was changed.")
    store = open_for_cli(db)
    try:
        if args.user_command == "list":
            _list(store)
            return 0
        roles = sorted(set(getattr(args, "role", None) or ()))
        change, value, said = {
            "disable": ("disabled", None, "disabled"),
            "enable": ("enabled", None, "enabled"),
            "passwd": ("password", password, "has a new password"),
            "roles": ("roles", roles, "now has the roles " + ", ".join(roles)),
            "remove": ("removed", None, "removed"),
        }[args.user_command]
        ended = store.change_user(args.name, change, actor(), value)
        if ended is None:
            raise CliError(f"There is no user named {args.name} in {shown(db)}; "
                           "nothing was changed.")
        ending = (f"; {ended} session(s) ended, and a running hub signs those desks out now"
                  if ended else "")
        print(f"user {args.name} {said}{ending}")
        return 0
    finally:
        store.close_blocking()


def _list(store: Store) -> None:
    rows = store.list_users()
    if not rows:
        print("no users")
        return
    width = max(len(row.name) for row in rows)
    for row in rows:
        state = "disabled" if row.disabled else "active"
        print(f"{row.name:<{width}}  {state:<8}  {row.sessions} session(s)  "
              f"{','.join(row.roles)}  ({row.display_name})")

"""``workstation-hub backup`` and ``check``: a consistent copy while the hub serves, and
the integrity check an operator runs on a copy or before starting a restored hub.

The copy is made with SQLite's online backup in one step: one read transaction, so the copy
is the database as it stood at one instant, while the hub (in WAL mode) keeps writing. It is
written to a temporary file readable by its owner only (0600), switched out of WAL mode so it
is one self-contained file, checked, and only then renamed over ``--to``.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

from workstation.hub.cli_errors import CliError
from workstation.store.schema import SCHEMA_VERSION

COMMANDS = ("backup", "check")
#: How many problems ``check`` prints before saying how many more there are.
SHOWN_PROBLEMS = 10


class Failed(Exception):
    """The backup or check failed: a sentence for the operator; exit status 1."""


def add_parsers(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    backup = commands.add_parser(
        "backup", help="copy the database consistently while the hub runs (docs/operations.md)"
    )
    backup.add_argument("--db", type=Path,
                        help="the hub's database (default: $WORKSTATION_HUB_DB)")
    backup.add_argument("--to", type=Path, required=True, metavar="FILE",
                        help="the copy (replaced if it exists; mode 0600)")
    check = commands.add_parser(
        "check", help="run SQLite's integrity check and report the schema version"
    )
    check.add_argument("--db", type=Path, help="the database or copy to check")


def run(args: argparse.Namespace) -> int:
    from workstation.hub.cli import database  # cli imports this module

    db = database(args.db)
    if not db.is_file():
        raise CliError(f"There is no database at {db}.")
    try:
        if args.command == "backup":
            backup(db, args.to)
            print(f"backed up {db} to {args.to}: {summary(args.to)}")
        else:
            print(f"{db}: {check(db)}")
        return 0
    except Failed as failed:
        print(failed, file=sys.stderr)
        return 1


def backup(db: Path, to: Path) -> None:
    """Copy ``db`` to ``to`` consistently (0600), replacing ``to`` only once the copy checks."""
    if to.resolve() in {db.resolve(), *(Path(f"{db.resolve()}{s}") for s in ("-wal", "-shm"))}:
        raise Failed("The backup must go to another file than the database itself.")
    if not to.parent.is_dir():
        raise Failed(f"The folder {to.parent} does not exist; nothing was copied.")
    partial = to.with_name(f".{to.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        source = _open(db)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)  # all pages in one step: one consistent snapshot
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            # A restore must not bring back sessions revoked since: everyone signs in again.
            if target.execute("SELECT 1 FROM sqlite_master WHERE name = 'sessions'").fetchone():
                target.execute("DELETE FROM sessions")
                target.commit()
        finally:
            target.close()
            source.close()
        problems = _problems(partial)
        if problems:
            raise Failed(f"The copy did not pass the integrity check ({problems[0]}); "
                         f"{to} was left as it was.")
        with open(partial, "rb") as copied:
            os.fsync(copied.fileno())
        os.replace(partial, to)
        _sync_folder(to.parent)
    except sqlite3.Error as exc:
        raise Failed(f"The backup of {db} failed: {exc}.") from None
    except OSError as exc:
        raise Failed(f"The backup could not be written to {to}: {exc.strerror or exc}.") from None
    finally:
        partial.unlink(missing_ok=True)


def check(db: Path) -> str:
    """``integrity ok, schema version N, …``; raises :class:`Failed` naming the problems."""
    try:
        problems = _problems(db)
    except sqlite3.Error as exc:
        raise Failed(f"{db} cannot be read as a hub database: {exc}.") from None
    if problems:
        more = len(problems) - SHOWN_PROBLEMS
        listed = "\n  ".join(problems[:SHOWN_PROBLEMS])
        tail = f"\n  … and {more} more" if more > 0 else ""
        raise Failed(f"{db} failed the integrity check:\n  {listed}{tail}\n"
                     "Restore the last good backup (docs/operations.md).")
    return summary(db)


def summary(db: Path) -> str:
    """The schema version and how much the database holds (no names, no text)."""
    conn = _open(db)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        counts = [
            f"{conn.execute(f'SELECT COUNT(*) FROM {table}').fetchone()[0]} {table}"
            for table in ("users", "conversations", "events") if table in tables
        ]
    finally:
        conn.close()
    if version > SCHEMA_VERSION:
        note = f" (newer than this hub's {SCHEMA_VERSION}: upgrade the hub first)"
    elif version < SCHEMA_VERSION:
        note = f" (this hub upgrades it to {SCHEMA_VERSION} when it starts)"
    else:
        note = ""
    return f"integrity ok, schema version {version}{note}, " + ", ".join(counts)


def _problems(db: Path) -> list[str]:
    conn = _open(db)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found


def _open(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

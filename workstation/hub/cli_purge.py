"""``workstation-hub purge``: the retention purge by hand, on a database file or PostgreSQL.

The same purge the hub runs every hour (:func:`workstation.hub.purge.purge_once`), with the
retention settings stored in the database. ``--as-of`` purges as if it were that day (to
check the policy), ``--dry-run`` only counts. Prints one line per kind of data; exits 0,
or 1 when something could not be purged (it is named on standard error, and left as it was).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from workstation.hub.cli_errors import CliError
from workstation.hub.purge import KINDS, PurgeResult, purge_once
from workstation.hub.retention_policy import read_retention
from workstation.store import HubStore, is_postgres

LABELS = {
    "transcripts": "transcripts (closed conversations)",
    "summaries": "contact summaries kept as anonymous statistics",
    "replays": "replays",
    "report_drafts": "drafts of final concern reports",
    "reports_abandoned": "concern reports never made final",
    "reports_expired": "final concern reports past their retention",
    "callbacks": "call-back numbers",
    "return_codes": "return codes expired or revoked",
}


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    purge = commands.add_parser(
        "purge", help="delete what is past its retention (docs/privacy.md)"
    )
    purge.add_argument("--db", help="the hub database: a path or postgresql://USER@HOST:PORT"
                       "/NAME (required)")
    purge.add_argument(
        "--as-of", type=_as_of, metavar="ISO-DATE",
        help="purge as if it were this day or time (UTC), e.g. 2027-03-01",
    )
    purge.add_argument("--dry-run", action="store_true", help="count only, delete nothing")


def _as_of(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO date such as 2027-03-01 or 2027-03-01T12:00:00Z"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def run(args: argparse.Namespace) -> int:
    if args.db is None:
        print(
            "Say which hub database to purge with --db PATH; the purge never guesses "
            "which file to delete from.",
            file=sys.stderr,
        )
        return 2
    from workstation.hub.cli import open_for_cli  # cli imports this module

    where: Path | str = args.db if is_postgres(args.db) else Path(args.db)
    if isinstance(where, Path) and not where.exists():
        print(f"There is no database at {where}.", file=sys.stderr)
        return 2
    try:
        store = open_for_cli(where)
    except CliError as exc:
        print(exc, file=sys.stderr)
        return 2
    result = asyncio.run(_purge(store, args.as_of, args.dry_run))
    verb = "would remove" if args.dry_run else "removed"
    print(f"purge {verb}:")
    for kind in KINDS:
        print(f"  {result.counts[kind]:>7}  {LABELS[kind]}")
    for failure in result.failures:
        what = f"report {failure.report} of " if failure.report else ""
        print(
            f"could not purge {what}conversation {failure.conversation}: {failure.reason}",
            file=sys.stderr,
        )
    return 1 if result.failures else 0


async def _purge(store: HubStore, as_of: datetime | None, dry_run: bool) -> PurgeResult:
    store.attach(asyncio.get_running_loop())
    try:
        policy = await store.run(read_retention, write=False)
        return await purge_once(store, policy, as_of, dry_run=dry_run)
    finally:
        await store.close()

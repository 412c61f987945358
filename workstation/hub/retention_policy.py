"""How long each kind of data is kept: the settings, stored in ``settings``, and their cutoffs.

The policy in words is docs/privacy.md. An admin changes the configurable periods with
``retention_set``; the fixed ones (call-back numbers, abandoned report drafts) are constants.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from workstation.protocol.times import format_time
from workstation.store import audit
from workstation.store.sql import Conn

log = logging.getLogger(__name__)

SETTING_TRANSCRIPTS = "retention.transcripts_days"
SETTING_REPLAYS = "retention.replays_days"
SETTING_REPORTS = "retention.reports_years"
SETTING_STAFF_NOTES = "replays.staff_notes"
_KEYS = (SETTING_TRANSCRIPTS, SETTING_REPLAYS, SETTING_REPORTS, SETTING_STAFF_NOTES)

#: A call-back number is deleted this long after the request, done or not.
CALLBACK_HOURS = 48
#: A concern report that never became final is abandoned after this long without a change
#: (once its conversation is closed); it goes at the latest with its transcript.
ABANDONED_REPORT_DAYS = 30


@dataclass
class Retention:
    """Attributes:
    transcripts_days: closed conversations older than this are deleted.
    replays_days: replays older than this are deleted.
    replay_staff_notes: notes and consultation messages go into replays (anonymised).
    reports_years: final concern reports are kept this long after approval.
    """

    transcripts_days: int = 90
    replays_days: int = 365
    replay_staff_notes: bool = False
    reports_years: int = 10


@dataclass(frozen=True)
class Cutoffs:
    """Wire times: data of each kind from before its cutoff is purged."""

    transcripts: str
    replays: str
    reports: str
    abandoned_reports: str
    callbacks: str
    #: Return codes expired or revoked before this (docs/returning.md).
    return_codes: str = ""

    @classmethod
    def at(cls, now: datetime, policy: Retention) -> Cutoffs:
        return cls(
            transcripts=format_time(now - timedelta(days=policy.transcripts_days)),
            replays=format_time(now - timedelta(days=policy.replays_days)),
            reports=format_time(years_before(now, policy.reports_years)),
            abandoned_reports=format_time(now - timedelta(days=ABANDONED_REPORT_DAYS)),
            callbacks=format_time(now - timedelta(hours=CALLBACK_HOURS)),
            return_codes=format_time(now),
        )


def years_before(moment: datetime, years: int) -> datetime:
    """The same calendar day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def read_retention(conn: Conn) -> Retention:
    """The settings in force (defaults for what was never set, or is unreadable)."""
    marks = ",".join("?" * len(_KEYS))
    rows = conn.execute(f"SELECT key, value FROM settings WHERE key IN ({marks})", _KEYS)
    settings = {str(k): str(v) for k, v in rows.fetchall()}
    default = Retention()
    try:
        return Retention(
            int(settings.get(SETTING_TRANSCRIPTS, default.transcripts_days)),
            int(settings.get(SETTING_REPLAYS, default.replays_days)),
            settings.get(SETTING_STAFF_NOTES, "false") == "true",
            int(settings.get(SETTING_REPORTS, default.reports_years)),
        )
    except ValueError:
        log.error("Unreadable retention settings; using the defaults")
        return default


def save_retention(
    conn: Conn, old: Retention, new: Retention, actor: str, at: str
) -> None:
    """The settings and their audit entry in one transaction."""
    values = {
        SETTING_TRANSCRIPTS: str(new.transcripts_days),
        SETTING_REPLAYS: str(new.replays_days),
        SETTING_REPORTS: str(new.reports_years),
        SETTING_STAFF_NOTES: "true" if new.replay_staff_notes else "false",
    }
    for key, value in values.items():
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
    detail = json.dumps({"from": asdict(old), "to": asdict(new)})
    audit.write(conn, actor, "retention_set", "settings", detail, at)

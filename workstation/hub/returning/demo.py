"""The demo's young person who comes back with a code (``workstation --demo``,
docs/returning.md).

The demo's database is new at every start, so the earlier conversation is seeded: a chat two
days ago that the demo counsellor held and closed, with a contact summary, and a code she gave
at its end — stored exactly as ``return_code_offer`` stores one (only its keyed hash). Once
she is on shift, a simulated young person opens a chat with that code
(:func:`workstation.sim.returning.comes_back`), so her desk shows "kom tilbake og spurte etter
deg" with the earlier summary.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from datetime import timedelta
from typing import TYPE_CHECKING

from workstation.hub.core import new_id
from workstation.hub.returning import rows
from workstation.hub.returning.codes import DIGITS_PURPOSE, PURPOSE, digit_form, new_code, normalise
from workstation.protocol.times import format_time, utc_now
from workstation.sessions import summary as summaries

if TYPE_CHECKING:
    from workstation.hub.core import Hub

#: What the counsellor wrote last time (a summary, never a transcript).
EARLIER_SUMMARY = summaries.ContactSummary(
    contact_by="child_self", age_band="13-15", gender="girl",
    categories=("bullying.online", "bullying.exclusion"), wanted=("listened_to",),
    actions=("advice",),
    text="Utestengt i klassen og hengt ut i en snapgruppe. Ville vise mamma gruppa.",
)


async def seed_earlier_contact(hub: Hub, counsellor: str, expiry_days: float = 30) -> str:
    """An earlier chat of ``counsellor`` (closed two days ago, with :data:`EARLIER_SUMMARY`)
    and a code she gave for it; returns the code (the database keeps only its hash)."""
    code = new_code()
    digest = hub.keys.pseudonym(PURPOSE, normalise(code) or code)
    digits = hub.keys.pseudonym(DIGITS_PURPOSE, digit_form(code))
    conversation = new_id("c")
    now = utc_now()
    opened, closed = now - timedelta(days=2), now - timedelta(days=2) + timedelta(minutes=25)
    expires = closed + timedelta(days=expiry_days)
    summary = EARLIER_SUMMARY

    def op(conn: sqlite3.Connection) -> None:
        conn.execute(
            "INSERT INTO conversations (id, channel, lang, created_at, status, assigned_user, "
            "assigned_at, closed_at, token_hash, flags) "
            "VALUES (?, 'chat', 'nb', ?, 'closed', ?, ?, ?, ?, '[]')",
            (conversation, format_time(opened), counsellor,
             format_time(opened + timedelta(minutes=2)), format_time(closed),
             secrets.token_hex(32)),
        )
        conn.execute(
            "INSERT INTO desk_summaries (conversation, data, categories, silent, user, saved_at)"
            " VALUES (?, ?, ?, 0, ?, ?)",
            (conversation, json.dumps(summaries.to_dict(summary)),
             json.dumps(list(summary.categories)), counsellor, format_time(closed)),
        )
        rows.issue(conn, digest, digits, counsellor, conversation, format_time(closed),
                   format_time(expires))

    await hub.store.run(op, write=True)
    return code

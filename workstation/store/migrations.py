"""Every table of the hub database, made by numbered migrations applied in order.

:data:`MIGRATIONS` is the one list. Opening a store applies the migrations above the
database's version, in order, each in its own transaction together with the new version
number (SQLite: ``PRAGMA user_version``; PostgreSQL: the ``schema_version`` table), so a
crash leaves the database at the last whole step. A database from a newer hub is refused
(:class:`NewerSchema`); SQLite is copied to ``<file>.v<N>.bak`` before it is upgraded.

Adding a table or a column (a feature's migration N+1):

1. Append ``Migration(N + 1, "what it adds", sqlite=(...), postgres=(...))`` at the END of
   :data:`MIGRATIONS`. Statements are plain SQL; ``sqlite`` may also be a function taking the
   connection (for a column added only when missing, say).
2. Never edit, renumber or remove a migration that has shipped: databases in use have run it.
   Two branches that both added N+1 renumber at merge: the later one becomes N+2.
3. The feature never creates tables itself; it reads and writes them.
4. ``tests/store/test_migrations.py`` checks a fresh database, every earlier version and a
   database made by the 2026-12 hub; a new table is found there by name (``EXPECTED``).

Migrations 2 to 11 gathered tables the features used to create on start, so they use
``IF NOT EXISTS`` (a database of schema 1 may hold them already); later ones need not.

PostgreSQL: every step has its PostgreSQL form too (``postgres=``), making the same tables,
columns, index and trigger names (``tests/store/test_migrations.py`` compares the catalogs).
Write it by hand, or with :func:`_pg` when the SQLite statements are plain ``CREATE``s.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

SqliteStep = Sequence[str] | Callable[[sqlite3.Connection], None]


class NewerSchema(RuntimeError):
    """The database was written by a newer hub than this one."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sqlite: SqliteStep
    postgres: Sequence[str] | None = None


def _accounts(conn: sqlite3.Connection) -> None:
    """Columns for disabled users and listable sessions; a database of schema 1 may have
    them already (they were added on every start)."""
    if "disabled" not in _columns(conn, "users"):
        conn.execute("ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0")
    session_columns = _columns(conn, "sessions")
    if "id" not in session_columns:
        conn.execute("ALTER TABLE sessions ADD COLUMN id TEXT")
    if "created_at" not in session_columns:
        conn.execute("ALTER TABLE sessions ADD COLUMN created_at TEXT")
    # Sessions from before ids existed cannot be listed or ended: they sign in again.
    conn.execute("DELETE FROM sessions WHERE id IS NULL")
    for statement in _ACCOUNT_INDEXES:
        conn.execute(statement)


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


_ACCOUNT_INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS sessions_id ON sessions (id)",
    'CREATE INDEX IF NOT EXISTS sessions_user ON sessions ("user")',
    """CREATE TABLE IF NOT EXISTS user_changes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        "user" TEXT NOT NULL,
        change TEXT NOT NULL
    )""",
)

_CORE_SQLITE = (
    """CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, display_name TEXT,
        roles TEXT, password_hash TEXT, created_at TEXT)""",
    """CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, channel TEXT,
        lang TEXT, created_at TEXT, status TEXT, assigned_user TEXT, assigned_at TEXT,
        closed_at TEXT, token_hash TEXT, flags TEXT)""",
    "CREATE UNIQUE INDEX IF NOT EXISTS idx_conversations_token_hash "
    "ON conversations (token_hash)",
    "CREATE INDEX IF NOT EXISTS idx_conversations_status ON conversations (status)",
    """CREATE TABLE IF NOT EXISTS events (conversation TEXT REFERENCES conversations (id),
        seq INTEGER, at TEXT, kind TEXT, sender TEXT, client_id TEXT, data TEXT,
        PRIMARY KEY (conversation, seq))""",
    "CREATE UNIQUE INDEX IF NOT EXISTS idx_events_conversation_sender_client_id "
    "ON events (conversation, sender, client_id)",
    'CREATE TABLE IF NOT EXISTS sessions (token_hash TEXT PRIMARY KEY, "user" TEXT, '
    "expires_at TEXT)",
    """CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY, at TEXT, actor TEXT,
        action TEXT, target TEXT, detail TEXT)""",
    "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT)",
)

# PostgreSQL: the same tables; ``seq`` and ids as BIGINT, identities for numbered rows.
_CORE_POSTGRES = (
    """CREATE TABLE users (name TEXT PRIMARY KEY, display_name TEXT, roles TEXT,
        password_hash TEXT, created_at TEXT)""",
    """CREATE TABLE conversations (id TEXT PRIMARY KEY, channel TEXT, lang TEXT,
        created_at TEXT, status TEXT, assigned_user TEXT, assigned_at TEXT, closed_at TEXT,
        token_hash TEXT, flags TEXT)""",
    "CREATE UNIQUE INDEX idx_conversations_token_hash ON conversations (token_hash)",
    "CREATE INDEX idx_conversations_status ON conversations (status)",
    """CREATE TABLE events (conversation TEXT NOT NULL REFERENCES conversations (id),
        seq BIGINT NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL, sender TEXT,
        client_id TEXT, data TEXT NOT NULL, PRIMARY KEY (conversation, seq))""",
    "CREATE UNIQUE INDEX idx_events_conversation_sender_client_id "
    "ON events (conversation, sender, client_id)",
    'CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, "user" TEXT, expires_at TEXT)',
    """CREATE TABLE audit (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, at TEXT,
        actor TEXT, action TEXT, target TEXT, detail TEXT)""",
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)",
)

_ACCOUNTS_POSTGRES = (
    "ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE sessions ADD COLUMN id TEXT",
    "ALTER TABLE sessions ADD COLUMN created_at TEXT",
    "CREATE UNIQUE INDEX sessions_id ON sessions (id)",
    'CREATE INDEX sessions_user ON sessions ("user")',
    """CREATE TABLE user_changes (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        at TEXT NOT NULL, "user" TEXT NOT NULL, change TEXT NOT NULL)""",
)

_REQUEST_ANSWERS = (
    """CREATE TABLE IF NOT EXISTS request_answers (
        principal TEXT NOT NULL,
        request_id TEXT NOT NULL,
        type TEXT NOT NULL,
        at TEXT NOT NULL,
        created TEXT,
        answer TEXT,
        PRIMARY KEY (principal, request_id)
    )""",
    "CREATE INDEX IF NOT EXISTS request_answers_at ON request_answers (at)",
)

_CALLS = (
    """CREATE TABLE IF NOT EXISTS desk_calls (
        conversation TEXT PRIMARY KEY,
        call TEXT NOT NULL,
        number TEXT,
        via TEXT NOT NULL,
        state TEXT NOT NULL,
        offered_at TEXT NOT NULL,
        answered_at TEXT,
        ended_at TEXT
    )""",
)

_SMS = (
    """CREATE TABLE IF NOT EXISTS desk_sms_threads (
        thread TEXT PRIMARY KEY,
        conversation TEXT NOT NULL UNIQUE
    )""",
)


_SMS_OUTBOX = (
    """CREATE TABLE sms_outbox (
        ref TEXT PRIMARY KEY,
        conversation TEXT NOT NULL,
        thread TEXT NOT NULL,
        message_seq INTEGER NOT NULL,
        client_id TEXT,
        text TEXT,
        parts INTEGER NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    )""",
    "CREATE INDEX sms_outbox_pending ON sms_outbox (status, thread)",
    "CREATE UNIQUE INDEX sms_outbox_message ON sms_outbox (conversation, message_seq)",
    # When the outbox began: replies stored before it are never sent again at start-up.
    "CREATE TABLE sms_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """INSERT INTO sms_meta (name, value)
        VALUES ('outbox_since', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))""",
    """CREATE TABLE sms_inbound_seen (
        message_id TEXT PRIMARY KEY,
        conversation TEXT NOT NULL,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    )""",
    "CREATE TABLE sms_kannel_numbers (thread TEXT PRIMARY KEY, sealed BLOB NOT NULL)",
)


_EMAIL = (
    # The sender as a keyed hash, and the address and thread ids sealed (hub key file).
    """CREATE TABLE desk_email_threads (
        conversation TEXT PRIMARY KEY,
        sender TEXT NOT NULL,
        address BLOB NOT NULL,
        thread BLOB NOT NULL
    )""",
    "CREATE TABLE desk_email_ids (message TEXT PRIMARY KEY, conversation TEXT NOT NULL)",
)


_EMAIL_OUTBOX = (
    # The composed answer sealed (hub key file) while it waits; NULL once sent or failed.
    """CREATE TABLE email_outbox (
        ref TEXT PRIMARY KEY,
        conversation TEXT NOT NULL,
        message_seq INTEGER NOT NULL,
        client_id TEXT,
        hashed TEXT NOT NULL,
        sealed BLOB,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    )""",
    "CREATE INDEX email_outbox_pending ON email_outbox (status, conversation)",
    "CREATE UNIQUE INDEX email_outbox_message ON email_outbox (conversation, message_seq)",
    # When the outbox began: answers stored before it are never sent again at start-up.
    "CREATE TABLE email_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """INSERT INTO email_meta (name, value)
        VALUES ('outbox_since', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))""",
)


#: Call-back tasks (the chat page's, issue 14): the number stays sealed in ``number`` and is
#: emptied when the task is done; these columns say what the desks may see and who took it.
_CALLBACK_COLUMNS = {
    "masked": "TEXT",
    "time_window": "TEXT",
    "may_say_who": "INTEGER",
    "lang": "TEXT",
    "attempts": "INTEGER NOT NULL DEFAULT 0",
    "taken_by": "TEXT",
    "taken_at": "TEXT",
    "outcome": "TEXT",
}


def _callback_tasks(conn: sqlite3.Connection) -> None:
    have = _columns(conn, "callback_requests")
    for column, kind in _CALLBACK_COLUMNS.items():
        if column not in have:
            conn.execute(f"ALTER TABLE callback_requests ADD COLUMN {column} {kind}")



#: Blocking abusive contacts and the care settings (issue 18, docs/care.md): identifiers are
#: keyed hashes only, never an address.
_CARE = (
    """CREATE TABLE care_identifiers (
        conversation TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        identifier TEXT NOT NULL
    )""",
    """CREATE TABLE care_blocks (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        identifier TEXT NOT NULL,
        conversation TEXT NOT NULL,
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        lifted_at TEXT,
        lifted_by TEXT,
        lift_reason TEXT
    )""",
    "CREATE INDEX care_blocks_identifier ON care_blocks (identifier)",
    """CREATE TABLE care_block_attempts (
        day TEXT NOT NULL,
        channel TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (day, channel)
    )""",
    "CREATE TABLE care_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
)

#: "Same counsellor again" codes (issue 18): only a keyed hash of the code, who gave it, the
#: earlier conversation (for its summary), when it ends, an agreed follow-up time. Nothing
#: about the young person.
_RETURN_CODES = (
    """CREATE TABLE return_codes (
        code TEXT PRIMARY KEY,
        counsellor TEXT NOT NULL,
        conversation TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT,
        revoked_by TEXT,
        follow_up_at TEXT
    )""",
    "CREATE INDEX return_codes_conversation ON return_codes (conversation)",
)

#: The phone menu (issue 18): a keyed hash of the code's digit form (``SOL-ORM-47`` is typed
#: ``76567647``), so a caller's digits find the code; NULL for codes given before.
_RETURN_CODE_DIGITS = (
    "ALTER TABLE return_codes ADD COLUMN digits TEXT",
    "CREATE INDEX return_codes_digits ON return_codes (digits)",
)


#: After a hard contact (issue 18): each person's stretch, pause and hard contacts today, and
#: the debrief requests still open, so that a hub restart forgets none of them.
_CARE_STATE = (
    """CREATE TABLE care_staff (
        name TEXT PRIMARY KEY,
        break_at TEXT NOT NULL,
        off_at TEXT,
        paused_until TEXT,
        hard_day TEXT,
        hard_count INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE care_debriefs (
        id TEXT PRIMARY KEY,
        requester TEXT NOT NULL,
        requester_name TEXT NOT NULL,
        after TEXT,
        urgent INTEGER NOT NULL,
        requested_at TEXT NOT NULL,
        addressees TEXT NOT NULL,
        offered TEXT NOT NULL,
        declined TEXT NOT NULL,
        closed_at TEXT,
        outcome TEXT
    )""",
    "CREATE INDEX care_debriefs_open ON care_debriefs (closed_at)",
)

#: The roster (issue 18): who works when, for follow-up times. Entered or imported by an
#: administrator (``workstation-hub roster``); nothing about contacts.
_SHIFTS = (
    """CREATE TABLE shifts (
        id TEXT PRIMARY KEY,
        user_name TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
    )""",
    "CREATE INDEX shifts_user ON shifts (user_name, starts_at)",
)


#: Which hub sends an outbox's rows of one thread (SMS) or conversation (e-mail), until when:
#: a lease, so that of several hubs on one database one sends them, in order, and another
#: takes over when the holder is gone (workstation/store/outboxes.py).
_OUTBOX_LEASES = (
    """CREATE TABLE outbox_leases (
        outbox TEXT NOT NULL,
        drain_key TEXT NOT NULL,
        holder TEXT NOT NULL,
        held_until TEXT NOT NULL,
        PRIMARY KEY (outbox, drain_key)
    )""",
    "CREATE INDEX outbox_leases_holder ON outbox_leases (holder)",
)


#: Who is signed in on which hub, and available or away (issue 16, several hubs at once):
#: written by the hub the staff member is connected to, its ``heartbeat_at`` renewed while
#: that hub lives; a row whose heartbeat is old belongs to a dead hub and counts as gone
#: (workstation/hub/cluster/presence.py). Unused by a hub on SQLite (it is the only one).
_STAFF_PRESENCE = (
    """CREATE TABLE staff_presence (
        user_name TEXT NOT NULL,
        hub TEXT NOT NULL,
        display_name TEXT NOT NULL,
        roles TEXT NOT NULL,
        status TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL,
        PRIMARY KEY (user_name, hub)
    )""",
    "CREATE INDEX staff_presence_heartbeat ON staff_presence (heartbeat_at)",
)


#: Which consultation of a conversation is open and how far it got (``<consult id>:pending``
#: or ``<consult id>:joined``, NULL when none), so that its answers are decided once under the
#: conversation's row lock, whichever hub they reach (``append(expect=…)``, issue 16).
_OPEN_CONSULT = ("ALTER TABLE conversations ADD COLUMN open_consult TEXT",)


#: Where a desk's softphone listens (``sip:kari@10.0.0.7:5062``, from its ``softphone_ready``
#: on that row's hub), NULL when it has not said or said ``softphone_lost``: the hub holding
#: a call dials it to transfer the call to a colleague signed in on another hub.
_PRESENCE_SOFTPHONE = ("ALTER TABLE staff_presence ADD COLUMN softphone TEXT",)

#: Where the hub holding each call takes calls (its SIP front, ``udp:HOST:PORT``, the same
#: after a restart): a hub that starts ends only its own calls that its phone system lost,
#: never another hub's (several hubs).
_CALL_FRONT = ("ALTER TABLE desk_calls ADD COLUMN front TEXT",)

#: Several hubs (issue 16): every hub times every open debrief request, and each
#: escalation step is taken once, by the hub whose update finds the step before it
#: (``escalations``); ``escalated_to``: the shift lead that step offered it to, if any.
_DEBRIEF_ESCALATIONS = (
    "ALTER TABLE care_debriefs ADD COLUMN escalations INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE care_debriefs ADD COLUMN escalated_to TEXT",
)

#: Several hubs: a call command (hold, resume, hang-up, transfer, a lost softphone or desk,
#: a shift lead's take-over)
#: a counsellor's hub passes to the hub holding the call; ``outcome`` is that hub's answer
#: (JSON); rows live seconds (docs/telephony.md, "A transfer across hubs").
_CALL_COMMANDS = (
    """CREATE TABLE IF NOT EXISTS call_commands (
        id TEXT PRIMARY KEY,
        conversation TEXT NOT NULL,
        hub TEXT NOT NULL,
        kind TEXT NOT NULL,
        user_name TEXT NOT NULL,
        request_id TEXT NOT NULL,
        args TEXT NOT NULL,
        created_at TEXT NOT NULL,
        claimed_by TEXT,
        outcome TEXT
    )""",
)

#: Several hubs: each hub's liveness (``heartbeat_at`` renewed with its staff's presence, by
#: the database's clock) and where it takes calls; each call row names the hub holding it
#: (``desk_calls.hub``), so that a living hub ends, once, the calls of a hub gone for good
#: (workstation/hub/telephony/orphans.py). Unused by a hub on SQLite (``hub`` stays NULL).
_HUBS = (
    """CREATE TABLE IF NOT EXISTS hubs (
        id TEXT PRIMARY KEY,
        front TEXT,
        heartbeat_at TEXT NOT NULL
    )""",
    "ALTER TABLE desk_calls ADD COLUMN hub TEXT",
    "CREATE INDEX IF NOT EXISTS desk_calls_live ON desk_calls (hub) WHERE ended_at IS NULL",
)


def _open_consult(conn: sqlite3.Connection) -> None:
    """:data:`_OPEN_CONSULT` on SQLite (a hand-made database of schema 1 may lack the table)."""
    have = _columns(conn, "conversations")
    if have and "open_consult" not in have:
        conn.execute(_OPEN_CONSULT[0])


_REPLAYS = (
    """CREATE TABLE IF NOT EXISTS replays (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        channel TEXT NOT NULL,
        duration_s INTEGER NOT NULL,
        data TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS replays_created ON replays (created_at)",
    """CREATE TABLE IF NOT EXISTS replay_annotations (
        id TEXT PRIMARY KEY,
        replay TEXT NOT NULL REFERENCES replays (id) ON DELETE CASCADE,
        offset_ms INTEGER NOT NULL,
        text TEXT NOT NULL,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS replay_annotations_replay ON replay_annotations (replay)",
    "CREATE TABLE IF NOT EXISTS replay_sources (conversation TEXT PRIMARY KEY)",
    """CREATE TABLE IF NOT EXISTS practice_attempts (
        id TEXT PRIMARY KEY,
        replay TEXT NOT NULL REFERENCES replays (id) ON DELETE CASCADE,
        trainee TEXT NOT NULL,
        event INTEGER NOT NULL,
        offset_ms INTEGER NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS practice_attempts_replay ON practice_attempts (replay, trainee)",
)

_DESK = (
    """CREATE TABLE IF NOT EXISTS desk_capacity (
        "user" TEXT PRIMARY KEY,
        limits TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS desk_summaries (
        conversation TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        categories TEXT NOT NULL,
        silent INTEGER NOT NULL,
        "user" TEXT NOT NULL,
        saved_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS desk_canned (
        id TEXT PRIMARY KEY,
        item TEXT,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    )""",
)

_REPORTS = (
    """CREATE TABLE IF NOT EXISTS reports (
        id TEXT PRIMARY KEY,
        conversation TEXT NOT NULL,
        author TEXT NOT NULL,
        status TEXT NOT NULL,
        version INTEGER NOT NULL,
        template TEXT NOT NULL,
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        final_version INTEGER,
        final_text TEXT,
        final_hash TEXT,
        template_version INTEGER,
        template_sha256 TEXT,
        approved_by TEXT,
        approved_at TEXT,
        approve_request TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS reports_conversation ON reports (conversation)",
    """CREATE TABLE IF NOT EXISTS report_versions (
        report TEXT NOT NULL REFERENCES reports (id),
        version INTEGER NOT NULL,
        author TEXT NOT NULL,
        template TEXT NOT NULL,
        data TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        request TEXT NOT NULL,
        status TEXT NOT NULL,
        comment TEXT,
        reviewed_by TEXT,
        reviewed_at TEXT,
        review_request TEXT,
        PRIMARY KEY (report, version)
    )""",
    """CREATE TABLE IF NOT EXISTS report_reminders (
        id TEXT PRIMARY KEY,
        report TEXT NOT NULL REFERENCES reports (id),
        conversation TEXT NOT NULL,
        due TEXT NOT NULL,
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        done_at TEXT,
        done_by TEXT,
        done_request TEXT
    )""",
    # Defence in depth: whatever the code does, SQLite refuses to change a final report.
    """CREATE TRIGGER IF NOT EXISTS reports_final_update BEFORE UPDATE ON reports
        WHEN OLD.status = 'final'
        BEGIN SELECT RAISE(ABORT, 'a final report cannot change'); END""",
    """CREATE TRIGGER IF NOT EXISTS reports_final_delete BEFORE DELETE ON reports
        WHEN OLD.status = 'final'
        BEGIN SELECT RAISE(ABORT, 'a final report cannot be deleted'); END""",
    """CREATE TRIGGER IF NOT EXISTS report_versions_approved BEFORE UPDATE ON report_versions
        WHEN OLD.status = 'approved'
        BEGIN SELECT RAISE(ABORT, 'an approved version cannot change'); END""",
    """CREATE TRIGGER IF NOT EXISTS report_versions_after_final BEFORE INSERT ON report_versions
        WHEN (SELECT status FROM reports WHERE id = NEW.report) = 'final'
        BEGIN SELECT RAISE(ABORT, 'a final report gets no new versions'); END""",
)

_TIME_POLICIES = (
    """CREATE TABLE IF NOT EXISTS time_policies (
        channel TEXT PRIMARY KEY,
        enabled INTEGER NOT NULL,
        soft_s INTEGER NOT NULL,
        hard_s INTEGER NOT NULL,
        min_queue INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
    )""",
)

_HEALTH = (
    "CREATE TABLE IF NOT EXISTS hub_health "
    "(id INTEGER PRIMARY KEY CHECK (id = 1), checked_at TEXT NOT NULL)",
)

_RETENTION = (
    """CREATE TABLE IF NOT EXISTS contact_stats (
        channel TEXT NOT NULL,
        created_at TEXT NOT NULL,
        assigned_at TEXT,
        closed_at TEXT,
        status TEXT NOT NULL,
        abandoned INTEGER NOT NULL,
        categories TEXT NOT NULL,
        wanted TEXT NOT NULL,
        actions TEXT NOT NULL,
        contact_by TEXT,
        age_band TEXT,
        gender TEXT,
        silent INTEGER
    )""",
    "CREATE INDEX IF NOT EXISTS contact_stats_created ON contact_stats (created_at)",
    # Call-back requests (the chat page's, issue 14): the number is encrypted by its feature.
    """CREATE TABLE IF NOT EXISTS callback_requests (
        id TEXT PRIMARY KEY,
        conversation TEXT NOT NULL,
        number BLOB NOT NULL,
        created_at TEXT NOT NULL,
        done_at TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS callback_requests_created ON callback_requests (created_at)",
)

# --- PostgreSQL forms of 4 and later -------------------------------------------------------

#: SQLite's "now" as the code writes times (``format_time``: milliseconds, ``Z``), in UTC.
_PG_NOW = """to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"""
_SQLITE_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def _pg(statements: Sequence[str]) -> tuple[str, ...]:
    """A SQLite step written for PostgreSQL: the same tables, columns and names; ``BLOB`` is
    ``BYTEA``, SQLite's clock is PostgreSQL's in the same text form, and ``IF NOT EXISTS``
    (for SQLite databases of schema 1) is dropped: no PostgreSQL database predates the list."""
    out = []
    for statement in statements:
        text = statement.replace(" IF NOT EXISTS", "").replace(" BLOB", " BYTEA")
        text = text.replace(f"({_SQLITE_NOW})", f"({_PG_NOW})").replace(_SQLITE_NOW, _PG_NOW)
        if "strftime" in text or "TRIGGER" in text:
            raise ValueError(f"not translatable to PostgreSQL: {statement[:60]}")
        out.append(text)
    return tuple(out)


#: The final-state guards of migration 8 as PL/pgSQL; the same trigger names and messages as
#: on SQLite. A trigger's WHEN cannot hold a subquery, so the last one looks in its function.
_REPORT_GUARDS_POSTGRES = (
    """CREATE FUNCTION hub_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'integrity_constraint_violation';
    END $$""",
    """CREATE TRIGGER reports_final_update BEFORE UPDATE ON reports FOR EACH ROW
        WHEN (OLD.status = 'final')
        EXECUTE FUNCTION hub_refuse('a final report cannot change')""",
    """CREATE TRIGGER reports_final_delete BEFORE DELETE ON reports FOR EACH ROW
        WHEN (OLD.status = 'final')
        EXECUTE FUNCTION hub_refuse('a final report cannot be deleted')""",
    """CREATE TRIGGER report_versions_approved BEFORE UPDATE ON report_versions FOR EACH ROW
        WHEN (OLD.status = 'approved')
        EXECUTE FUNCTION hub_refuse('an approved version cannot change')""",
    """CREATE FUNCTION hub_refuse_after_final() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF (SELECT status FROM reports WHERE id = NEW.report) = 'final' THEN
            RAISE EXCEPTION USING MESSAGE = 'a final report gets no new versions',
                ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER report_versions_after_final BEFORE INSERT ON report_versions
        FOR EACH ROW EXECUTE FUNCTION hub_refuse_after_final()""",
)

#: The one list, oldest first. Append only (see the module docstring).
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "users, conversations, events, sessions, audit, settings", _CORE_SQLITE,
              _CORE_POSTGRES),
    Migration(2, "disabled users, session ids, user changes", _accounts, _ACCOUNTS_POSTGRES),
    Migration(3, "answers to requests, by request id", _REQUEST_ANSWERS, _REQUEST_ANSWERS),
    Migration(4, "telephony: calls at the desk", _CALLS, _pg(_CALLS)),
    Migration(5, "SMS threads", _SMS, _pg(_SMS)),
    Migration(6, "replays, annotations, practice attempts", _REPLAYS, _pg(_REPLAYS)),
    Migration(7, "desk capacity, summaries, canned responses", _DESK, _pg(_DESK)),
    Migration(8, "reports, their versions and reminders", _REPORTS,
              (*_pg(_REPORTS[:4]), *_REPORT_GUARDS_POSTGRES)),
    Migration(9, "time-limit policies", _TIME_POLICIES, _pg(_TIME_POLICIES)),
    Migration(10, "health probe row", _HEALTH, _pg(_HEALTH)),
    Migration(11, "contact statistics and call-back requests (retention)", _RETENTION,
              _pg(_RETENTION)),
    Migration(12, "SMS: reply outbox, inbound ids, sealed numbers for the gateway", _SMS_OUTBOX,
              _pg(_SMS_OUTBOX)),
    Migration(13, "e-mail: threads (sealed address) and message ids", _EMAIL, _pg(_EMAIL)),
    Migration(14, "call-back tasks: masked number, window, taker, outcome", _callback_tasks,
              tuple(f"ALTER TABLE callback_requests ADD COLUMN {column} {kind}"
                    for column, kind in _CALLBACK_COLUMNS.items())),
    Migration(15, "care: blocked identifiers, blocks, refused attempts, settings", _CARE,
              _pg(_CARE)),
    Migration(16, "e-mail: answer outbox (sealed until the SMTP server took it)", _EMAIL_OUTBOX,
              _pg(_EMAIL_OUTBOX)),
    Migration(17, "return codes (keyed hash, counsellor, earlier conversation)", _RETURN_CODES,
              _RETURN_CODES),
    Migration(18, "return codes: keyed hash of the digit form (the phone menu)",
              _RETURN_CODE_DIGITS, _RETURN_CODE_DIGITS),
    Migration(19, "care: stretches, pauses, hard contacts today, open debrief requests",
              _CARE_STATE, _pg(_CARE_STATE)),
    Migration(20, "roster: shifts per user", _SHIFTS, _pg(_SHIFTS)),
    Migration(21, "outboxes: which hub sends a thread's replies, until when", _OUTBOX_LEASES,
              _pg(_OUTBOX_LEASES)),
    Migration(22, "several hubs: who is signed in on which hub (presence, heartbeat)",
              _STAFF_PRESENCE, _pg(_STAFF_PRESENCE)),
    Migration(23, "several hubs: each conversation's open consultation (answers decided once)",
              _open_consult, _OPEN_CONSULT),
    Migration(24, "several hubs: where each signed-in desk's softphone listens",
              _PRESENCE_SOFTPHONE, _PRESENCE_SOFTPHONE),
    Migration(25, "several hubs: where the hub holding each call takes calls",
              _CALL_FRONT, _CALL_FRONT),
    Migration(26, "several hubs: each open debrief request's escalation step, taken once",
              _DEBRIEF_ESCALATIONS, _DEBRIEF_ESCALATIONS),
    Migration(27, "several hubs: call commands passed to the hub holding the call",
              _CALL_COMMANDS, _pg(_CALL_COMMANDS)),
    Migration(28, "several hubs: each hub's heartbeat, and the hub holding each call",
              _HUBS, _pg(_HUBS)),
)

#: The version a database has once every migration ran.
LATEST = MIGRATIONS[-1].version


def newer_schema(name: str, version: int) -> NewerSchema:
    return NewerSchema(
        f"The database {name} was written by a newer hub (schema {version}; this hub knows "
        f"{LATEST}). Upgrade the hub before using it."
    )


def pending(version: int, target: int | None = None) -> list[Migration]:
    """The migrations a database at ``version`` still needs (up to ``target``), in order."""
    last = LATEST if target is None else target
    return [m for m in MIGRATIONS if version < m.version <= last]


def migrate_sqlite(conn: sqlite3.Connection, path: Path, target: int | None = None) -> int:
    """Bring the database at ``path`` (open on the autocommit ``conn``) up to ``target``
    (default: :data:`LATEST`), one transaction per migration; returns the version reached.
    An existing database is copied to ``<file>.v<N>.bak`` first."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > LATEST:
        raise newer_schema(path.name, version)
    steps = pending(version, target)
    if steps and version > 0 and path.exists():
        shutil.copy2(path, path.with_suffix(path.suffix + f".v{version}.bak"))
    for migration in steps:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if callable(migration.sqlite):
                migration.sqlite(conn)
            else:
                for statement in migration.sqlite:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version={migration.version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version = migration.version
    return version

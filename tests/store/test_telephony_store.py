"""Telephony's SQL (workstation/hub/telephony/store.py) on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

from tests.store.channel_db import Db, add_conversation
from workstation.hub.telephony.store import Call, live_calls, save_call

AT = "2026-12-05T03:00:00.000Z"


def test_a_call_is_saved_as_it_changes_and_read_back_while_open(db: Db) -> None:
    handle = db.connect()
    conn = handle.sql
    add_conversation(conn, "c1", "phone")
    add_conversation(conn, "c2", "phone", status="closed")
    call = Call("sip-1", "c1", "+47 ** ** ** 12", "adapter", AT)
    save_call(conn, call)
    save_call(conn, Call("sip-2", "c2", None, "contact", AT))
    answered = replace(call, state="answered", answered_at="2026-12-05T03:00:05.000Z")
    save_call(conn, answered)
    assert live_calls(conn) == [answered]
    save_call(conn, replace(answered, state="ended"), ended_at="2026-12-05T03:09:00.000Z")
    assert handle.query("SELECT state, ended_at FROM desk_calls WHERE conversation = 'c1'") == [
        ("ended", "2026-12-05T03:09:00.000Z")]

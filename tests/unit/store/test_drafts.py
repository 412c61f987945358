"""Local drafts: encrypted at rest, surviving a killed desk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workstation.store.drafts import DraftKeyMismatch, DraftStore, new_key


def test_drafts_round_trip_and_are_not_readable_on_disk(tmp_path: Path) -> None:
    key = new_key()
    store = DraftStore(tmp_path / "drafts.sqlite3", key)
    store.save("c1", "message", "Jeg hører deg, Emma. Ring 116 111.")
    store.save("c1", "note", "Mulig vold i hjemmet")
    store.save("c2", "message", "Hei")
    assert store.load("c1", "message") == "Jeg hører deg, Emma. Ring 116 111."
    assert [(d.scope, d.kind) for d in store.all()] == [
        ("c1", "message"), ("c1", "note"), ("c2", "message")
    ]
    store.save("c2", "message", "")
    assert store.load("c2", "message") == ""
    store.forget("c1")
    assert store.all() == []
    store.save("c3", "message", "Emma bor i Storgata 5")
    store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"Emma" not in raw and b"Storgata" not in raw


def test_another_key_cannot_read_them(tmp_path: Path) -> None:
    DraftStore(tmp_path / "d.sqlite3", new_key()).save("c1", "message", "hemmelig")
    other = DraftStore(tmp_path / "d.sqlite3", new_key())
    with pytest.raises(DraftKeyMismatch):
        other.load("c1", "message")


def test_a_draft_survives_kill_9(tmp_path: Path) -> None:
    key = new_key()
    path = tmp_path / "d.sqlite3"
    code = (
        "import os, signal, sys\n"
        "from workstation.store.drafts import DraftStore\n"
        "s = DraftStore(sys.argv[1], sys.argv[2])\n"
        "s.save('c9', 'message', 'skrevet rett før krasjet')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path), key], env=dict(os.environ))
    assert done.returncode == -9
    assert DraftStore(path, key).load("c9", "message") == "skrevet rett før krasjet"

"""Drafts: kept per conversation, saved locally within two seconds of typing, back after
the desk is killed with SIGKILL; the key lives in the keyring (a memory keyring here).

Why a child process and not the whole desk: driving typing into a real desk process would
need a test hook in the product. Instead the child runs the desk's own drafts path — the real
``ConversationPanel`` with its ``DraftKeeper`` and a ``DraftStore`` file — types with real key
events, and is SIGKILLed two seconds later; a second child opens the same file and shows what
the boxes hold. The in-process tests below cover the same path inside a desk signed in to a
real hub, plus the keyring.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import Qt

from tests.gui.conftest import Desk
from tests.gui.helpers import eventually, young_person
from tests.gui.memory_keyring import MemoryKeyring
from workstation.hub.server import HubServer
from workstation.store.drafts import DraftStore, new_key
from workstation.ui.drafts_sync import DraftKeeper, open_draft_store
from workstation.ui.keyring_store import KeyringCredentialStore

CHILD = Path(__file__).with_name("drafts_child.py")
ROOT = Path(__file__).resolve().parents[2]


def child(args: list[str], key: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert process.stdin is not None
    process.stdin.write(key + "\n")
    process.stdin.flush()
    return process


@pytest.mark.slow
@pytest.mark.timeout(60)
def test_drafts_survive_sigkill_two_seconds_after_typing(tmp_path: Path) -> None:
    path, key = tmp_path / "drafts.sqlite3", new_key()
    text = "Jeg hører at det har vært vanskelig hjemme"
    typing = child(["type", str(path), text], key)
    try:
        assert typing.stdout is not None
        line = typing.stdout.readline()
        assert line.strip() == "typed", typing.stderr.read() if typing.stderr else line
        time.sleep(2.0)
        typing.send_signal(signal.SIGKILL)
        typing.wait(10)
    finally:
        if typing.poll() is None:
            typing.kill()
        for stream in (typing.stdin, typing.stdout, typing.stderr):
            if stream is not None:
                stream.close()
    restoring = child(["restore", str(path)], key)
    out, err = restoring.communicate(timeout=30)
    assert restoring.returncode == 0, err[-2000:]
    assert json.loads(out.strip().splitlines()[-1]) == {"message": text, "note": "notat: " + text}


async def test_typing_is_saved_within_two_seconds_and_restored(
    desk: Desk, hub: HubServer, qtbot: Any, tmp_path: Path
) -> None:
    store = DraftStore(tmp_path / "drafts.sqlite3", new_key())
    await desk.window.attach_draft_store(store)
    async with young_person(hub.url) as contact:
        await contact.open()
        await eventually(lambda: desk.controller.queue.rowCount() == 1)
        await desk.window.queue_panel.take(contact.conversation)
        panel = desk.window.conversation_panel
        await eventually(lambda: panel.conversation == contact.conversation)
        qtbot.keyClicks(panel.compose, "halvskrevet svar")
        qtbot.keyClicks(panel.note_edit, "halvskrevet notat")
        await eventually(
            lambda: store.load(contact.conversation, "message") == "halvskrevet svar", 2.0
        )
        await eventually(
            lambda: store.load(contact.conversation, "note") == "halvskrevet notat", 2.0
        )
        keeper = DraftKeeper()
        await keeper.attach(store)
        assert keeper.text(contact.conversation, "message") == "halvskrevet svar"
        qtbot.keyClick(panel.compose, Qt.Key.Key_Return)
        await eventually(lambda: store.load(contact.conversation, "message") == "", 2.0)
    store.close()


async def test_the_key_lives_in_the_keyring_and_no_keyring_is_a_sentence(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    credentials = KeyringCredentialStore()
    store, why_not = await open_draft_store(credentials, "ws://hub", "kari", tmp_path)
    assert store is not None and why_not is None
    assert [user for _, user in memory_keyring.passwords] == ["drafts-key:kari"]
    store.save("c1", "message", "hemmelig utkast")
    store.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())  # noqa: ASYNC240
    assert b"hemmelig" not in stored
    again, _ = await open_draft_store(credentials, "ws://hub", "kari", tmp_path)
    assert again is not None and again.load("c1", "message") == "hemmelig utkast"
    again.close()
    none, sentence = await open_draft_store(
        KeyringCredentialStore(FailKeyring()), "ws://hub", "kari", tmp_path
    )
    assert none is None
    assert sentence is not None and "nøkkelring" in sentence

"""A child process for test_desk_drafts: the desk's drafts component on its own.

``type PATH TEXT``: a conversation panel (the desk's real ConversationPanel, DraftKeeper and
DraftStore, offscreen) types TEXT into the reply box with real key events, prints
``typed`` and keeps running until it is killed. ``restore PATH``: a fresh panel attaches the
same store and prints, as JSON, what the reply and note boxes show. The store's key comes on
standard input (in the desk it comes from the OS keyring).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from workstation.store.drafts import DraftStore  # noqa: E402
from workstation.ui.controller import DeskController  # noqa: E402
from workstation.ui.conversation_panel import ConversationPanel  # noqa: E402

OPENED = {
    "conversation": "c1",
    "seq": 1,
    "kind": "opened",
    "channel": "chat",
    "at": "2026-11-26T01:00:00.000Z",
}


class NoClient:
    def add_listener(self, listener: object) -> None:
        pass


async def main(mode: str, path: Path, text: str, key: str) -> None:
    controller = DeskController(NoClient())  # type: ignore[arg-type]
    controller.on_event(dict(OPENED))
    panel = ConversationPanel(controller)
    panel.show()
    panel.show_conversation("c1")
    await panel.drafts.attach(DraftStore(path, key))
    if mode == "restore":
        print(
            json.dumps({"message": panel.compose.toPlainText(), "note": panel.note_edit.text()}),
            flush=True,
        )
        return
    QTest.keyClicks(panel.compose, text)
    QTest.keyClicks(panel.note_edit, "notat: " + text)
    print("typed", flush=True)
    await asyncio.Event().wait()  # until SIGKILL


if __name__ == "__main__":
    app = QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    mode, path = sys.argv[1], Path(sys.argv[2])
    text = sys.argv[3] if len(sys.argv) > 3 else ""
    with loop:
        loop.run_until_complete(main(mode, path, text, sys.stdin.readline().strip()))

"""For ``--screenshot``: stage a real conversation on the demo desk, then save a PNG."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from workstation.client import HubError
from workstation.ui.controller import DeskController

log = logging.getLogger(__name__)

POLL_S = 0.1


async def _until(condition, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() >= deadline:
            return False
        await asyncio.sleep(POLL_S)
    return True


def demo_reply() -> str:
    return QCoreApplication.translate(
        "screenshot",
        "Hi, you have reached the helpline for children and young people. My name is %1. "
        "I'm glad you wrote. What would you like to talk about?",
    )


async def stage_conversation(controller: DeskController, timeout: float = 30.0) -> None:
    """Take the first waiting contact, wait for their first words, and answer them."""
    if not await _until(lambda: controller.queue.rowCount() > 0, timeout):
        log.info("no contact arrived in time for the screenshot")
        return
    conversation = controller.queue.conversation_at(0)
    if conversation is None:
        return
    try:
        await controller.accept(conversation)
    except HubError as error:
        log.info("could not take the demo contact: %s", error.code)
        return
    transcript = controller.transcript(conversation)

    def contact_spoke() -> bool:
        return any(
            transcript.entry(row).sender == "contact" for row in range(transcript.rowCount())
        )

    await _until(contact_spoke, 5.0)
    controller.send(conversation, demo_reply().replace("%1", controller.display_name))


async def save_after(window: QWidget, path: Path, seconds: float) -> None:
    """Wait, then save the window as a PNG; raises OSError when it cannot be written."""
    await asyncio.sleep(seconds)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    log.info("saved screenshot to %s", path)

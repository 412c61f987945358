"""For ``--screenshot``: stage a real conversation on the demo desk, then save a PNG."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from workstation.client import HubError
from workstation.ui.controller import DeskController
from workstation.ui.fit import available_room
from workstation.ui.main_window import MainWindow, initial_size

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


def demo_note() -> str:
    return QCoreApplication.translate(
        "screenshot", "Says the parents argue a lot. Ask whether anyone at school knows."
    )


def _contact_spoke(controller: DeskController, conversation: str) -> bool:
    transcript = controller.transcript(conversation)
    return any(transcript.entry(row).sender == "contact" for row in range(transcript.rowCount()))


async def stage_desk(window: MainWindow, show: str = "chat", timeout: float = 60.0) -> None:
    """Several conversations at once: take every contact that arrives (over capacity), answer
    the first chat and note something in it, answer a ringing call; show ``show`` ("chat" or
    "call") in the conversation panel. Runs until cancelled (when the picture is taken)."""
    controller = window.controller
    window.resize(initial_size(available_room()))
    taken: list[str] = []
    answered: set[str] = set()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        waiting = [
            controller.queue.conversation_at(row) for row in range(controller.queue.rowCount())
        ]
        for conversation in waiting:
            if conversation is None or conversation in taken or len(taken) >= 5:
                continue
            try:
                await controller.accept(conversation, over_capacity=True)
            except HubError as error:
                log.info("could not take a demo contact: %s", error.code)
                continue
            taken.append(conversation)
        chats = [c for c in taken if controller.conversations.channel(c) != "phone"]
        calls = [c for c in taken if controller.conversations.channel(c) == "phone"]
        first = chats[0] if chats else None
        if first is not None and first not in answered and _contact_spoke(controller, first):
            answered.add(first)
            controller.send(first, demo_reply().replace("%1", controller.display_name))
            controller.send_note(first, demo_note())
        target = calls[0] if show == "call" and calls else first
        if target is not None and window.current_conversation() != target:
            window.conversation_list.select(target)
        await asyncio.sleep(POLL_S * 2)


async def save_after(window: QWidget, path: Path, seconds: float) -> None:
    """Wait, then save the window as a PNG; raises OSError when it cannot be written."""
    await asyncio.sleep(seconds)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    log.info("saved screenshot to %s", path)

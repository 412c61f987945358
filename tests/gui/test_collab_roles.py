"""After sign-in the app opens what the user's roles call for."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from PySide6.QtWidgets import QApplication, QMainWindow

from tests.gui.helpers import eventually
from tests.support.hubs import PASSWORD
from workstation.hub.server import HubServer
from workstation.ui.app import run_for_roles
from workstation.ui.main_window import MainWindow
from workstation.ui.session import sign_in
from workstation.ui.supervisor.window import SupervisorWindow
from workstation.ui.trainer.window import TrainerWindow


def shown(kind: type[QMainWindow]) -> list[QMainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


async def run_as(hub: HubServer, user: str, qtbot: Any) -> tuple[asyncio.Task[int], Any]:
    session = await sign_in(hub.url, user, PASSWORD)
    args = argparse.Namespace(demo=True, screenshot=None, after=0, show=None)
    return asyncio.ensure_future(run_for_roles(session, args, None)), session


async def close_all() -> None:
    for kind in (MainWindow, SupervisorWindow, TrainerWindow):
        for window in shown(kind):
            window.close()


async def test_supervisor_gets_the_supervisor_window(hub: HubServer, qtbot: Any) -> None:
    task, session = await run_as(hub, "sup", qtbot)
    await eventually(lambda: len(shown(SupervisorWindow)) == 1)
    [window] = shown(SupervisorWindow)
    assert isinstance(window, SupervisorWindow)
    await eventually(lambda: window.controller.running)
    assert shown(MainWindow) == []
    window.close()
    assert await asyncio.wait_for(task, 5) == 0
    assert not window.controller.running
    assert session.client.state.value == "offline"


async def test_trainer_gets_the_trainer_window(hub: HubServer, qtbot: Any) -> None:
    task, _ = await run_as(hub, "trainer", qtbot)
    await eventually(lambda: len(shown(TrainerWindow)) == 1)
    assert shown(MainWindow) == []
    await close_all()
    assert await asyncio.wait_for(task, 5) == 0


async def test_counsellor_gets_the_desk_only(hub: HubServer, qtbot: Any) -> None:
    task, _ = await run_as(hub, "kari", qtbot)
    await eventually(lambda: len(shown(MainWindow)) == 1)
    assert shown(SupervisorWindow) == []
    await close_all()
    assert await asyncio.wait_for(task, 5) == 0

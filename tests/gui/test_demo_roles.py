"""``workstation --demo --as ROLE``: every role's window on one embedded demo hub, simulated
colleagues at the other desks, and ``--help`` texts that say everything."""

from __future__ import annotations

import contextlib
import importlib
import io
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from PySide6.QtWidgets import QMainWindow

from tests.gui.helpers import eventually
from workstation.ui import demo
from workstation.ui.app import close_supervisor, parse_args, windows_for
from workstation.ui.demo import ROLES, DemoHub, run_demo_hub
from workstation.ui.main_window import MainWindow
from workstation.ui.session import DeskSession, sign_in
from workstation.ui.supervisor.window import SupervisorWindow, open_supervisor
from workstation.ui.trainer.window import TrainerWindow, open_trainer

DEMO_MODULES = ("supervisor", "trainer", "consult", "reports", "wrapup")


def test_as_picks_a_role_and_needs_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_args(["--demo", "--as", "shift-lead"]).role == "shift-lead"
    assert parse_args(["--demo"]).role is None
    with pytest.raises(SystemExit):
        parse_args(["--as", "supervisor"])
    assert "--as works with --demo" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parse_args(["--demo", "--as", "admin"])


@contextlib.asynccontextmanager
async def demo_hub(monkeypatch: pytest.MonkeyPatch, contacts: int) -> AsyncIterator[DemoHub]:
    """A demo hub where the person plays the supervisor, so the simulated colleagues at both
    desks take contacts (quickly, here)."""
    monkeypatch.setattr(demo, "TAKE_AFTER_S", {"desk": 0.3, "no desk": 0.3})
    async with run_demo_hub(
        contacts=contacts, speed=20.0, interval_s=2.0, user="leder", stream=False
    ) as running:
        yield running


@contextlib.asynccontextmanager
async def signed_in(hub: DemoHub, role: str) -> AsyncIterator[DeskSession]:
    session = await sign_in(hub.url, ROLES[role], hub.password_of(ROLES[role]))
    try:
        yield session
    finally:
        await session.close()


async def open_window(session: DeskSession) -> QMainWindow:
    """The window ``workstation`` opens for the signed-in person (the first of them)."""
    roles = set((session.client.user or {}).get("roles") or [])
    first = windows_for(roles)[0]
    if first == "trainer":
        return await open_trainer(session.client)
    if first == "supervisor":
        return await open_supervisor(session.client)
    return MainWindow(session.controller)


@pytest.mark.timeout(90)
async def test_every_role_opens_its_window_on_one_demo_hub(
    monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    expected = {
        "counsellor": (MainWindow, "Demo Veileder"),
        "shift-lead": (MainWindow, "Demo Vaktleder"),
        "supervisor": (SupervisorWindow, "Demo Leder"),
        "trainer": (TrainerWindow, "Demo Trener"),
    }
    async with demo_hub(monkeypatch, contacts=0) as hub:
        for role, (kind, name) in expected.items():
            await check_window(hub, role, kind, name, qtbot)


async def check_window(hub: DemoHub, role: str, kind: type, name: str, qtbot: Any) -> None:
    async with signed_in(hub, role) as session:
        assert (session.client.user or {}).get("display_name") == name
        window = await open_window(session)
        qtbot.addWidget(window)
        window.show()
        assert isinstance(window, kind), role
        if isinstance(window, SupervisorWindow):
            await close_supervisor(window)
        window.close()


@pytest.mark.timeout(90)
async def test_simulated_colleagues_take_contacts_when_nobody_is_at_a_desk(
    monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    async with demo_hub(monkeypatch, contacts=3) as hub, signed_in(hub, "supervisor") as session:
        window = await open_supervisor(session.client)
        qtbot.addWidget(window)
        try:
            staff = window.controller.staff

            def names() -> set[str]:
                return {staff.person(r)["display_name"] for r in range(staff.rowCount())}

            await eventually(lambda: names() == {"Demo Veileder", "Simulert vaktleder"}, 20)
            conversations = window.controller.conversations

            def taken_by_a_colleague() -> None:
                held = {
                    conversations.counsellor(conversations.conversation(r))
                    for r in range(conversations.rowCount())
                }
                assert held & {"Demo Veileder", "Simulert vaktleder"}

            await eventually(taken_by_a_colleague, 30)
            assert not window.overview.quiet.isVisible()
        finally:
            await close_supervisor(window)


@pytest.mark.parametrize("name", DEMO_MODULES)
def test_demo_help_says_the_whole_description(name: str) -> None:
    module = importlib.import_module(f"workstation.ui.{name}.demo")
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exit_:
        if name == "wrapup":
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr("sys.argv", ["demo", "--help"])
                module.main()
        else:
            module.main(["--help"])
    assert exit_.value.code == 0
    said = " ".join(out.getvalue().split())
    first_paragraph = " ".join((module.__doc__ or "").split("\n\n")[0].replace("``", "").split())
    assert first_paragraph in said
    options = re.findall(r"^ {2}(-[-\w]+)(.*)$", out.getvalue(), re.MULTILINE)
    assert options and all(rest.strip() or name for _, rest in options)

"""The call bar shows the desk softphone's state and mutes it (Norwegian strings)."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import Desk
from tests.gui.helpers import eventually
from tests.gui.test_desk_calls import phone
from tests.support.sip import need
from workstation.hub.server import HubServer
from workstation.sip.softphone import DeskSoftphone
from workstation.ui.app import desk_softphone, parse_args


async def test_the_call_bar_shows_the_softphone_and_mutes_it(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    need("baresip")
    window = desk.window
    await phone(hub).ring(None)
    await eventually(lambda: desk.controller.calls.rowCount() == 1)
    qtbot.mouseClick(window.queue_panel.answer_button, Qt.MouseButton.LeftButton)
    bar = window.conversation_panel.call_bar
    await eventually(lambda: bar.call_state() == "connected")
    controls = bar.softphone
    assert controls.isVisible()
    assert controls.state_label.text() == "Ikke tilkoblet"
    assert not controls.mute_button.isEnabled()
    softphone = DeskSoftphone("kari", hub_host="127.0.0.1")
    controls.attach(softphone)
    softphone.on_change = controls.refresh
    async with softphone:
        assert controls.state_label.text() == "Telefon klar"
        assert controls.mute_button.text() == "Demp"
        qtbot.mouseClick(controls.mute_button, Qt.MouseButton.LeftButton)
        await eventually(lambda: softphone.muted)
        assert controls.mute_button.isChecked()
        assert controls.mute_button.text() == "Slå på lyd"
        qtbot.mouseClick(controls.mute_button, Qt.MouseButton.LeftButton)
        await eventually(lambda: not softphone.muted)
    assert controls.state_label.text() == "Ikke tilkoblet"


async def test_a_real_desks_softphone_listens_where_told_and_trusts_the_hubs_host(
    desk: Desk,
) -> None:
    need("baresip")
    async with desk_softphone("udp:127.0.0.1:0", "kari", "wss://127.0.0.1:8765") as (
        softphone, why_not,
    ):
        assert softphone is not None and why_not is None
        assert softphone.state == "ready" and softphone.hub_host == "127.0.0.1"
        assert softphone.address.startswith("sip:kari@127.0.0.1:")
    assert softphone.state == "off"
    async with desk_softphone(None, "kari", "ws://127.0.0.1:8765") as (none, why_not):
        assert none is None and why_not is None


async def test_a_softphone_that_cannot_start_is_told(desk: Desk, monkeypatch: Any) -> None:
    monkeypatch.setattr(shutil, "which", lambda program: None)
    async with desk_softphone("udp:127.0.0.1:0", "kari", "ws://127.0.0.1:8765") as (
        softphone, why_not,
    ):
        assert softphone is not None and softphone.state == "off"
        assert why_not == "Telefonen på pulten startet ikke: samtaler har ikke lyd."


def test_softphone_is_for_a_real_hub_with_a_udp_address(capsys: Any) -> None:
    for argv, said in ((["--demo", "--softphone", "udp:127.0.0.1:0"], "--softphone is for"),
                       (["--softphone", "tcp:x:1"], "is not udp:HOST:PORT")):
        with pytest.raises(SystemExit) as exited:
            parse_args(argv)
        assert exited.value.code == 2 and said in capsys.readouterr().err
    assert parse_args(["--softphone", "udp:0.0.0.0:5062"]).softphone == "udp:0.0.0.0:5062"

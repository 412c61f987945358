"""A call-back request on the desk: the task shows masked with its window and age, Kari takes
it, reveals the number (only her desk gets it), records "no answer", and later "reached"."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.conftest import staff_login
from tests.gui.conftest import Desk
from tests.gui.helpers import eventually
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer


def audit(db: Path) -> list[tuple[Any, ...]]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute(
            "SELECT actor, action, detail FROM audit WHERE action LIKE 'callback%' "
            "ORDER BY rowid"
        ).fetchall()


async def test_a_call_back_is_taken_revealed_and_its_outcome_recorded(
    desk: Desk, hub: HubServer, hub_db: Path, qtbot: Any
) -> None:
    queue = desk.window.queue_panel
    tasks = desk.controller.callbacks
    assert not queue.callback_button.isVisible()
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as ola,
    ):
        await staff_login(ola, "ola")
        ok(await contact.request("callback", number="912 34 567", window="16-20"))
        await eventually(lambda: tasks.rowCount() == 1)
        row = tasks.index(0, 0).data()
        assert row.startswith("↩ +47 ** ** ** 67 – kl. 16–20\nbedt om for ")
        assert "912" not in row
        assert queue.callback_button.isVisible() and queue.callback_button.isEnabled()
        assert queue.callback_button.text() == "Ring tilbake (1 venter)"
        # Not a live contact: the queue of waiting contacts is untouched.
        assert desk.controller.queue.total == 0
        qtbot.mouseClick(queue.callback_button, Qt.MouseButton.LeftButton)
        await eventually(lambda: queue.callback_dialog is not None)
        dialog = queue.callback_dialog
        assert dialog is not None
        assert dialog.number_label.text() == "+47 ** ** ** 67"
        assert dialog.advice.text().startswith("Hvis en annen svarer: ikke si hvem du er")
        # The other desk sees it taken, still masked, and cannot have the number.
        taken = await ola.expect(
            lambda f: f.get("type") == "callbacks" and f["items"] and f["items"][0]["taken_by"]
        )
        assert taken["items"][0]["number"] == "+47 ** ** ** 67"
        task_id = taken["items"][0]["callback"]
        assert (await ola.request("callback_number", callback=task_id))["code"] == "forbidden"
        await eventually(lambda: not queue.callback_button.isEnabled())
        qtbot.mouseClick(dialog.reveal_button, Qt.MouseButton.LeftButton)
        # "+47 91 23 45 67" (phonenumbers 9.x) or "+47 912 34 567" (older): the digits matter.
        await eventually(lambda: dialog.number_label.text().replace(" ", "") == "+4791234567")
        qtbot.mouseClick(dialog.outcome_buttons["no_answer"], Qt.MouseButton.LeftButton)
        await eventually(lambda: queue.callback_dialog is None)
        await eventually(lambda: "prøvd 1 gang" in tasks.index(0, 0).data())
        assert queue.callback_button.isEnabled()
        # A second try: reached. The task leaves every desk.
        await queue.take_callback(task_id)
        dialog = queue.callback_dialog
        assert dialog is not None
        qtbot.mouseClick(dialog.outcome_buttons["reached"], Qt.MouseButton.LeftButton)
        await eventually(lambda: tasks.rowCount() == 0)
        await eventually(lambda: not queue.callback_button.isVisible())
        await ola.expect(lambda f: f.get("type") == "callbacks" and f["items"] == [])
    assert audit(hub_db) == [
        ("kari", "callback_take", ""), ("kari", "callback_reveal", ""),
        ("kari", "callback_outcome", "no_answer"), ("kari", "callback_take", ""),
        ("kari", "callback_outcome", "reached"),
    ]


def test_the_task_model_passes_qtmodeltester(qtmodeltester: Any) -> None:
    from datetime import timedelta

    from workstation.protocol.times import format_time, utc_now
    from workstation.ui.calls.callback_model import CallbackTasksModel

    now = utc_now()
    model = CallbackTasksModel(clock=lambda: now)
    model.set_items([
        {"callback": "cb1", "number": "+47 ** ** ** 67", "window": "any", "may_say_who": False,
         "requested_at": format_time(now - timedelta(minutes=12)), "attempts": 2,
         "taken_by": "Ola", "taken_user": "ola"},
        {"callback": "cb2", "number": "+47 ** ** ** 12", "window": "20-23", "may_say_who": True,
         "requested_at": format_time(now - timedelta(minutes=3)), "attempts": 0,
         "taken_by": None, "taken_user": None},
    ])
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == (
        "↩ +47 ** ** ** 67 – så snart som mulig\nbedt om for 12 min siden – prøvd 2 ganger"
        " – tatt av Ola"
    )
    assert model.open_count() == 1 and model.callback_at(1) == "cb2"


async def test_a_task_given_back_meanwhile_says_so_in_norwegian(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    from workstation.hub.webchat.callback import CallbackFeature

    queue = desk.window.queue_panel
    async with (
        Wire.connect(hub.url, "/v1/contact") as contact,
        Wire.connect(hub.url, "/v1/staff") as ola,
    ):
        await staff_login(ola, "ola")
        task_id = ok(await contact.request("callback", number="912 34 567"))["callback"]
        await eventually(lambda: desk.controller.callbacks.rowCount() == 1)
        await queue.take_callback(task_id)
        dialog = queue.callback_dialog
        assert dialog is not None
        hub.hub.feature(CallbackFeature).release("kari")  # as after two minutes away
        ok(await ola.request("callback_take", callback=task_id))
        qtbot.mouseClick(dialog.reveal_button, Qt.MouseButton.LeftButton)
        await eventually(lambda: dialog.error_label.isVisible())
        assert dialog.error_label.text().startswith("Denne oppringingen er ikke lenger din")
        assert dialog.number_label.text() == "+47 ** ** ** 67"

""""Same counsellor again" on the desk, on a real hub: Kari gives a code with "Kode for å komme
tilbake", the young person's page gets it, she revokes it; a young person who comes back with
her code is offered to her with the earlier summary (docs/returning.md)."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QPushButton

from tests.gui.conftest import Desk
from tests.gui.helpers import eventually, young_person
from tests.gui.test_desk_conversation import take_first
from tests.integration.test_desk_features import SUMMARY
from tests.support.wire import Wire, ok
from workstation.hub.returning.codes import spoken_digits
from workstation.hub.returning.feature import ReturnFeature
from workstation.hub.server import HubServer
from workstation.ui.returning import ReturnCodeAction, ReturnCodeDialog, ReturnOffers
from workstation.ui.transcript_model import TranscriptModel


def _button(desk: Desk) -> ReturnCodeAction:
    found = desk.window.findChild(ReturnCodeAction, "return_code_action")
    assert found is not None
    return found


async def _open_dialog(desk: Desk) -> ReturnCodeDialog:
    button = _button(desk)
    assert button.text() == "Gi kode…" and button.isEnabled()
    more = desk.window.findChild(QPushButton, "abuse_button")
    assert more is not None and button in more.menu().actions()  # "Mer ▾" > "Gi kode…"
    button.trigger()
    await eventually(lambda: button.dialog is not None and button.dialog.isVisible())
    dialog = button.dialog
    assert dialog is not None
    assert dialog.windowTitle() == "Kode for å komme tilbake"
    assert not dialog.follow_up_choice.isVisible()
    assert not dialog.revoke_button.isVisible()  # nothing to revoke before a code is given
    return dialog


async def _tick_for_times(dialog: ReturnCodeDialog) -> list[str]:
    """Tick "Avtal en tid…": the hub's proposals (their labels) once the note shows."""
    dialog.follow_up_box.setChecked(True)
    await eventually(lambda: dialog.roster_note.isVisible())
    return [dialog.follow_up_choice.itemText(i) for i in range(dialog.follow_up_choice.count())]


async def _give_code(desk: Desk, qtbot: Any, follow_up: bool = False) -> str:
    dialog = await _open_dialog(desk)
    if follow_up:
        assert await _tick_for_times(dialog)
        dialog.follow_up_choice.setCurrentIndex(0)
    qtbot.mouseClick(dialog.give_button, Qt.MouseButton.LeftButton)
    await eventually(lambda: dialog.code_label.isVisible())
    return dialog.code_label.text()


async def test_kari_gives_a_code_the_page_gets_it_and_she_revokes_it(
    desk: Desk, hub: HubServer, hub_db: Path, qtbot: Any, tmp_path: Path
) -> None:
    async with young_person(hub.url) as contact:
        await contact.open()
        conversation = await take_first(desk, qtbot)
        code = await _give_code(desk, qtbot)
        shown = await contact.wire.expect(lambda f: f.get("type") == "return_code")
        assert shown["code"] == code and code.count("-") == 2
        dialog = _button(desk).dialog
        assert dialog is not None
        # The phone menu's form beside it (docs/returning.md, "By phone").
        assert dialog.digits_label.isVisible()
        assert dialog.digits_label.text() == "På telefon: tast " + spoken_digits(code)
        assert "digits" not in shown  # the page shows the words only
        qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
        await eventually(lambda: "trukket tilbake" in dialog.status.text())
        dialog.grab().save(str(tmp_path / "return-code.png"))  # looked at: docs/returning.md
        with contextlib.closing(sqlite3.connect(hub_db)) as db:
            assert db.execute(
                "SELECT revoked_by FROM return_codes WHERE conversation = ?", (conversation,)
            ).fetchall() == [("kari",)]
        dialog.close()


async def test_a_young_person_who_comes_back_is_offered_to_kari_with_the_summary(
    desk: Desk, hub: HubServer, qtbot: Any, tmp_path: Path
) -> None:
    async with young_person(hub.url) as contact:
        await contact.open()
        earlier = await take_first(desk, qtbot)
        code = await _give_code(desk, qtbot)
        dialog = _button(desk).dialog
        assert dialog is not None
        dialog.close()
        client = desk.session.client
        await client.request({"type": "close", "conversation": earlier})
        await client.request({"type": "summary_set", "conversation": earlier, "summary": SUMMARY})
    offers = desk.window.findChild(ReturnOffers, "return_offers")
    assert offers is not None
    async with Wire.connect(hub.url, "/v1/contact") as again:
        answer = ok(await again.request("open", channel="chat", code=code))
        conversation = answer["conversation"]
        await eventually(lambda: conversation in offers.dialogs)
        offer = offers.dialogs[conversation]
        assert offer.isVisible()
        assert offer.windowTitle() == "Kom tilbake og spurte etter deg"
        assert "Vold" in offer.summary_label.text()
        assert "Redd for stefar" in offer.summary_label.text()
        assert offer.summary_label.textFormat() == Qt.TextFormat.PlainText
        offer.grab().save(str(tmp_path / "return-offer.png"))  # looked at: docs/returning.md
        qtbot.mouseClick(offer.take_button, Qt.MouseButton.LeftButton)
        await again.event(conversation, "assigned")
        await eventually(lambda: conversation not in offers.dialogs)
        transcript = desk.controller.transcript(conversation)
        await eventually(lambda: any(
            "Kom tilbake med en kode og spurte etter Kari" in str(transcript.index(row, 0).data())
            for row in range(transcript.rowCount())))


async def test_a_follow_up_time_is_agreed_reminded_and_released_on_the_desk(
    desk: Desk, hub: HubServer, hub_db: Path, qtbot: Any, tmp_path: Path
) -> None:
    feature = hub.hub.feature(ReturnFeature)
    feature.min_lead_s, feature.remind_before_s = 0.0, 180.0
    async with young_person(hub.url) as contact:
        await contact.open()
        conversation = await take_first(desk, qtbot)
        asked = QDateTime.currentDateTime()  # before the hub computes its proposals
        await _give_code(desk, qtbot, follow_up=True)  # the first proposal: 1-2 minutes ahead
        dialog = _button(desk).dialog
        assert dialog is not None
        chosen = dialog.follow_up_choice.itemText(0)
        when = QDateTime.fromString(chosen, "dd.MM.yyyy HH:mm")
        # ahead of the moment the hub computed it (between ``asked`` and now), by 1-2 minutes
        assert 60 <= asked.secsTo(when) <= 121 + asked.secsTo(QDateTime.currentDateTime())
        assert "Avtalt tid: " + chosen in dialog.about.text()
        dialog.grab().save(str(tmp_path / "return-code-time.png"))  # looked at
        shown = await contact.wire.expect(lambda f: f.get("type") == "return_code")
        assert shown["follow_up_at"] is not None
        offers = desk.window.findChild(ReturnOffers, "return_offers")
        assert offers is not None
        await eventually(lambda: offers.last_notice.startswith("Påminnelse: "))
        assert when.toString("HH:mm") in offers.last_notice
        # The hub's release timer is tested in tests/integration; here its push, at once.
        feature._release(feature.follow_ups[conversation])
        await eventually(lambda: "tiden er frigjort" in offers.last_notice)
        assert desk.window.statusBar().currentMessage() == offers.last_notice


async def test_take_skips_a_contact_held_for_a_colleague(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    from tests.conftest import staff_login

    async with (
        Wire.connect(hub.url, "/v1/staff") as ola,
        Wire.connect(hub.url, "/v1/contact") as first,
        Wire.connect(hub.url, "/v1/contact") as held,
        Wire.connect(hub.url, "/v1/contact") as plain,
    ):
        await staff_login(ola, "ola")
        earlier = ok(await first.request("open", channel="chat"))["conversation"]
        ok(await ola.request("accept", conversation=earlier))
        code = ok(await ola.request("return_code_offer", conversation=earlier))["code"]
        ok(await ola.request("presence", status="away"))
        waiting = ok(await held.request("open", channel="chat", code=code))["conversation"]
        ok(await held.request("return_choice", wait=True))
        other = ok(await plain.request("open", channel="chat"))["conversation"]
        queue = desk.controller.queue
        await eventually(lambda: queue.rowCount() == 2)
        assert queue.conversation_at(0) == waiting
        assert queue.first_for("kari") == other
        taken = await take_first(desk, qtbot)
        assert taken == other


async def test_the_offer_dialog_proposes_only_times_in_her_shifts_and_says_when_no_roster(
    desk: Desk, hub: HubServer, hub_db: Path, qtbot: Any, tmp_path: Path
) -> None:
    from tests.integration.test_return_roster import register, tomorrow

    async with young_person(hub.url) as contact:
        await contact.open()
        await take_first(desk, qtbot)
        dialog = await _open_dialog(desk)
        free = await _tick_for_times(dialog)
        assert free and dialog.follow_up_choice.isEnabled()
        assert dialog.roster_note.text().startswith(
            "Det er ikke lagt inn vakter i vaktlisten, så tidene følger bare åpningstidene")
        dialog.grab().save(str(tmp_path / "follow-up-no-roster.png"))  # looked at
        dialog.close()
        register(hub_db, "kari", tomorrow(12), tomorrow(14))
        dialog = await _open_dialog(desk)
        times = await _tick_for_times(dialog)
        # Shown in this computer's time zone (Oslo at the helpline; here maybe UTC).
        shown = [(tomorrow(12) + timedelta(minutes=30 * i)).astimezone().strftime(
            "%d.%m.%Y %H:%M") for i in range(4)]
        assert times == shown
        assert dialog.roster_note.text() == (
            "Tider innenfor vaktene dine i vaktlisten og åpningstidene.")
        dialog.grab().save(str(tmp_path / "follow-up-roster.png"))  # looked at
        dialog.follow_up_choice.setCurrentIndex(1)
        qtbot.mouseClick(dialog.give_button, Qt.MouseButton.LeftButton)
        await eventually(lambda: dialog.code_label.isVisible())
        assert f"Avtalt tid: {shown[1]}" in dialog.about.text()
        dialog.close()
        register(hub_db, "ola", tomorrow(15), tomorrow(16))
        with sqlite3.connect(hub_db) as db:
            db.execute("DELETE FROM shifts WHERE user_name = 'kari'")
        dialog = await _open_dialog(desk)
        assert await _tick_for_times(dialog) == []
        assert not dialog.follow_up_choice.isEnabled()
        assert dialog.roster_note.text().startswith("Du har ingen vakt i vaktlisten")
        qtbot.mouseClick(dialog.give_button, Qt.MouseButton.LeftButton)
        await eventually(lambda: bool(dialog.status.text()))
        assert dialog.status.text() == "Velg en av tidene, eller fjern haken."


def test_the_steps_of_a_hold_across_hubs_read_as_sentences(qtbot: Any) -> None:
    """Several hubs write a hold's steps in the log (docs/protocol.md): the transcript says
    them in Norwegian, not as the event's name."""
    transcript = TranscriptModel("c1")
    steps = [{"kind": "return_held", "state": "waiting"},
             {"kind": "return_held", "state": "offered"},
             {"kind": "return_released", "reason": "offer_timeout"}]
    for seq, step in enumerate(steps, start=1):
        transcript.append_event({"conversation": "c1", "seq": seq, "at": "2026-12-05T10:00:00Z",
                                 "user": "kari", **step})
    said = [str(transcript.index(row, 0).data()) for row in range(transcript.rowCount())]
    assert said == ["Valgte å vente på veilederen det ble spurt etter",
                    "Tilbudt først til veilederen det ble spurt etter",
                    "Ikke lenger holdt av til veilederen det ble spurt etter"], said

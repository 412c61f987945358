"""The concern-report editor: prefill, verbatim quotes, drafts, submission, PDF."""

from __future__ import annotations

import asyncio
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.gui.helpers import eventually, next_emission, young_person
from tests.gui.test_desk_compose_safety import question
from tests.support.hubs import PASSWORD
from tests.support.wire import Wire, ok
from workstation.client import ClientListener
from workstation.hub.server import HubServer
from workstation.ui.reports import DraftStore, ReportEditor, ReviewDialog
from workstation.ui.reports.demo import demo_events
from workstation.ui.reports.output import PdfPathDialog
from workstation.ui.session import sign_in

KARI = {"name": "kari", "display_name": "Kari Nordmann", "roles": ["counsellor"]}
HOSTILE = "ikke si det til noen {{ 7*7 }} <b>x</b>"
NOW = datetime.fromisoformat("2027-03-24T21:45:00+01:00")


def editor_for(
    events: list[dict[str, Any]], tmp_path: Path, qtbot: Any, client: Any = None
) -> ReportEditor:
    editor = ReportEditor(events, client, KARI, drafts=DraftStore(tmp_path / "drafts"), now=NOW)
    qtbot.addWidget(editor)
    return editor


def fill_identity(editor: ReportEditor) -> None:
    editor.form.lines["child_name"].setText("Emma")
    editor.form.deliberate.setChecked(True)
    editor.form.texts["anonymity_reason"].setPlainText("Opplysningsplikten går foran.")


async def test_prefilled_from_the_conversation(tmp_path: Path, qtbot: Any) -> None:
    editor = editor_for(demo_events(), tmp_path, qtbot)
    assert await editor.restored is False
    assert "24.03.2027 21.00–21.40" in editor.header.text()
    assert "Kari Nordmann" in editor.header.text()
    assert "116 111" in editor.header.text()
    assert editor.form.lines["flags"].text() == "risiko"
    assert "chat 24.03.2027 kl. 21.00–21.40" in editor.form.texts["actions"].toPlainText()
    assert editor.quotes.rowCount() == 6
    data = editor.report_data()
    assert data["organisation"]["name"] == "Alarmtelefonen for barn og unge"
    assert data["organisation"]["phone"] == "116 111"
    assert data["channel"] == "chat" and data["reporter"]["name"] == "Kari Nordmann"
    assert data["quotes"] == []
    text = editor.preview.toPlainText()
    assert "Navn: ukjent" in text  # empty fields print as "ukjent"


async def test_ticked_quotes_are_verbatim_and_hostile_text_stays_literal(
    tmp_path: Path, qtbot: Any
) -> None:
    editor = editor_for(demo_events(), tmp_path, qtbot)
    await editor.restored
    assert "pappa slo meg" not in editor.preview.toPlainText()
    editor.quotes.set_checked(2, True)
    editor.quotes.set_checked(5, True)
    await eventually(
        lambda: "pappa slo meg igjen i går kveld. han var full" in editor.preview.toPlainText()
    )
    text = editor.preview.toPlainText()
    assert HOSTILE in text
    assert "49" not in text
    assert [q["text"] for q in editor.report_data()["quotes"]] == [
        "pappa slo meg igjen i går kveld. han var full",
        HOSTILE,
    ]
    # A municipality chosen from the completer; accents are found without typing them.
    editor.form.municipality.on_text_edited("tromso")
    assert "5501 Tromsø" in editor.form.municipality.suggestions.stringList()


async def test_draft_is_saved_within_two_seconds_and_restored(tmp_path: Path, qtbot: Any) -> None:
    first = editor_for(demo_events(), tmp_path, qtbot)
    await first.restored
    saved = next_emission(first.draft_saved, timeout=2.0)
    first.form.texts["concern"].setPlainText("Faren slo henne. {{ config }}")
    first.quotes.set_checked(4, True)
    path = Path(await saved)
    assert path.parent.parent == tmp_path / "drafts"
    assert await asyncio.to_thread(path.exists)
    assert not await asyncio.to_thread(lambda: list(path.parent.glob("*.tmp")))
    await asyncio.sleep(first._save_timer.interval() / 1000 + 0.3)  # the last save settles
    raw = await asyncio.to_thread(path.read_bytes)
    assert b"Faren" not in raw and b"config" not in raw  # encrypted at rest

    # A new editor (the desk crashed and was started again) finds the draft.
    second = editor_for(demo_events(), tmp_path, qtbot)
    assert await second.restored is True
    assert second.form.texts["concern"].toPlainText() == "Faren slo henne. {{ config }}"
    assert second.quotes.checked_seqs() == first.quotes.checked_seqs() != []
    assert second.created_at == first.created_at


async def test_pdf_export_holds_the_quote(
    tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = editor_for(demo_events(), tmp_path, qtbot)
    await editor.restored
    editor.quotes.set_checked(2, True)
    target = tmp_path / "melding.pdf"

    async def ask(parent: Any, suggested: str) -> Path:
        return target

    monkeypatch.setattr(PdfPathDialog, "ask", ask)
    assert await editor.export_pdf() == target
    text = await asyncio.to_thread(pdf_text, target)
    assert "pappa slo meg igjen i går kveld. han var full" in " ".join(text.split())


def pdf_text(path: Path) -> str:
    command = ["pdftotext", str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


class Events(ClientListener):
    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def on_event(self, event: dict[str, Any]) -> None:
        self.events.append(event)


async def test_submit_through_a_real_hub_and_review(
    hub: HubServer, tmp_path: Path, qtbot: Any
) -> None:
    kari = await sign_in(hub.url, "kari", PASSWORD)
    lead = await sign_in(hub.url, "lead", PASSWORD)
    seen = Events()
    kari.client.add_listener(seen)
    try:
        async with young_person(hub.url) as contact, Wire.connect(hub.url, "/v1/staff") as wire:
            ok(await wire.request("hello", user="lead", password=PASSWORD))
            conv = await contact.open()
            await contact.say("pappa slo meg igjen i går kveld")
            await kari.client.accept(conv)
            await eventually(lambda: any(e.get("kind") == "message" for e in seen.events))
            assert kari.client.user is not None
            editor = ReportEditor(
                list(seen.events),
                kari.client,
                kari.client.user,
                drafts=DraftStore(tmp_path / "drafts"),
            )
            qtbot.addWidget(editor)
            await editor.restored
            editor.quotes.set_checked(0, True)

            # Identifying the child without saying why is stopped on the desk.
            editor.form.lines["child_name"].setText("Emma")
            assert await editor.submit() is None
            assert "deliberately" in editor.status.text() or "bevisst" in editor.status.text()
            fill_identity(editor)
            answer = await editor.submit()
            assert answer is not None and answer["version"] == 1
            push = await wire.expect(lambda f: f["type"] == "report_review")
            assert push["report"] == editor.report_id and push["conversation"] == conv

            assert lead.client.user is not None
            review = await ReviewDialog.open_report(lead.client, lead.client.user, editor.report_id)
            qtbot.addWidget(review)
            assert "pappa slo meg igjen i går kveld" in review.text.toPlainText()
            assert review.approve_button.isEnabled()
            assert await review.approve() is True
            assert review.record["status"] == "final"
            assert review.record["final"]["hash"] in review.status.text()
            assert not review.approve_button.isEnabled()

            # Kari's own review view never offers approval.
            mine = await ReviewDialog.open_report(kari.client, kari.client.user, editor.report_id)
            qtbot.addWidget(mine)
            assert not mine.approve_button.isEnabled()
            again = await editor.submit()
            assert again is None  # final: the hub answers conflict, the desk says so
            assert "final" in editor.status.text()
            kinds = [f.get("kind") for f in contact.wire.events(conv)]
            assert not [k for k in kinds if k and k.startswith("report")]
    finally:
        await kari.close()
        await lead.close()


async def test_without_a_keyring_report_drafts_stay_in_memory(tmp_path: Path) -> None:
    from keyring.backends.fail import Keyring as FailKeyring

    from workstation.ui.keyring_store import KeyringCredentialStore

    store = DraftStore(tmp_path / "drafts", KeyringCredentialStore(FailKeyring()))
    assert await store.save("kari", "c1", {"form": {"concern": "Faren slo henne."}}) is None
    assert store.in_memory_only
    assert await store.load("kari", "c1") == {"form": {"concern": "Faren slo henne."}}
    assert not (tmp_path / "drafts").exists()


async def test_another_users_key_cannot_read_a_report_draft(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    path = await store.save("kari", "c1", {"form": {"concern": "hemmelig"}})
    assert path is not None
    other = DraftStore(tmp_path / "drafts")
    other_key = await other._cipher("ola")
    assert other_key is not None
    assert await asyncio.to_thread(other.read, "kari", "c1", other_key) is None


async def test_age_shows_its_whole_placeholder(tmp_path: Path, qtbot: Any) -> None:
    editor = editor_for(demo_events(), tmp_path, qtbot)
    await editor.restored
    editor.show()
    age = editor.form.lines["child_age"]
    await eventually(lambda: age.isVisible() and age.width() > 0)
    placeholder = age.placeholderText()
    assert placeholder == "ukjent hvis tomt"
    # the text area is the box less its frame and margins (about 6 px each side)
    assert age.fontMetrics().horizontalAdvance(placeholder) <= age.width() - 12


async def test_a_municipality_typed_without_accents_is_shown_by_its_name(
    tmp_path: Path, qtbot: Any
) -> None:
    editor = editor_for(demo_events(), tmp_path, qtbot)
    await editor.restored
    field = editor.form.municipality
    assert "tromso" not in field.placeholderText()
    qtbot.keyClicks(field, "tromso")
    assert editor.report_data()["municipality"] == {"number": "5501", "name": "Tromsø"}
    field.editingFinished.emit()  # the counsellor moves on to the next field
    assert field.text() == "5501 Tromsø"
    await eventually(lambda: "Tromsø" in editor.preview.toPlainText())
    assert "tromso" not in editor.preview.toPlainText()
    field.setText("Herøy")  # two municipalities have this name: kept as typed, no guess
    field.editingFinished.emit()
    assert field.text() == "Herøy"
    assert editor.report_data()["municipality"] == {"number": None, "name": "Herøy"}


async def test_cancel_closes_and_asks_only_when_changes_are_unsubmitted(
    tmp_path: Path, qtbot: Any
) -> None:
    untouched = editor_for(demo_events(), tmp_path, qtbot)
    await untouched.restored
    untouched.show()
    assert untouched.cancel_button.text() == "Avbryt"
    qtbot.mouseClick(untouched.cancel_button, Qt.MouseButton.LeftButton)
    assert not untouched.isVisible()  # nothing typed: closed at once
    assert untouched.findChild(QMessageBox) is None

    editor = editor_for(demo_events(), tmp_path, qtbot)
    await editor.restored
    editor.show()
    saved = next_emission(editor.draft_saved, timeout=2.0)
    qtbot.keyClicks(editor.form.lines["child_name"], "Emma")
    await saved
    qtbot.mouseClick(editor.cancel_button, Qt.MouseButton.LeftButton)
    box = await question(editor)
    assert box.text().startswith("Endringene dine er ikke sendt inn")
    box.button(QMessageBox.StandardButton.Cancel).click()  # "Fortsett å skrive"
    await eventually(lambda: editor.findChild(QMessageBox) is None)
    assert editor.isVisible()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # Esc asks the same question
    (await question(editor)).button(QMessageBox.StandardButton.Yes).click()  # "Lukk"
    await eventually(lambda: not editor.isVisible())
    again = editor_for(demo_events(), tmp_path, qtbot)  # the draft is still there
    assert await again.restored is True
    assert again.form.lines["child_name"].text() == "Emma"


async def test_a_submit_whose_answer_was_lost_is_retried_as_the_same_request(
    hub: HubServer, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hub stores the report but the answer never reaches the desk; Send again must not
    make a second report (the retry goes with the first request's id)."""
    from workstation.client import NotConnected

    kari = await sign_in(hub.url, "kari", PASSWORD)
    seen = Events()
    kari.client.add_listener(seen)
    try:
        async with young_person(hub.url) as contact:
            conv = await contact.open()
            await contact.say("pappa slo meg igjen i går kveld")
            await kari.client.accept(conv)
            await eventually(lambda: any(e.get("kind") == "message" for e in seen.events))
            assert kari.client.user is not None
            editor = ReportEditor(
                list(seen.events), kari.client, kari.client.user,
                drafts=DraftStore(tmp_path / "drafts"),
            )
            qtbot.addWidget(editor)
            await editor.restored
            editor.quotes.set_checked(0, True)
            fill_identity(editor)

            calls = kari.client._calls
            real_wait = calls.wait
            lost: list[dict[str, Any]] = []

            async def lose_first_answer(request_id: str, answer: Any, timeout: float) -> Any:
                lost.append(await real_wait(request_id, answer, timeout))  # the hub did it
                raise NotConnected("The connection to the hub was lost.")

            monkeypatch.setattr(calls, "wait", lose_first_answer)
            assert await editor.submit() is None
            assert lost and lost[0]["type"] == "ok"
            assert editor.report_id is None
            assert "bekreftet" in editor.status.text() or "confirm" in editor.status.text()

            monkeypatch.setattr(calls, "wait", real_wait)
            answer = await editor.submit()
            assert answer is not None
            assert answer["report"] == lost[0]["report"]  # the same report, not a second one
            assert answer["version"] == 1
    finally:
        await kari.close()

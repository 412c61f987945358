"""E-mail on the desk: letters show "svar innen …" instead of a ticking wait, sort behind live
contacts, and their staff-only events read as Norwegian sentences."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt

from tests.gui.conftest import Desk
from tests.gui.helpers import eventually
from tests.gui.test_desk_overview import NOW, ev, order
from workstation.hub.email.feature import EmailFeature
from workstation.hub.email.simulated import SimulatedEmail
from workstation.hub.server import HubServer
from workstation.protocol.times import format_time
from workstation.ui.conversation_model import ConversationListModel
from workstation.ui.queue_model import QueueModel
from workstation.ui.supervisor.queue_model import LEVEL_ROLE, LiveQueueModel
from workstation.ui.transcript_model import TranscriptModel

# NOW is 01:30 UTC on 26 November: 02:30 in Oslo (UTC+1).


def test_the_overview_shows_when_a_letter_is_due_and_puts_live_contacts_first(
    qtmodeltester: Any,
) -> None:
    model = ConversationListModel(clock=lambda: NOW)
    model.me = "kari"
    model.apply_event(ev("mail", 1, "opened", 4 * 3600, channel="email"))
    model.apply_event(ev("mail", 2, "assigned", 3 * 3600, user="kari", counsellor="Kari"))
    model.apply_event(ev("mail", 3, "message", 3 * 3600, **{"from": "contact", "text": "brev"}))
    model.apply_event(ev("chat", 1, "opened", 60, channel="chat"))
    model.apply_event(ev("chat", 2, "assigned", 50, user="kari", counsellor="Kari"))
    model.apply_event(ev("chat", 3, "message", 20, **{"from": "contact", "text": "hei"}))
    assert order(model) == ["chat", "mail"]  # a chat waiting 20 s before a letter of 3 h
    letter = model.index(model.row_of("mail"), 0).data()
    assert letter == "E-post 1\nsvar innen 23:30 · 1 ny"  # 22:30 UTC + 24 h, Oslo time
    assert "ventet" not in letter and "venter på deg" not in letter
    qtmodeltester.check(model, force_py=True)


def test_the_desk_queue_shows_svar_innen_for_letters_and_a_wait_for_chats() -> None:
    model = QueueModel(clock=lambda: NOW)
    model.set_items([
        {"conversation": "c", "channel": "chat", "position": 1,
         "waiting_since": format_time(NOW - timedelta(seconds=45))},
        {"conversation": "e", "channel": "email", "position": 2,
         "waiting_since": format_time(NOW - timedelta(hours=1))},
    ])
    waited = [model.index(row, QueueModel.WAITED).data() for row in range(2)]
    assert waited == ["45 s", "svar innen i morgen 01:30"]


def test_the_supervisor_queue_turns_a_letter_red_only_when_its_answer_is_late() -> None:
    model = LiveQueueModel(clock=lambda: NOW)
    model.set_queue([
        {"conversation": "early", "channel": "email", "position": 1, "waiting_s": 2 * 3600},
        {"conversation": "late", "channel": "email", "position": 2, "waiting_s": 25 * 3600},
        {"conversation": "chat", "channel": "chat", "position": 3, "waiting_s": 400},
    ])
    cells = [(model.index(row, LiveQueueModel.WAITED).data(),
              model.index(row, 0).data(LEVEL_ROLE)) for row in range(3)]
    assert cells == [
        ("svar innen i morgen 00:30", 0),  # two hours of a letter's 24 is not late
        ("svarfristen gikk ut 01:30", 3),
        ("6 min", 3),
    ]
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_email_events_in_the_transcript() -> None:
    model = TranscriptModel("m")
    at = format_time(datetime(2026, 11, 26, 1, 0, tzinfo=UTC))
    for event in [
        {"conversation": "m", "seq": 1, "at": at, "kind": "opened", "channel": "email"},
        {"conversation": "m", "seq": 2, "at": at, "kind": "email_thread",
         "address": "k***@e***.no", "subject": "Hjelp"},
        {"conversation": "m", "seq": 3, "at": at, "kind": "email_attachments_refused",
         "count": 2},
        {"conversation": "m", "seq": 4, "at": at, "kind": "email_failed", "message_seq": 3},
    ]:
        model.append_event(event)
    texts = [model.index(row, 0).data() for row in range(1, 4)]
    assert texts == [
        "E-post fra k***@e***.no, emne: Hjelp",
        "E-posten hadde 2 vedlegg; de ble ikke åpnet, og den unge fikk et vennlig svar om å "
        "skrive det i selve e-posten",
        "Et e-postsvar kunne ikke sendes; prøv igjen eller spør vaktleder",
    ]


async def test_a_letter_on_the_desk_is_answered_signed_only_when_ticked(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    mailbox = hub.hub.feature(EmailFeature).gateway
    assert isinstance(mailbox, SimulatedEmail)
    conversation = await mailbox.receive("ung@eksempel.no", "Hei, kan jeg skrive her?", "Hei")
    await eventually(lambda: desk.controller.queue.rowCount() == 1)
    assert desk.controller.queue.index(0, 2).data().startswith("svar innen ")
    qtbot.keyClick(desk.window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    panel = desk.window.conversation_panel
    await eventually(lambda: panel.conversation == conversation)
    assert panel.sign_box.isVisible() and not panel.sign_box.isChecked()
    assert panel.sign_box.text() == "Signer med navnet mitt"
    assert panel.compose.placeholderText().startswith("Skriv svaret på e-posten")
    qtbot.keyClicks(panel.compose, "Ja, her kan du skrive.")
    qtbot.keyClick(panel.compose, Qt.Key.Key_Return)
    await eventually(lambda: len(mailbox.sent) == 1)
    panel.sign_box.setChecked(True)
    qtbot.keyClicks(panel.compose, "Skriv igjen når du vil.")
    qtbot.keyClick(panel.compose, Qt.Key.Key_Return)
    await eventually(lambda: len(mailbox.sent) == 2)
    unsigned, signed = (m.get_content() for m in mailbox.sent)
    assert "Kari" not in unsigned
    assert "Skriv igjen når du vil.\n\nHilsen Kari\n" in signed

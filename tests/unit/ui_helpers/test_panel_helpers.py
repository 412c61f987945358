"""The Qt-free helpers of the desk's panels: canned rows, referral status, the chime."""

from __future__ import annotations

import io
import wave
from datetime import datetime

from workstation.client.errors import HubError
from workstation.sessions import summary
from workstation.sessions.referrals import OSLO, by_id
from workstation.ui.canned.items import Catalogue, catalogue_from_frame, new_id, rows
from workstation.ui.notify.tone import chime_wav
from workstation.ui.referrals.status import status
from workstation.ui.wrapup.dialog import problems_from_error

FRAME = {
    "groups": {"opener": "Åpning", "closing": "Avslutning"},
    "items": [
        {
            "id": "closing.bye",
            "group": "closing",
            "title": "Ha det",
            "keyword": "bye",
            "text": "Ha det bra!",
            "origin": "added",
        },
        {
            "id": "opener.hei",
            "group": "opener",
            "title": "Åpning",
            "keyword": "hei",
            "text": "Hei, jeg heter {navn}.",
            "origin": "shipped",
        },
        {"id": "opener.bad", "group": "opener", "title": "x", "keyword": "Has Space", "text": "y"},
    ],
}


def test_catalogue_skips_broken_items_and_groups_in_order() -> None:
    catalogue = catalogue_from_frame(FRAME)
    assert [i.id for i in catalogue.items] == ["closing.bye", "opener.hei"]
    assert [(r.label, r.item is None) for r in rows(catalogue)] == [
        ("Åpning", True),
        ("Åpning", False),
        ("Avslutning", True),
        ("Ha det", False),
    ]
    assert [r.item.id for r in rows(catalogue, "/hei") if r.item] == ["opener.hei"]
    assert catalogue.by_keyword("/HEI") is not None
    assert rows(Catalogue(), "x") == []


def test_new_id_is_free_and_plain() -> None:
    assert new_id("closing", "God natt, søvn", set()) == "closing.god_natt_sovn"
    assert new_id("closing", "God natt", {"closing.god_natt"}) == "closing.god_natt_2"


def test_status_open_closed_and_without_hours() -> None:
    alarm, mobbing, ung = by_id("alarmtelefonen"), by_id("snakkommobbing"), by_id("ung-no")
    assert alarm and mobbing and ung
    christmas = datetime(2026, 12, 25, 10, tzinfo=OSLO)
    assert status(alarm, christmas).kind == "open"
    closed = status(mobbing, christmas)
    assert closed.kind == "opens" and closed.at is not None and closed.at > christmas
    assert status(ung, christmas).kind == "later"  # web only: answered later
    jentevakta = by_id("jentevakta")
    assert jentevakta is not None
    assert status(jentevakta, christmas).kind == "unknown"  # live, but no hours known


def test_chime_is_a_short_wav() -> None:
    with wave.open(io.BytesIO(chime_wav())) as read:
        assert read.getnchannels() == 1 and read.getsampwidth() == 2
        assert 0.1 < read.getnframes() / read.getframerate() < 0.5


def test_problems_are_recovered_from_the_hub_message() -> None:
    empty = summary.ContactSummary()
    expected = summary.validate(empty)
    message = "The summary cannot be saved yet: " + " ".join(p.message for p in expected)
    assert problems_from_error(HubError("bad_frame", message), empty) == expected
    assert problems_from_error(HubError("forbidden", message), empty) == []

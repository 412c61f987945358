"""A built-in sample report with invented data, for previews, checks and tests.

Everyone and everything in it is made up: a 13-year-old in Kristiansand writes to the chat about
violence at home. Phone numbers are deliberately not valid Norwegian numbers.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import msgspec

from workstation.sessions.reports.model import (
    Child,
    ChildInformed,
    Municipality,
    Organisation,
    Parent,
    Quote,
    Report,
    Reporter,
)

__all__ = ["full_sample_report", "sample_report"]

_CET = timezone(timedelta(hours=1))


def _at(hour: int, minute: int) -> datetime:
    return datetime(2027, 3, 24, hour, minute, tzinfo=_CET)


_QUOTES = (
    ("contact", 21, 2, "hei. pappa slo meg igjen i går kveld. han var full"),
    ("staff", 21, 3, "Så bra at du skriver til oss. Er du trygg akkurat nå?"),
    ("contact", 21, 5, "ja han sover nå. mamma sier jeg ikke må si det til noen"),
    ("contact", 21, 7, "det er ikke første gang. han slo lillebroren min også, han er 7"),
    ("staff", 21, 9, "Det du forteller er alvorlig, og det er ikke din skyld."),
    ("contact", 21, 11, "jeg har blåmerker på armen\nmen jeg vil ikke at de skal ta meg fra mamma"),
)


def sample_report() -> Report:
    """The sample: what a counsellor would know after one evening chat."""
    return Report(
        created_at=_at(21, 40),
        channel="chat",
        urgency="urgent",
        reporter=Reporter(name="Kari Nordmann", role="veileder, barnevernspedagog"),
        organisation=Organisation(
            name="Alarmtelefonen for barn og unge 116 111 (eksempel)",
            phone="12 34 56 78",
            contact_person="Ola Nordmann, vaktleder",
        ),
        child=Child(name="Emma", age=13),
        parents=[Parent(relation="far"), Parent(relation="mor")],
        municipality=Municipality(number="4204", name="Kristiansand"),
        categories=["vold i hjemmet"],
        flags=["søsken kan være utsatt", "avvergeplikt drøftet med vaktleder"],
        quotes=[
            Quote(at=_at(hour, minute), from_=speaker, text=text)  # type: ignore[arg-type]
            for speaker, hour, minute, text in _QUOTES
        ],
        concern=(
            "Jenta (13) forteller i chat at faren slo henne i går kveld mens han var beruset,"
            " at det ikke er første gang, og at han også har slått lillebroren (7). Hun har"
            " blåmerker på armen. Moren har bedt henne om ikke å fortelle det til noen."
        ),
        actions_taken=[
            "Snakket med jenta på chat i om lag 40 minutter.",
            "Vurderte sammen med vaktleder at hun ikke var i akutt fare i kveld (faren sov).",
            "Ga henne nummeret til politiet (112) og Alarmtelefonen (116 111) hvis det blir"
            " farlig igjen.",
        ],
        child_informed=ChildInformed(status="yes"),
        anonymity_broken_reason=(
            "Opplysningsplikten til barnevernet går foran taushetsplikten når det er grunn"
            " til å tro at et barn blir mishandlet i hjemmet."
        ),
        discussed_with="Ola Nordmann, vaktleder",
    )


def full_sample_report() -> Report:
    """The sample with every optional field filled in, for strict template checks."""
    report = sample_report()
    return msgspec.structs.replace(
        report,
        organisation=msgspec.structs.replace(
            report.organisation,
            address="Eksempelveien 1, 4600 Kristiansand",
            email="post@example.invalid",
        ),
        child=Child(
            name="Emma",
            age=13,
            birth_year=2013,
            address="Eksempelgata 2, 4612 Kristiansand",
            phone="98 76 54 3",
        ),
        parents=[
            Parent(name="Per Eksempel", relation="far", address="Eksempelgata 2", phone="1"),
            Parent(name="Anne Eksempel", relation="mor", address="Eksempelgata 2", phone="2"),
        ],
        child_informed=ChildInformed(status="not_possible", reason="Samtalen ble brutt."),
        sent_at=_at(22, 5),
        reference="2027/123",
        template="bekymringsmelding",
        template_version=1,
    )

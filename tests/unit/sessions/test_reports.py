"""Concern reports: data format, sandboxed rendering, hashing and the follow-up date."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import msgspec
import pytest

from workstation.sessions import reports
from workstation.sessions.reports import (
    Quote,
    Report,
    ReportDataError,
    TemplateMetadataError,
    TemplateRenderError,
    UnknownTemplateError,
    content_hash,
    follow_up_date,
    render,
    render_text,
    sample_report,
)

SHIPPED = ["akutt_barnevernvakt", "bekymringsmelding", "oppfolging_telefon", "politi_avvergeplikt"]
CET = timezone(timedelta(hours=1))

HOSTILE = [
    "{{ config }}",
    "{% for x in range(10**9) %}x{% endfor %}",
    "<script>alert(1)</script>",
    "<img src=x>",
    "{{ 123*1000 }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{# comment #} {%- raw %}",
]


def minimal() -> dict[str, Any]:
    return {
        "created_at": "2027-05-14T10:00:00+02:00",
        "reporter": {"name": "Kari Nordmann"},
        "organisation": {"name": "Alarmtelefonen", "phone": "12 34 56 78"},
    }


def with_quotes(*texts: str) -> Report:
    report = sample_report()
    quotes = [Quote(at=report.created_at, from_="contact", text=text) for text in texts]
    return msgspec.structs.replace(report, quotes=quotes)


def section(text: str, heading: str) -> str:
    """The body under ``heading`` up to the next underlined heading."""
    lines = text.splitlines()
    start = lines.index(heading) + 2
    end = next((i - 1 for i in range(start + 1, len(lines)) if set(lines[i]) == {"-"}), len(lines))
    return "\n".join(lines[start:end])


# --- data format -------------------------------------------------------------------------


def test_sample_round_trips_through_json() -> None:
    report = sample_report()
    data = json.loads(json.dumps(reports.to_dict(report)))
    assert reports.load(data) == report
    assert data["quotes"][0]["from"] == "contact"
    assert data["format"] == reports.FORMAT_VERSION


def test_minimal_data_is_enough() -> None:
    report = reports.load(minimal())
    assert report.urgency == "ordinary"
    assert report.child.name is None
    assert report.parents == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"urgency": "soon"}, "$.urgency"),
        ({"organisation": {"name": "x", "phone": 3}}, "$.organisation.phone"),
        (
            {"quotes": [{"at": "2027-05-14T10:00:00", "from": "contact", "text": "x"}]},
            "$.quotes[0].at",
        ),
        (
            {"quotes": [{"at": "2027-05-14T10:00:00+02:00", "from": "kid", "text": "x"}]},
            "$.quotes[0].from",
        ),
        ({"child": {"age": -1}}, "$.child.age"),
        ({"child": {"nmae": "x"}}, "$.child"),
        ({"colour": "blue"}, "$"),
        ({"format": 99}, "$.format"),
    ],
)
def test_bad_data_names_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ReportDataError, match=re.escape(f"at `{field}`")):
        reports.load({**minimal(), **change})


def test_missing_required_field_is_named() -> None:
    data = minimal()
    del data["organisation"]
    with pytest.raises(ReportDataError, match="organisation"):
        reports.load(data)


def test_loads_rejects_broken_json() -> None:
    with pytest.raises(ReportDataError, match="not valid JSON"):
        reports.loads(b'{"created_at": ')


# --- templates -----------------------------------------------------------------------------


def test_shipped_templates_are_listed_with_title_and_version() -> None:
    infos = reports.list_templates()
    assert [info.name for info in infos] == SHIPPED
    for info in infos:
        assert info.title and info.version >= 1 and len(info.source_sha256) == 64


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_templates_use_only_known_variables(name: str) -> None:
    reports.check_template(name, reports.full_sample_report())


@pytest.mark.parametrize("name", SHIPPED[:1] + SHIPPED[2:])
def test_required_headings_are_present(name: str) -> None:
    text = render_text(name, sample_report())
    for heading in ("Melder", "Barnet", "Kommune", "Hva bekymringen gjelder", "Hastegrad"):
        assert f"\n{heading}\n{'-' * len(heading)}\n" in text, heading


@pytest.mark.parametrize(
    "name", ["akutt_barnevernvakt", "bekymringsmelding", "politi_avvergeplikt"]
)
def test_formal_reports_have_every_section(name: str) -> None:
    text = render_text(name, sample_report())
    for heading in (
        "Foreldre/foresatte",
        "Barnets egne ord",
        "Hva vi har gjort",
        "Om barnet er informert",
    ):
        assert f"\n{heading}\n" in text, heading
    assert "12 34 56 78" in text  # the organisation's phone
    assert "Ola Nordmann, vaktleder" in text  # the contact person


def test_police_template_cites_the_duty_to_avert() -> None:
    assert "straffeloven § 196" in render_text("politi_avvergeplikt", sample_report())


def test_unknown_template() -> None:
    with pytest.raises(UnknownTemplateError, match="bekymringsmelding"):
        render_text("nope", sample_report())
    with pytest.raises(UnknownTemplateError):
        render_text("../bekymringsmelding", sample_report())


def test_missing_optional_fields_render_as_ukjent() -> None:
    text = render_text("bekymringsmelding", reports.load(minimal()))
    barnet = section(text, "Barnet")
    for label in ("Navn", "Alder", "Fødselsår", "Adresse"):
        assert f"{label}: ukjent" in barnet
    assert "Kontaktperson for barneverntjenesten: ukjent" in text
    assert section(text, "Hva bekymringen gjelder").splitlines()[0] == "ukjent"
    assert section(text, "Om barnet er informert").strip() == "ukjent"
    assert "Barneverntjenesten i ukjent kommune" in text
    assert "None" not in text


def test_empty_strings_count_as_missing() -> None:
    data = minimal() | {"child": {"name": "  ", "address": ""}}
    barnet = section(render_text("bekymringsmelding", reports.load(data)), "Barnet")
    assert "Navn: ukjent" in barnet and "Adresse: ukjent" in barnet


def test_sample_follow_up_crosses_easter() -> None:
    text = render_text("oppfolging_telefon", sample_report())
    assert "Når: tirsdag 30. mars 2027" in text  # sent Wednesday before Easter


# --- hostile chat text --------------------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_hostile_chat_text_stays_literal(name: str) -> None:
    report = msgspec.structs.replace(with_quotes(*HOSTILE), concern="{{ 1111*9 }} <b>fet</b>")
    text = render_text(name, report)
    for hostile in HOSTILE:
        assert hostile in text
    assert "123000" not in text and "9999" not in text
    assert "{{ 1111*9 }} <b>fet</b>" in text
    assert "<class" not in text and "Config" not in text


def test_chat_text_cannot_make_headings_or_new_lines() -> None:
    rendered = render("bekymringsmelding", with_quotes("a\n## Melder\n# Tittel\n> sitat\x1eb"))
    headings = [b.text for b in rendered.blocks if b.kind in ("title", "heading")]
    assert headings.count("Melder") == 1
    assert "Tittel" not in headings
    quote = next(b for b in rendered.blocks if b.kind == "quote")
    assert quote.text == "a\n## Melder\n# Tittel\n> sitatb"
    assert "    a\n    ## Melder\n    # Tittel\n    > sitatb\n" in rendered.text


def test_control_and_bidi_characters_are_dropped_but_emoji_kept() -> None:
    text = render_text("bekymringsmelding", with_quotes("ok\x00\x07\u202eevil 👨‍👩‍👧 æøå"))
    assert "    okevil 👨‍👩‍👧 æøå\n" in text


def test_multiline_quote_keeps_its_lines() -> None:
    text = render_text("bekymringsmelding", with_quotes("første\r\nandre\rtredje"))
    assert "    første\n    andre\n    tredje\n" in text


# --- an admin's own templates --------------------------------------------------------------


def write_template(folder: Path, name: str, body: str, version: str = "1") -> None:
    front = f"{{#\ntitle: Test\nversion: {version}\n#}}\n"
    (folder / f"{name}.j2").write_text(front + body, encoding="utf-8")


@pytest.mark.parametrize(
    "body", ["{{ report.__class__.__mro__ }}", "{{ ''.__class__ }}", "{{ lipsum.__globals__ }}"]
)
def test_templates_cannot_reach_python_internals(tmp_path: Path, body: str) -> None:
    write_template(tmp_path, "ond", body)
    assert render_text("ond", sample_report(), directory=tmp_path) == "ukjent\n"
    with pytest.raises(TemplateRenderError, match="ond.j2"):
        reports.check_template("ond", reports.full_sample_report(), directory=tmp_path)


@pytest.mark.parametrize(
    "body",
    [
        "{{ 10**100000 }}",
        "{{ 2**(2**20) }}",
        "{{ 'x' * 10**9 }}",
        "{% for i in range(10**9) %}{% endfor %}",
        "{% do quotes.append(1) %}",
        "{{ quotes.append(1) }}",
    ],
)
def test_templates_cannot_exhaust_memory_or_mutate(tmp_path: Path, body: str) -> None:
    write_template(tmp_path, "stor", body)
    with pytest.raises(TemplateRenderError):
        render_text("stor", sample_report(), directory=tmp_path)


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    write_template(tmp_path, "feil", "ok\n{% if %}\n")
    with pytest.raises(TemplateRenderError, match=r"feil\.j2, line 6"):
        render_text("feil", sample_report(), directory=tmp_path)


def test_strict_check_finds_misspelt_variables(tmp_path: Path) -> None:
    write_template(tmp_path, "skrivefeil", "{{ child.nmae }}")
    assert render_text("skrivefeil", sample_report(), directory=tmp_path) == "ukjent\n"
    with pytest.raises(TemplateRenderError, match="nmae"):
        reports.check_template("skrivefeil", reports.full_sample_report(), directory=tmp_path)


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: Test\n", "version"),
        ("version: 2\n", "title"),
        ("title: Test\nversion: one\n", "version"),
        ("title: Test\nversion: 1\ncolour: red\n", "line 4"),
    ],
)
def test_bad_front_matter(tmp_path: Path, front: str, message: str) -> None:
    (tmp_path / "mal.j2").write_text(f"{{#\n{front}#}}\nx\n", encoding="utf-8")
    with pytest.raises(TemplateMetadataError, match=message):
        reports.list_templates(tmp_path)


def test_markers_and_shared_files(tmp_path: Path) -> None:
    write_template(tmp_path, "mal", "# Tittel\n## Del\ntekst\n> {{ quotes[0].text }}\n")
    (tmp_path / "_felles.j2").write_text("{# shared macros #}", encoding="utf-8")
    assert [info.name for info in reports.list_templates(tmp_path)] == ["mal"]
    rendered = render("mal", with_quotes("hei"), directory=tmp_path)
    assert [(b.kind, b.text) for b in rendered.blocks] == [
        ("title", "Tittel"),
        ("heading", "Del"),
        ("text", "tekst"),
        ("quote", "hei"),
    ]
    assert rendered.text == "Tittel\n======\nDel\n---\ntekst\n    hei\n"


def test_version_and_edits_are_visible(tmp_path: Path) -> None:
    write_template(tmp_path, "mal", "v{{ template.version }}", version="3")
    first = reports.template_info("mal", tmp_path)
    assert render_text("mal", sample_report(), directory=tmp_path) == "v3\n"
    write_template(tmp_path, "mal", "v{{ template.version }}!", version="3")
    assert reports.template_info("mal", tmp_path).source_sha256 != first.source_sha256


# --- hashing -------------------------------------------------------------------------------


def test_content_hash_is_sha256_of_utf8() -> None:
    assert content_hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert content_hash("æ") != content_hash("ae")


def test_rendering_is_stable() -> None:
    first = render("bekymringsmelding", sample_report())
    second = render("bekymringsmelding", reports.load(reports.to_dict(sample_report())))
    assert first.text == second.text
    assert first.sha256 == second.sha256 == content_hash(first.text)
    changed = render("bekymringsmelding", with_quotes("noe annet"))
    assert changed.sha256 != first.sha256


# --- follow-up date ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        (date(2027, 3, 24), date(2027, 3, 30)),  # Wed before Easter: Thu-Mon off
        (date(2027, 3, 22), date(2027, 3, 23)),  # an ordinary Monday
        (date(2027, 5, 14), date(2027, 5, 18)),  # Fri; 17 May is also Whit Monday in 2027
        (date(2026, 5, 15), date(2026, 5, 18)),  # Fri; 17 May 2026 is a Sunday
        (date(2027, 5, 5), date(2027, 5, 7)),  # Wed before Ascension Day
        (date(2027, 12, 23), date(2027, 12, 24)),  # Christmas Eve is a working day
        (date(2026, 12, 24), date(2026, 12, 28)),  # Christmas Day, Boxing Day, weekend
        (date(2027, 12, 31), date(2028, 1, 3)),  # New Year's Day is a Saturday
    ],
)
def test_follow_up_date(sent: date, expected: date) -> None:
    assert follow_up_date(sent) == expected
    assert follow_up_date(datetime(sent.year, sent.month, sent.day, 14, 0, tzinfo=CET)) == expected


def test_follow_up_uses_norwegian_time() -> None:
    # 23.30 UTC on Tuesday 23 March is 00.30 on Wednesday in Norway.
    late = datetime(2027, 3, 23, 23, 30, tzinfo=UTC)
    assert follow_up_date(late) == date(2027, 3, 30)
    assert follow_up_date(late.replace(tzinfo=None)) == date(2027, 3, 24)

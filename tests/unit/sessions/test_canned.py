import json
from pathlib import Path

import msgspec
import pytest

from workstation.sessions.canned import (
    DATA_FILE,
    CannedResponse,
    by_group,
    by_id,
    by_keyword,
    groups,
    load_responses,
    render,
    responses,
    search,
)

GROUPS = ("opener", "expectation", "slow_reply", "safety", "referral", "closing")


def test_at_least_25_responses_in_every_group() -> None:
    assert len(responses()) >= 25
    assert tuple(groups()) == GROUPS
    for group in GROUPS:
        assert by_group(group), group


def test_every_opener_introduces_the_counsellor_by_name() -> None:
    for opener in by_group("opener"):
        assert opener.needs_name
        assert "Jeg heter {navn}" in opener.text or "jeg heter {navn}" in opener.text


def test_the_brief_texts_are_there() -> None:
    texts = [r.text for r in responses()]
    assert "Vil du at jeg bare lytter, eller vil du ha råd?" in texts
    assert (
        "Jeg snakker med flere samtidig, så det kan ta litt tid før jeg svarer – jeg er her."
        in texts
    )
    standard = by_id("opener.standard")
    assert standard is not None
    assert standard.text.startswith(
        "Hei, du har kommet til Alarmtelefonen for barn og unge. Jeg heter {navn}."
    )


def test_render() -> None:
    standard = by_id("opener.standard")
    assert standard is not None
    rendered = render(standard, "Kari")
    assert "Jeg heter Kari." in rendered
    assert "{navn}" not in rendered
    assert render("Hilsen {navn}", "  Kari   N. ") == "Hilsen Kari N."
    assert render("Ingen plassholder {x}", "") == "Ingen plassholder {x}"
    with pytest.raises(ValueError):
        render(standard, "   ")


def test_keyword_shortcuts() -> None:
    assert by_keyword("lytt") == by_id("expectation.listen_or_advice")
    assert by_keyword("/LYTT") == by_id("expectation.listen_or_advice")
    assert by_keyword("finnesikke") is None
    keywords = [r.keyword for r in responses()]
    assert len(keywords) == len(set(keywords))


def test_search_ranks_keyword_then_title_then_text() -> None:
    assert search("lytt")[0].id == "expectation.listen_or_advice"
    assert search("vent")[0].id == "slow_reply.several"  # keyword match first
    assert search("tryg")[0].id == "safety.safe_now"  # keyword prefix, accent-free
    hits = [r.id for r in search("voksen")]
    assert hits[:2] == ["opener.adult", "safety.trusted_adult"]
    assert [r.id for r in search("selvmordstanker")] == ["safety.suicidal_thoughts"]
    assert search("raad")  # "råd" typed without å
    assert search("navn") == []  # the placeholder is not searchable text
    assert search("zzzz") == []


def test_search_needs_every_word() -> None:
    both = [r.id for r in search("flere samtidig")]
    assert both == ["slow_reply.several"]
    assert search("flere xyz") == []


def test_empty_search_lists_everything() -> None:
    assert search("") == list(responses())
    assert search("   ") == list(responses())


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "responses.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_loader_rejects_bad_files(tmp_path: Path) -> None:
    good = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert len(load_responses(_write(tmp_path, good))) == len(responses())

    def changed(index: int, **fields: str) -> object:
        data = json.loads(json.dumps(good))
        data["responses"][index].update(fields)
        return data

    bad_files = [
        changed(1, keyword=good["responses"][0]["keyword"]),  # duplicate keyword
        changed(0, text="Hei {fornavn}"),  # unknown placeholder
        changed(0, keyword="To ord"),
        changed(0, id="closing.standard"),  # id outside its group
        changed(0, group="nope", id="nope.x"),
    ]
    for bad in bad_files:
        with pytest.raises(msgspec.ValidationError):
            load_responses(_write(tmp_path, bad))


def test_response_struct_validates() -> None:
    with pytest.raises(ValueError):
        CannedResponse(id="x.y", group="opener", title="t", keyword="k", text="t")

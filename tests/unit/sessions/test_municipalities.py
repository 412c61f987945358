from workstation.sessions.municipalities import (
    Municipality,
    all_municipalities,
    by_number,
    normalise,
    search,
)


def test_there_are_357_municipalities_with_four_digit_numbers() -> None:
    everything = all_municipalities()
    assert len(everything) == 357
    assert all(len(m.number) == 4 and m.number.isdigit() for m in everything)
    assert len({m.number for m in everything}) == 357


def test_oslo_keeps_its_leading_zero() -> None:
    oslo = by_number("0301")
    assert oslo == Municipality("0301", "Oslo", "Oslo")
    assert by_number(301) == oslo
    assert by_number("301") == oslo
    assert str(oslo) == "0301 Oslo"


def test_by_number_unknown() -> None:
    assert by_number("9999") is None
    assert by_number("abc") is None
    assert by_number("12345") is None


def test_search_is_accent_insensitive() -> None:
    assert [m.name for m in search("tromso")] == ["Tromsø"]
    assert [m.name for m in search("TROMSØ")] == ["Tromsø"]
    assert search("aasnes")[0].name == "Åsnes"
    assert search("asnes")[0].name == "Åsnes"
    assert search("baerum")[0].name == "Bærum"
    assert search("evenassi")[0].number == "1853"


def test_search_matches_either_parallel_name() -> None:
    assert search("Tråante")[0].number == "5001"
    assert search("trondheim")[0].number == "5001"
    assert search("raane")[0].name == "Rana - Raane"
    assert search("rana")[0].names == ("Rana", "Raane")


def test_search_by_number_prefix() -> None:
    assert [m.name for m in search("03")] == ["Oslo"]
    trondelag = search("50")
    assert trondelag and all(m.county == "Trøndelag" for m in trondelag)
    assert [m.number for m in trondelag] == sorted(m.number for m in trondelag)


def test_search_ranking_and_limit() -> None:
    hits = search("bø")
    assert hits[0].name == "Bø"
    numbers = [m.number for m in hits]
    assert numbers.index("4613") < numbers.index("1804")  # Bømlo before Bodø
    assert search("hamar")[0].name == "Hamar"
    assert len(search("s", limit=3)) == 3
    assert search("") == []
    assert search("   ") == []
    assert search("xyzzy") == []


def test_normalise() -> None:
    assert normalise("  Ærø  Ås ") == "aero aas"
    assert normalise("Evenášši") == "evenassi"

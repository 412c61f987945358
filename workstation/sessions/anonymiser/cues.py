"""Context words that announce a name or a place ("jeg heter", "broren min", "bor i")."""

from __future__ import annotations

from itertools import product


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of a block of text."""
    return frozenset(text.split())


#: After these a word is a name whatever it looks like (unless it is a function word).
STRONG_NAME_CUES: frozenset[tuple[str, ...]] = frozenset(
    {(w,) for w in ("heter", "hete", "heiter", "heite", "hetter", "hette", "heitte", "kalla")}
    | {
        (a, b, c)
        for a, b, c in product(
            ("navnet", "navne", "namnet"), ("mitt", "hans", "hennes", "hennar"), ("er", "e", "æ")
        )
    }
    | {("navnet", v) for v in ("er", "e", "æ")}
    | {("mitt", "navn", v) for v in ("er", "e", "æ")}
    | {("kall", m) for m in ("meg", "me", "mæ", "mei")}
    | {("navn",)}
)

#: Filler words allowed between a strong cue and the name ("jeg heter egentlig Emma").
FILLERS = frozenset({"egentlig", "eigentleg", "jo", "altså", "bare", "berre", "faktisk"})

_RELATIONS = word_set("""
bror broren brorn broder brodern brødrene brødra søster søstera søstra søsteren syster systera
søsken mamma mammaen mor moren mora mamsen pappa pappaen far faren fattern farsan stefar
stefaren stemor stemora stepappa stemamma stebror stesøster bonuspappa bonusmamma bonusbror
bonussøster halvbror halvbroren halvsøster halvsøstera lærer læreren lærar læraren kontaktlærer
kontaktlæreren kontaktlærar lærerinne rektor rektoren trener treneren trenar trenaren kjæreste
kjæresten kjærest kjærasten kjæraste venn vennen venninne venninna venninnen kompis kompisen
bestevenn bestevennen bestevenninne bestevenninna bestis bestisen bestemor bestefar farmor farfar
mormor morfar onkel onkelen tante tanta tanten kusine kusina kusinen fetter fetteren nabo naboen
eks eksen gutten jenta typen dama helsesykepleier helsesykepleieren helsesøster helsesøstera
saksbehandler saksbehandleren miljøarbeider miljøarbeideren sjef sjefen sønn sønnen datter
dattera fosterfar fostermor fostermora fosterfaren fosterforeldre klassekamerat klassekameraten
storebror storebroren lillebror lillebroren storesøster storesøstera lillesøster lillesøstera
halvsøsteren halvsøstra stesøsteren stesøstera stebroren stebrorn bonussøsteren bonussøstera
bonusbroren lillesøsteren storesøsteren venninnen bestevenninnen kjærasten stefar stemoren
""")
#: Words for people by their relation ("Mamma", "Bestemor"): never a name, even capitalised.
RELATION_WORDS: frozenset[str] = _RELATIONS
_POSSESSIVES = ("min", "mi", "mitt", "mine", "hans", "hennes", "hennar", "vår", "din", "di")

#: The spoken article before a name ("ho Svein", "han Per"): a relation cue, but weaker.
PRONOUN_CUES = frozenset({"ho", "hu", "han"})

#: After these a word is a name if it is in the name list (any case) or is capitalised.
RELATION_CUES: frozenset[tuple[str, ...]] = frozenset(
    {(r,) for r in _RELATIONS}
    | {(r, p) for r in _RELATIONS for p in _POSSESSIVES}
    | {("jeg", "er"), ("eg", "e"), ("æ", "e"), ("jæ", "e"), ("je", "er"), ("eg", "er")}
    | {("sammen", "med"), ("hei", "til")}
    # "alle kaller meg Ane" (but "han kaller meg dum": only listed or capitalised names),
    # and the spoken article before a name: "ho Svein", "han Per".
    | {("kaller", "meg"), ("kalte", "meg"), ("kalla", "meg")}
    # "moren til Per", "hos Kai", "spør Tone": a person is named here, not a thing.
    | {(r, "til") for r in _RELATIONS}
    | {("hos",), ("spør",), ("spurte",)}
    | {(i, "og") for i in ("jeg", "eg", "æ", "je", "jæ", "meg")}
    | {(p,) for p in PRONOUN_CUES}
)

#: After these an ambiguous word is a place even in lower case ("bor i sola").
STRONG_PLACE_CUES: frozenset[tuple[str, ...]] = frozenset(
    {
        (verb, prep)
        for verb in (
            "bor",
            "bur",
            "bodde",
            "budde",
            "bodd",
            "flytta",
            "flyttet",
            "flytter",
            "flytte",
            "flyttar",
            "kommer",
            "kjem",
            "kom",
            "oppvokst",
            "født",
            "fødd",
            "hjemme",
            "heime",
            "vokste",
            "reiser",
            "reiste",
            "dro",
            "drar",
            "jobber",
            "jobbar",
            "skole",
        )
        for prep in ("i", "på", "til", "te", "fra", "frå", "ifra", "ifrå")
    }
    | {(s, prep) for s in ("er", "e", "æ") for prep in ("fra", "frå", "ifra", "ifrå")}
)

#: After these a capitalised place name is a place ("i Sola", "på Hamar").
WEAK_PLACE_CUES: frozenset[str] = frozenset(
    {
        "i",
        "på",
        "fra",
        "frå",
        "ifra",
        "til",
        "ved",
        "nær",
        "utenfor",
        "rundt",
        "mot",
        "nord",
        "sør",
        "øst",
        "vest",
        "av",
    }
)

#: Verbs that make a capitalised ambiguous word at the start of a sentence a name ("Per sa").
NAME_VERBS: frozenset[str] = word_set(
    """
    sa sier spurte spør slo slår truer truet trua mobber mobbet mobba skrev skriver sendte
    sender ringte ringer lo ler prøvde prøver dytta dyttet kalte kaller tvinger tvang hater
    elsker liker veit vet føler følte lyver løy tror trodde
    """
)

#: The last word of every name cue, for a quick "could a cue end here?" test.
NAME_CUE_LAST: frozenset[str] = frozenset(c[-1] for c in STRONG_NAME_CUES | RELATION_CUES)

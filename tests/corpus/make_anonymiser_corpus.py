"""Generate ``anonymiser.jsonl``: synthetic, labelled Norwegian chat lines for the anonymiser.

Everything here is invented. Templates hold slots such as ``{G}`` (a given name) that are filled
at random (fixed seed) and whose character ranges become the labels, so the labels never come
from the anonymiser itself. Run from the repository root:

    .venv/bin/python tests/corpus/make_anonymiser_corpus.py

The committed ``anonymiser.jsonl`` is the output; re-running it gives the same file.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
R = random.Random(116111)

GIVEN = [
    "Emma",
    "Nora",
    "Sofie",
    "Ingrid",
    "Thea",
    "Maja",
    "Ida",
    "Sara",
    "Julie",
    "Vilde",
    "Hedda",
    "Tuva",
    "Frida",
    "Aurora",
    "Selma",
    "Oda",
    "Amalie",
    "Kari",
    "Marte",
    "Synne",
    "Jonas",
    "Mathias",
    "Emil",
    "Tobias",
    "Sander",
    "Magnus",
    "Henrik",
    "Kristian",
    "Oliver",
    "Filip",
    "Noah",
    "Lucas",
    "Isak",
    "Aksel",
    "Sindre",
    "Vetle",
    "Ola",
    "Knut",
    "Jan",
    "Ole",
    "Mohammed",
    "Ali",
    "Fatima",
    "Amina",
    "Omar",
    "Jakub",
    "Maryam",
    "Iben",
    "Ludvig",
    "Odin",
    "Mille",
]
# Given names that are also ordinary words; used capitalised mid-sentence or after a cue.
AMBIG = ["Per", "Liv", "Tor", "Mai", "Bo", "Ask", "Sol", "Rose", "Stig", "Finn", "Dag", "Siv"]
SURNAMES = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Karlsen",
    "Johnsen",
    "Eriksen",
    "Halvorsen",
    "Solberg",
    "Haugland",
    "Rønning",
    "Myklebust",
    "Birkeland",
    "Ødegård",
    "Nguyen",
    "Ahmed",
    "Sandvik",
    "Kristoffersen",
    "Mikkelsen",
]
AMBIG_SURNAMES = ["Berg", "Haugen", "Bakken", "Moen", "Lie", "Dahl", "Hagen", "Strand"]
# Names missing from the lexicon: only found through cues.
UNLISTED = ["Wilma", "Ines", "Milla", "Eskil", "Idun", "Sigve", "Tindra", "Selin", "Hamza", "Milo"]

TOWNS = [
    "Oslo",
    "Bergen",
    "Trondheim",
    "Stavanger",
    "Tromsø",
    "Kristiansand",
    "Drammen",
    "Fredrikstad",
    "Sandnes",
    "Bodø",
    "Ålesund",
    "Hamar",
    "Gjøvik",
    "Lillehammer",
    "Molde",
    "Harstad",
    "Alta",
    "Larvik",
    "Arendal",
    "Halden",
    "Moss",
    "Kongsberg",
    "Sandefjord",
    "Tønsberg",
    "Skien",
    "Haugesund",
    "Steinkjer",
    "Namsos",
    "Narvik",
    "Elverum",
    "Jessheim",
    "Askim",
    "Florø",
    "Førde",
    "Leirvik",
    "Mosjøen",
    "Svolvær",
    "Kirkenes",
    "Vadsø",
    "Hønefoss",
    "Bryne",
    "Lørenskog",
    "Bærum",
    "Asker",
    "Nittedal",
    "Ullensaker",
    "Kautokeino",
    "Karasjok",
]
MULTI_TOWNS = [
    "Mo i Rana",
    "Indre Østfold",
    "Nord-Odal",
    "Nordre Follo",
    "Øvre Eiker",
    "Sør-Varanger",
]
AMBIG_TOWNS = ["Sola", "Time", "Lier", "Gran", "Ski", "Nes", "Vik", "Lund", "Hole"]
DISTRICTS = [
    "Grorud",
    "Furuset",
    "Holmlia",
    "Stovner",
    "Tøyen",
    "Sagene",
    "Åsane",
    "Madla",
    "Byåsen",
]

STREET_PREFIX = [
    "Stor",
    "Kirke",
    "Skole",
    "Bjørke",
    "Furu",
    "Eike",
    "Sol",
    "Blåbær",
    "Bringebær",
    "Rogn",
    "Lia",
    "Nedre",
    "Øvre",
    "Fjell",
    "Hauge",
    "Myr",
    "Løvås",
    "Tyttebær",
    "Granlund",
    "Elve",
]
STREET_SUFFIX = ["gata", "gate", "veien", "vegen", "vei", "bakken", "stien", "plassen", "lia"]
STREET_MULTI = [
    "Kongens gate",
    "Dronningens gate",
    "Olav Kyrres gate",
    "Thorvald Meyers gate",
    "Haralds vei",
    "Fridtjof Nansens vei",
    "Prinsens gate",
    "Kong Oscars gate",
    "Tordenskiolds gate",
]
POSTCODES = [
    ("0150", "Oslo"),
    ("0557", "Oslo"),
    ("5003", "Bergen"),
    ("7030", "Trondheim"),
    ("9008", "Tromsø"),
    ("4616", "Kristiansand"),
    ("1337", "Sandvika"),
    ("3015", "Drammen"),
    ("8006", "Bodø"),
    ("6002", "Ålesund"),
    ("2317", "Hamar"),
    ("4006", "Stavanger"),
]
SCHOOL_BASE = [
    "Nordstrand",
    "Haugerud",
    "Bjørnholt",
    "Hundsund",
    "Rosenvilde",
    "Lambertseter",
    "Kvaløya",
    "Åsane",
    "Tiller",
    "Hundvåg",
    "Bryn",
    "Skjold",
    "Vestby",
    "Ringstabekk",
    "Kringsjå",
    "Lakkegata",
]
SCHOOL_KIND = [
    "skole",
    "ungdomsskole",
    "barneskole",
    "videregående skole",
    "vgs",
    "videregående",
]
EMAIL_DOMAINS = ["gmail.com", "hotmail.com", "outlook.com", "live.no", "icloud.com", "online.no"]
EMOJI = ["😭", "🙁", "😔", "💔", "😡", "🥺", "😅", "🤷‍♀️", "😶", "❤️", ""]


def ascii_fold(s: str) -> str:
    return s.lower().replace("ø", "o").replace("æ", "ae").replace("å", "a")


def check_digits(nine: str) -> str | None:
    w1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
    w2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    digits = [int(c) for c in nine]
    k1 = 11 - sum(d * w for d, w in zip(digits, w1, strict=True)) % 11
    k1 = 0 if k1 == 11 else k1
    if k1 == 10:
        return None
    k2 = 11 - sum(d * w for d, w in zip([*digits, k1], w2, strict=True)) % 11
    k2 = 0 if k2 == 11 else k2
    return None if k2 == 10 else f"{k1}{k2}"


def identity_number(d_number: bool = False) -> str:
    while True:
        day, month, year = R.randint(1, 28), R.randint(1, 12), R.randint(0, 14)
        if d_number:
            day += 40
        nine = f"{day:02d}{month:02d}{year:02d}{R.randint(500, 999):03d}"
        checks = check_digits(nine)
        if checks is not None:
            return nine + checks


def invalid_identity_number() -> str:
    good = identity_number()
    last = (int(good[-1]) + R.randint(1, 9)) % 10
    return good[:-1] + str(last)


def phone() -> str:
    first = R.choice(["9", "4"])
    rest = "".join(str(R.randint(0, 9)) for _ in range(7))
    if first == "4":
        rest = R.choice("015678") + rest[1:]
    n = first + rest
    style = R.randrange(8)
    if style == 0:
        return n
    if style == 1:
        return f"{n[:3]} {n[3:5]} {n[5:]}"
    if style == 2:
        return f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:]}"
    if style == 3:
        return f"+47 {n[:3]} {n[3:5]} {n[5:]}"
    if style == 4:
        return f"+47{n}"
    if style == 5:
        return f"0047 {n}"
    if style == 6:
        return f"{n[:3]}-{n[3:5]}-{n[5:]}"
    landline = R.choice(["22", "23", "55", "73", "51"]) + "".join(
        str(R.randint(0, 9)) for _ in range(6)
    )
    return f"{landline[:2]} {landline[2:4]} {landline[4:6]} {landline[6:]}"


def email() -> str:
    g, s = ascii_fold(R.choice(GIVEN)), ascii_fold(R.choice(SURNAMES))
    local = R.choice([f"{g}.{s}", f"{g}{R.randint(1, 99)}", f"{g}_{s[0]}", f"{s}{g}2010"])
    return f"{local}@{R.choice(EMAIL_DOMAINS)}"


def handle_value() -> str:
    g = ascii_fold(R.choice(GIVEN))
    return R.choice(
        [
            f"{g}_{R.randint(1, 99)}",
            f"xx{g}xx",
            f"{g}.{R.randint(2008, 2013)}",
            f"{g}_official",
            f"lil{g}",
            f"{g}_x3",
        ]
    )


def street() -> str:
    if R.random() < 0.3:
        name = R.choice(STREET_MULTI)
    else:
        name = R.choice(STREET_PREFIX) + R.choice(STREET_SUFFIX)
    number = str(R.randint(1, 140)) + R.choice(["", "", "", "B", " a", "C"])
    text = f"{name} {number}"
    return text.lower() if R.random() < 0.2 else text


def school() -> str:
    base = R.choice(SCHOOL_BASE)
    kind = R.choice(SCHOOL_KIND)
    text = f"{base} {kind}"
    return text.lower() if R.random() < 0.2 else text


def lower_sometimes(s: str, p: float = 0.35) -> str:
    return s.lower() if R.random() < p else s


SLOTS: dict[str, tuple[str, Callable[[], str]]] = {
    "G": ("NAVN", lambda: R.choice(GIVEN)),
    "g": ("NAVN", lambda: R.choice(GIVEN).lower()),
    "GS": ("NAVN", lambda: f"{R.choice(GIVEN)} {R.choice(SURNAMES)}"),
    "gs": ("NAVN", lambda: f"{R.choice(GIVEN)} {R.choice(SURNAMES)}".lower()),
    "S": ("NAVN", lambda: R.choice(SURNAMES)),
    "AS": ("NAVN", lambda: f"{R.choice(GIVEN)} {R.choice(AMBIG_SURNAMES)}"),
    "A": ("NAVN", lambda: R.choice(AMBIG)),
    "a": ("NAVN", lambda: R.choice(AMBIG).lower()),
    "U": ("NAVN", lambda: R.choice(UNLISTED)),
    "P": ("TELEFON", phone),
    "E": ("E-POST", email),
    "F": ("FNR", identity_number),
    "FS": ("FNR", lambda: (lambda n: f"{n[:6]} {n[6:]}")(identity_number())),
    "D": ("FNR", lambda: identity_number(d_number=True)),
    "ADR": ("ADRESSE", street),
    "PC": ("ADRESSE", lambda: " ".join(R.choice(POSTCODES))),
    "T": ("STED", lambda: lower_sometimes(R.choice(TOWNS))),
    "MT": ("STED", lambda: R.choice(MULTI_TOWNS)),
    "AT": ("STED", lambda: R.choice(AMBIG_TOWNS)),
    "at": ("STED", lambda: R.choice(AMBIG_TOWNS).lower()),
    "DI": ("STED", lambda: lower_sometimes(R.choice(DISTRICTS))),
    "SK": ("SKOLE", school),
    "H": ("BRUKERNAVN", handle_value),
    "@H": ("BRUKERNAVN", lambda: "@" + handle_value()),
    "X": ("", lambda: R.choice(EMOJI)),
}

TEMPLATES = [
    # names, cues, lower case, dialect
    "hei jeg heter {G} og er 14 år {X}",
    "hei.. jeg heter {g} og jeg er 13",
    "eg heiter {G} og er 15",
    "æ heite {g} å e 12 år",
    "navnet mitt er {GS} men ikke si det til noen",
    "jeg heter egentlig {U} men alle kaller meg noe annet",
    "jeg heter {U} {X}",
    "navnet mitt e {u_lower}",
    "hei, jeg er {G} og jeg trenger å snakke med noen",
    "broren min {G} slår meg når mamma ikke er hjemme",
    "broren min {a} slår meg når mamma ikke er hjemme {X}",
    "søstera mi {g} sier at jeg er feit",
    "søstra mi {A} har flytta ut",
    "mamma {A} drikker hver helg",
    "pappa {G} kjefter hele tida",
    "stefaren min {G} er så sinna hele tiden {X}",
    "læreren min {S} tror ikke på meg",
    "læreren min {A} sa at jeg måtte snakke med helsesykepleier",
    "kontaktlæreren min {GS} har sendt bekymringsmelding",
    "kjæresten min {G} tvinger meg til ting jeg ikke vil",
    "bestevenninna mi {g} har slutta å snakke med meg",
    "kompisen min {G} sa at han skulle drepe seg",
    "venninna mi heter {U} og hun har det veldig vondt",
    "det var {G} og {G} som mobba meg i friminuttet",
    "{G} og {A} sendte bilder av meg til hele klassen",
    "i dag sa {A} at ingen liker meg",
    "vet ikke om jeg skal si det til {G} eller {G}",
    "{GS} er den som truer meg på nett",
    "{gs} har lagt ut ting om meg",
    "han heter {AS} og er 19",
    "hun heter {u_lower} og går i 9. klasse",
    "{G} sa til {A} at jeg lyver {X}",
    "onkel {G} kommer på besøk og jeg er redd",
    "tante {g} vet ingenting om dette",
    "naboen {GS} roper hver natt",
    "jeg bor hos mormor fordi mamma {G} er syk",
    "{g} og {g} er de eneste vennene mine",
    "har snakket med {G} {S} om det",
    "trener {S} sier jeg er for treg",
    "{A} sa jeg ikke fikk være med",
    "jeg og {A} var hjemme alene hele helga",
    "{G}s pappa sa at jeg ikke fikk komme dit mer",
    # phones
    "ring meg på {P} hvis det er noe",
    "nummeret mitt er {P} men ikke ring etter kl 22",
    "pappa sitt nummer er {P}",
    "kan dere ringe {P}? det er mamma {X}",
    "mobilen min er {P} men den er ofte tom for strøm",
    "tlf {P}",
    "han ringer fra {P} hele tiden",
    "min nye nr er {P} {X}",
    # e-mail
    "mailen min er {E}",
    "send det til {E} plis",
    "du kan sende på mail: {E}",
    "eposten til læreren er {E}",
    "jeg fikk en melding fra {E} som truer meg",
    # fnr
    "personnummeret mitt er {F}",
    "fødselsnummer: {FS}",
    "de spurte om fnr og jeg sa {F}",
    "d-nummeret mitt er {D} fordi jeg kom til norge i fjor",
    "mitt d-nummer: {D}",
    "personnr {FS} hvis dere trenger det",
    # addresses
    "jeg bor i {ADR} i {T}",
    "adressen er {ADR}, {PC}",
    "vi bor i {ADR} {X}",
    "kom til {ADR} hvis noe skjer",
    "politiet var i {ADR} i går",
    "adressa mi er {ADR}",
    "hun bor i {ADR}, {PC}",
    "postadressen er {PC}",
    "han står utenfor {ADR} nå",
    # places
    "jeg bor i {T} med mamma og stefar",
    "vi flytta til {T} i sommer og jeg kjenner ingen",
    "vi skal flytte fra {T} til {T} og jeg vil ikke",
    "jeg er fra {MT} men bor nå i {T}",
    "pappa bor i {AT} og mamma i {T}",
    "bor i {at} 🙂",
    "vi bor på {DI} i {T}",
    "kommer fra {T} opprinnelig",
    "jeg var i {T} i helgen med {G}",
    "han bodde i {AT} før",
    "det skjedde på en fest i {T}",
    "bur i {T} og har ingen å snakke med",
    "flytta fra {at} i fjor",
    # schools
    "jeg går på {SK} i {T}",
    "går på {SK} og blir mobba hver dag",
    "alle på {SK} vet om det",
    "de har meldt det til rektor på {SK}",
    "jeg har byttet til {SK} men det hjelper ikke",
    "skal begynne på {SK} til høsten {X}",
    # handles
    "snap: {H}",
    "snapen min er {H}",
    "insta er {H} hvis du vil se",
    "han som truer meg er {@H} på tiktok",
    "følg meg på {@H}",
    "adda meg på snap {H_underscore}",
    "instaen hans er {H}",
    "brukernavnet mitt er {H}",
    "hun har kontoen {@H} og poster ting om meg",
    "discord: {H}",
    # mixed
    "jeg heter {G}, bor i {ADR} og nr er {P}",
    "{GS}, {F}, {ADR} {PC}",
    "hei det er {G} fra {T}, snap {@H}",
    "kan {G} ringe meg på {P}? eller send mail til {E}",
    "vi går på {SK} begge to, jeg og {G}",
    "broren min {G} bor i {T} og går på {SK}",
    "mitt navn er {G} {S} og eposten er {E}",
    "jeg er {G} 14 år fra {T} {X}",
    # more variety: typos, dialect, chat style
    "hei!! e heter {G} og e 13 år gammel",
    "jeg hetter {g} (skrivefeil lol)",
    "mitt navn er {U}, jeg er 16",
    "kall meg {U} her",
    "jæ heter {G} å bor i {T}",
    "brorn min {g} e så slem mot mæ",
    "storebroren min {G} har begynt å ruse seg",
    "lillesøstera mi {G} er bare 5 år",
    "stemora mi {G} låser meg ute",
    "helsesykepleieren {GS} sa jeg skulle ringe dere",
    "typen min {G} sjekker mobilen min hele tiden",
    "vennen min {U} har det ikke bra",
    "{G} {S} i klassen min lager falske profiler",
    "vil ikke at {G} skal få vite det",
    "sa det til {A} men hun trodde meg ikke",
    "kan {G} også chatte med dere?",
    "jeg så {AS} på butikken i dag",
    "ring pappa på {P} hvis jeg ikke svarer",
    "nr: {P}",
    "mammas nummer {P} 🙏",
    "e-post {E}",
    "mailen til {G} er {E}",
    "fnr {F}",
    "mitt personnummer er {FS} og jeg er redd",
    "d-nr {D}",
    "bur i {ADR}",
    "vi har flytta til {ADR}, {PC} {X}",
    "han bor på {ADR} rett ved meg",
    "skolen ligger i {ADR}",
    "bor i {T} sentrum",
    "hytta vår er i {T}",
    "reiste til {T} med bussen alene",
    "e fra {T} å bor på {DI}",
    "mormor bor i {MT}",
    "vi var hos farmor i {AT} hele sommeren",
    "bor i {at} og kjeder meg",
    "går i 10. klasse på {SK}",
    "hele {SK} snakker om meg {X}",
    "jeg begynte på {SK} i august",
    "sc: {H}",
    "insta: {@H}",
    "tiktoken min er {H}",
    "legg til {@H} på snap",
    "snap er {H} men ikke spre det",
    # known hard cases (limits): no cue, ambiguous or unlisted name first in the sentence
    "{A} er bestevennen min",
    "{U} sa at jeg var stygg",
]

NEGATIVE = [
    "per dag får jeg bare én brødskive",
    "jeg har lyst til å ta livet mitt",
    "hele livet mitt er kaos",
    "sola skinner men jeg har det vondt inni meg",
    "jeg sitter i sola og gråter",
    "vi var på stranda hele dagen",
    "han dytta meg i bakken",
    "hans mamma er snill, men min er ikke det",
    "Hans mamma sa at jeg var frekk",
    "Per dag går det bare verre",
    "i mai skal vi på ferie",
    "jeg vil ikke bo hjemme lenger",
    "kan jeg bo hos noen andre?",
    "dag og natt tenker jeg på det",
    "han kastet en stein på meg",
    "batteriet er tomt og jeg har tom for penger",
    "finn ut hva jeg skal gjøre plis",
    "det er en rose på bordet",
    "jeg må lese til en tentamen i morgen",
    "vi gikk langs stien ved elva",
    "han har bodd der i 3 år",
    "det var 2019 da det begynte",
    "jeg fyller 15 i november",
    "jeg har 12345678901 kroner i gjeld lol",
    "ordrenummeret er {BADF}",
    "det var over 20 stykker på festen",
    "klokka er 02:30 og jeg får ikke sove",
    "jeg har fått 4 av 6 på prøven",
    "ring 112 hvis det er akutt",
    "jeg ringte 116 111 i går",
    "vi gikk på fjellet og så en foss",
    "han satt på kanten av hammeren??",
    "må bytte skole tror jeg",
    "jeg hater skolen så mye",
    "går på ungdomsskolen i 9. klasse",
    "hun går på videregående nå",
    "barnehagen 3 ganger i uka",
    "hjemveien tok 2 timer",
    "vi var 5 personer i bilen",
    "det er liv i huset hele natta",
    "siv og gress overalt i hagen",
    "nå er det tid for en ny start",
    "jeg prøvde å finne mamma men hun var borte",
    "jeg har lagt meg under dyna",
    "bestemor er syk og ligger på sykehus",
    "broren min er bare 6 år",
    "mamma og pappa krangler hele tiden",
    "pappa sa at jeg skulle holde kjeft",
    "læreren min er grei egentlig",
    "jeg heter ikke noe, vil være anonym",
    "jeg vil ikke si hva jeg heter",
    "kan jeg være anonym her?",
    "hva skjer hvis dere sender bekymringsmelding",
    "bor på et lite sted og alle kjenner alle",
    "snapchat er så dumt noen ganger",
    "han sendte meg bilder på snap og nå er jeg redd",
    "det hjelper ikke å snakke med helsesykepleier",
    "jeg har vondt i magen hver morgen",
    "Sola skinte da vi gikk hjem",
    "Bakken var glatt og jeg falt",
    "Stein og grus overalt",
    "Liv og røre på skolen i dag",
    "jeg vil bare at noen skal høre på meg 😔",
    "det føles som om ingen bryr seg",
    "er dere åpne nå?",
    "takk for at du svarte 🙏",
    "kan vi snakke i morgen også?",
    "jeg er 13 og føler meg alene",
    "nå må jeg gå, mamma kommer",
    "det er lenge siden jeg har spist",
    "han sa jeg var dum og teit",
    "i helga var det fest og alle drakk",
    "jeg har ikke fortalt det til noen før",
    "kan du love at du ikke sier det videre?",
    "tom for ord egentlig",
    "det er time hos legen klokka 10",
    "jeg har en time med helsesykepleier på fredag",
    "vi satt ved dalen og så på sola",
    "noen ganger vil jeg bare forsvinne",
    "er det normalt å ha det sånn?",
    "jeg ser på Stranger Things hele natta",
    "vi spilte Fortnite med noen fra klassen",
    "i går var det 17. mai og alle feiret",
    "Mai er den verste måneden med eksamen",
    "Gud hjelpe meg, jeg orker ikke mer",
    "jeg var på Ikea med mamma",
    "mamma jobber på Rema og kommer sent",
    "NAV har stoppa pengene våre",
    "BUP ringte i dag",
    "Barnevernet var på besøk i går",
    "jeg har Norsk og Matte i morgen",
    "Per i dag har jeg ikke spist noe",
    "vi skal til Syden i ferien",
    "Jul er verst hjemme hos oss",
    "han sa Hei til meg og jeg ble redd",
    "jeg liker ikke de andre i klassen",
    "Sol og varme hjelper ikke",
    "Strand er ikke noe for meg, jeg hater bikini",
    "Ask meg om hva som helst lol",
    "Rose gull til deg for at du svarer",
    "Finn en voksen du stoler på, sa de",
    "Dag etter dag er det det samme",
    "Tom for krefter",
]


def fill(template: str) -> tuple[str, list[list[object]]]:
    text = ""
    spans: list[list[object]] = []
    pos = 0
    for m in re.finditer(r"\{([^}]+)\}", template):
        text += template[pos : m.start()]
        key = m.group(1)
        if key == "u_lower":
            tag, value = "NAVN", R.choice(UNLISTED).lower()
        elif key == "H_underscore":
            tag, value = "BRUKERNAVN", handle_value()
        elif key == "BADF":
            tag, value = "", invalid_identity_number()
        else:
            tag, make = SLOTS[key]
            value = make()
        if tag:
            spans.append([len(text), len(text) + len(value), tag])
        text += value
        pos = m.end()
    text += template[pos:]
    stripped = text.rstrip()
    return stripped, spans


def main() -> None:
    lines: list[dict[str, object]] = []
    for _ in range(4):
        for template in TEMPLATES:
            text, spans = fill(template)
            lines.append({"text": text, "spans": spans})
    for template in NEGATIVE:
        text, spans = fill(template)
        lines.append({"text": text, "spans": spans})
    R.shuffle(lines)
    out = HERE / "anonymiser.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    n_spans = sum(len(line["spans"]) for line in lines)  # type: ignore[arg-type]
    print(f"wrote {len(lines)} lines, {n_spans} spans to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Generate ``generated.jsonl``: a second, independently made evaluation corpus for the anonymiser.

The first corpus (``anonymiser.jsonl``) was written by the author of the anonymiser's rules.
This one is made by a different method, written without looking at the anonymiser's patterns:

- the names and places come from the reference data (``resources/data/navn.txt``, every given
  name and surname; ``resources/data/kommuner-2024.csv``, every municipality), drawn at random;
- sentence frames are short and many, and each line is then given a *surface style* the way
  young people actually type: correct, all lower case, no punctuation, SMS spelling and dialect
  ("e"/"æ"/"eg" for "jeg", "å" for "og", "ikkje", "ka"), a typo in an ordinary word, or shouting;
- numbers come in every common notation (spaces, dots, dashes, +47, 0047, a space or a dot
  inside a fødselsnummer), names are glued to words ("emmasin", "Emmas", "til@emma"), handles
  and e-mail addresses are built from the names, streets come with and without numbers;
- about a quarter of the lines hold no personal data but ordinary words that look like names
  or places (liv, rett, håp, sol, by, berg, time, sola, gran …), dates, times, prices and
  helpline numbers, which must be kept.

Labels come from the slots that were filled, never from the anonymiser. Clubs and teams
("Lyn G14", "Hundvåg IL") are labelled ``SKOLE``: like a school, they place a child in a group.
Run from the repository root (same seed, same file):

    .venv/bin/python tests/corpus/make_generated_corpus.py

``--seed N --out FILE`` makes a fresh draw from the same frames (other names, places, numbers
and styles): a check that the figures do not hang on the particular draw in the committed file.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DATA = ROOT / "resources" / "data"
OUT = HERE / "generated.jsonl"
SEED = 20261204
R = random.Random(SEED)


def _names() -> tuple[list[str], list[str]]:
    given: list[str] = []
    surnames: list[str] = []
    for line in (DATA / "navn.txt").read_text(encoding="utf-8").splitlines():
        kind, _, name = line.partition(":")
        if kind == "given":
            given.append(name.strip())
        elif kind == "surname":
            surnames.append(name.strip())
    return given, surnames


def _municipalities() -> list[str]:
    with (DATA / "kommuner-2024.csv").open(encoding="utf-8") as f:
        # Bilingual names are written "Kautokeino - Guovdageaidnu"; a child writes one of them.
        # "Herøy (Nordland)": the county is there only to tell namesakes apart.
        rows = csv.DictReader(f)
        return [re.sub(r" \(.*\)", "", row["navn"].split(" - ")[0]).strip() for row in rows]


GIVEN, SURNAMES = _names()
PLACES = _municipalities()

# ---- pieces ---------------------------------------------------------------------------------

STREET_ROOTS = [
    "Stor", "Kirke", "Skole", "Fjell", "Elve", "Havne", "Løkke", "Bjørke", "Mølle", "Torg",
    "Eike", "Furu", "Skog", "Myr", "Eng", "Kongs", "Gran", "Rogne", "Hegg", "Lønne", "Stasjons",
    "Jernbane", "Sjø", "Strand", "Bakke", "Haug", "Nord", "Sør", "Vester", "Øster", "Lille",
    "Prestegårds", "Kvern", "Tømmer", "Lerke", "Spurve", "Måke", "Rype", "Blåbær", "Tyttebær",
]
STREET_SUFFIXES = [
    "gata", "gate", "veien", "vegen", "vei", "veg", "bakken", "stien", "lia", "plassen",
    "svingen", "haugen", "tunet", "åsen", "kroken", "jordet", "lia", "veien", "gata",
]
TWO_WORD_STREETS = [
    "Kongens gate", "Dronningens gate", "Prinsens vei", "Øvre Storgate", "Nedre Slottsgate",
    "Gamle Drammensvei", "Olav Tryggvasons gate", "Fredrik Stangs gate", "Thorvald Meyers gate",
]
DISTRICTS = [
    "Hundvåg", "Nordstrand", "Bjølsen", "Tonsenhagen", "Lambertseter", "Manglerud", "Bekkestua",
    "Kvaløysletta", "Tiller", "Heimdal", "Byåsen", "Sandslie", "Åsane", "Madla", "Gausel",
    "Hinna", "Kringsjå", "Ruseløkka", "Rosenhoff", "Lysejordet", "Hop", "Ila", "Skjold",
    "Berg", "Hovseter", "Grorud", "Furuset", "Vardåsen", "Tasta", "Lade", "Charlottenlund",
]
CLUBS = [
    "Lyn", "Skeid", "Brann", "Viking", "Molde", "Rosenborg", "Strindheim", "Hundvåg",
    "Kolbotn", "Stabæk", "Ullern", "Bækkelaget", "Fyllingen", "Tertnes", "Byåsen", "Kjelsås",
    "Frigg", "Vidar", "Bryne", "Tromsdalen", "Vålerenga", "Odd", "Sogndal", "Aalesund",
    "Nardo", "Ranheim", "Grorud", "Lillestrøm", "Sarpsborg", "Tromsø",
]
MAIL_DOMAINS = [
    "gmail.com", "hotmail.com", "hotmail.no", "outlook.com", "live.no", "icloud.com",
    "yahoo.no", "online.no", "osloskolen.no", "elev.bergen.kommune.no",
]


def given() -> str:
    return R.choice(GIVEN)


def surname() -> str:
    return R.choice(SURNAMES)


def place() -> str:
    return R.choice(PLACES)


def street() -> str:
    if R.random() < 0.15:
        return R.choice(TWO_WORD_STREETS)
    return R.choice(STREET_ROOTS) + R.choice(STREET_SUFFIXES)


def house_number() -> str:
    number = str(R.randint(1, 160))
    roll = R.random()
    if roll < 0.2:
        return number + R.choice("ABCDabcd")
    if roll < 0.27:
        return number + " " + R.choice("ABab")
    return number


def phone_digits() -> str:
    roll = R.random()
    if roll < 0.75:  # mobile
        return R.choice("49") + "".join(R.choice("0123456789") for _ in range(7))
    prefix = R.choice(["22", "23", "21", "55", "51", "73", "38", "33", "62", "77", "69"])
    return prefix + "".join(R.choice("0123456789") for _ in range(6))


def phone() -> str:
    d = phone_digits()
    groupings = [
        [8], [2, 2, 2, 2], [3, 2, 3], [4, 4], [2, 2, 2, 2], [3, 2, 3], [3, 3, 2],
    ]
    groups = R.choice(groupings)
    parts, pos = [], 0
    for size in groups:
        parts.append(d[pos : pos + size])
        pos += size
    sep = R.choice([" ", " ", " ", "-", ".", " "])
    body = sep.join(parts)
    prefix = R.choice(["", "", "", "", "+47 ", "+47", "0047 ", "0047", "(+47) ", "+47-", "+ 47 "])
    return prefix + body


def _check_digits(nine: str) -> str | None:
    w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
    w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    digits = [int(c) for c in nine]
    k1 = 11 - sum(a * b for a, b in zip(w1, digits, strict=True)) % 11
    k1 = 0 if k1 == 11 else k1
    if k1 == 10:
        return None
    digits.append(k1)
    k2 = 11 - sum(a * b for a, b in zip(w2, digits, strict=True)) % 11
    k2 = 0 if k2 == 11 else k2
    if k2 == 10:
        return None
    return f"{k1}{k2}"


def fnr_digits() -> str:
    """A valid fødselsnummer (or now and then a D-nummer) of someone born 1970–2016."""
    while True:
        year = R.randint(1970, 2016)
        month = R.randint(1, 12)
        day = R.randint(1, 28)
        individual = R.randint(500, 999) if year >= 2000 else R.randint(0, 499)
        if R.random() < 0.08:
            day += 40  # D-nummer
        nine = f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}"
        checks = _check_digits(nine)
        if checks is not None:
            return nine + checks


def fnr() -> str:
    d = fnr_digits()
    sep = R.choice(["", "", " ", ".", "-", " ", ".", "  "])
    if R.random() < 0.08:
        return f"{d[:2]}.{d[2:4]}.{d[4:6]} {d[6:]}"
    return d[:6] + sep + d[6:]


def handle_base() -> str:
    g = given().lower()
    s = surname().lower()
    year = str(R.randint(2005, 2015))
    forms = [
        f"{g}_{s[0]}{year[2:]}", f"{g}.{s}", f"{g}{year}", f"xx{g}xx", f"{g}_{s}",
        f"{g}.{year[2:]}", f"{s}{g[0]}", f"{g}{s}{R.randint(1, 99)}", f"lil.{g}",
        f"the_real_{g}", f"{g}gamer{R.randint(1, 999)}", f"{g}_xoxo", f"{g}.{s[0]}.{year[2:]}",
    ]
    return R.choice(forms)


def email() -> str:
    return f"{handle_base()}@{R.choice(MAIL_DOMAINS)}"


def school() -> str:
    base = R.choice(DISTRICTS + PLACES[:120])
    kind = R.choice([
        " skole", " skole", " ungdomsskole", " barneskole", " videregående", " vgs",
        " videregående skole", " skule", "skolen", " ungdomsskule", " vidaregåande",
    ])
    if kind == "skolen":
        return base + "skolen"
    return base + kind


def team() -> str:
    club = R.choice(CLUBS + DISTRICTS[:8])
    kind = R.choice([" G14", " J15", " G13", " J14", " G16", " IL", " IF", " FK", " J2011", " G12"])
    return club + kind


# ---- frames ---------------------------------------------------------------------------------

# A frame is a list of pieces: plain text, or (tag, maker). Makers return the entity's text.
Maker = Callable[[], str]
Piece = str | tuple[str, Maker]


def full_name() -> str:
    return f"{given()} {surname()}"


def two_given() -> str:
    return f"{given()} {given()}"


N: tuple[str, Maker] = ("NAVN", given)
NN: tuple[str, Maker] = ("NAVN", full_name)
PH: tuple[str, Maker] = ("TELEFON", phone)
FN: tuple[str, Maker] = ("FNR", fnr)
EM: tuple[str, Maker] = ("E-POST", email)
ST: tuple[str, Maker] = ("STED", place)
SK: tuple[str, Maker] = ("SKOLE", school)
TM: tuple[str, Maker] = ("SKOLE", team)
HB: tuple[str, Maker] = ("BRUKERNAVN", handle_base)
AD: tuple[str, Maker] = ("ADRESSE", lambda: f"{street()} {house_number()}")
AS: tuple[str, Maker] = ("ADRESSE", street)


def AT() -> tuple[str, Maker]:  # noqa: N802 - a handle written with "@"
    return ("BRUKERNAVN", lambda: "@" + handle_base())


NAME_FRAMES: list[list[Piece]] = [
    ["hei jeg heter ", N, " og er 14 år"],
    ["jeg heter ", NN, " og går i 9. klasse"],
    ["hei! navnet mitt er ", N, ". jeg trenger hjelp"],
    ["eg heiter ", N, " og eg er 13"],
    ["æ heite ", N, " å æ e 15"],
    ["mitt navn er ", NN],
    ["kall meg bare ", N],
    ["det er ", N, " her igjen"],
    ["hei, det er meg, ", N],
    ["bestevenninna mi ", N, " har sluttet å snakke med meg"],
    ["broren min ", N, " slår meg når mamma er på jobb"],
    ["søstera mi ", N, " vet ingenting om dette"],
    ["stefaren min ", NN, " drikker hver helg"],
    ["kjæresten min ", N, " vil at jeg skal sende bilder"],
    ["læreren min ", NN, " sa at jeg burde ringe dere"],
    ["kontaktlæreren min heter ", NN],
    ["det er en gutt i klassen som heter ", NN, " som plager meg"],
    ["ei jente som heter ", N, " sprer rykter om meg"],
    [N, " og ", N, " mobber meg hver dag"],
    [N, " sa at jeg var stygg"],
    [N, " truer med å legge ut bildene"],
    ["jeg var hos ", N, " i går og det skjedde noe"],
    ["jeg var sammen med ", N, " og ", N, " på fest"],
    ["kan ikke si det til ", N, " for hun sladrer"],
    ["treneren min ", NN, " tar på meg"],
    ["naboen vår ", NN, " roper hele natta"],
    ["mamma heter ", NN, " og pappa heter ", NN],
    ["hun heter ", N, " ", ("NAVN", surname), " og går på skolen min"],
    ["han ", N, " i 8b er slem"],
    ["jeg og ", N, " er bestevenner"],
    ["vennen min ", N, " vil ta livet sitt"],
    ["onkelen min ", N, " kommer på besøk og jeg gruer meg"],
    ["heter ", N, " btw"],
    ["hei det er ", NN],
    ["jeg er ", N, " og jeg er 12"],
    [("NAVN", lambda: given().lower() + "sin"), " mamma sa at jeg ikke får komme mer"],
    ["det var ", ("NAVN", lambda: given() + "s"), " idé"],
    ["jeg sendte melding til@", N, " men hun svarer ikke"],
    ["fetteren min ", NN, " fra sverige"],
    ["jeg liker ", N, " men han liker ", N],
    ["spør ", N, " om du ikke tror meg"],
    ["hilsen ", N],
    ["mvh ", NN],
    ["er det noen som heter ", N, " der?"],
    ["jeg heter egentlig ", N, " men alle kaller meg ", N],
    ["venninna til ", N, " sa det til alle"],
    ["pappa og ", N, " krangler hele tida"],
    ["jeg skal møte ", N, " etter skolen"],
    ["ho ", N, " e så slem mot mæ"],
    ["han ", NN, " er 19 og jeg er 14"],
    ["i går sa ", N, " at hun hater meg"],
    ["lillebroren min heter ", N],
    ["halvsøsteren min ", NN],
    ["moren til ", N, " ringte mamma"],
    ["vi var hjemme hos ", N, " ", ("NAVN", surname)],
    [N, " ", ("NAVN", surname), " har delt bildet mitt"],
    ["det var ", N, " som startet det"],
    ["både ", N, " og ", N, " vet om det"],
    ["har snakket med ", NN, " på helsestasjonen"],
    ["helsesykepleier ", N, " sa jeg skulle skrive her"],
    ["beklager ", N, " jeg mente ikke det"],
]

NUMBER_FRAMES: list[list[Piece]] = [
    ["nummeret mitt er ", PH],
    ["du kan ringe meg på ", PH],
    ["ring ", PH, " hvis noe skjer"],
    ["tlf ", PH],
    ["mobil: ", PH],
    ["mammas nummer er ", PH],
    ["han sendte meg melding fra ", PH],
    ["sms meg på ", PH, " pls"],
    [PH],
    ["nr ", PH, " er pappa sitt"],
    ["personnummeret mitt er ", FN],
    ["fødselsnummer: ", FN],
    ["mitt personnr er ", FN, " trenger dere det?"],
    ["fnr ", FN],
    ["her er personnummeret ", FN],
    ["pnr: ", FN, " og nummer ", PH],
    [FN],
    ["jeg er født ", FN],
    ["mailen min er ", EM],
    ["send til ", EM, " pls"],
    ["epost: ", EM],
    ["kan dere maile meg på ", EM, "?"],
    ["han skrev fra ", EM],
    ["E-post ", EM, " eller ring ", PH],
]

HANDLE_FRAMES: list[list[Piece]] = [
    ["snap: ", HB],
    ["snapen min er ", HB],
    ["adda meg på snap ", HB],
    ["sc: ", HB],
    ["insta: ", HB],
    ["instaen min er ", HB],
    ["ig: ", HB],
    ["tiktok ", AT()],
    ["han heter ", AT(), " på insta"],
    ["følg meg ", AT()],
    ["hun som mobber meg er ", AT()],
    ["discord: ", HB],
    ["brukernavnet mitt er ", HB],
    ["det var ", AT(), " som la ut videoen"],
    ["snap ", HB, " sender meg ekle ting"],
    ["kontoen ", AT(), " er fake"],
]

PLACE_FRAMES: list[list[Piece]] = [
    ["jeg bor i ", ST],
    ["hei jeg e 14 å bor i ", ST],
    ["bor på ", ST, " med mamma"],
    ["jeg er fra ", ST, " men bor i ", ST, " nå"],
    ["vi flytta til ", ST, " i sommer"],
    ["pappa bor i ", ST],
    ["æ bor i ", ST, " og e 16"],
    ["eg e frå ", ST],
    ["hun bor i ", ST, " og jeg i ", ST],
    ["skal til ", ST, " i helga"],
    ["vi møttes i ", ST],
    ["jeg går på ", SK],
    ["går på ", SK, " i 10. klasse"],
    ["på ", SK, " er det mye mobbing"],
    ["eg går på ", SK],
    ["han går på ", SK, " og jeg på ", SK],
    ["jeg spiller på ", TM],
    ["laget mitt er ", TM],
    ["treneren på ", TM, " er slem"],
    ["vi har kamp mot ", TM, " i morgen"],
    ["jeg bor i ", AD],
    ["adressa mi er ", AD, ", ", ("ADRESSE", lambda: f"{R.randint(1000, 9990):04d} {place()}")],
    ["bor i ", AD, " i ", ST],
    ["han bor i ", AS, " ved butikken"],
    ["vi bor i ", AS],
    ["kom til ", AD, " etter skolen"],
    ["adresse: ", AD],
    ["det skjedde i ", AD],
    ["bor i ", AS, " i ", ST],
    ["pappa bor på ", AD],
]

MIXED_FRAMES: list[list[Piece]] = [
    ["jeg heter ", N, ", bor i ", ST, " og nummeret mitt er ", PH],
    ["hei det e ", N, " frå ", ST],
    [N, " fra ", SK, " har snapen ", HB],
    ["jeg heter ", NN, " og går på ", SK],
    ["jeg heter ", NN, " og bor i ", AD],
    ["broren min ", N, " har nummer ", PH],
    ["mitt navn er ", NN, " personnummer ", FN],
    ["bor i ", ST, " går på ", SK, " heter ", N],
    ["treneren ", NN, " på ", TM],
    ["hei det er ", N, " igjen, mailen min er ", EM],
    [N, " fra ", ST, " har sendt meg bilder på ", AT()],
]

# Ordinary lines, many with words that are also names or places. They must be kept whole.
PLAIN_LINES: list[str] = [
    "livet mitt er så kjipt akkurat nå",
    "jeg har ikke noe håp lenger",
    "det er rett og slett for mye",
    "Rett og slett orker jeg ikke mer",
    "sola skinner men jeg vil bare ligge i senga",
    "jeg bor i en liten by der alle kjenner alle",
    "vi gikk opp på et berg og så utsikten",
    "Håp er det eneste jeg har igjen",
    "Liv og lære sier mamma alltid",
    "han har rett i at jeg burde si det",
    "jeg sitter her i en time og venter",
    "vi var på ski i vinterferien",
    "det er så mørkt uten sol om vinteren",
    "jeg trener tre ganger per uke",
    "i dag var en dårlig dag",
    "i mai skal vi på tur",
    "jeg er 14 år og går i 9. klasse",
    "ringte 116 111 i går men kom ikke gjennom",
    "skal jeg ringe 112 eller 113?",
    "det skjedde 12.03.2024 kl 23.05",
    "jeg fyller år 4. desember",
    "det koster 200 kr i måneden",
    "han er 2-3 år eldre enn meg",
    "jeg har grått i 3 timer",
    "mamma jobber natt og pappa er borte",
    "jeg vet ikke hva jeg skal gjøre",
    "kan jeg snakke med en voksen?",
    "jeg vil snakke med en vaktleder",
    "Vaktleder er bare en tittel for meg",
    "jeg er redd for å gå hjem",
    "ingen bryr seg om meg",
    "det er ikke noen vits",
    "skolen er et helvete",
    "sånn er livet",
    "vi satt ved fjorden og snakket",
    "hele byen vet det nå",
    "jeg vil ikke bo hjemme lenger",
    "hun har en stein i magen sier hun",
    "han sa at jeg ikke var verdt noe",
    "Per i dag har jeg ikke spist",
    "Sol og sommer hjelper ikke",
    "By the way, jeg er ikke dum",
    "Berg og dal, sånn føles det",
    "vi tok bussen til sentrum",
    "det var gran overalt i skogen",
    "jeg har vondt i hodet hver dag",
    "kan dere hjelpe meg?",
    "takk for at dere svarte",
    "jeg fikk 5 på prøven men pappa ble sint",
    "klokka er 02:30 og jeg får ikke sove",
    "jeg har en lillebror på 6",
    "mamma sier jeg lyver",
    "han tar bilder av meg uten lov",
    "vet ikke om jeg tør",
    "er det anonymt?",
    "ser dere nummeret mitt?",
    "jeg har slettet snap",
    "han har insta men jeg er blokkert",
    "skriv til meg på sms i stedet",
    "jeg går på skolen hver dag men ingen ser meg",
    "vi har kamp på lørdag",
    "laget vårt tapte 3-1",
    "det er 20 % rabatt på bussbillett",
    "jeg bor sammen med mamma og lillesøster",
    "Mamma og pappa er skilt",
    "han bor i samme gate som meg",
    "vi bor i et rødt hus",
    "har dere åpent i morgen?",
    "en time er lenge å vente",
    "jeg var på sykehuset i 2 døgn",
    "det er vår nå og alt er grønt",
    "Dag etter dag er det likt",
    "jeg har lyst til å gi opp",
    "hvem kan jeg snakke med",
    "jeg har noe å fortelle",
    "det er en hemmelighet",
    "Liv er viktig sier læreren",
    "han sier at livet er urettferdig",
    "håper dere kan svare",
    "vi møtes ved kiosken kl 18",
    "jeg er 15 og han er 22",
    "bussen går 07.45",
    "det har skjedd 4-5 ganger",
    "jeg har 3 søsken",
    "på mandag begynner skolen",
    "jeg er så sliten",
    "han ba meg sende nudes",
    "Sola går ned og jeg sitter alene",
    "jeg gikk en tur i skogen",
    "vil ikke at noen skal vite det",
    # Words that are also surnames, given names or municipalities, used as words. These lines
    # were added after the anonymiser's rules had been read, to make over-redaction harder.
    "vi satt i hagen hele kvelden",
    "jeg har en haug med lekser",
    "vi har ikke strøm i huset",
    "bye bye, jeg må gå",
    "det ligger en gård nede i dalen",
    "vi bada i en foss i sommer",
    "han kastet en stein på meg",
    "vi så en bjørn på tur",
    "det var storm i natt og jeg var redd",
    "jeg fikk en rose av en gutt",
    "hun snakker i en sint tone",
    "han vilde ikke høre på meg",
    "sårene gror ikke",
    "eg vil ikkje gå heim",
    "det er haram å drikke sier pappa",
    "i stad sa han at jeg var dum",
    "loppa beit meg",
    "jeg har en time hos legen i morgen",
    "jeg kom hjem for en time siden",
    "begge kinn var røde etterpå",
    "vi kjørte forbi en fjord",
    "han satt på bakken og gråt",
    "jeg satt ved stranda",
    "vi fant en sel på stranda",
    "det er sand overalt",
    "han slo med en hammer i veggen",
    "mamma sier jeg må finne ut av det selv",
    "jeg må finn ut hva jeg vil",
    "det var is på veien",
    "vi bor ved en vik",
    "hun har en hage med roser",
    "jeg tør ikke si det til noen",
    "vi gikk opp på haugen",
    "lærerne bryr seg ikke",
    "bestemor er den eneste som forstår",
    "det er lenge til jul",
    "han ber meg om bilder hele tida",
    "jeg vil berge det som er igjen",
    "over berg og dal",
    "jeg ser ikke noe lys i enden",
    "det er mai og alt er kjipt",
]

# ---- surface styles -------------------------------------------------------------------------

SMS_WORDS = {
    "jeg": ["e", "æ", "eg", "je", "jæ"],
    "er": ["e", "e"],
    "og": ["å", "o"],
    "ikke": ["ikkje", "ik", "itj", "ikke"],
    "meg": ["mæ", "mei", "me"],
    "deg": ["dæ", "dei"],
    "hva": ["ka", "hv", "va"],
    "det": ["d", "de"],
    "noe": ["noe", "no"],
    "nå": ["no", "nu"],
    "hvordan": ["åssen", "koss", "hvordan"],
    "hvorfor": ["åffer", "kvifor", "hvorfor"],
    "vet": ["veit", "vett"],
    "sånn": ["sånn", "sån"],
    "også": ["osså", "og"],
    "skal": ["ska", "sal"],
    "har": ["har", "ha"],
    "kanskje": ["kansje", "kanskje"],
    "veldig": ["vldg", "veldi"],
    "hun": ["ho", "hu"],
    "han": ["han", "hann"],
    "til": ["te", "til"],
}
_WORD = re.compile(r"[A-Za-zÆØÅæøå]+")


def sms(text: str) -> str:
    def swap(m: re.Match[str]) -> str:
        options = SMS_WORDS.get(m.group().lower())
        if options and R.random() < 0.7:
            return R.choice(options)
        return m.group()

    return _WORD.sub(swap, text.lower())


def no_punctuation(text: str) -> str:
    return re.sub(r"[.,!?:;]+", "", text)


def typo(text: str) -> str:
    words = [m for m in _WORD.finditer(text) if len(m.group()) >= 5]
    if not words:
        return text
    m = R.choice(words)
    w = m.group()
    i = R.randint(1, len(w) - 2)
    kind = R.random()
    if kind < 0.4:
        w = w[:i] + w[i + 1] + w[i] + w[i + 2 :]  # swapped letters
    elif kind < 0.7:
        w = w[:i] + w[i + 1 :]  # dropped letter
    else:
        w = w[:i] + w[i] + w[i:]  # doubled letter
    return text[: m.start()] + w + text[m.end() :]


@dataclass
class Style:
    name: str
    literal: Callable[[str], str]
    entity: Callable[[str, str], str] = field(default=lambda tag, text: text)


def _lower_entity(tag: str, text: str) -> str:
    return text.lower()


STYLES = [
    (Style("plain", lambda t: t), 0.25),
    (Style("lower", str.lower, _lower_entity), 0.25),
    (Style("no punctuation", lambda t: no_punctuation(t.lower()), _lower_entity), 0.15),
    (Style("sms", sms, _lower_entity), 0.2),
    (Style("typo", typo), 0.1),
    (Style("shouting", str.upper, lambda tag, text: text.upper()), 0.05),
]


def pick_style() -> Style:
    roll = R.random()
    for style, weight in STYLES:
        roll -= weight
        if roll < 0:
            return style
    return STYLES[0][0]


def render(frame: list[Piece], style: Style) -> dict[str, object]:
    text = ""
    spans: list[list[object]] = []
    first = True
    for piece in frame:
        if isinstance(piece, str):
            chunk = style.literal(piece)
            if first and style.name == "plain" and chunk:
                chunk = chunk[0].upper() + chunk[1:]
            text += chunk
        else:
            tag, make = piece
            value = make()
            if tag not in ("NAVN", "STED", "SKOLE", "ADRESSE") or style.name != "plain":
                value = style.entity(tag, value)
            start = len(text)
            text += value
            spans.append([start, len(text), tag])
        first = False
    return {"text": text, "spans": spans}


def plain_line(line: str, style: Style) -> dict[str, object]:
    return {"text": style.literal(line), "spans": []}


def generate() -> list[dict[str, object]]:
    lines: list[dict[str, object]] = []
    plan = [
        (NAME_FRAMES, 6),
        (NUMBER_FRAMES, 6),
        (HANDLE_FRAMES, 4),
        (PLACE_FRAMES, 5),
        (MIXED_FRAMES, 5),
    ]
    for frames, per_frame in plan:
        for frame in frames:
            for _ in range(per_frame):
                lines.append(render(frame, pick_style()))
    for line in PLAIN_LINES:
        for _ in range(3):
            lines.append(plain_line(line, pick_style()))
    R.shuffle(lines)
    # Drop exact duplicates (the plain lines under the same style), keep the first.
    seen: set[str] = set()
    unique = []
    for item in lines:
        key = str(item["text"])
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    R.seed(args.seed)
    lines = generate()
    with args.out.open("w", encoding="utf-8") as f:
        for item in lines:
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
    spans = sum(len(item["spans"]) for item in lines)  # type: ignore[arg-type]
    print(f"{args.out}: {len(lines)} lines, {spans} labelled spans")


if __name__ == "__main__":
    main()

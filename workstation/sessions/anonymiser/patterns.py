"""Pattern finders: e-mail, handles, phone numbers, identity numbers, addresses, schools.

Each finder takes the text (and the lexicon where it needs one) and returns spans. All regular
expressions are compiled once at import time.
"""

from __future__ import annotations

import re

import phonenumbers

from .checksums import has_birth_date, is_identity_number
from .cues import word_set
from .lexicon import Lexicon
from .spans import Span, Tag

_L = r"[^\W\d_]"  # one letter, any alphabet

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]*\w@\w[\w-]*(?:\.[\w-]+)*\." + _L + r"{2,}(?![\w-])")

# "@handle" not preceded by a word character (which would make it an e-mail address).
AT_HANDLE = re.compile(r"(?<![\w@.])@\w(?:[\w.]*\w)?")

# "snap: x", "snapen min er x", "insta er x", "tiktok = x", "brukernavnet mitt er x".
CUED_HANDLE = re.compile(
    r"(?i)\b(?:snap(?:chat)?|sc|insta(?:gram)?|ig|tik\s?tok|discord|kik|twitter|twitch|"
    r"brukernavn|username|bruker)(?:en|et|n|a)?"
    r"(?:\s+(?:mitt|min|mi|mine|hans|hennes|hennar|hass))?"
    r"(?P<sep>\s*[:=]\s*|\s+(?:er|e|æ|heter|heiter|hete)\b\s*:?\s*|\s+)"
    r"(?<!\w)(?P<h>@?\w(?:[\w.\-]*\w)?)"
)

# A handle written bare but with an underscore ("robin_h06"): no Norwegian word has one.
UNDERSCORE_HANDLE = re.compile(r"(?<![\w@.])[^\W_]\w*_\w*[^\W_](?![\w@])")
# Bare handles with no cue: "xxemmaxx", and a listed name run into digits ("benjamin2009",
# "norahelle48"); and a name glued to "@" after a word ("til@emma").
XX_HANDLE = re.compile(r"(?<![\w@.])(?i:xx)" + _L + r"{2,}\w*(?i:xx)(?![\w@])")
NAME_DIGITS = re.compile(r"(?<![\w@.])(?P<w>" + _L + r"{3,})\d{2,4}(?![\w@])")
GLUED_AT = re.compile(r"(?<=[^\W\d_])@" + _L + r"+(?![\w.@\-])")
# "adda meg på snap emmah" / "følg meg på insta x": the handle after "meg på snap" needs no ":".
_ADD_ME = re.compile(
    r"(?i)\b(?:add|adde|adda|addet|legg|legge|følg|følge|følger)\s+(?:meg|mæ|me)\s+"
    r"(?:til\s+)?(?:på|paa)\s+\Z"
)

_PHONE_BODY = (
    r"\d{8}"
    r"|\d{3}[ .\-]\d{2}[ .\-]\d{3}"
    r"|\d{2}[ .\-]\d{2}[ .\-]\d{2}[ .\-]\d{2}"
    r"|\d{3}[ .\-]\d{3}[ .\-]\d{2}"
    r"|\d{2}[ .\-]\d{3}[ .\-]\d{3}"
    r"|\d{4}[ .\-]\d{2}[ .\-]\d{2}"
    r"|\d{4}[ .\-]\d{4}"
    r"|\d{3}[ \-]\d{5}"
)
# "+47", "0047", "(+47)", "+ 47", "+47-" before the number.
PHONE = re.compile(
    r"(?<![\w+(])(?P<prefix>\(?(?:\+\s?|00)47\)?[ .\-]?)?(?P<num>"
    + _PHONE_BODY
    + r")(?![\w]|[ .\-]?\d)"
)
FOREIGN_PHONE = re.compile(r"(?<![\w+])\+(?!47)\d{1,3}(?:[ \-]?\d){6,12}(?!\w)")

# Birth date (DDMMYY, or DD.MM.YY) and personal number, joined by nothing, spaces, a dot or a dash.
IDENTITY = re.compile(
    r"(?<![\d.,])(?P<a>\d{6}|\d\d([.\-/ ])\d\d\2\d\d)\s*[.\-/]?\s*(?P<b>\d{5})(?![\d])"
)

_DIRECTIONS = "øvre|nedre|store|lille|gamle|nordre|søndre|vestre|østre|indre|ytre"
_DIRECTION_BEFORE = re.compile(r"(?i)(?<!\w)(?:" + _DIRECTIONS + r")\s+\Z")
_STREET_COMPOUND = (
    r"(?:gate|gata|gaten|veien|vegen|vei|veg|bakken|stien|plassen|plass|allé|alle|alléen|"
    r"svingen|lia|haugen|tunet|torget|brygga|kroken|ringen|jordet|løkka|åsen|terrassen|grenda|"
    r"kollen|tangen|myra|lunden|skogen|toppen|feltet|berget|bråten|vollen|stubben|sletta|tunet)"
)
_STREET_WORD = r"(?i:gate|gata|gaten|vei|veg|veien|vegen|plass|allé|alle|bakke|sti|terrasse|torg)"
_HOUSE_NO = r"\d{1,4}(?:\s?[A-Ha-h](?![\w]))?"
_NOT_A_COUNT = (
    r"(?!\s*(?:ganger|gang|gonger|år|dager|dag|døgn|timer|time|min|minutter|sek|uker|uke|"
    r"måneder|mnd|kr|kroner|stk|km|meter|m|prosent|personer|folk|stykker|%)\b)"
)
# Anchor for street addresses: a word followed by a house number ("Storgata 12", "gate 5B").
# The word decides: a compound with a street suffix is the whole name; a separate street word
# ("gate", "vei") takes in up to three words before it.
STREET_ANCHOR = re.compile(
    r"(?<![\w\[])(?P<w>" + _L + r"+)\s+" + _HOUSE_NO + r"(?![\w])" + _NOT_A_COUNT
)
STREET_COMPOUND_WORD = re.compile(_L + r"{2,}" + _STREET_COMPOUND)
STREET_WORD = re.compile(_STREET_WORD)
_WORDS_BEFORE = re.compile(r"(?:" + _L + r"+\.?\s+){1,3}\Z")
#: Words that may stand before a street name but are not part of it.
STREET_STOP = word_set(
    """
    bor bur bodde budde adressen adressa adresse er e æ står gikk kom kommer hjem heim nær
    utenfor ved mot fra frå til i på inn ut bak foran rett nede oppe borte like ligger ligg
    """
)
# "bor i Storgata", "bor på Øvre Furulia", "bor i Prinsens vei": a street without a number
# after "bor i/på" (a compound with a street suffix, or a genitive and a street word).
STREET_CUED = re.compile(
    r"(?i)\bbo[rdt]?d?e?\s+(?:i|på)\s+(?P<w>"
    r"(?:(?:" + _DIRECTIONS + r")\s+)?"
    + _L
    + r"{2,}?"
    + _STREET_COMPOUND
    + r"|(?:"
    + _L
    + r"+\s+)?"
    + _L
    + r"{2,}s\s+(?:gate|gata|vei|veg|allé|plass))(?!\w)"
)
_WORD = re.compile(_L + r"+(?:-" + _L + r"+)*")
POSTCODE = re.compile(
    r"(?<![\w\[])(?P<code>\d{4})\s+(?P<town>"
    + _L
    + r"+(?:-"
    + _L
    + r"+)*(?:\s+"
    + _L
    + r"+(?:-"
    + _L
    + r"+)*){0,2})"
)
POSTCODE_CUED = re.compile(
    r"(?i)\bpost(?:nummer|nr|kode)(?:et|en)?(?:\s+\w+){0,2}?\s*:?\s*(?P<code>\d{4})\b"
)

_SCHOOL_WORD = (
    r"(?:videregående\s+skole|vidaregåande\s+skule|videregående|vidaregåande|vgs|"
    r"ungdomsskole|ungdomsskule|barneskole|barneskule|u-skole|katedralskole|skole|skule|"
    r"gymnas|friskole)"
)
_SCHOOL_WORD_DEF = r"(?:ungdomsskolen|barneskolen|skolen|skulen)"
SCHOOL_CAPS = re.compile(
    r"(?<![\w\[])(?P<p>(?:[A-ZÆØÅ]" + _L + r"*(?:-" + _L + r"+)*\s+){1,3})"
    r"(?i:" + _SCHOOL_WORD + r"|" + _SCHOOL_WORD_DEF + r")(?![\w])"
)
SCHOOL_LOWER = re.compile(
    r"(?<![\w\[])(?P<p>[a-zæøå]" + _L + r"+(?:-" + _L + r"+)*)\s+" + _SCHOOL_WORD + r"(?![\w])"
)
SCHOOL_COMPOUND = re.compile(
    r"(?<![\w\[])(?P<p>[A-ZÆØÅ]" + _L + r"{2,}?)(?:skolen|skole|skulen|skule)(?![\w])"
)

#: Words in front of "skole" that do not name a school ("bytte skole", "ny skole", ...).
SCHOOL_STOP = word_set(
    """
    ny nye nytt gamle gammel samme andre annen anna hvilken hvilke kva hva ingen noen hele
    heile denne dette privat privatskole kristen kristne norsk norske vanlig vanlige egen eigen
    bytte bytta byttet byter bytter skifte skifta slutte slutta slutter begynne begynte begynner
    starte starta starter droppe dropper droppa skulke skulker skulka hater hata elsker liker
    digger teit dum kjip kjedelig dritt drit fæl god bra stor liten lille store første siste
    neste forrige hjem heim hjemme etter før mot om morgen imorgen idag dag gå går gikk gjekk
    ha har hadde på til fra frå i med uten utan ut inn tilbake helt vår vårt min mi mitt din
    ditt hans hennes deres sin si sitt ny-ny fin fint fine kul kult gøy morsom alternativ
    spesial offentlig offentleg statlig kommunal grunn vanskelig lett hard strenge streng
    tung tungt skummel nesten bare berre snart på heller tidlig seint sent lenge mange flere
    ei en et eit ein the my your our
    """
)
#: Generic compounds ending in -skole that are not a school's name.
SCHOOL_GENERIC_PREFIX = word_set(
    """
    ungdoms barne grunn folke sommer kultur musikk kjøre fag høy privat real fri helg natt dag
    språk danse dans fotball bibel søndags sjømanns yrkes kristen montessori steiner hjemme ski
    svømme spesial sang teater kunst heim ny gamle ride dykker flyger
    """
)


def find_email(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), Tag.EPOST) for m in EMAIL.finditer(text)]


def find_handles(text: str, lex: Lexicon) -> list[Span]:
    spans = [Span(m.start(), m.end(), Tag.BRUKERNAVN) for m in AT_HANDLE.finditer(text)]
    for m in CUED_HANDLE.finditer(text):
        handle = m.group("h")
        bare = handle.lstrip("@").lower()
        if bare in lex.function_words or bare.isdigit():
            continue
        looks_like_handle = handle.startswith("@") or any(c in handle for c in "._-0123456789")
        if (
            not looks_like_handle
            and not m.group("sep").strip()
            and not _ADD_ME.search(text, max(0, m.start() - 30), m.start())
        ):
            continue  # "snap meldinger": no separator and no handle-like characters
        spans.append(Span(m.start("h"), m.end("h"), Tag.BRUKERNAVN))
    if "_" in text:
        found = UNDERSCORE_HANDLE.finditer(text)
        spans += [Span(m.start(), m.end(), Tag.BRUKERNAVN) for m in found]
    if "@" in text:
        for m in GLUED_AT.finditer(text):
            if m.group()[1:].lower() in lex.names:  # "til@emma": a name, glued by a slip
                spans.append(Span(m.start() + 1, m.end(), Tag.NAVN))
            else:
                spans.append(Span(m.start(), m.end(), Tag.BRUKERNAVN))
    return spans


def find_bare_handles(text: str, lex: Lexicon) -> list[Span]:
    """Handles with no cue: "xxmiaxx", or a listed name with digits run on ("benjamin2009")."""
    spans = [Span(m.start(), m.end(), Tag.BRUKERNAVN) for m in XX_HANDLE.finditer(text)]
    for m in NAME_DIGITS.finditer(text):
        word = m.group("w").lower()
        if any(word[:n] in lex.names for n in range(3, len(word) + 1)):
            spans.append(Span(m.start(), m.end(), Tag.BRUKERNAVN))
    return spans


#: "2024-12-04": a date, though it has the 4-2-2 shape of a phone number.
_ISO_DATE = re.compile(r"(?:19|20)\d\d([.\- ])(?:0[1-9]|1[0-2])\1(?:0[1-9]|[12]\d|3[01])")


def _is_year_pair(digits: str) -> bool:
    return len(digits) == 8 and all(d[:2] in ("19", "20") for d in (digits[:4], digits[4:]))


def find_phones(text: str) -> list[Span]:
    spans: list[Span] = []
    for m in PHONE.finditer(text):
        num = m.group("num")
        digits = "".join(c for c in num if c.isdigit())
        grouped = not num.isdigit()
        if m.group("prefix"):
            ok = True
        elif grouped:
            ok = (not _is_year_pair(digits) or len(num.split()) != 2) and not _ISO_DATE.fullmatch(
                num
            )
        else:
            # Norwegian subscriber numbers start with 2-9: a phone even in a block that is not
            # given out (yet). A year pair ("20102012") is kept; 0 and 1 start no such number.
            ok = digits[0] in "23456789" and not _is_year_pair(digits)
        if ok:
            spans.append(Span(m.start(), m.end(), Tag.TELEFON))
    for m in FOREIGN_PHONE.finditer(text):
        try:
            parsed = phonenumbers.parse(m.group(), None)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(parsed):
            spans.append(Span(m.start(), m.end(), Tag.TELEFON))
    return spans


#: Words that announce an identity number; after one, a mistyped number (bad check digits)
#: with a plausible birth date is still taken out.
_FNR_CUE = re.compile(
    r"(?i)(?:person|pers|fødsels|føds|f\.|d-)\s?n\w*|\b[fp]nr\b|\bid\b|\bfødd?t?\b"
)


def find_identity_numbers(text: str) -> list[Span]:
    spans = []
    for m in IDENTITY.finditer(text):
        digits = "".join(c for c in m.group("a") if c.isdigit()) + m.group("b")
        if is_identity_number(digits) or (
            has_birth_date(digits) and _FNR_CUE.search(text, max(0, m.start() - 40), m.start())
        ):
            spans.append(Span(m.start(), m.end(), Tag.FNR))
    return spans


def find_addresses(text: str, lex: Lexicon) -> list[Span]:
    spans: list[Span] = []
    for m in STREET_ANCHOR.finditer(text):
        word = m.group("w")
        if STREET_COMPOUND_WORD.fullmatch(word.lower()):
            before = _DIRECTION_BEFORE.search(text, max(0, m.start() - 12), m.start())
            spans.append(Span(before.start() if before else m.start(), m.end(), Tag.ADRESSE))
            continue
        if not STREET_WORD.fullmatch(word):
            continue
        # "Kongens gate 5B", "olav kyrres gate 3": take the words before, minus "bor i" etc.
        lo = max(0, m.start() - 60)
        before = _WORDS_BEFORE.search(text, lo, m.start())
        if before is None or (before.start() > 0 and text[before.start() - 1] in "[]"):
            continue
        start = before.start()
        leading = list(_WORD.finditer(text, before.start(), m.start()))
        for w in leading:
            low = w.group().lower()
            if low in STREET_STOP or low in lex.function_words:
                start = w.end()
            else:
                start = w.start()
                break
        else:
            continue
        # Only the words right before the street word that can be part of a street name:
        # capitalised, a genitive ("kongens"), a name or a direction ("øvre"). Not "skjedde i".
        first, genitive = m.start(), False
        for w in reversed(leading):
            low = w.group().lower()
            if low in STREET_STOP or low in lex.function_words:
                break
            if w.start() < start or not (genitive or _street_name_part(w.group(), lex)):
                break
            first, genitive = w.start(), low.endswith("s")
        spans.append(Span(first, m.end(), Tag.ADRESSE))
    spans += find_street_without_number(text, lex)
    for m in POSTCODE.finditer(text):
        words = [(w.group().lower(), w.end()) for w in _WORD.finditer(m.group("town"))]
        for n in range(len(words), 0, -1):
            cand = tuple(w for w, _ in words[:n])
            if (n == 1 and cand[0] in lex.places) or cand in lex.multiword_places:
                spans.append(Span(m.start(), m.start("town") + words[n - 1][1], Tag.ADRESSE))
                break
    spans += [
        Span(m.start("code"), m.end("code"), Tag.ADRESSE) for m in POSTCODE_CUED.finditer(text)
    ]
    return spans


def _street_name_part(word: str, lex: Lexicon) -> bool:
    low = word.lower()
    return (
        word[0].isupper()
        or low.endswith("s")
        or low in lex.names
        or low in _DIRECTIONS.split("|")
    )


def find_street_without_number(text: str, lex: Lexicon) -> list[Span]:
    """A street name after "bor i/på" ("bor i Storgata"): an address even without a number.

    A known district with a street-like ending ("bor på Holmlia", "Byåsen") is a place instead.
    """
    return [
        Span(m.start("w"), m.end("w"), Tag.ADRESSE)
        for m in STREET_CUED.finditer(text)
        if m.group("w").lower() not in lex.places
    ]


# Teams and clubs: "Lyn G14", "bækkelaget j15", "Kolbotn IL", "tromsø fk". The kind comes
# first in the search (cheap); the club is the one word before it.
TEAM_KIND = re.compile(r"(?<=\s)(?:(?i:[gj](?:\d{2}|20[012]\d)|il|fk|bk|if)|IF|SK|IK)(?![\w])")
_CLUB_BEFORE = re.compile(r"(?<![\w\[])(?P<club>" + _L + r"{2,}(?:-" + _L + r"+)*)\s+\Z")


def find_teams(text: str, lex: Lexicon) -> list[Span]:
    spans: list[Span] = []
    for m in TEAM_KIND.finditer(text):
        club = _CLUB_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if club is None:
            continue
        low = club.group("club").lower()
        if low in lex.function_words or low in SCHOOL_STOP or low in _NOT_A_CLUB:
            continue
        spans.append(Span(club.start(), m.end(), Tag.SKOLE))
    return spans


#: Words before "G14", "IL" … that are not a club ("klasse", "what if").
_NOT_A_CLUB = word_set("what and so but klasse gruppe buss linje rute rom sal tog")


def find_schools(text: str, lex: Lexicon) -> list[Span]:
    spans: list[Span] = []
    for m in SCHOOL_CAPS.finditer(text):
        words = m.group("p").split()
        # Drop leading function or stop words ("Jeg går på Nordstrand skole" keeps "Nordstrand").
        start = m.start("p")
        while words and (words[0].lower() in lex.function_words or words[0].lower() in SCHOOL_STOP):
            start = text.index(words[0], start) + len(words[0])
            words.pop(0)
        if not words:
            continue
        start = text.index(words[0], start)
        spans.append(Span(start, m.end(), Tag.SKOLE))
    for m in SCHOOL_LOWER.finditer(text):
        prefix = m.group("p").lower()
        if prefix in lex.function_words or prefix in SCHOOL_STOP:
            continue
        if len(prefix) < 3 and prefix not in lex.places:
            continue  # "bø skule", "hå vgs" are places; other two-letter words are not
        spans.append(Span(_multiword_place_start(text, m.start(), prefix, lex), m.end(), Tag.SKOLE))
    for m in SCHOOL_COMPOUND.finditer(text):
        if m.group("p").lower() not in SCHOOL_GENERIC_PREFIX:
            spans.append(Span(m.start(), m.end(), Tag.SKOLE))
    for m in SCHOOL_COMPOUND_LOWER.finditer(text):
        prefix = m.group("p")
        if prefix in lex.places and prefix not in SCHOOL_GENERIC_PREFIX:
            spans.append(Span(m.start(), m.end(), Tag.SKOLE))
    return spans


# "haldenskolen", "gjesdalskolen": a lower-case compound whose first part is a known place.
SCHOOL_COMPOUND_LOWER = re.compile(
    r"(?<![\w\[])(?P<p>[a-zæøå]" + _L + r"{1,}?)(?:skolen|skole|skulen|skule)(?![\w])"
)
_WORDS_BEFORE_2 = re.compile(r"(?:(?P<w>" + _L + r"+)\s+){1,2}\Z")


def _multiword_place_start(text: str, start: int, last: str, lex: Lexicon) -> int:
    """Where a school name starts when its place is several words: "nordre follo skole"."""
    before = _WORDS_BEFORE_2.search(text, max(0, start - 40), start)
    if before is None:
        return start
    words = list(_WORD.finditer(text, before.start(), start))
    for k in range(len(words), 0, -1):
        if tuple(w.group().lower() for w in words[-k:]) + (last,) in lex.multiword_places:
            return words[-k].start()
    return start

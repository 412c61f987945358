"""Build resources/i18n/desk_nb.ts: the desk's strings that workstation_nb.ts does not have.

    .venv/bin/python resources/i18n/update_desk_nb.py

Runs pyside6-lupdate over the desk's own modules into a temporary file, keeps the entries
missing from workstation_nb.ts, and fills in the Norwegian text from ``NB`` below (an entry
without a translation here is left unfinished and the script says so).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "workstation" / "ui"
MODULES = [
    "main_window.py", "conversation_panel.py", "conversation_list.py", "conversation_model.py",
    "controller.py", "compose.py", "transcript_model.py", "transcript_view.py",
    "queue_model.py", "queue_panel.py", "connection_indicator.py", "screenshot.py",
    "drafts_sync.py", "shortcuts.py", "capacity_dialog.py", "theme.py",
    "calls/call_bar.py", "calls/ringing_model.py", "calls/transfer_dialog.py", "calls/state.py",
]
TARGET = ROOT / "resources" / "i18n" / "desk_nb.ts"

NB: dict[str, str | tuple[str, str]] = {
    "Call time": "Samtaletid",
    "Hold": "Sett på vent",
    "Transfer…": "Overfør …",
    "Hand the call to a colleague who is online": "Gi samtalen til en kollega som er pålogget",
    "Hang up": "Legg på",
    "End the call (F5)": "Avslutt samtalen (F5)",
    "hidden number": "skjult nummer",
    "Ringing: %1": "Ringer: %1",
    "On the phone with %1": "I samtale med %1",
    "On hold: %1": "På vent: %1",
    "Call ended: %1": "Samtalen er slutt: %1",
    "%1 (on hold %2)": "%1 (på vent %2)",
    "Resume": "Fortsett",
    "Take the call off hold (F4)": "Ta samtalen av vent (F4)",
    "Put the call on hold (F4)": "Sett samtalen på vent (F4)",
    "The call could not be changed: %1": "Samtalen kunne ikke endres: %1",
    "The call was transferred.": "Samtalen er overført.",
    "Capacity reached": "Full kapasitet",
    "Taking more than you can follow makes every young person wait longer.":
        "Tar du flere enn du rekker å følge opp, må alle de unge vente lenger.",
    "Take anyway": "Ta imot likevel",
    "Leave in the queue": "La stå i køen",
    "You already have %n call(s). Answer anyway?": (
        "Du har allerede %n samtale på telefon. Svare likevel?",
        "Du har allerede %n samtaler på telefon. Svare likevel?",
    ),
    "You already have %n SMS conversation(s). Take it anyway?": (
        "Du har allerede %n SMS-samtale. Ta imot likevel?",
        "Du har allerede %n SMS-samtaler. Ta imot likevel?",
    ),
    "You already have %n chat(s). Take it anyway?": (
        "Du har allerede %n chat. Ta imot likevel?",
        "Du har allerede %n chatter. Ta imot likevel?",
    ),
    "RISK": "RISIKO",
    "observed": "observert",
    "time": "tid",
    "Ctrl+1…9 opens a conversation by its place; Ctrl+Tab the next one":
        "Ctrl+1…9 åpner en samtale etter plassen i lista; Ctrl+Tab den neste",
    "My conversations (%1)": "Mine samtaler (%1)",
    "handed over to %1": "overført til %1",
    "on hold %1": "på vent %1",
    "on the phone %1": "i telefonen %1",
    "waiting for you %1": "venter på deg %1",
    "you wrote last": "du skrev sist",
    "Conversation time %1": "Samtaletid %1",
    "Flagged as risk": "Markert som risiko",
    "Time limit passed while others wait": "Over tidsgrensen mens andre venter",
    "Others are waiting in the queue": "Andre venter i køen",
    "Observed by %1": "Observert av %1",
    "Flag risk": "Marker risiko",
    "Flag the conversation as a risk; time limits stop warning (Ctrl+R)":
        "Marker samtalen som risiko; tidsgrensene varsler ikke lenger (Ctrl+R)",
    "End the conversation, after asking (Ctrl+W)": "Avslutt samtalen, etter et spørsmål (Ctrl+W)",
    "Note for staff only, never shown to the young person (Ctrl+N)":
        "Notat bare for ansatte, vises aldri for den unge (Ctrl+N)",
    "Staff-only note": "Notat bare for ansatte",
    "Save note": "Lagre notat",
    "Save the note; only staff see it (Enter)": "Lagre notatet; bare ansatte ser det (Enter)",
    "Reply to the young person": "Svar til den unge",
    "Send the reply (Enter)": "Send svaret (Enter)",
    "%1 (handed over to %2)": "%1 (overført til %2)",
    "Write an SMS to the young person. Enter sends, Shift+Enter adds a line.":
        "Skriv en SMS til den unge. Enter sender, Shift+Enter gir ny linje.",
    "Risk flagged": "Risiko markert",
    "Could not flag the conversation: %1": "Kunne ikke markere samtalen: %1",
    "No secure keyring was found, so unsent text is kept only while the desk is open.":
        "Fant ingen sikker nøkkelring, så tekst som ikke er sendt, tas vare på bare mens "
        "skrivebordet er åpent.",
    "Unsent text cannot be saved on this machine; it is kept in memory.":
        "Tekst som ikke er sendt, kan ikke lagres på denne maskinen; den holdes i minnet.",
    "Waiting contacts": "Ventende henvendelser",
    "Take the selected contact, or the first in line (Ctrl+Enter or F2)":
        "Ta imot den valgte, eller den første i køen (Ctrl+Enter eller F2)",
    "Ringing calls": "Anrop som ringer",
    "Answer call": "Svar",
    "Answer the longest-ringing call (F3)": "Svar på anropet som har ringt lengst (F3)",
    "Answer call (%n ringing)": ("Svar (%n ringer)", "Svar (%n ringer)"),
    "☎ %1 – ringing %2": "☎ %1 – ringer %2",
    "Saving note…": "Lagrer notat …",
    "Sending SMS…": "Sender SMS …",
    "Young person · SMS": "Ung person · SMS",
    "Consultation, %1": "Konsultasjon, %1",
    "Note, only staff see it · %1": "Notat, bare ansatte ser det · %1",
    "%1 · SMS": "%1 · SMS",
    "Conversation closed: the call ended": "Samtalen er avsluttet: telefonsamtalen er slutt",
    "%1 chose to continue without time warnings": "%1 valgte å fortsette uten tidsvarsler",
    "%1 is observing the conversation": "%1 observerer samtalen",
    "The observer left": "Observatøren gikk",
    "SMS from %1": "SMS fra %1",
    "An SMS could not be delivered; try again or ask the shift lead":
        "En SMS kunne ikke leveres; prøv igjen eller spør vaktleder",
    "Call from %1": "Anrop fra %1",
    "%1 answered the call": "%1 svarte",
    "Call put on hold": "Samtalen er satt på vent",
    "Call resumed": "Samtalen fortsetter",
    "Call transferred to %1": "Samtalen er overført til %1",
    "The caller hung up": "Innringeren la på",
    "Call ended by the counsellor": "Veilederen avsluttet samtalen",
    "Conversation transcript": "Samtaleforløp",
    "Transfer the call": "Overfør samtalen",
    "Transfer the call to:": "Overfør samtalen til:",
    "Colleagues online": "Kolleger som er pålogget",
    "available": "tilgjengelig",
    "away": "borte",
    "%1 (%2, %n conversation(s))": ("%1 (%2, %n samtale)", "%1 (%2, %n samtaler)"),
    "Transfer": "Overfør",
    "Cancel": "Avbryt",
    "No colleague is online to take the call.": "Ingen kollega er pålogget og kan ta samtalen.",
    "Says the parents argue a lot. Ask whether anyone at school knows.":
        "Sier foreldrene krangler mye. Spør om noen på skolen vet om det.",
    "Take the next contact": "Ta imot neste",
    "Answer the ringing call": "Svar på anropet",
    "Hold or resume the call": "Sett på vent eller fortsett",
    "Write a note": "Skriv et notat",
    "End the conversation": "Avslutt samtalen",
    "Next conversation": "Neste samtale",
    "Previous conversation": "Forrige samtale",
    "Write a reply": "Skriv et svar",
    "Open conversation %1": "Åpne samtale %1",
}


def entries(path: Path) -> set[tuple[str, str]]:
    found = set()
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found.add((name, message.findtext("source") or ""))
    return found


def main() -> int:
    known = entries(ROOT / "resources" / "i18n" / "workstation_nb.ts")
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder) / "desk_nb.ts"
        tool = Path(sys.executable).parent / "pyside6-lupdate"
        subprocess.run(
            [str(tool), *[str(UI / m) for m in MODULES], "-ts", str(scratch),
             "-no-obsolete", "-locations", "none", "-target-language", "nb_NO", "-silent"],
            check=True,
        )
        tree = ET.parse(scratch)
    root = tree.getroot()
    missing = []
    for context in list(root.iter("context")):
        name = context.findtext("name") or ""
        for message in list(context.findall("message")):
            source = message.findtext("source") or ""
            if (name, source) in known:
                context.remove(message)
                continue
            translation = message.find("translation")
            assert translation is not None
            nb = NB.get(source)
            if nb is None:
                missing.append(f"{name}: {source}")
                continue
            translation.attrib.pop("type", None)
            if message.get("numerus") == "yes":
                translation.text = None
                for form in list(translation):
                    translation.remove(form)
                for text in nb if isinstance(nb, tuple) else (nb, nb):
                    ET.SubElement(translation, "numerusform").text = text
            else:
                translation.text = nb if isinstance(nb, str) else nb[0]
        if not context.findall("message"):
            root.remove(context)
    ET.indent(tree)
    tree.write(TARGET, encoding="utf-8", xml_declaration=True)
    for line in missing:
        print("untranslated:", line)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

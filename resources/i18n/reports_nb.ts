<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO">
<context>
    <name>PdfPathDialog</name>
    <message>
        <location filename="../../workstation/ui/reports/output.py" line="19"/>
        <source>Save the report as PDF</source>
        <translation>Lagre meldingen som PDF</translation>
    </message>
</context>
<context>
    <name>QuoteModel</name>
    <message>
        <location filename="../../workstation/ui/reports/quotes_model.py" line="52"/>
        <source>Young person</source>
        <translation>Ungdom</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/quotes_model.py" line="52"/>
        <source>Us</source>
        <translation>Vi</translation>
    </message>
</context>
<context>
    <name>ReportEditor</name>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="90"/>
        <source>Concern report</source>
        <extracomment>A draft is written this long after the last keystroke (well within 2 s).</extracomment>
        <translation>Bekymringsmelding</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="136"/>
        <source>Submit for approval</source>
        <translation>Send til godkjenning</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="138"/>
        <source>Export PDF…</source>
        <translation>Eksporter PDF …</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="139"/>
        <source>Copy text</source>
        <translation>Kopier tekst</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="147"/>
        <source>Tick the messages to quote word for word:</source>
        <translation>Kryss av meldingene som skal siteres ordrett:</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="153"/>
        <source>Preview (plain text, as it will be sent):</source>
        <translation>Forhåndsvisning (ren tekst, slik den sendes):</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="177"/>
        <source>%1 conversation %2 · Reporter: %3 · %4, %5</source>
        <translation>%1 · %2 · Melder: %3 · %4, %5</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="219"/>
        <source>The preview is not available: %1</source>
        <translation>Forhåndsvisningen er ikke tilgjengelig: %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="252"/>
        <source>The draft could not be saved: %1</source>
        <translation>Utkastet kunne ikke lagres: %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="276"/>
        <source>The saved draft was restored.</source>
        <translation>Det lagrede utkastet er hentet fram igjen.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="287"/>
        <source>The report identifies the child: tick that you do so deliberately and say why.</source>
        <translation>Meldingen identifiserer barnet: kryss av for at du gjør det bevisst, og skriv hvorfor.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="292"/>
        <source>The report is not complete: %1</source>
        <translation>Meldingen er ikke fullstendig: %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="306"/>
        <source>Not connected to the hub.</source>
        <translation>Ikke tilkoblet sentralen.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="321"/>
        <source>The report was not submitted: %1</source>
        <translation>Meldingen ble ikke sendt til godkjenning: %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="330"/>
        <source>Submitted for approval as version %1. A shift lead will review it.</source>
        <translation>Sendt til godkjenning som versjon %1. En vaktleder går gjennom den.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="354"/>
        <source>The PDF could not be written: %1</source>
        <translation>PDF-en kunne ikke skrives: %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="360"/>
        <source>Saved %1 (%2 pages). Not the approved version.</source>
        <translation>Lagret %1 (%2 sider). Ikke den godkjente versjonen.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/editor.py" line="368"/>
        <source>The text is on the clipboard.</source>
        <translation>Teksten er kopiert til utklippstavlen.</translation>
    </message>
</context>
<context>
    <name>ReportForm</name>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="76"/>
        <source>Ordinary</source>
        <translation>Ordinær</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="77"/>
        <source>Urgent</source>
        <translation>Haster</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="78"/>
        <source>Acute</source>
        <translation>Akutt</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="96"/>
        <source>Not stated</source>
        <translation>Ikke oppgitt</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="97"/>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="98"/>
        <source>No</source>
        <translation>Nei</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="99"/>
        <source>Not possible</source>
        <translation>Ikke mulig</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="103"/>
        <source>I pass on details that identify the child, deliberately</source>
        <translation>Jeg gir bevisst videre opplysninger som identifiserer barnet</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="112"/>
        <source>unknown if empty</source>
        <translation>ukjent hvis tomt</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="115"/>
        <location filename="../../workstation/ui/reports/form.py" line="116"/>
        <source>comma-separated</source>
        <translation>skilt med komma</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="117"/>
        <source>One action per line</source>
        <translation>Ett tiltak per linje</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="121"/>
        <source>Template</source>
        <translation>Mal</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="122"/>
        <source>Urgency</source>
        <translation>Hastegrad</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="123"/>
        <source>Municipality</source>
        <translation>Kommune</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="126"/>
        <source>The child</source>
        <translation>Barnet</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="128"/>
        <location filename="../../workstation/ui/reports/form.py" line="136"/>
        <source>Name</source>
        <translation>Navn</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="129"/>
        <source>Age</source>
        <translation>Alder</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="130"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="131"/>
        <location filename="../../workstation/ui/reports/form.py" line="136"/>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="134"/>
        <source>Parents or guardians</source>
        <translation>Foreldre eller foresatte</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="136"/>
        <source>Relation</source>
        <translation>Relasjon</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="141"/>
        <source>e.g. mother</source>
        <translation>f.eks. mor</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="144"/>
        <source>The concern</source>
        <translation>Bekymringen</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="146"/>
        <source>Categories</source>
        <translation>Tema</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="147"/>
        <source>Flags</source>
        <translation>Særlige forhold</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="148"/>
        <source>What was observed</source>
        <translation>Hva som kom fram</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="149"/>
        <source>What we have done</source>
        <translation>Hva vi har gjort</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="150"/>
        <source>Discussed with</source>
        <translation>Drøftet med</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="153"/>
        <source>Anonymity</source>
        <translation>Anonymitet</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="155"/>
        <source>Child told</source>
        <translation>Barnet informert</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="156"/>
        <source>Why (not)</source>
        <translation>Hvorfor (ikke)</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/form.py" line="158"/>
        <source>Reason</source>
        <translation>Begrunnelse</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../workstation/ui/reports/review.py" line="50"/>
        <source>Review concern report</source>
        <translation>Gå gjennom bekymringsmelding</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/review.py" line="59"/>
        <source>What should be changed?</source>
        <translation>Hva bør endres?</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/review.py" line="64"/>
        <source>Approve</source>
        <translation>Godkjenn</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/review.py" line="65"/>
        <source>Ask for changes</source>
        <translation>Be om endringer</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/review.py" line="66"/>
        <source>Export PDF…</source>
        <translation>Eksporter PDF …</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/review.py" line="67"/>
        <source>Copy text</source>
        <translation>Kopier tekst</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/review.py" line="106"/>
        <source>%1 · version %2 by %3 · status: %4</source>
        <translation>%1 · versjon %2 av %3 · status: %4</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/review.py" line="114"/>
        <source>Final. SHA-256 %1</source>
        <translation>Endelig. SHA-256 %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/review.py" line="129"/>
        <source>You wrote this report: another shift lead reviews it.</source>
        <translation>Du skrev denne meldingen: en annen vaktleder må gå gjennom den.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/review.py" line="140"/>
        <source>Not done: %1</source>
        <translation>Ikke utført: %1</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/review.py" line="168"/>
        <source>Write what should be changed first.</source>
        <translation>Skriv først hva som bør endres.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/review.py" line="192"/>
        <source>The template has changed since approval; the PDF would differ from the approved text.</source>
        <translation>Malen er endret siden godkjenningen; PDF-en ville avvike fra den godkjente teksten.</translation>
    </message>
    <message>
        <location filename="../../workstation/ui/reports/review.py" line="200"/>
        <source>Saved %1.</source>
        <translation>Lagret %1.</translation>
    </message>
</context>
</TS>

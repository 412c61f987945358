<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>ReturnCodeDialog</name>
    <message>
        <source>Code for coming back</source>
        <translation>Kode for å komme tilbake</translation>
    </message>
    <message>
        <source>Valid until %1. On the chat page the young person sees it now; on the phone, read it out; by SMS, send it. Given next time, it brings them to you when you are on shift with room.</source>
        <translation>Gyldig til %1. På chat-siden ser den unge koden nå; på telefon leser du den opp; på SMS sender du den. Oppgitt neste gang, kommer den unge til deg når du er på vakt og har plass.</translation>
    </message>
    <message>
        <source>Revoke the code</source>
        <translation>Trekk tilbake koden</translation>
    </message>
    <message>
        <source>Could not revoke the code: %1</source>
        <translation>Kunne ikke trekke tilbake koden: %1</translation>
    </message>
    <message>
        <source>The code is revoked: it no longer opens.</source>
        <translation>Koden er trukket tilbake og virker ikke lenger.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Lukk</translation>
    </message>
    <message>
        <source>A code lets the young person come back to you; they choose whether to use it. Nothing about them is stored with it.</source>
        <translation>Med en kode kan den unge komme tilbake til deg; den unge velger selv om koden skal brukes. Ingenting om den unge lagres sammen med koden.</translation>
    </message>
    <message>
        <source>Agree a time for a new conversation</source>
        <translation>Avtal en tid for en ny samtale</translation>
    </message>
    <message>
        <source>Give the code</source>
        <translation>Gi koden</translation>
    </message>
    <message>
        <source>Could not give a code: %1</source>
        <translation>Kunne ikke gi en kode: %1</translation>
    </message>
    <message>
        <source>Agreed time: %1. You are reminded on the desk; if nobody comes, the time is released.</source>
        <translation>Avtalt tid: %1. Du får en påminnelse på skrivebordet; kommer ingen, frigjøres tiden.</translation>
    </message>
</context>
<context>
    <name>ReturnCodeAction</name>
    <message>
        <source>Give code…</source>
        <translation>Gi kode…</translation>
    </message>
    <message>
        <source>Give the young person a code to come back to you (they choose to use it)</source>
        <translation>Gi den unge en kode for å komme tilbake til deg (den unge velger selv om koden skal brukes)</translation>
    </message>
</context>
<context>
    <name>ReturnOffers</name>
    <message>
        <source>Reminder: a follow-up conversation you agreed is at %1.</source>
        <translation>Påminnelse: en oppfølgingssamtale du har avtalt, er kl. %1.</translation>
    </message>
    <message>
        <source>Nobody came for the follow-up at %1; the time is released.</source>
        <translation>Ingen kom til oppfølgingssamtalen kl. %1; tiden er frigjort.</translation>
    </message>
</context>
<context>
    <name>ReturnOfferDialog</name>
    <message>
        <source>Came back and asked for you</source>
        <translation>Kom tilbake og spurte etter deg</translation>
    </message>
    <message>
        <source>A young person came back and asked for you. Offered to you first for %1 s.</source>
        <translation>En ung person kom tilbake og spurte etter deg. Kontakten er tilbudt deg først i %1 s.</translation>
    </message>
    <message>
        <source>Last time: %1</source>
        <translation>Sist: %1</translation>
    </message>
    <message>
        <source>No summary was saved last time.</source>
        <translation>Det ble ikke lagret noen oppsummering sist.</translation>
    </message>
    <message>
        <source>Take the contact</source>
        <translation>Ta imot</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Ikke nå</translation>
    </message>
    <message>
        <source>Could not take the contact: %1</source>
        <translation>Kunne ikke ta imot kontakten: %1</translation>
    </message>
</context>
<context>
    <name>TranscriptModel</name>
    <message>
        <source>Came back with a code and asked for %1</source>
        <translation>Kom tilbake med en kode og spurte etter %1</translation>
    </message>
    <message>
        <source>A code for coming back was given</source>
        <translation>En kode for å komme tilbake ble gitt</translation>
    </message>
</context>
</TS>

<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>TranscriptModel</name>
    <message>
        <source>%1 is listening in on the call</source>
        <translation>%1 lytter på samtalen</translation>
    </message>
    <message>
        <source>%1 is no longer listening</source>
        <translation>%1 lytter ikke lenger</translation>
    </message>
    <message>
        <source>%1 asks to join the call</source>
        <translation>%1 ber om å bli med i samtalen</translation>
    </message>
    <message>
        <source>%1 joined the call: a three-way call</source>
        <translation>%1 er med i samtalen: en treveissamtale</translation>
    </message>
    <message>
        <source>%1 may not join the call</source>
        <translation>%1 fikk ikke bli med i samtalen</translation>
    </message>
    <message>
        <source>%1 was dialled into the call</source>
        <translation>%1 ble ringt inn i samtalen</translation>
    </message>
    <message>
        <source>%1 left the call</source>
        <translation>%1 gikk ut av samtalen</translation>
    </message>
    <message>
        <source>a service</source>
        <translation>en tjeneste</translation>
    </message>
</context>
<context>
    <name>SessionBox</name>
    <message>
        <source>Your desk phone rings and you hear the caller and the counsellor; nobody hears you. The counsellor sees that you listen.</source>
        <translation>Telefonen på pulten ringer, og du hører innringeren og rådgiveren; ingen hører deg. Rådgiveren ser at du lytter.</translation>
    </message>
    <message>
        <source>Stop listening</source>
        <translation>Slutt å lytte</translation>
    </message>
    <message>
        <source>Listen in on the call</source>
        <translation>Lytt på samtalen</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nei</translation>
    </message>
    <message>
        <source>Waiting for the counsellor&apos;s answer …</source>
        <translation>Venter på svar fra rådgiveren …</translation>
    </message>
    <message>
        <source>Ask to join the call</source>
        <translation>Be om å bli med i samtalen</translation>
    </message>
    <message>
        <source>Let %1 join the call (three-way)</source>
        <translation>La %1 bli med i samtalen (treveis)</translation>
    </message>
</context>
<context>
    <name>ConsultPanel</name>
    <message>
        <source>Your desk phone rings: you hear the call, nobody hears you.</source>
        <translation>Telefonen på pulten ringer: du hører samtalen, ingen hører deg.</translation>
    </message>
    <message>
        <source>You no longer listen to the call.</source>
        <translation>Du lytter ikke lenger på samtalen.</translation>
    </message>
</context>
<context>
    <name>DialInDialog</name>
    <message>
        <source>Call a service in</source>
        <translation>Ringe inn en tjeneste</translation>
    </message>
    <message>
        <source>Ring in</source>
        <translation>Ring inn</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Ring %1 (%2) into the call? The caller, you and the service will all hear each other.</source>
        <translation>Ringe %1 (%2) inn i samtalen? Innringeren, du og tjenesten vil alle høre hverandre.</translation>
    </message>
</context>
<context>
    <name>DialIn</name>
    <message>
        <source>Choose a call and a service with a phone number first.</source>
        <translation>Velg en telefonsamtale og en tjeneste med telefonnummer først.</translation>
    </message>
    <message>
        <source>Could not ring them in: %1</source>
        <translation>Kunne ikke ringe dem inn: %1</translation>
    </message>
    <message>
        <source>%1 is being rung into the call.</source>
        <translation>%1 blir ringt inn i samtalen.</translation>
    </message>
</context>
<context>
    <name>ReferralPanel</name>
    <message>
        <source>Ring into the call</source>
        <translation>Ring inn i samtalen</translation>
    </message>
    <message>
        <source>The hub rings the service and adds it to the current call (asks first).</source>
        <translation>Huben ringer tjenesten og legger den til i samtalen (spør først).</translation>
    </message>
</context>
</TS>

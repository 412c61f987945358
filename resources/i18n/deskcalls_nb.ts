<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>OverviewTab</name>
    <message>
        <source>Take the call over</source>
        <translation>Ta over samtalen</translation>
    </message>
</context>
<context>
    <name>AlertTakeOver</name>
    <message>
        <source>The caller is on hold and hears the waiting audio. Taking it over rings your desk phone and makes the conversation yours; %1 is told.</source>
        <translation>Innringeren står på vent og hører ventelyden. Tar du over, ringer telefonen på pulten din og samtalen blir din; %1 får beskjed.</translation>
    </message>
    <message>
        <source>Choose the alert of a call on hold first.</source>
        <translation>Velg først varselet om en samtale som står på vent.</translation>
    </message>
    <message>
        <source>The call could not be taken over: %1</source>
        <translation>Samtalen kunne ikke tas over: %1</translation>
    </message>
    <message>
        <source>The call is yours now: it is on your desk phone.</source>
        <translation>Samtalen er din nå: den er på telefonen din.</translation>
    </message>
</context>
<context>
    <name>supervisor</name>
    <message>
        <source>%1's desk phone stopped during a call: the caller is on hold and hears the waiting audio until the call is picked up again</source>
        <translation>Telefonen på pulten til %1 stoppet under en samtale: innringeren står på vent og hører ventelyden til samtalen blir tatt opp igjen</translation>
    </message>
</context>
<context>
    <name>DropPartyDialog</name>
    <message>
        <source>Let them leave the call</source>
        <translation>La dem gå ut av samtalen</translation>
    </message>
    <message>
        <source>Hang up %1's part of the call? The caller and you go on talking.</source>
        <translation>Koble %1 fra samtalen? Innringeren og du fortsetter å snakke sammen.</translation>
    </message>
    <message>
        <source>Let them leave</source>
        <translation>La dem gå</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
</context>
<context>
    <name>PartiesRow</name>
    <message>
        <source>%1 is on the call</source>
        <translation>%1 er med i samtalen</translation>
    </message>
    <message>
        <source>Let them leave…</source>
        <translation>La dem gå…</translation>
    </message>
    <message>
        <source>Let %1 leave the call</source>
        <translation>La %1 gå ut av samtalen</translation>
    </message>
    <message>
        <source>Hang up %1's part of the call; the caller stays</source>
        <translation>Koble %1 fra samtalen; innringeren blir</translation>
    </message>
</context>
<context>
    <name>CallBar</name>
    <message>
        <source>%1 has left the call.</source>
        <translation>%1 har gått ut av samtalen.</translation>
    </message>
</context>
</TS>

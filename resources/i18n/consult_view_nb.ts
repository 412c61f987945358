<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO">
<context>
    <name>TranscriptModel</name>
    <message>
        <source>%1 asked %2 for a consultation</source>
        <translation>%1 ba %2 om konsultasjon</translation>
    </message>
    <message>
        <source>%1 asked the shift leads for a consultation</source>
        <translation>%1 ba vaktleder om konsultasjon</translation>
    </message>
    <message>
        <source>%1 joined the consultation</source>
        <translation>%1 kom inn i konsultasjonen</translation>
    </message>
    <message>
        <source>%1 declined the consultation</source>
        <translation>%1 avslo konsultasjonen</translation>
    </message>
    <message>
        <source>Nobody answered; the consultation was offered to %1</source>
        <translation>Ingen svarte; konsultasjonen ble tilbudt %1</translation>
    </message>
    <message>
        <source>Nobody answered the consultation; supervisors were told</source>
        <translation>Ingen svarte på konsultasjonen; tilsynsleder er varslet</translation>
    </message>
    <message>
        <source>%1 withdrew the consultation</source>
        <translation>%1 trakk konsultasjonen</translation>
    </message>
    <message>
        <source>%1 ended the consultation</source>
        <translation>%1 avsluttet konsultasjonen</translation>
    </message>
    <message>
        <source>%1 took over the conversation from %2</source>
        <translation>%1 overtok samtalen fra %2</translation>
    </message>
    <message>
        <source>Concern report: %1</source>
        <translation>Bekymringsmelding: %1</translation>
    </message>
    <message>
        <source>Contact summary saved</source>
        <translation>Oppsummering lagret</translation>
    </message>
    <message>
        <source>Follow-up marked as done</source>
        <translation>Oppfølging markert som utført</translation>
    </message>
</context>
<context>
    <name>ConversationPanel</name>
    <message>
        <source>%1 (consultation, read only)</source>
        <translation>%1 (konsultasjon, bare lesing)</translation>
    </message>
</context>
</TS>

<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>TranscriptModel</name>
    <message>
        <source>The young person left with the quick exit; they may not be safe to write to now</source>
        <translation>Den unge gikk ut med rask utgang – det er kanskje ikke trygt å skrive til vedkommende nå</translation>
    </message>
    <message>
        <source>Told on the chat page: age %1, gender %2</source>
        <translation>Fortalt på chatsiden: alder %1, kjønn %2</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>a bit</source>
        <translation>litt</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nei</translation>
    </message>
    <message>
        <source>maybe</source>
        <translation>kanskje</translation>
    </message>
    <message>
        <source>Feedback from the young person: helped %1, would come again %2</source>
        <translation>Tilbakemelding fra den unge: til hjelp: %1, vil ta kontakt igjen: %2</translation>
    </message>
</context>
</TS>

<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>TranscriptModel</name>
    <message>
        <source>Chose to wait for the counsellor asked for</source>
        <translation>Valgte å vente på veilederen det ble spurt etter</translation>
    </message>
    <message>
        <source>Offered first to the counsellor asked for</source>
        <translation>Tilbudt først til veilederen det ble spurt etter</translation>
    </message>
    <message>
        <source>No longer held for the counsellor asked for</source>
        <translation>Ikke lenger holdt av til veilederen det ble spurt etter</translation>
    </message>
</context>
</TS>

<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>supervisor</name>
    <message>
        <source>Very many new chats are being opened: the hub is turning some away (%1 so far)</source>
        <translation>Svært mange nye chatter åpnes: huben avviser noen (%1 så langt)</translation>
    </message>
    <message>
        <source>Messages are coming in faster than the limit: the hub is refusing some (%1 so far)</source>
        <translation>Meldinger kommer raskere enn grensen: huben avviser noen (%1 så langt)</translation>
    </message>
    <message>
        <source>Repeated wrong passwords: the hub is slowing sign-ins down (%1 refused so far)</source>
        <translation>Gjentatte feil passord: huben bremser innlogginger (%1 avvist så langt)</translation>
    </message>
    <message>
        <source>Too many connections: the hub is turning some away (%1 so far)</source>
        <translation>For mange tilkoblinger: huben avviser noen (%1 så langt)</translation>
    </message>
</context>
</TS>

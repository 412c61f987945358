<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>ChatFloodNotice</name>
    <message>
        <source>Those turned away were asked on the chat page to wait a moment and try again, or to call 116 111. Click to acknowledge.</source>
        <translation>De som ble avvist, ble bedt på chattesiden om å vente litt og prøve igjen, eller ringe 116 111. Klikk for å kvittere.</translation>
    </message>
    <message>
        <source>Chat: very many are trying to get in; the hub is turning some young people away (%1 so far)</source>
        <translation>Chat: svært mange prøver å komme inn nå, og huben avviser noen unge (%1 så langt)</translation>
    </message>
    <message>
        <source>Chat: one address is opening very many chats (a script, or a school's network); the hub is turning some away (%1 so far)</source>
        <translation>Chat: én adresse åpner svært mange chatter (et skript, eller nettet på en skole), og huben avviser noen (%1 så langt)</translation>
    </message>
    <message>
        <source>Chat: messages are coming faster than the limit; the hub is refusing some (%1 so far)</source>
        <translation>Chat: meldinger kommer raskere enn grensen, og huben avviser noen (%1 så langt)</translation>
    </message>
    <message>
        <source>Chat: too many connections; the hub is turning some young people away (%1 so far)</source>
        <translation>Chat: for mange tilkoblinger, og huben avviser noen unge (%1 så langt)</translation>
    </message>
</context>
</TS>

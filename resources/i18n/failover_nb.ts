<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>ConnectionIndicator</name>
    <message>
        <source>Connected to hub %1 of %2</source>
        <translation>Tilkoblet hub %1 av %2</translation>
    </message>
    <message>
        <source>Connecting to another hub …</source>
        <translation>Kobler til en annen hub …</translation>
    </message>
</context>
</TS>

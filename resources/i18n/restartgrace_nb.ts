<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>supervisor</name>
    <message>
        <source>Reconnecting</source>
        <translation>Kobler til igjen</translation>
    </message>
</context>
</TS>

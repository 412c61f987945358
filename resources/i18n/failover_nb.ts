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
<context>
    <name>LoginDialog</name>
    <message>
        <source>Several hubs of one helpline, separated by commas: the desk moves to the next when its hub is gone.</source>
        <translation>Flere huber for samme hjelpetelefon, skilt med komma: er huben borte, går skrivebordet over til den neste.</translation>
    </message>
</context>
</TS>

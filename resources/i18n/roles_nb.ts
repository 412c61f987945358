<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>OverviewTab</name>
    <message>
        <source>Nobody is waiting and no conversations are open right now. New contacts appear in the queue as soon as they write or call.</source>
        <translation>Ingen i kø og ingen samtaler nå. Nye henvendelser kommer i køen så snart noen skriver eller ringer.</translation>
    </message>
    <message>
        <source>Nobody is waiting, no conversations are open and no counsellor is signed in right now. New contacts appear in the queue as soon as they write or call.</source>
        <translation>Ingen i kø, ingen samtaler og ingen veiledere pålogget nå. Nye henvendelser kommer i køen så snart noen skriver eller ringer.</translation>
    </message>
</context>
<context>
    <name>TimeLimitsPanel</name>
    <message>
        <source>by %1</source>
        <translation>av %1</translation>
    </message>
</context>
</TS>

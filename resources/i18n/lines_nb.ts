<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>supervisor</name>
    <message>
        <source>%1's desk was lost during a call: the caller is on hold and hears the waiting audio until the call is picked up again</source>
        <translation>Pulten til %1 falt ut under en samtale: innringeren står på vent og hører ventelyden til samtalen blir tatt opp igjen</translation>
    </message>
</context>
</TS>

<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>QueuePanel</name>
    <message numerus="yes">
        <source>Queue (%Ln waiting)</source>
        <translation>
            <numerusform>Kø (%Ln venter)</numerusform>
            <numerusform>Kø (%Ln venter)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more</source>
        <translation>
            <numerusform>… og %Ln til</numerusform>
            <numerusform>… og %Ln til</numerusform>
        </translation>
    </message>
</context>
</TS>

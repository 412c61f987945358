<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>SidePanels</name>
    <message>
        <source>Show the side panels</source>
        <translation>Vis sidepanelene</translation>
    </message>
    <message>
        <source>Fold the side panels to a strip</source>
        <translation>Fold sidepanelene sammen til en stripe</translation>
    </message>
</context>
</TS>

<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>ReturnCodeDialog</name>
    <message>
        <source>Could not get the times: %1</source>
        <translation>Fikk ikke hentet tidene: %1</translation>
    </message>
    <message>
        <source>No shifts are registered in the roster, so these times follow the opening hours only: choose one when you are at work.</source>
        <translation>Det er ikke lagt inn vakter i vaktlisten, så tidene følger bare åpningstidene: velg en tid da du er på jobb.</translation>
    </message>
    <message>
        <source>You have no shift in the roster before the code expires, so no time can be agreed. Ask whoever keeps the roster to add your shifts.</source>
        <translation>Du har ingen vakt i vaktlisten før koden går ut, så det kan ikke avtales en tid. Be den som fører vaktlisten, om å legge inn vaktene dine.</translation>
    </message>
    <message>
        <source>Times within your shifts in the roster and the opening hours.</source>
        <translation>Tider innenfor vaktene dine i vaktlisten og åpningstidene.</translation>
    </message>
    <message>
        <source>Choose one of the times, or untick the box.</source>
        <translation>Velg en av tidene, eller fjern haken.</translation>
    </message>
</context>
</TS>

<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>ReportEditor</name>
    <message>
        <source>The hub did not confirm the report. The draft is saved; submit again when the desk is connected.</source>
        <translation>Huben bekreftet ikke meldingen. Utkastet er lagret; send den på nytt når pulten er tilkoblet.</translation>
    </message>
</context>
</TS>

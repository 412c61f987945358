<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>ConnectionIndicator</name>
    <message>
        <source>Not encrypted</source>
        <translation>Ikke kryptert</translation>
    </message>
    <message>
        <source>This desk talks to the hub without encryption (started with --insecure).</source>
        <translation>Dette skrivebordet snakker med sentralen uten kryptering (startet med --insecure).</translation>
    </message>
</context>
<context>
    <name>session</name>
    <message>
        <source>%1 is not encrypted. Use the hub's wss:// address, or start the desk with --insecure to allow an unencrypted connection.</source>
        <translation>%1 er ikke kryptert. Bruk sentralens wss://-adresse, eller start skrivebordet med --insecure for å tillate en ukryptert forbindelse.</translation>
    </message>
    <message>
        <source>The certificate file %1 could not be read.</source>
        <translation>Sertifikatfilen %1 kunne ikke leses.</translation>
    </message>
    <message>
        <source>The hub at %1 could not prove who it is: its certificate is not trusted here. Ask your IT contact, or start the desk with --ca FILE.</source>
        <translation>Sentralen på %1 kunne ikke bevise hvem den er: sertifikatet er ikke klarert her. Spør IT-kontakten deres, eller start skrivebordet med --ca FIL.</translation>
    </message>
</context>
</TS>

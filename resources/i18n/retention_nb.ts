<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>supervisor</name>
    <message>
        <source>Conversation %1 could not be deleted as the retention policy says (the hub tries again every hour): %2</source>
        <translation>Samtale %1 kunne ikke slettes slik slettereglene sier (huben prøver igjen hver time): %2</translation>
    </message>
</context>
</TS>

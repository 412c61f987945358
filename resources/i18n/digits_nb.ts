<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>ReturnCodeDialog</name>
    <message>
        <source>On the phone: key %1</source>
        <translation>På telefon: tast %1</translation>
    </message>
</context>
</TS>

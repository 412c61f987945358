<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>SmsPartsLabel</name>
    <message>
        <source>%1 SMS</source>
        <translation>%1 SMS</translation>
    </message>
    <message>
        <source>Sent as %1 SMS of up to %2 characters each.</source>
        <translation>Sendes som %1 SMS med opptil %2 tegn hver.</translation>
    </message>
    <message>
        <source>Sent as %1 SMS of up to %2 characters each: the text has characters outside the SMS alphabet (emoji, some letters), so fewer fit.</source>
        <translation>Sendes som %1 SMS med opptil %2 tegn hver: teksten har tegn utenfor SMS-alfabetet (emoji, noen bokstaver), så færre får plass.</translation>
    </message>
</context>
<context>
    <name>TranscriptDelegate</name>
    <message>
        <source>waiting to be sent</source>
        <translation>venter på å bli sendt</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>sendt</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>levert</translation>
    </message>
    <message>
        <source>not delivered</source>
        <translation>ikke levert</translation>
    </message>
    <message>
        <source>%1 SMS, %2</source>
        <translation>%1 SMS, %2</translation>
    </message>
</context>
</TS>

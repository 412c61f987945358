<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>AnswerBy</name>
    <message>
        <source>answer by %1</source>
        <translation>svar innen %1</translation>
    </message>
    <message>
        <source>answer by tomorrow %1</source>
        <translation>svar innen i morgen %1</translation>
    </message>
    <message>
        <source>answer overdue since %1</source>
        <translation>svarfristen gikk ut %1</translation>
    </message>
</context>
<context>
    <name>TimeLimitsPanel</name>
    <message>
        <source>Shipped default</source>
        <translation>Forhåndsinnstilt</translation>
    </message>
</context>
<context>
    <name>TranscriptModel</name>
    <message>
        <source>E-mail from %1, subject: %2</source>
        <translation>E-post fra %1, emne: %2</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(uten emne)</translation>
    </message>
    <message>
        <source>An e-mail answer could not be sent; try again or ask the shift lead</source>
        <translation>Et e-postsvar kunne ikke sendes; prøv igjen eller spør vaktleder</translation>
    </message>
    <message numerus="yes">
        <source>The letter had %n attachment(s); they were not opened, and the young person was told kindly to write it in the letter instead</source>
        <translation>
            <numerusform>E-posten hadde %n vedlegg; det ble ikke åpnet, og den unge fikk et vennlig svar om å skrive det i selve e-posten</numerusform>
            <numerusform>E-posten hadde %n vedlegg; de ble ikke åpnet, og den unge fikk et vennlig svar om å skrive det i selve e-posten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConversationPanel</name>
    <message>
        <source>Sign with my name</source>
        <translation>Signer med navnet mitt</translation>
    </message>
    <message>
        <source>The answer ends with your name before the helpline's signature</source>
        <translation>Svaret slutter med navnet ditt foran Alarmtelefonens signatur</translation>
    </message>
    <message>
        <source>Write your answer to the letter. Enter sends, Shift+Enter adds a line.</source>
        <translation>Skriv svaret på e-posten. Enter sender, Shift+Enter gir ny linje.</translation>
    </message>
</context>
</TS>

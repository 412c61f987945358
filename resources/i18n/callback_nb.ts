<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>CallbackTasksModel</name>
    <message>
        <source>as soon as possible</source>
        <translation>så snart som mulig</translation>
    </message>
    <message>
        <source>%1–%2 o'clock</source>
        <translation>kl. %1–%2</translation>
    </message>
    <message>
        <source>↩ %1 – %2</source>
        <translation>↩ %1 – %2</translation>
    </message>
    <message>
        <source>asked %1 ago</source>
        <translation>bedt om for %1 siden</translation>
    </message>
    <message numerus="yes">
        <source> – tried %n time(s)</source>
        <translation>
            <numerusform> – prøvd %n gang</numerusform>
            <numerusform> – prøvd %n ganger</numerusform>
        </translation>
    </message>
    <message>
        <source> – taken by %1</source>
        <translation> – tatt av %1</translation>
    </message>
</context>
<context>
    <name>CallbackDialog</name>
    <message>
        <source>Call back</source>
        <translation>Ring tilbake</translation>
    </message>
    <message>
        <source>When: %1</source>
        <translation>Når: %1</translation>
    </message>
    <message>
        <source>Show number</source>
        <translation>Vis nummeret</translation>
    </message>
    <message>
        <source>Shows the whole number to you; this is logged</source>
        <translation>Viser hele nummeret for deg; det blir logget</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>Fikk snakket med</translation>
    </message>
    <message>
        <source>No answer – try again later</source>
        <translation>Ikke svar – prøv igjen senere</translation>
    </message>
    <message>
        <source>Cannot be reached</source>
        <translation>Nummeret virker ikke</translation>
    </message>
    <message>
        <source>If someone else answers: you may say you are from Alarmtelefonen and leave a message.</source>
        <translation>Hvis en annen svarer: du kan si at du er fra Alarmtelefonen og legge igjen beskjed.</translation>
    </message>
    <message>
        <source>If someone else answers: do not say who you are and leave no message. Ask for the young person without naming the helpline.</source>
        <translation>Hvis en annen svarer: ikke si hvem du er, og ikke legg igjen beskjed. Spør etter den unge uten å nevne Alarmtelefonen.</translation>
    </message>
    <message>
        <source>This call-back is no longer yours (you were away, and it was given back).</source>
        <translation>Denne oppringingen er ikke lenger din (du var borte, og den ble gitt tilbake).</translation>
    </message>
    <message>
        <source>This call-back is gone: it is done, or older than 48 hours.</source>
        <translation>Denne oppringingen finnes ikke lenger: den er ferdig, eller eldre enn 48 timer.</translation>
    </message>
    <message>
        <source>The hub did not do it: %1</source>
        <translation>Det gikk ikke: %1</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Call-back requests</source>
        <translation>Ønsker om å bli ringt opp</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Ring tilbake</translation>
    </message>
    <message>
        <source>Take the selected call-back request, or the oldest one nobody has taken</source>
        <translation>Ta det valgte ønsket om å bli ringt opp, eller det eldste ingen har tatt</translation>
    </message>
    <message numerus="yes">
        <source>Call back (%n waiting)</source>
        <translation>
            <numerusform>Ring tilbake (%n venter)</numerusform>
            <numerusform>Ring tilbake (%n venter)</numerusform>
        </translation>
    </message>
    <message>
        <source>Another counsellor took this call-back first.</source>
        <translation>En annen veileder tok denne oppringingen først.</translation>
    </message>
    <message>
        <source>Could not take the call-back: %1</source>
        <translation>Kunne ikke ta oppringingen: %1</translation>
    </message>
</context>
</TS>

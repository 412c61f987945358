<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>ComposeBox</name>
    <message>
        <source>The reply is too long: %1 characters, at most %2 can be sent.</source>
        <translation>Svaret er for langt: %1 tegn, høyst %2 kan sendes.</translation>
    </message>
    <message>
        <source>The canned response is in the box. Read it through; Enter sends it.</source>
        <translation>Standardsvaret står i feltet. Les det gjennom; Enter sender det.</translation>
    </message>
    <message>
        <source>No canned response found for %1. Nothing was sent; change or remove it.</source>
        <translation>Fant ingen standardsvar for %1. Ingenting ble sendt; endre eller fjern det.</translation>
    </message>
    <message>
        <source>%1 needs your name, and the hub has not sent it yet. Nothing was sent.</source>
        <translation>%1 trenger navnet ditt, og det har ikke kommet fra huben ennå. Ingenting ble sendt.</translation>
    </message>
    <message>
        <source>Send a long reply?</source>
        <translation>Sende et langt svar?</translation>
    </message>
    <message>
        <source>The reply is %1 characters on %2 lines, more than the box shows. Send all of it to the young person?</source>
        <translation>Svaret er %1 tegn på %2 linjer, mer enn feltet viser. Sende alt til den unge?</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Gå tilbake</translation>
    </message>
</context>
<context>
    <name>MunicipalityField</name>
    <message>
        <source>Type a name or number, e.g. Tromsø or 5501</source>
        <translation>Skriv navn eller nummer, f.eks. Tromsø eller 5501</translation>
    </message>
</context>
<context>
    <name>ReportEditor</name>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Close without submitting; the draft stays saved on this desk (Esc)</source>
        <translation>Lukk uten å sende inn; utkastet blir lagret på denne pulten (Esc)</translation>
    </message>
    <message>
        <source>Close the concern report?</source>
        <translation>Lukke bekymringsmeldingen?</translation>
    </message>
    <message>
        <source>Your changes have not been submitted. The draft stays saved on this desk: open the report from the conversation again to go on.</source>
        <translation>Endringene dine er ikke sendt inn. Utkastet blir lagret på denne pulten: åpne meldingen fra samtalen igjen for å fortsette.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Lukk</translation>
    </message>
    <message>
        <source>Keep writing</source>
        <translation>Fortsett å skrive</translation>
    </message>
</context>
<context>
    <name>NoMatch</name>
    <message>
        <source>No service matches the search.</source>
        <translation>Ingen tjenester passer søket.</translation>
    </message>
    <message>
        <source>Show all services</source>
        <translation>Vis alle tjenester</translation>
    </message>
    <message>
        <source>Searched for: %1.</source>
        <translation>Søkte etter: %1.</translation>
    </message>
    <message>
        <source>Try this:</source>
        <translation>Prøv dette:</translation>
    </message>
</context>
<context>
    <name>ReferralPanel</name>
    <message>
        <source>choose “%1”</source>
        <translation>velg «%1»</translation>
    </message>
    <message>
        <source>open now</source>
        <translation>åpen nå</translation>
    </message>
    <message>
        <source>untick “%1”: many services answer later</source>
        <translation>fjern haken ved «%1»: mange tjenester svarer senere</translation>
    </message>
</context>
<context>
    <name>MissedCalls</name>
    <message>
        <source>The call from %1 was hung up before it was answered</source>
        <translation>Anropet fra %1 ble lagt på før svar</translation>
    </message>
    <message>
        <source>A call was hung up before it was answered</source>
        <translation>Et anrop ble lagt på før svar</translation>
    </message>
    <message>
        <source>%1 (rang %2).</source>
        <translation>%1 (ringte %2).</translation>
    </message>
</context>
</TS>

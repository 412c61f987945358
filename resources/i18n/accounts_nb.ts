<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>SignOutTexts</name>
    <message>
        <source>You have logged out.</source>
        <translation>Du har logget ut.</translation>
    </message>
    <message>
        <source>You are logged out: the session was ended from another desk.</source>
        <translation>Du er logget ut: økta ble avsluttet fra en annen arbeidsstasjon.</translation>
    </message>
    <message>
        <source>You are logged out: the session has expired. Log in again.</source>
        <translation>Du er logget ut: økta er utløpt. Logg inn igjen.</translation>
    </message>
    <message>
        <source>You are logged out: the account has been disabled.</source>
        <translation>Du er logget ut: kontoen er deaktivert.</translation>
    </message>
    <message>
        <source>You are logged out: the account has been removed.</source>
        <translation>Du er logget ut: kontoen er slettet.</translation>
    </message>
    <message>
        <source>You are logged out: the password has been changed.</source>
        <translation>Du er logget ut: passordet er endret.</translation>
    </message>
    <message>
        <source>You are logged out: your roles have been changed. Log in again to get them.</source>
        <translation>Du er logget ut: rollene dine er endret. Logg inn igjen for å få dem.</translation>
    </message>
    <message>
        <source>You are logged out.</source>
        <translation>Du er logget ut.</translation>
    </message>
</context>
<context>
    <name>LogoutButton</name>
    <message>
        <source>Log out</source>
        <translation>Logg ut</translation>
    </message>
    <message>
        <source>End this session: the hub forgets it; log in again to go on.</source>
        <translation>Avslutt økta: huben glemmer den. Logg inn igjen for å fortsette.</translation>
    </message>
    <message>
        <source>Log out of the desk? Your conversations stay assigned to you.</source>
        <translation>Logge ut av arbeidsstasjonen? Samtalene dine er fortsatt tildelt deg.</translation>
    </message>
    <message>
        <source>Some messages have not reached the hub yet; they will not be sent.</source>
        <translation>Noen meldinger har ikke kommet fram til huben ennå; de blir ikke sendt.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
</context>
</TS>

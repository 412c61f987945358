<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>CannedEditorDialog</name>
    <message>
        <source>Edit canned response</source>
        <translation>Rediger standardsvar</translation>
    </message>
    <message>
        <source>New canned response</source>
        <translation>Nytt standardsvar</translation>
    </message>
    <message>
        <source>lower case, no spaces, e.g. listen</source>
        <translation>små bokstaver, uten mellomrom, f.eks. lytt</translation>
    </message>
    <message>
        <source>{navn} is replaced by the counsellor's name</source>
        <translation>{navn} byttes ut med veilederens navn</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tittel</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>Stikkord</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Tekst</translation>
    </message>
    <message>
        <source>&amp;Group</source>
        <translation>&amp;Gruppe</translation>
    </message>
    <message>
        <source>T&amp;itle</source>
        <translation>T&amp;ittel</translation>
    </message>
    <message>
        <source>&amp;Keyword</source>
        <translation>&amp;Stikkord</translation>
    </message>
    <message>
        <source>Te&amp;xt</source>
        <translation>Te&amp;kst</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lagre</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Please fill in the title, the keyword and the text.</source>
        <translation>Fyll inn tittel, stikkord og tekst.</translation>
    </message>
    <message>
        <source>The keyword must be lower case without spaces, and {navn} is the only placeholder the text may use.</source>
        <translation>Stikkordet skal ha små bokstaver uten mellomrom, og {navn} er den eneste plassholderen teksten kan bruke.</translation>
    </message>
</context>
<context>
    <name>CannedPanel</name>
    <message>
        <source>Search, or type /keyword (Ctrl+K)</source>
        <translation>Søk, eller skriv /stikkord (Ctrl+K)</translation>
    </message>
    <message>
        <source>Search canned responses</source>
        <translation>Søk i standardsvar</translation>
    </message>
    <message>
        <source>Canned responses</source>
        <translation>Standardsvar</translation>
    </message>
    <message>
        <source>Text of the selected response</source>
        <translation>Teksten i valgt standardsvar</translation>
    </message>
    <message>
        <source>&amp;Insert</source>
        <translation>Sett &amp;inn</translation>
    </message>
    <message>
        <source>Insert into the reply</source>
        <translation>Sett inn i svaret</translation>
    </message>
    <message>
        <source>Insert into the reply box (Enter)</source>
        <translation>Sett inn i svarfeltet (Enter)</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Nytt</translation>
    </message>
    <message>
        <source>New canned response</source>
        <translation>Nytt standardsvar</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Rediger</translation>
    </message>
    <message>
        <source>Edit canned response</source>
        <translation>Rediger standardsvar</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>S&amp;lett</translation>
    </message>
    <message>
        <source>Delete canned response</source>
        <translation>Slett standardsvar</translation>
    </message>
    <message>
        <source>Could not fetch the canned responses: %1</source>
        <translation>Fikk ikke hentet standardsvarene: %1</translation>
    </message>
    <message>
        <source>No canned response matches.</source>
        <translation>Ingen standardsvar passer.</translation>
    </message>
    <message>
        <source>Choose a conversation first.</source>
        <translation>Velg en samtale først.</translation>
    </message>
    <message>
        <source>This response needs your name, and the hub has not sent it yet.</source>
        <translation>Dette svaret trenger navnet ditt, og det har ikke kommet fra huben ennå.</translation>
    </message>
    <message>
        <source>Could not delete: %1</source>
        <translation>Kunne ikke slette: %1</translation>
    </message>
    <message>
        <source>Another response already uses the keyword /%1.</source>
        <translation>Et annet standardsvar bruker allerede stikkordet /%1.</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>Kunne ikke lagre: %1</translation>
    </message>
    <message>
        <source>Delete “%1” for everyone?</source>
        <translation>Slette «%1» for alle?</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Slett</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
</context>
<context>
    <name>CategoryTree</name>
    <message>
        <source>Categories</source>
        <translation>Kategorier</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>New contact in the queue (%1)</source>
        <extracomment>A message older than this is history being caught up on (sign-in, reconnect), not news.</extracomment>
        <translation>Ny kontakt i køen (%1)</translation>
    </message>
    <message>
        <source>%1 new contacts in the queue</source>
        <translation>%1 nye kontakter i køen</translation>
    </message>
    <message>
        <source>New message in %1</source>
        <translation>Ny melding i %1</translation>
    </message>
    <message>
        <source>116 111 – Counsellor desk</source>
        <translation>116 111 – Veilederpult</translation>
    </message>
</context>
<context>
    <name>NotifyButton</name>
    <message>
        <source>Notifications</source>
        <translation>Varsler</translation>
    </message>
    <message>
        <source>Notification settings</source>
        <translation>Innstillinger for varsler</translation>
    </message>
    <message>
        <source>Sound and desktop notifications (Ctrl+Shift+N)</source>
        <translation>Lyd og skrivebordsvarsler (Ctrl+Shift+N)</translation>
    </message>
</context>
<context>
    <name>NotifySettingsDialog</name>
    <message>
        <source>Notifications</source>
        <translation>Varsler</translation>
    </message>
    <message>
        <source>A new contact in the queue, and a new message in a conversation you are not looking at, can play a sound and show a notice. A notice never shows what anyone wrote.</source>
        <translation>En ny kontakt i køen, og en ny melding i en samtale du ikke ser på, kan gi en lyd og et varsel. Et varsel viser aldri hva noen har skrevet.</translation>
    </message>
    <message>
        <source>Play a &amp;sound</source>
        <translation>Spill av en &amp;lyd</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Lydstyrke</translation>
    </message>
    <message>
        <source>&amp;Try it</source>
        <translation>&amp;Prøv</translation>
    </message>
    <message>
        <source>Show &amp;desktop notifications</source>
        <translation>Vis &amp;skrivebordsvarsler</translation>
    </message>
    <message>
        <source>&amp;Volume</source>
        <translation>Lyd&amp;styrke</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lagre</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
</context>
<context>
    <name>ReferralModel</name>
    <message>
        <source>Service</source>
        <translation>Tjeneste</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Åpent</translation>
    </message>
    <message>
        <source>Open now</source>
        <translation>Åpen nå</translation>
    </message>
    <message>
        <source>answers later</source>
        <translation>svarer senere</translation>
    </message>
    <message>
        <source>hours unknown</source>
        <translation>ukjente åpningstider</translation>
    </message>
    <message>
        <source>opens %1</source>
        <translation>åpner kl. %1</translation>
    </message>
    <message>
        <source>opens tomorrow %1</source>
        <translation>åpner i morgen kl. %1</translation>
    </message>
    <message>
        <source>opens %1 %2</source>
        <translation>åpner %1 kl. %2</translation>
    </message>
</context>
<context>
    <name>ReferralPanel</name>
    <message>
        <source>Topic</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>All topics</source>
        <translation>Alle temaer</translation>
    </message>
    <message>
        <source>Age of the young person</source>
        <translation>Den unges alder</translation>
    </message>
    <message>
        <source>Any age</source>
        <translation>Alle aldre</translation>
    </message>
    <message>
        <source> years</source>
        <translation> år</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>Alle kanaler</translation>
    </message>
    <message>
        <source>&amp;Open now only</source>
        <translation>Bare å&amp;pne nå</translation>
    </message>
    <message>
        <source>Show only services that are open now</source>
        <translation>Vis bare tjenester som er åpne nå</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Tjenester</translation>
    </message>
    <message>
        <source>&amp;Insert referral</source>
        <translation>Sett &amp;inn henvisning</translation>
    </message>
    <message>
        <source>Insert referral into the reply</source>
        <translation>Sett inn henvisning i svaret</translation>
    </message>
    <message>
        <source>Refer early, say why, and choose a service that is open.</source>
        <translation>Henvis tidlig, si hvorfor, og velg en tjeneste som er åpen.</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Merknad</translation>
    </message>
    <message>
        <source>&amp;Topic</source>
        <translation>&amp;Tema</translation>
    </message>
    <message>
        <source>&amp;Age</source>
        <translation>&amp;Alder</translation>
    </message>
    <message>
        <source>C&amp;hannel</source>
        <translation>&amp;Kanal</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation>Henvisning</translation>
    </message>
    <message>
        <source>Choose a conversation first.</source>
        <translation>Velg en samtale først.</translation>
    </message>
</context>
<context>
    <name>ServiceDetails</name>
    <message>
        <source>Service</source>
        <translation>Tjeneste</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>Målgruppe</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Temaer</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanaler</translation>
    </message>
    <message>
        <source>Phone and web</source>
        <translation>Telefon og nett</translation>
    </message>
    <message>
        <source>Opening hours</source>
        <translation>Åpningstider</translation>
    </message>
    <message>
        <source>How current the hours are</source>
        <translation>Hvor oppdaterte åpningstidene er</translation>
    </message>
    <message>
        <source>For</source>
        <translation>For</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Kontakt</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Åpent</translation>
    </message>
    <message>
        <source>Choose a service</source>
        <translation>Velg en tjeneste</translation>
    </message>
    <message>
        <source>not in the directory</source>
        <translation>står ikke i oversikten</translation>
    </message>
    <message>
        <source>Opening hours as of %1: check the service's own page before you rely on them.</source>
        <translation>Åpningstider per %1: sjekk tjenestens egen side før du stoler på dem.</translation>
    </message>
</context>
<context>
    <name>SummaryButton</name>
    <message>
        <source>S&amp;ummary</source>
        <translation>&amp;Oppsummering</translation>
    </message>
    <message>
        <source>Contact summary</source>
        <translation>Kontaktoppsummering</translation>
    </message>
    <message>
        <source>Fill in the contact summary (Ctrl+Shift+U)</source>
        <translation>Fyll inn oppsummeringen (Ctrl+Shift+U)</translation>
    </message>
</context>
<context>
    <name>Toast</name>
    <message>
        <source>Notification</source>
        <translation>Varsel</translation>
    </message>
</context>
<context>
    <name>WrapUpDialog</name>
    <message>
        <source>Contact summary – %1</source>
        <extracomment>What :meth:`WrapUpDialog.ask` answers: the ``close`` reason, or None (cancelled).</extracomment>
        <translation>Oppsummering – %1</translation>
    </message>
    <message>
        <source>A few words for the statistics; the young person never sees them. Leave out names and anything that identifies anyone.</source>
        <translation>Noen få opplysninger til statistikken; den unge ser dem aldri. Ikke skriv navn eller noe som kan identifisere noen.</translation>
    </message>
    <message>
        <source>Who made contact</source>
        <translation>Hvem tok kontakt</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alder</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Kjønn</translation>
    </message>
    <message>
        <source>&amp;Who made contact</source>
        <translation>&amp;Hvem tok kontakt</translation>
    </message>
    <message>
        <source>A&amp;ge</source>
        <translation>&amp;Alder</translation>
    </message>
    <message>
        <source>Ge&amp;nder</source>
        <translation>&amp;Kjønn</translation>
    </message>
    <message>
        <source>What did the young person want?</source>
        <translation>Hva ønsket den unge?</translation>
    </message>
    <message>
        <source>What did you do?</source>
        <translation>Hva gjorde du?</translation>
    </message>
    <message>
        <source>Short summary</source>
        <translation>Kort oppsummering</translation>
    </message>
    <message>
        <source>Optional: a short note, without names</source>
        <translation>Valgfritt: en kort merknad, uten navn</translation>
    </message>
    <message>
        <source>Characters used</source>
        <translation>Antall tegn</translation>
    </message>
    <message>
        <source>&amp;Short summary</source>
        <translation>Kort &amp;oppsummering</translation>
    </message>
    <message>
        <source>&amp;Categories: what was the contact about?</source>
        <translation>Ka&amp;tegorier: hva handlet kontakten om?</translation>
    </message>
    <message>
        <source>Save and &amp;end</source>
        <translation>&amp;Lagre og avslutt</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Lagre</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Silent contact – &amp;end</source>
        <translation>&amp;Stille kontakt – avslutt</translation>
    </message>
    <message>
        <source>The young person said nothing: end it and file it as silent.</source>
        <translation>Den unge sa ingenting: avslutt og registrer kontakten som stille.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>The summary could not be saved: %1</source>
        <translation>Oppsummeringen ble ikke lagret: %1</translation>
    </message>
</context>
<context>
    <name>referrals</name>
    <message>
        <source>Video chat</source>
        <translation>Videochat</translation>
    </message>
    <message>
        <source>Web</source>
        <translation>Nett</translation>
    </message>
</context>
<context>
    <name>wrapup</name>
    <message>
        <source>Not known</source>
        <translation>Vet ikke</translation>
    </message>
    <message>
        <source>A child or young person, about themselves</source>
        <translation>Barn eller ungdom, om seg selv</translation>
    </message>
    <message>
        <source>An adult worried about a child</source>
        <translation>Voksen som er bekymret for et barn</translation>
    </message>
    <message>
        <source>Someone else</source>
        <translation>Andre</translation>
    </message>
    <message>
        <source>0–9 years</source>
        <translation>0–9 år</translation>
    </message>
    <message>
        <source>10–12 years</source>
        <translation>10–12 år</translation>
    </message>
    <message>
        <source>13–15 years</source>
        <translation>13–15 år</translation>
    </message>
    <message>
        <source>16–17 years</source>
        <translation>16–17 år</translation>
    </message>
    <message>
        <source>18 or older</source>
        <translation>18 år eller eldre</translation>
    </message>
    <message>
        <source>Girl</source>
        <translation>Jente</translation>
    </message>
    <message>
        <source>Boy</source>
        <translation>Gutt</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Annet</translation>
    </message>
    <message>
        <source>To be listened to</source>
        <translation>Å bli lyttet til</translation>
    </message>
    <message>
        <source>Advice</source>
        <translation>Råd</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Informasjon</translation>
    </message>
    <message>
        <source>To tell someone / report</source>
        <translation>Å si fra / melde</translation>
    </message>
    <message>
        <source>Don't know</source>
        <translation>Vet ikke</translation>
    </message>
    <message>
        <source>Gave advice</source>
        <translation>Ga råd</translation>
    </message>
    <message>
        <source>Referred to another service</source>
        <translation>Henviste til en annen tjeneste</translation>
    </message>
    <message>
        <source>Concern report to child welfare</source>
        <translation>Bekymringsmelding til barnevernet</translation>
    </message>
    <message>
        <source>Contacted emergency services</source>
        <translation>Kontaktet nødetatene</translation>
    </message>
    <message>
        <source>No action</source>
        <translation>Ingen tiltak</translation>
    </message>
</context>
</TS>
<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO" sourcelanguage="en">
  <context>
    <name>supervisor</name>
    <message>
      <source>A young person has waited %1 in the queue (%2)</source>
      <translation>En ung har ventet %1 i køen (%2)</translation>
    </message>
    <message>
      <source>%1 has held a conversation (%2) past the hard time limit: %3</source>
      <translation>%1 har hatt en samtale (%2) over den harde tidsgrensen: %3</translation>
    </message>
    <message>
      <source>A request for consultation has waited %1 without an answer</source>
      <translation>En forespørsel om drøfting har ventet %1 uten svar</translation>
    </message>
    <message>
      <source> (urgent)</source>
      <translation> (haster)</translation>
    </message>
    <message>
      <source>No shift lead is online</source>
      <translation>Ingen vaktleder er pålogget</translation>
    </message>
    <message>
      <source>No counsellor is online</source>
      <translation>Ingen veiledere er pålogget</translation>
    </message>
    <message>
      <source>%1 is alone on shift: nobody to talk a hard contact over with</source>
      <translation>%1 er alene på vakt: ingen å drøfte en vanskelig henvendelse med</translation>
    </message>
    <message>
      <source>Available</source>
      <translation>Ledig</translation>
    </message>
    <message>
      <source>Away</source>
      <translation>Borte</translation>
    </message>
    <message>
      <source>%1 s</source>
      <translation>%1 s</translation>
    </message>
    <message>
      <source>%1 min</source>
      <translation>%1 min</translation>
    </message>
    <message>
      <source>Full</source>
      <translation>Fullt</translation>
    </message>
    <message>
      <source>Save shift figures</source>
      <translation>Lagre vakttall</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>CSV-filer (*.csv)</translation>
    </message>
  </context>
  <context>
    <name>ChartsPanel</name>
    <message>
      <source>Contacts per hour today</source>
      <translation>Henvendelser per time i dag</translation>
    </message>
    <message>
      <source>Waiting times today</source>
      <translation>Ventetider i dag</translation>
    </message>
    <message>
      <source>Answered and abandoned today</source>
      <translation>Besvart og forlatt i dag</translation>
    </message>
    <message>
      <source>Waiting time today: median %1, 90 % within %2, 99 % within %3</source>
      <translation>Ventetid i dag: median %1, 90 % innen %2, 99 % innen %3</translation>
    </message>
    <message>
      <source>Today</source>
      <translation>I dag</translation>
    </message>
    <message>
      <source>Same weekday, average of the last 4 weeks</source>
      <translation>Samme ukedag, snitt siste 4 uker</translation>
    </message>
    <message>
      <source>Contacts</source>
      <translation>Henvendelser</translation>
    </message>
    <message>
      <source>Answered</source>
      <translation>Besvart</translation>
    </message>
    <message>
      <source>Abandoned in the queue</source>
      <translation>Forlot køen</translation>
    </message>
    <message>
      <source>Waiting now</source>
      <translation>Venter nå</translation>
    </message>
    <message>
      <source>%1 contacts, %2 % abandoned</source>
      <translation>%1 henvendelser, %2 % forlot køen</translation>
    </message>
  </context>
  <context>
    <name>ConversationsModel</name>
    <message>
      <source>Counsellor</source>
      <translation>Veileder</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>Kanal</translation>
    </message>
    <message>
      <source>Duration</source>
      <translation>Varighet</translation>
    </message>
    <message>
      <source>Flags</source>
      <translation>Merking</translation>
    </message>
  </context>
  <context>
    <name>LiveQueueModel</name>
    <message>
      <source>Place</source>
      <translation>Plass</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>Kanal</translation>
    </message>
    <message>
      <source>Waiting</source>
      <translation>Venter</translation>
    </message>
  </context>
  <context>
    <name>ObserveWindow</name>
    <message>
      <source>Observing: %1</source>
      <translation>Følger: %1</translation>
    </message>
    <message>
      <source>Read only. The counsellor sees that you are observing; closing this window ends the observation.</source>
      <translation>Bare lesing. Veilederen ser at du følger samtalen; lukker du vinduet, slutter du å følge den.</translation>
    </message>
  </context>
  <context>
    <name>OverviewTab</name>
    <message>
      <source>Acknowledge</source>
      <translation>Kvitter ut</translation>
    </message>
    <message>
      <source>Observe (read only)</source>
      <translation>Følg samtalen (bare lese)</translation>
    </message>
    <message>
      <source>Show everyone's</source>
      <translation>Vis alles</translation>
    </message>
    <message>
      <source>Queue</source>
      <translation>Kø</translation>
    </message>
    <message>
      <source>Alerts</source>
      <translation>Varsler</translation>
    </message>
    <message>
      <source>Staff on shift</source>
      <translation>På vakt</translation>
    </message>
    <message>
      <source>Conversations</source>
      <translation>Samtaler</translation>
    </message>
    <message>
      <source>Yellow from %1, orange from %2, red (and an alert) from %3</source>
      <translation>Gult fra %1, oransje fra %2, rødt (og varsel) fra %3</translation>
    </message>
  </context>
  <context>
    <name>StaffModel</name>
    <message>
      <source>Name</source>
      <translation>Navn</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Conversations</source>
      <translation>Samtaler</translation>
    </message>
    <message>
      <source>By channel</source>
      <translation>Per kanal</translation>
    </message>
    <message>
      <source>Longest</source>
      <translation>Lengste</translation>
    </message>
    <message>
      <source>Risk</source>
      <translation>Risiko</translation>
    </message>
    <message>
      <source>Consultations</source>
      <translation>Drøftinger</translation>
    </message>
    <message>
      <source>Free places</source>
      <translation>Ledige plasser</translation>
    </message>
    <message>
      <source>Shift lead</source>
      <translation>Vaktleder</translation>
    </message>
  </context>
  <context>
    <name>SupervisorWindow</name>
    <message>
      <source>Supervision — 116 111</source>
      <translation>Ledelse — 116 111</translation>
    </message>
    <message>
      <source>Now</source>
      <translation>Nå</translation>
    </message>
    <message>
      <source>Figures today</source>
      <translation>Tall i dag</translation>
    </message>
    <message>
      <source>Time limits</source>
      <translation>Tidsgrenser</translation>
    </message>
    <message>
      <source>Refresh figures</source>
      <translation>Oppdater tallene</translation>
    </message>
    <message>
      <source>Export as CSV…</source>
      <translation>Eksporter som CSV …</translation>
    </message>
    <message>
      <source>Time limits for %1 saved.</source>
      <translation>Tidsgrensene for %1 er lagret.</translation>
    </message>
    <message>
      <source>Waiting: %1</source>
      <translation>Venter: %1</translation>
    </message>
    <message>
      <source>Longest wait: %1</source>
      <translation>Lengste ventetid: %1</translation>
    </message>
    <message>
      <source>Open conversations: %1</source>
      <translation>Pågående samtaler: %1</translation>
    </message>
    <message>
      <source>Shift leads online: %1</source>
      <translation>Vaktledere pålogget: %1</translation>
    </message>
    <message>
      <source>Everyone's conversations</source>
      <translation>Alles samtaler</translation>
    </message>
    <message>
      <source>Conversations held by %1</source>
      <translation>Samtaler hos %1</translation>
    </message>
    <message>
      <source>Choose a conversation to observe first.</source>
      <translation>Velg først en samtale å følge.</translation>
    </message>
    <message>
      <source>That conversation has ended.</source>
      <translation>Samtalen er avsluttet.</translation>
    </message>
    <message>
      <source>Could not start observing. Try again.</source>
      <translation>Kunne ikke begynne å følge samtalen. Prøv igjen.</translation>
    </message>
    <message>
      <source>%1 with %2</source>
      <translation>%1 med %2</translation>
    </message>
    <message>
      <source>The figures could not be fetched. Try again.</source>
      <translation>Tallene kunne ikke hentes. Prøv igjen.</translation>
    </message>
    <message>
      <source>The file could not be written. Choose another folder.</source>
      <translation>Filen kunne ikke skrives. Velg en annen mappe.</translation>
    </message>
    <message>
      <source>Shift figures saved to %1.</source>
      <translation>Vakttallene er lagret i %1.</translation>
    </message>
  </context>
  <context>
    <name>ThresholdsBox</name>
    <message>
      <source>Queue colours and waiting alert (this window only)</source>
      <translation>Køfarger og ventevarsel (bare dette vinduet)</translation>
    </message>
    <message>
      <source>Yellow after</source>
      <translation>Gult etter</translation>
    </message>
    <message>
      <source>Orange after</source>
      <translation>Oransje etter</translation>
    </message>
    <message>
      <source>Red and an alert after</source>
      <translation>Rødt og varsel etter</translation>
    </message>
    <message>
      <source> s</source>
      <translation> s</translation>
    </message>
    <message>
      <source>Each threshold must be at least the one before.</source>
      <translation>Hver grense må være minst like lang som den før.</translation>
    </message>
  </context>
  <context>
    <name>TimeLimitsPanel</name>
    <message>
      <source>A time limit only ever warns the counsellor, privately. It never reaches the young person and never ends a conversation. Conversations flagged as risk get no warnings.</source>
      <translation>En tidsgrense varsler bare veilederen, og bare på veilederens skjerm. Den når aldri den unge og avslutter aldri en samtale. Samtaler merket med risiko får ingen varsler.</translation>
    </message>
    <message>
      <source>Channel (on/off)</source>
      <translation>Kanal (på/av)</translation>
    </message>
    <message>
      <source>Soft limit</source>
      <translation>Myk grense</translation>
    </message>
    <message>
      <source>Hard limit</source>
      <translation>Hard grense</translation>
    </message>
    <message>
      <source>Only when at least N wait</source>
      <translation>Bare når minst N venter</translation>
    </message>
    <message>
      <source>Last changed</source>
      <translation>Sist endret</translation>
    </message>
    <message>
      <source>No limit set</source>
      <translation>Ingen grense satt</translation>
    </message>
    <message>
      <source>by %1, %2 %3</source>
      <translation>av %1, %2 kl. %3</translation>
    </message>
    <message>
      <source>%1: the soft limit must not be longer than the hard limit.</source>
      <translation>%1: den myke grensen kan ikke være lengre enn den harde.</translation>
    </message>
    <message>
      <source>The hub could not be reached; the limits were not saved. Try again.</source>
      <translation>Fikk ikke kontakt med huben; grensene ble ikke lagret. Prøv igjen.</translation>
    </message>
    <message>
      <source>The hub did not accept these limits: limits are 1 minute to 24 hours, the soft limit no longer than the hard one, and at most 1000 waiting.</source>
      <translation>Huben godtok ikke disse grensene: en grense er fra 1 minutt til 24 timer, den myke grensen ikke lengre enn den harde, og høyst 1000 ventende.</translation>
    </message>
    <message>
      <source>Only supervisors may change time limits.</source>
      <translation>Bare ledere kan endre tidsgrenser.</translation>
    </message>
    <message>
      <source>Too many changes at once; wait a moment and try again.</source>
      <translation>For mange endringer på en gang; vent litt og prøv igjen.</translation>
    </message>
    <message>
      <source>The hub could not save the limits (%1). Try again.</source>
      <translation>Huben kunne ikke lagre grensene (%1). Prøv igjen.</translation>
    </message>
    <message>
      <source> min</source>
      <extracomment>Shown for a channel without a policy (disabled, so nothing is warned until saved on).</extracomment>
      <translation> min</translation>
    </message>
    <message>
      <source>always</source>
      <translation>alltid</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Lagre</translation>
    </message>
  </context>
</TS>

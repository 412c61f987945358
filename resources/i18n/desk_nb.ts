<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
  <context>
    <name>CallBar</name>
    <message>
      <source>Call time</source>
      <translation>Samtaletid</translation>
    </message>
    <message>
      <source>Hold</source>
      <translation>Sett på vent</translation>
    </message>
    <message>
      <source>Transfer…</source>
      <translation>Overfør …</translation>
    </message>
    <message>
      <source>Hand the call to a colleague who is online</source>
      <translation>Gi samtalen til en kollega som er pålogget</translation>
    </message>
    <message>
      <source>Hang up</source>
      <translation>Legg på</translation>
    </message>
    <message>
      <source>End the call (F5)</source>
      <translation>Avslutt samtalen (F5)</translation>
    </message>
    <message>
      <source>hidden number</source>
      <translation>skjult nummer</translation>
    </message>
    <message>
      <source>Ringing: %1</source>
      <translation>Ringer: %1</translation>
    </message>
    <message>
      <source>On the phone with %1</source>
      <translation>I samtale med %1</translation>
    </message>
    <message>
      <source>On hold: %1</source>
      <translation>På vent: %1</translation>
    </message>
    <message>
      <source>Call ended: %1</source>
      <translation>Samtalen er slutt: %1</translation>
    </message>
    <message>
      <source>%1 (on hold %2)</source>
      <translation>%1 (på vent %2)</translation>
    </message>
    <message>
      <source>Resume</source>
      <translation>Fortsett</translation>
    </message>
    <message>
      <source>Take the call off hold (F4)</source>
      <translation>Ta samtalen av vent (F4)</translation>
    </message>
    <message>
      <source>Put the call on hold (F4)</source>
      <translation>Sett samtalen på vent (F4)</translation>
    </message>
    <message>
      <source>The call could not be changed: %1</source>
      <translation>Samtalen kunne ikke endres: %1</translation>
    </message>
    <message>
      <source>The call was transferred.</source>
      <translation>Samtalen er overført.</translation>
    </message>
  </context>
  <context>
    <name>CapacityDialog</name>
    <message>
      <source>Capacity reached</source>
      <translation>Full kapasitet</translation>
    </message>
    <message>
      <source>Taking more than you can follow makes every young person wait longer.</source>
      <translation>Tar du flere enn du rekker å følge opp, må alle de unge vente lenger.</translation>
    </message>
    <message>
      <source>Take anyway</source>
      <translation>Ta imot likevel</translation>
    </message>
    <message>
      <source>Leave in the queue</source>
      <translation>La stå i køen</translation>
    </message>
    <message numerus="yes">
      <source>You already have %n call(s). Answer anyway?</source>
      <translation>
        <numerusform>Du har allerede %n samtale på telefon. Svare likevel?</numerusform>
        <numerusform>Du har allerede %n samtaler på telefon. Svare likevel?</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>You already have %n SMS conversation(s). Take it anyway?</source>
      <translation>
        <numerusform>Du har allerede %n SMS-samtale. Ta imot likevel?</numerusform>
        <numerusform>Du har allerede %n SMS-samtaler. Ta imot likevel?</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>You already have %n chat(s). Take it anyway?</source>
      <translation>
        <numerusform>Du har allerede %n chat. Ta imot likevel?</numerusform>
        <numerusform>Du har allerede %n chatter. Ta imot likevel?</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>ConversationDelegate</name>
    <message>
      <source>RISK</source>
      <translation>RISIKO</translation>
    </message>
    <message>
      <source>observed</source>
      <translation>observert</translation>
    </message>
    <message>
      <source>time</source>
      <translation>tid</translation>
    </message>
  </context>
  <context>
    <name>ConversationList</name>
    <message>
      <source>Ctrl+1…9 opens a conversation by its place; Ctrl+Tab the next one</source>
      <translation>Ctrl+1…9 åpner en samtale etter plassen i lista; Ctrl+Tab den neste</translation>
    </message>
    <message>
      <source>My conversations (%1)</source>
      <translation>Mine samtaler (%1)</translation>
    </message>
  </context>
  <context>
    <name>ConversationListModel</name>
    <message>
      <source>handed over to %1</source>
      <translation>overført til %1</translation>
    </message>
    <message>
      <source>on hold %1</source>
      <translation>på vent %1</translation>
    </message>
    <message>
      <source>on the phone %1</source>
      <translation>i telefonen %1</translation>
    </message>
    <message>
      <source>waiting for you %1</source>
      <translation>venter på deg %1</translation>
    </message>
    <message>
      <source>you wrote last</source>
      <translation>du skrev sist</translation>
    </message>
    <message>
      <source>Conversation time %1</source>
      <translation>Samtaletid %1</translation>
    </message>
    <message>
      <source>Flagged as risk</source>
      <translation>Markert som risiko</translation>
    </message>
    <message>
      <source>Time limit passed while others wait</source>
      <translation>Over tidsgrensen mens andre venter</translation>
    </message>
    <message>
      <source>Others are waiting in the queue</source>
      <translation>Andre venter i køen</translation>
    </message>
    <message>
      <source>Observed by %1</source>
      <translation>Observert av %1</translation>
    </message>
  </context>
  <context>
    <name>ConversationPanel</name>
    <message>
      <source>Flag risk</source>
      <translation>Marker risiko</translation>
    </message>
    <message>
      <source>Flag the conversation as a risk; time limits stop warning (Ctrl+R)</source>
      <translation>Marker samtalen som risiko; tidsgrensene varsler ikke lenger (Ctrl+R)</translation>
    </message>
    <message>
      <source>End the conversation, after asking (Ctrl+W)</source>
      <translation>Avslutt samtalen, etter et spørsmål (Ctrl+W)</translation>
    </message>
    <message>
      <source>Note for staff only, never shown to the young person (Ctrl+N)</source>
      <translation>Notat bare for ansatte, vises aldri for den unge (Ctrl+N)</translation>
    </message>
    <message>
      <source>Staff-only note</source>
      <translation>Notat bare for ansatte</translation>
    </message>
    <message>
      <source>Save note</source>
      <translation>Lagre notat</translation>
    </message>
    <message>
      <source>Save the note; only staff see it (Enter)</source>
      <translation>Lagre notatet; bare ansatte ser det (Enter)</translation>
    </message>
    <message>
      <source>Reply to the young person</source>
      <translation>Svar til den unge</translation>
    </message>
    <message>
      <source>Send the reply (Enter)</source>
      <translation>Send svaret (Enter)</translation>
    </message>
    <message>
      <source>%1 (handed over to %2)</source>
      <translation>%1 (overført til %2)</translation>
    </message>
    <message>
      <source>Write an SMS to the young person. Enter sends, Shift+Enter adds a line.</source>
      <translation>Skriv en SMS til den unge. Enter sender, Shift+Enter gir ny linje.</translation>
    </message>
    <message>
      <source>Risk flagged</source>
      <translation>Risiko markert</translation>
    </message>
    <message>
      <source>Observed by %1</source>
      <translation>Observert av %1</translation>
    </message>
    <message>
      <source>Could not flag the conversation: %1</source>
      <translation>Kunne ikke markere samtalen: %1</translation>
    </message>
  </context>
  <context>
    <name>DraftKeeper</name>
    <message>
      <source>No secure keyring was found, so unsent text is kept only while the desk is open.</source>
      <extracomment>A change is written at most this long after it was typed (well within two seconds). Drafts older than this are dropped when the desk starts (their conversation is long over).</extracomment>
      <translation>Fant ingen sikker nøkkelring, så tekst som ikke er sendt, tas vare på bare mens skrivebordet er åpent.</translation>
    </message>
    <message>
      <source>Unsent text cannot be saved on this machine; it is kept in memory.</source>
      <translation>Tekst som ikke er sendt, kan ikke lagres på denne maskinen; den holdes i minnet.</translation>
    </message>
  </context>
  <context>
    <name>QueuePanel</name>
    <message>
      <source>Waiting contacts</source>
      <translation>Ventende henvendelser</translation>
    </message>
    <message>
      <source>Take the selected contact, or the first in line (Ctrl+Enter or F2)</source>
      <translation>Ta imot den valgte, eller den første i køen (Ctrl+Enter eller F2)</translation>
    </message>
    <message>
      <source>Ringing calls</source>
      <translation>Anrop som ringer</translation>
    </message>
    <message>
      <source>Answer call</source>
      <translation>Svar</translation>
    </message>
    <message>
      <source>Answer the longest-ringing call (F3)</source>
      <translation>Svar på anropet som har ringt lengst (F3)</translation>
    </message>
    <message numerus="yes">
      <source>Answer call (%n ringing)</source>
      <translation>
        <numerusform>Svar (%n ringer)</numerusform>
        <numerusform>Svar (%n ringer)</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>RingingCallsModel</name>
    <message>
      <source>hidden number</source>
      <translation>skjult nummer</translation>
    </message>
    <message>
      <source>☎ %1 – ringing %2</source>
      <translation>☎ %1 – ringer %2</translation>
    </message>
  </context>
  <context>
    <name>TranscriptDelegate</name>
    <message>
      <source>Saving note…</source>
      <extracomment>The window keeps at most this many rows while following the bottom … … and slides down to this many when it is full; scrolling to the top adds as many again.</extracomment>
      <translation>Lagrer notat …</translation>
    </message>
    <message>
      <source>Sending SMS…</source>
      <translation>Sender SMS …</translation>
    </message>
    <message>
      <source>Young person · SMS</source>
      <translation>Ung person · SMS</translation>
    </message>
    <message>
      <source>Consultation, %1</source>
      <translation>Konsultasjon, %1</translation>
    </message>
    <message>
      <source>Note, only staff see it · %1</source>
      <translation>Notat, bare ansatte ser det · %1</translation>
    </message>
    <message>
      <source>%1 · SMS</source>
      <translation>%1 · SMS</translation>
    </message>
  </context>
  <context>
    <name>TranscriptModel</name>
    <message>
      <source>Conversation closed: the call ended</source>
      <translation>Samtalen er avsluttet: telefonsamtalen er slutt</translation>
    </message>
    <message>
      <source>%1 chose to continue without time warnings</source>
      <translation>%1 valgte å fortsette uten tidsvarsler</translation>
    </message>
    <message>
      <source>%1 is observing the conversation</source>
      <translation>%1 observerer samtalen</translation>
    </message>
    <message>
      <source>The observer left</source>
      <translation>Observatøren gikk</translation>
    </message>
    <message>
      <source>hidden number</source>
      <translation>skjult nummer</translation>
    </message>
    <message>
      <source>SMS from %1</source>
      <translation>SMS fra %1</translation>
    </message>
    <message>
      <source>An SMS could not be delivered; try again or ask the shift lead</source>
      <translation>En SMS kunne ikke leveres; prøv igjen eller spør vaktleder</translation>
    </message>
    <message>
      <source>Call from %1</source>
      <translation>Anrop fra %1</translation>
    </message>
    <message>
      <source>%1 answered the call</source>
      <translation>%1 svarte</translation>
    </message>
    <message>
      <source>Call put on hold</source>
      <translation>Samtalen er satt på vent</translation>
    </message>
    <message>
      <source>Call resumed</source>
      <translation>Samtalen fortsetter</translation>
    </message>
    <message>
      <source>Call transferred to %1</source>
      <translation>Samtalen er overført til %1</translation>
    </message>
    <message>
      <source>The caller hung up</source>
      <translation>Innringeren la på</translation>
    </message>
    <message>
      <source>Call ended by the counsellor</source>
      <translation>Veilederen avsluttet samtalen</translation>
    </message>
  </context>
  <context>
    <name>TranscriptView</name>
    <message>
      <source>Conversation transcript</source>
      <translation>Samtaleforløp</translation>
    </message>
  </context>
  <context>
    <name>TransferDialog</name>
    <message>
      <source>Transfer the call</source>
      <translation>Overfør samtalen</translation>
    </message>
    <message>
      <source>Transfer the call to:</source>
      <translation>Overfør samtalen til:</translation>
    </message>
    <message>
      <source>Colleagues online</source>
      <translation>Kolleger som er pålogget</translation>
    </message>
    <message>
      <source>available</source>
      <translation>tilgjengelig</translation>
    </message>
    <message>
      <source>away</source>
      <translation>borte</translation>
    </message>
    <message numerus="yes">
      <source>%1 (%2, %n conversation(s))</source>
      <translation>
        <numerusform>%1 (%2, %n samtale)</numerusform>
        <numerusform>%1 (%2, %n samtaler)</numerusform>
      </translation>
    </message>
    <message>
      <source>Transfer</source>
      <translation>Overfør</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Avbryt</translation>
    </message>
    <message>
      <source>No colleague is online to take the call.</source>
      <translation>Ingen kollega er pålogget og kan ta samtalen.</translation>
    </message>
  </context>
  <context>
    <name>screenshot</name>
    <message>
      <source>Says the parents argue a lot. Ask whether anyone at school knows.</source>
      <translation>Sier foreldrene krangler mye. Spør om noen på skolen vet om det.</translation>
    </message>
  </context>
  <context>
    <name>shortcuts</name>
    <message>
      <source>Take the next contact</source>
      <translation>Ta imot neste</translation>
    </message>
    <message>
      <source>Answer the ringing call</source>
      <translation>Svar på anropet</translation>
    </message>
    <message>
      <source>Hold or resume the call</source>
      <translation>Sett på vent eller fortsett</translation>
    </message>
    <message>
      <source>Hang up</source>
      <translation>Legg på</translation>
    </message>
    <message>
      <source>Write a note</source>
      <translation>Skriv et notat</translation>
    </message>
    <message>
      <source>Flag risk</source>
      <translation>Marker risiko</translation>
    </message>
    <message>
      <source>End the conversation</source>
      <translation>Avslutt samtalen</translation>
    </message>
    <message>
      <source>Next conversation</source>
      <translation>Neste samtale</translation>
    </message>
    <message>
      <source>Previous conversation</source>
      <translation>Forrige samtale</translation>
    </message>
    <message>
      <source>Write a reply</source>
      <translation>Skriv et svar</translation>
    </message>
    <message>
      <source>Open conversation %1</source>
      <translation>Åpne samtale %1</translation>
    </message>
  </context>
</TS>
<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>AbuseButton</name>
    <message>
        <source>Mark abusive…</source>
        <translation>Marker som krenkende…</translation>
    </message>
    <message>
        <source>More</source>
        <translation>Mer</translation>
    </message>
    <message>
        <source>More for this conversation</source>
        <translation>Mer for denne samtalen</translation>
    </message>
    <message>
        <source>Mark the contact as abusive or a prank; the shift lead may block it</source>
        <translation>Marker kontakten som krenkende eller tull; vaktleder kan sperre den</translation>
    </message>
    <message>
        <source>Could not mark the contact. Try again.</source>
        <translation>Kunne ikke markere kontakten. Prøv igjen.</translation>
    </message>
    <message>
        <source>Marked as abusive. The shift lead has been told.</source>
        <translation>Markert som krenkende. Vaktleder har fått beskjed.</translation>
    </message>
    <message>
        <source>Mark as abusive</source>
        <translation>Marker som krenkende</translation>
    </message>
    <message>
        <source>What happened? (staff only; the shift lead decides about a block)</source>
        <translation>Hva skjedde? (bare for ansatte; vaktleder avgjør om kontakten sperres)</translation>
    </message>
    <message>
        <source>This was a hard conversation</source>
        <translation>Dette var en tung samtale</translation>
    </message>
    <message>
        <source>Only for you and the shift lead: at the end the desk offers a pause and a debrief</source>
        <translation>Bare for deg og vaktleder: når samtalen slutter, tilbyr skrivebordet en pause og en debrief</translation>
    </message>
    <message>
        <source>Could not mark the conversation. Try again.</source>
        <translation>Kunne ikke markere samtalen. Prøv igjen.</translation>
    </message>
    <message>
        <source>Marked as hard. When it ends, the desk offers a pause and a debrief.</source>
        <translation>Markert som tung. Når den slutter, tilbys du en pause og en debrief.</translation>
    </message>
</context>
<context>
    <name>MarkedModel</name>
    <message>
        <source>%1 marked by %2 at %3: %4</source>
        <translation>%1 markert av %2 kl. %3: %4</translation>
    </message>
</context>
<context>
    <name>BlockDialog</name>
    <message>
        <source>Block contact</source>
        <translation>Sperr kontakt</translation>
    </message>
    <message>
        <source>e.g. repeated sexual harassment</source>
        <translation>f.eks. gjentatt seksuell trakassering</translation>
    </message>
    <message>
        <source>The contact gets a kind automatic answer with 112/113 and another service, and never reaches the queue. The block is recorded in the audit trail.</source>
        <translation>Kontakten får et vennlig automatisk svar med 112/113 og en annen tjeneste, og kommer aldri i køen. Sperringen føres i revisjonsloggen.</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>Sperr</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Varighet</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begrunnelse</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 time</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 døgn</translation>
    </message>
    <message>
        <source>1 week</source>
        <translation>1 uke</translation>
    </message>
    <message>
        <source>1 month</source>
        <translation>1 måned</translation>
    </message>
    <message>
        <source>3 months</source>
        <translation>3 måneder</translation>
    </message>
    <message>
        <source>6 months</source>
        <translation>6 måneder</translation>
    </message>
</context>
<context>
    <name>MarkedPanel</name>
    <message>
        <source>Block…</source>
        <translation>Sperr…</translation>
    </message>
    <message>
        <source>Marked as abusive</source>
        <translation>Markert som krenkende</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>Sperringer</translation>
    </message>
    <message>
        <source>Choose a marked contact first.</source>
        <translation>Velg en markert kontakt først.</translation>
    </message>
    <message>
        <source>This contact has nothing the hub can block (a withheld number).</source>
        <translation>Denne kontakten har ingenting huben kan sperre (skjult nummer).</translation>
    </message>
    <message>
        <source>The contact could not be blocked. Try again.</source>
        <translation>Kontakten kunne ikke sperres. Prøv igjen.</translation>
    </message>
    <message>
        <source>The contact is blocked.</source>
        <translation>Kontakten er sperret.</translation>
    </message>
</context>
<context>
    <name>BlocksModel</name>
    <message>
        <source>Blocked</source>
        <translation>Sperret</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Begrunnelse</translation>
    </message>
    <message>
        <source>Blocked by</source>
        <translation>Sperret av</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Til</translation>
    </message>
    <message>
        <source>Chat (this browser)</source>
        <translation>Chat (denne nettleseren)</translation>
    </message>
    <message>
        <source>SMS (this number)</source>
        <translation>SMS (dette nummeret)</translation>
    </message>
    <message>
        <source>Phone (this number)</source>
        <translation>Telefon (dette nummeret)</translation>
    </message>
    <message>
        <source>E-mail (this address)</source>
        <translation>E-post (denne adressen)</translation>
    </message>
</context>
<context>
    <name>BlocksPanel</name>
    <message>
        <source>Lift block…</source>
        <translation>Opphev sperring…</translation>
    </message>
    <message>
        <source>Blocked contacts get a kind automatic answer with 112/113 and another service, and never reach the queue. Shift leads block contacts that counsellors marked as abusive.</source>
        <translation>Sperrede kontakter får et vennlig automatisk svar med 112/113 og en annen tjeneste, og kommer aldri i køen. Vaktledere sperrer kontakter som veiledere har markert som krenkende.</translation>
    </message>
    <message>
        <source>Refused attempts today: %1. Last seven days: %2.</source>
        <translation>Avviste forsøk i dag: %1. Siste sju dager: %2.</translation>
    </message>
    <message>
        <source>Choose a block to lift first.</source>
        <translation>Velg en sperring å oppheve først.</translation>
    </message>
    <message>
        <source>The block could not be lifted. Try again.</source>
        <translation>Sperringen kunne ikke oppheves. Prøv igjen.</translation>
    </message>
    <message>
        <source>The block was lifted.</source>
        <translation>Sperringen er opphevet.</translation>
    </message>
    <message>
        <source>Lift block</source>
        <translation>Opphev sperring</translation>
    </message>
    <message>
        <source>Why is the block lifted? (kept in the audit trail)</source>
        <translation>Hvorfor oppheves sperringen? (føres i revisjonsloggen)</translation>
    </message>
</context>
<context>
    <name>SupervisorWindow</name>
    <message>
        <source>Blocks</source>
        <translation>Sperringer</translation>
    </message>
    <message>
        <source>The blocks could not be fetched. Try again.</source>
        <translation>Sperringene kunne ikke hentes. Prøv igjen.</translation>
    </message>
</context>
<context>
    <name>supervisor</name>
    <message>
        <source>%1 marked a contact (%2) as abusive; block it in the Blocks tab</source>
        <translation>%1 markerte en kontakt (%2) som krenkende; sperr den under Sperringer</translation>
    </message>
    <message>
        <source>%1 has worked %2 without a break</source>
        <translation>%1 har jobbet %2 uten pause</translation>
    </message>
    <message>
        <source>%1 is taking a pause</source>
        <translation>%1 tar en pause</translation>
    </message>
    <message>
        <source>%1 asked for a debrief %2 ago and nobody has answered</source>
        <translation>%1 ba om en debrief for %2 siden, og ingen har svart</translation>
    </message>
</context>
<context>
    <name>CareDialog</name>
    <message>
        <source>A pause</source>
        <translation>En pause</translation>
    </message>
    <message>
        <source>That was a hard conversation. Take a moment before the next one: no new contacts are offered to you meanwhile, and the shift lead is told.</source>
        <translation>Det var en tung samtale. Ta deg tid før neste: du får ingen nye kontakter så lenge, og vaktleder får beskjed.</translation>
    </message>
    <message>
        <source>No new contacts are offered to you during the pause, and the shift lead is told.</source>
        <translation>Du får ingen nye kontakter i pausen, og vaktleder får beskjed.</translation>
    </message>
    <message>
        <source>Pause for</source>
        <translation>Pause i</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Ask the shift lead for a debrief</source>
        <translation>Be vaktleder om en debrief (en prat etterpå)</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Ikke nå</translation>
    </message>
</context>
<context>
    <name>PauseButton</name>
    <message>
        <source>Pause…</source>
        <translation>Pause…</translation>
    </message>
    <message>
        <source>Take a pause: no new contacts for a while</source>
        <translation>Ta en pause: ingen nye kontakter en stund</translation>
    </message>
    <message>
        <source>On a pause until %1 – end it</source>
        <translation>Pause til %1 – avslutt</translation>
    </message>
    <message>
        <source>End the pause and take contacts again</source>
        <translation>Avslutt pausen og ta imot kontakter igjen</translation>
    </message>
    <message>
        <source>%1 will take the debrief with you.</source>
        <translation>%1 tar debriefen med deg.</translation>
    </message>
    <message>
        <source>The shift lead has been asked for a debrief.</source>
        <translation>Vaktleder er bedt om en debrief.</translation>
    </message>
    <message>
        <source>The hub could not do it. Try again.</source>
        <translation>Huben fikk det ikke til. Prøv igjen.</translation>
    </message>
</context>
<context>
    <name>DebriefBox</name>
    <message>
        <source>Debrief requests</source>
        <translation>Ønsker om debrief</translation>
    </message>
    <message>
        <source>Take the debrief</source>
        <translation>Ta debriefen</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Avslå</translation>
    </message>
    <message>
        <source>%1 asks for a debrief after a hard contact (%2)</source>
        <translation>%1 ber om en debrief etter en tung kontakt (%2)</translation>
    </message>
    <message>
        <source>Urgent: </source>
        <translation>Haster: </translation>
    </message>
    <message>
        <source>Someone else was faster, or it was cancelled.</source>
        <translation>Noen andre var raskere, eller den ble avlyst.</translation>
    </message>
    <message>
        <source>The hub could not do it. Try again.</source>
        <translation>Huben fikk det ikke til. Prøv igjen.</translation>
    </message>
    <message>
        <source>Find %1 for the debrief: they have been told it is you.</source>
        <translation>Finn %1 for debriefen: hen har fått beskjed om at det er deg.</translation>
    </message>
</context>
<context>
    <name>StaffCare</name>
    <message>
        <source>Since break</source>
        <translation>Siden pause</translation>
    </message>
    <message>
        <source>Hard today</source>
        <translation>Tunge i dag</translation>
    </message>
    <message>
        <source>Pause until %1</source>
        <translation>Pause til %1</translation>
    </message>
</context>
<context>
    <name>BreakPolicyBox</name>
    <message>
        <source>Breaks</source>
        <translation>Pauser</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lagre</translation>
    </message>
    <message>
        <source>Remind the shift lead when someone has worked</source>
        <translation>Påminn vaktleder når noen har jobbet</translation>
    </message>
    <message>
        <source>without a break</source>
        <translation>uten pause</translation>
    </message>
    <message>
        <source>The break reminder could not be saved. Try again.</source>
        <translation>Påminnelsen om pause kunne ikke lagres. Prøv igjen.</translation>
    </message>
    <message>
        <source>Break reminder saved.</source>
        <translation>Påminnelsen om pause er lagret.</translation>
    </message>
</context>
</TS>

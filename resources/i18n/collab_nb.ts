<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO">
    <context>
        <name>ConsultDialog</name>
        <message>
            <source>Consult a colleague</source>
            <translation>Konsulter en kollega</translation>
        </message>
        <message>
            <source>Ask for advice about %1 while the conversation goes on.</source>
            <translation>Be om råd om %1 mens samtalen pågår.</translation>
        </message>
        <message>
            <source>Any shift lead</source>
            <translation>Hvilken som helst vaktleder</translation>
        </message>
        <message>
            <source>%1 (shift lead)</source>
            <translation>%1 (vaktleder)</translation>
        </message>
        <message>
            <source>%1 – away</source>
            <translation>%1 – borte</translation>
        </message>
        <message>
            <source>Optional: what it is about, in one line</source>
            <translation>Valgfritt: hva det gjelder, på én linje</translation>
        </message>
        <message>
            <source>Urgent</source>
            <translation>Haster</translation>
        </message>
        <message>
            <source>Ask</source>
            <translation>Spør</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Avbryt</translation>
        </message>
        <message>
            <source>About</source>
            <translation>Gjelder</translation>
        </message>
    </context>
    <context>
        <name>ConsultFeature</name>
        <message>
            <source>Consult</source>
            <translation>Konsulter</translation>
        </message>
        <message>
            <source>Ask a shift lead or a colleague about this conversation (%1)</source>
            <translation>Spør en vaktleder eller en kollega om denne samtalen (%1)</translation>
        </message>
        <message>
            <source>Consultation</source>
            <translation>Konsultasjon</translation>
        </message>
        <message>
            <source>Consultation requested.</source>
            <translation>Konsultasjon er bedt om.</translation>
        </message>
        <message>
            <source>URGENT: %1 asks you to consult.</source>
            <translation>HASTER: %1 ber deg om å konsultere.</translation>
        </message>
        <message>
            <source>%1 asks you to consult.</source>
            <translation>%1 ber deg om å konsultere.</translation>
        </message>
    </context>
    <context>
        <name>ConsultPanel</name>
        <message>
            <source>That is no longer possible: the consultation has moved on.</source>
            <translation>Det går ikke lenger: konsultasjonen har gått videre.</translation>
        </message>
        <message>
            <source>Someone else was faster, or it has already been done.</source>
            <translation>Noen andre var raskere, eller det er allerede gjort.</translation>
        </message>
        <message>
            <source>The hub does not know that colleague or consultation.</source>
            <translation>Huben kjenner ikke den kollegaen eller konsultasjonen.</translation>
        </message>
        <message>
            <source>The text is too long.</source>
            <translation>Teksten er for lang.</translation>
        </message>
        <message>
            <source>The hub could not do it: %1</source>
            <translation>Huben kunne ikke gjøre det: %1</translation>
        </message>
        <message>
            <source>You now hold %1.</source>
            <translation>Du har nå %1.</translation>
        </message>
    </context>
    <context>
        <name>ContinueDialog</name>
        <message>
            <source>Continue the conversation</source>
            <translation>Fortsett samtalen</translation>
        </message>
        <message>
            <source>%1 goes on. Why? This is recorded for the shift; the young person never sees it.</source>
            <translation>%1 fortsetter. Hvorfor? Dette registreres for vakten; den unge ser det aldri.</translation>
        </message>
        <message>
            <source>Risk to the young person</source>
            <translation>Risiko for den unge</translation>
        </message>
        <message>
            <source>The young person is telling something important</source>
            <translation>Den unge forteller noe viktig</translation>
        </message>
        <message>
            <source>Crisis or strong reaction</source>
            <translation>Krise eller sterk reaksjon</translation>
        </message>
        <message>
            <source>Other reason</source>
            <translation>Annen grunn</translation>
        </message>
        <message>
            <source>A few words (optional)</source>
            <translation>Noen ord (valgfritt)</translation>
        </message>
        <message>
            <source>Continue</source>
            <translation>Fortsett</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Avbryt</translation>
        </message>
    </context>
    <context>
        <name>HardLimitNotice</name>
        <message>
            <source>Long conversation: %1, %2, %3</source>
            <translation>Lang samtale: %1, %2, %3</translation>
        </message>
        <message>
            <source>(+%1 more)</source>
            <translation>(+%1 til)</translation>
        </message>
        <message>
            <source>A colleague may need support. Click to acknowledge.</source>
            <translation>En kollega kan trenge støtte. Klikk for å kvittere.</translation>
        </message>
    </context>
    <context>
        <name>NeverAloneIndicator</name>
        <message>
            <source>%1 on shift · shift lead: %2</source>
            <translation>%1 på vakt · vaktleder: %2</translation>
        </message>
    </context>
    <context>
        <name>ObserverIndicator</name>
        <message>
            <source>Observed by %1</source>
            <translation>Observert av %1</translation>
        </message>
    </context>
    <context>
        <name>OfferModel</name>
        <message>
            <source>%1 asks about %2</source>
            <translation>%1 spør om %2</translation>
        </message>
        <message>
            <source>URGENT</source>
            <translation>HASTER</translation>
        </message>
        <message>
            <source>waiting %1</source>
            <translation>venter %1</translation>
        </message>
    </context>
    <context>
        <name>OffersBox</name>
        <message>
            <source>Asked to consult</source>
            <translation>Forespørsler om konsultasjon</translation>
        </message>
        <message>
            <source>Join</source>
            <translation>Bli med</translation>
        </message>
        <message>
            <source>Decline</source>
            <translation>Avslå</translation>
        </message>
        <message>
            <source>Asked to consult (%1)</source>
            <translation>Forespørsler om konsultasjon (%1)</translation>
        </message>
    </context>
    <context>
        <name>ReminderModel</name>
        <message>
            <source>overdue since %1</source>
            <translation>forfalt siden %1</translation>
        </message>
        <message>
            <source>due today</source>
            <translation>forfaller i dag</translation>
        </message>
    </context>
    <context>
        <name>ReportsPanel</name>
        <message>
            <source>Open for review</source>
            <extracomment>Where editors keep drafts; None: the default folder. Tests set a temporary one.</extracomment>
            <translation>Åpne for godkjenning</translation>
        </message>
        <message>
            <source>Mark as done</source>
            <translation>Marker som utført</translation>
        </message>
        <message>
            <source>To approve</source>
            <translation>Til godkjenning</translation>
        </message>
        <message>
            <source>Follow up today</source>
            <translation>Oppfølging i dag</translation>
        </message>
        <message>
            <source>No follow-ups due.</source>
            <translation>Ingen oppfølging forfaller.</translation>
        </message>
        <message>
            <source>Concern report</source>
            <translation>Bekymringsmelding</translation>
        </message>
        <message>
            <source>Write a concern report (bekymringsmelding) from this conversation</source>
            <translation>Skriv en bekymringsmelding fra denne samtalen</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>Meldinger</translation>
        </message>
        <message>
            <source>%1 asks you to approve a concern report.</source>
            <translation>%1 ber deg godkjenne en bekymringsmelding.</translation>
        </message>
        <message>
            <source>Your concern report was approved by the shift lead.</source>
            <translation>Bekymringsmeldingen din er godkjent av vaktleder.</translation>
        </message>
        <message>
            <source>The shift lead asks for changes to your concern report: %1</source>
            <translation>Vaktleder ber om endringer i bekymringsmeldingen din: %1</translation>
        </message>
        <message>
            <source>Could not open the report: %1</source>
            <translation>Kunne ikke åpne meldingen: %1</translation>
        </message>
        <message>
            <source>Could not mark it as done: %1</source>
            <translation>Kunne ikke markere den som utført: %1</translation>
        </message>
        <message>
            <source>Follow-up marked as done.</source>
            <translation>Oppfølgingen er markert som utført.</translation>
        </message>
    </context>
    <context>
        <name>ReviewModel</name>
        <message>
            <source>%1 from %2 (version %3)</source>
            <translation>%1 fra %2 (versjon %3)</translation>
        </message>
    </context>
    <context>
        <name>RosterBox</name>
        <message>
            <source>On shift</source>
            <translation>På vakt</translation>
        </message>
    </context>
    <context>
        <name>RosterModel</name>
        <message>
            <source>%1 (you)</source>
            <translation>%1 (deg)</translation>
        </message>
        <message>
            <source>shift lead</source>
            <translation>vaktleder</translation>
        </message>
        <message>
            <source>away</source>
            <translation>borte</translation>
        </message>
        <message>
            <source>available</source>
            <translation>ledig</translation>
        </message>
        <message numerus="yes">
            <source>%n conversation(s)</source>
            <translation>
                <numerusform>%n samtale</numerusform>
                <numerusform>%n samtaler</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SessionBox</name>
        <message>
            <source>Consultation</source>
            <translation>Konsultasjon</translation>
        </message>
        <message>
            <source>No consultation now. Press Consult (Ctrl+Shift+K) in a conversation to ask a shift lead or a colleague.</source>
            <translation>Ingen konsultasjon nå. Trykk Konsulter (Ctrl+Shift+K) i en samtale for å spørre en vaktleder eller en kollega.</translation>
        </message>
        <message>
            <source>The conversation (read-only)</source>
            <translation>Samtalen (bare lesing)</translation>
        </message>
        <message>
            <source>Between the two of you</source>
            <translation>Mellom dere to</translation>
        </message>
        <message>
            <source>Write to your colleague (never the young person)</source>
            <translation>Skriv til kollegaen (aldri til den unge)</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Send</translation>
        </message>
        <message>
            <source>Take over…</source>
            <translation>Overta …</translation>
        </message>
        <message>
            <source>End consultation</source>
            <translation>Avslutt konsultasjon</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Fjern</translation>
        </message>
        <message>
            <source>ended</source>
            <translation>avsluttet</translation>
        </message>
        <message>
            <source>Urgent</source>
            <translation>Haster</translation>
        </message>
        <message>
            <source>Withdraw request</source>
            <translation>Trekk tilbake</translation>
        </message>
        <message>
            <source>The consultation about %1 has ended.</source>
            <translation>Konsultasjonen om %1 er avsluttet.</translation>
        </message>
        <message>
            <source>a shift lead</source>
            <translation>en vaktleder</translation>
        </message>
        <message>
            <source>Waiting for %1 to join …</source>
            <translation>Venter på at %1 blir med …</translation>
        </message>
        <message>
            <source>%1 declined.</source>
            <translation>%1 avslo.</translation>
        </message>
        <message>
            <source>No shift lead is free; supervision has been alerted.</source>
            <translation>Ingen vaktleder er ledig; ledelsen er varslet.</translation>
        </message>
        <message>
            <source>Also asked %1.</source>
            <translation>Spurte også %1.</translation>
        </message>
        <message>
            <source>You have taken over %1. %2 still follows it here.</source>
            <translation>Du har tatt over %1. %2 følger den fortsatt her.</translation>
        </message>
        <message>
            <source>You are advising %1 on %2.</source>
            <translation>Du gir råd til %1 om %2.</translation>
        </message>
        <message>
            <source>%1 has taken over %2. You can still write here.</source>
            <translation>%1 har tatt over %2. Du kan fortsatt skrive her.</translation>
        </message>
        <message>
            <source>%1 has joined and follows %2.</source>
            <translation>%1 er med og følger %2.</translation>
        </message>
    </context>
    <context>
        <name>TakeOverDialog</name>
        <message>
            <source>Take over the conversation</source>
            <translation>Overta samtalen</translation>
        </message>
        <message>
            <source>Take over %1 from %2?</source>
            <translation>Overta %1 fra %2?</translation>
        </message>
        <message>
            <source>You become the counsellor in the conversation; the young person sees your name from now on. %1 can still follow it and write to you here.</source>
            <translation>Du blir veileder i samtalen; den unge ser navnet ditt fra nå av. %1 kan fortsatt følge den og skrive til deg her.</translation>
        </message>
        <message>
            <source>Take over</source>
            <translation>Overta</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Avbryt</translation>
        </message>
    </context>
    <context>
        <name>ThreadDelegate</name>
        <message>
            <source>You</source>
            <translation>Du</translation>
        </message>
    </context>
    <context>
        <name>TimeBanner</name>
        <message>
            <source>Suggest wording</source>
            <translation>Forslag til ordlyd</translation>
        </message>
        <message>
            <source>Put a suggestion for rounding off into the reply box, to edit before sending</source>
            <translation>Sett et forslag til avrunding inn i svarfeltet, så du kan endre det før du sender</translation>
        </message>
        <message>
            <source>Continue…</source>
            <translation>Fortsett …</translation>
        </message>
        <message>
            <source>The conversation needs more time: say why, and the cue goes away</source>
            <translation>Samtalen trenger mer tid: si hvorfor, så forsvinner varselet</translation>
        </message>
        <message>
            <source>%1 min — others are waiting; round off when you can</source>
            <translation>%1 min — andre venter; rund av når det passer</translation>
        </message>
        <message>
            <source>%1 min — consider rounding off</source>
            <translation>%1 min — vurder å runde av</translation>
        </message>
        <message>
            <source>I need to end our conversation soon. Before we do: what will you take with you from today, and do you know where you can get help later? You can always get in touch with us again.</source>
            <translation>Jeg må snart avslutte samtalen vår. Før vi gjør det: Hva tar du med deg fra i dag, og vet du hvor du kan få hjelp senere? Du kan alltid ta kontakt med oss igjen.</translation>
        </message>
        <message>
            <source>We have talked for a while now. Is there anything more you would like to say before we start to round off?</source>
            <translation>Vi har snakket sammen en stund nå. Er det noe mer du har lyst til å si før vi begynner å runde av?</translation>
        </message>
    </context>
    <context>
        <name>TimeCueFeature</name>
        <message>
            <source>Could not record it: %1</source>
            <translation>Kunne ikke registrere det: %1</translation>
        </message>
    </context>
    <context>
        <name>TimeCueStatus</name>
        <message>
            <source>Past the time limit: %1</source>
            <translation>Over tidsgrensen: %1</translation>
        </message>
    </context>
    <context>
        <name>roster</name>
        <message>
            <source>You are alone on shift</source>
            <translation>Du er alene på vakt</translation>
        </message>
        <message>
            <source>No shift lead signed in</source>
            <translation>Ingen vaktleder pålogget</translation>
        </message>
    </context>
</TS>

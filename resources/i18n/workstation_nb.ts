<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO">
    <context>
        <name>ComposeBox</name>
        <message>
            <source>Write to the young person. Enter sends, Shift+Enter adds a new line.</source>
            <translation>Skriv til den unge. Enter sender, Shift+Enter gir ny linje.</translation>
        </message>
    </context>
    <context>
        <name>ConfirmCloseDialog</name>
        <message>
            <source>End conversation</source>
            <translation>Avslutt samtale</translation>
        </message>
        <message>
            <source>End the conversation %1?</source>
            <translation>Vil du avslutte samtalen %1?</translation>
        </message>
        <message>
            <source>The young person is told that the conversation has ended.</source>
            <translation>Den unge får beskjed om at samtalen er avsluttet.</translation>
        </message>
        <message>
            <source>End</source>
            <translation>Avslutt</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Avbryt</translation>
        </message>
    </context>
    <context>
        <name>ConnectionIndicator</name>
        <message>
            <source>Connected</source>
            <translation>Tilkoblet</translation>
        </message>
        <message>
            <source>Connecting …</source>
            <translation>Kobler til …</translation>
        </message>
        <message>
            <source>Reconnecting …</source>
            <translation>Kobler til igjen …</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>Frakoblet</translation>
        </message>
        <message numerus="yes">
            <source>%n message(s) waiting to be sent</source>
            <translation>
                <numerusform>%n melding venter på å bli sendt</numerusform>
                <numerusform>%n meldinger venter på å bli sendt</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ConversationList</name>
        <message>
            <source>My conversations</source>
            <translation>Mine samtaler</translation>
        </message>
    </context>
    <context>
        <name>ConversationListModel</name>
        <message>
            <source>%1 %2</source>
            <translation>%1 %2</translation>
        </message>
        <message>
            <source>closed</source>
            <translation>avsluttet</translation>
        </message>
        <message>
            <source>waiting for you, %1</source>
            <translation>venter på deg, %1</translation>
        </message>
        <message>
            <source>open</source>
            <translation>åpen</translation>
        </message>
        <message numerus="yes">
            <source>%n new</source>
            <translation>
                <numerusform>%n ny</numerusform>
                <numerusform>%n nye</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ConversationPanel</name>
        <message>
            <source>End conversation</source>
            <translation>Avslutt samtale</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Send</translation>
        </message>
        <message>
            <source>No conversation chosen</source>
            <translation>Ingen samtale valgt</translation>
        </message>
        <message>
            <source>%1 (closed)</source>
            <translation>%1 (avsluttet)</translation>
        </message>
        <message>
            <source>Could not end the conversation: %1</source>
            <translation>Kunne ikke avslutte samtalen: %1</translation>
        </message>
    </context>
    <context>
        <name>CredentialStore</name>
        <message>
            <source>No secure keyring was found on this machine, so the password cannot be remembered. You must type it every time.</source>
            <translation>Fant ingen sikker nøkkelring på denne maskinen, så passordet kan ikke huskes. Du må skrive det inn hver gang.</translation>
        </message>
        <message>
            <source>The keyring on this machine refused to store the password, so it cannot be remembered. You must type it every time.</source>
            <translation>Nøkkelringen på denne maskinen ville ikke lagre passordet, så det kan ikke huskes. Du må skrive det inn hver gang.</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>Sign in to the desk</source>
            <translation>Logg inn på vaktplassen</translation>
        </message>
        <message>
            <source>Remember the password on this machine</source>
            <translation>Husk passordet på denne maskinen</translation>
        </message>
        <message>
            <source>Sign in</source>
            <translation>Logg inn</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Avbryt</translation>
        </message>
        <message>
            <source>Hub address</source>
            <translation>Sentraladresse</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>Brukernavn</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Passord</translation>
        </message>
        <message>
            <source>Fill in the hub address and user name.</source>
            <translation>Fyll inn sentraladresse og brukernavn.</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>116 111 – Counsellor desk</source>
            <translation>116 111 – Veiledervakt</translation>
        </message>
        <message>
            <source>Signed in as %1</source>
            <translation>Logget inn som %1</translation>
        </message>
    </context>
    <context>
        <name>QueueModel</name>
        <message>
            <source>No.</source>
            <translation>Nr.</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>Kanal</translation>
        </message>
        <message>
            <source>Waited</source>
            <translation>Ventet</translation>
        </message>
    </context>
    <context>
        <name>QueuePanel</name>
        <message>
            <source>Take</source>
            <translation>Ta imot</translation>
        </message>
        <message numerus="yes">
            <source>Queue (%n waiting)</source>
            <translation>
                <numerusform>Kø (%n venter)</numerusform>
                <numerusform>Kø (%n venter)</numerusform>
            </translation>
        </message>
        <message>
            <source>Another counsellor took this contact first.</source>
            <translation>En annen veileder tok imot denne først.</translation>
        </message>
        <message>
            <source>Could not take the contact: %1</source>
            <translation>Kunne ikke ta imot henvendelsen: %1</translation>
        </message>
    </context>
    <context>
        <name>TranscriptDelegate</name>
        <message>
            <source>Sending…</source>
            <translation>Sender …</translation>
        </message>
        <message>
            <source>Young person</source>
            <translation>Ung person</translation>
        </message>
        <message>
            <source>Note by %1</source>
            <translation>Notat av %1</translation>
        </message>
        <message>
            <source>Counsellor</source>
            <translation>Veileder</translation>
        </message>
    </context>
    <context>
        <name>TranscriptModel</name>
        <message>
            <source>Conversation opened (%1)</source>
            <extracomment>Event kinds whose row shows the text someone wrote.</extracomment>
            <translation>Samtale startet (%1)</translation>
        </message>
        <message>
            <source>%1 took the conversation</source>
            <translation>%1 tok imot samtalen</translation>
        </message>
        <message>
            <source>Flagged as %1 by %2</source>
            <translation>Merket som %1 av %2</translation>
        </message>
        <message>
            <source>Conversation closed: %1</source>
            <translation>Samtalen er avsluttet: %1</translation>
        </message>
        <message>
            <source>This conversation has gone on long while others wait</source>
            <translation>Denne samtalen har vart lenge mens andre venter</translation>
        </message>
        <message>
            <source>Others are waiting in the queue</source>
            <translation>Andre venter i køen</translation>
        </message>
        <message>
            <source>Consultation: %1</source>
            <translation>Konsultasjon: %1</translation>
        </message>
    </context>
    <context>
        <name>excepthook</name>
        <message>
            <source>Something went wrong</source>
            <translation>Noe gikk galt</translation>
        </message>
        <message>
            <source>Something unexpected went wrong in the desk. The details were written to the log. If it happens again, tell your shift lead.</source>
            <translation>Noe uventet gikk galt i vaktprogrammet. Detaljene er skrevet til loggen. Skjer det igjen, si fra til vaktleder.</translation>
        </message>
    </context>
    <context>
        <name>labels</name>
        <message>
            <source>Chat</source>
            <translation>Chat</translation>
        </message>
        <message>
            <source>SMS</source>
            <translation>SMS</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Telefon</translation>
        </message>
        <message>
            <source>E-mail</source>
            <translation>E-post</translation>
        </message>
        <message>
            <source>Unknown channel</source>
            <translation>Ukjent kanal</translation>
        </message>
        <message>
            <source>the young person left</source>
            <translation>den unge gikk</translation>
        </message>
        <message>
            <source>closed by the counsellor</source>
            <translation>avsluttet av veilederen</translation>
        </message>
        <message>
            <source>the connection to the young person was lost</source>
            <translation>forbindelsen til den unge ble brutt</translation>
        </message>
        <message>
            <source>no reason given</source>
            <translation>ingen grunn oppgitt</translation>
        </message>
        <message>
            <source>risk</source>
            <translation>risiko</translation>
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
            <source>%1 h %2 min</source>
            <translation>%1 t %2 min</translation>
        </message>
    </context>
    <context>
        <name>screenshot</name>
        <message>
            <source>Hi, you have reached the helpline for children and young people. My name is %1. I'm glad you wrote. What would you like to talk about?</source>
            <translation>Hei, du har kommet til Alarmtelefonen for barn og unge. Jeg heter %1. Så fint at du skrev. Hva har du lyst til å snakke om?</translation>
        </message>
    </context>
    <context>
        <name>session</name>
        <message>
            <source>The user name or password is wrong.</source>
            <translation>Brukernavnet eller passordet er feil.</translation>
        </message>
        <message>
            <source>Could not reach the hub at %1. Check the address and try again.</source>
            <translation>Fikk ikke kontakt med sentralen på %1. Sjekk adressen og prøv igjen.</translation>
        </message>
    </context>
    <context>
        <name>AnnotationDialog</name>
        <message>
            <source>Add a note to the timeline</source>
            <translation>Legg til et notat på tidslinjen</translation>
        </message>
        <message>
            <source>What should trainees notice here?</source>
            <translation>Hva bør de som lærer, legge merke til her?</translation>
        </message>
        <message>
            <source>Note at %1</source>
            <translation>Notat ved %1</translation>
        </message>
    </context>
    <context>
        <name>PlayerPanel</name>
        <message>
            <source>Play</source>
            <translation>Spill av</translation>
        </message>
        <message>
            <source>Play at %1 times real speed</source>
            <translation>Spill av i %1 ganger virkelig tempo</translation>
        </message>
        <message>
            <source>Practice mode</source>
            <translation>Øvingsmodus</translation>
        </message>
        <message>
            <source>Stop before each counsellor message so the trainee can answer first</source>
            <translation>Stopp før hver melding fra veilederen, så den som øver, kan svare først</translation>
        </message>
        <message>
            <source>Add note…</source>
            <translation>Legg til notat …</translation>
        </message>
        <message>
            <source>Trainer notes</source>
            <translation>Notater fra instruktør</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>Pause</translation>
        </message>
    </context>
    <context>
        <name>PracticePanel</name>
        <message>
            <source>Your turn: the counsellor answered here. What would you write?</source>
            <translation>Din tur: her svarte veilederen. Hva ville du skrevet?</translation>
        </message>
        <message>
            <source>Write your reply to the young person…</source>
            <translation>Skriv svaret ditt til den unge …</translation>
        </message>
        <message>
            <source>Show the original</source>
            <translation>Vis originalen</translation>
        </message>
        <message>
            <source>Skip</source>
            <translation>Hopp over</translation>
        </message>
        <message>
            <source>Continue</source>
            <translation>Fortsett</translation>
        </message>
        <message>
            <source>Your reply</source>
            <translation>Ditt svar</translation>
        </message>
        <message>
            <source>What the counsellor wrote</source>
            <translation>Det veilederen skrev</translation>
        </message>
        <message>
            <source>(nothing written)</source>
            <translation>(ingenting skrevet)</translation>
        </message>
    </context>
    <context>
        <name>ReplayListModel</name>
        <message>
            <source>Channel</source>
            <translation>Kanal</translation>
        </message>
        <message>
            <source>Duration</source>
            <translation>Varighet</translation>
        </message>
        <message>
            <source>Markers</source>
            <translation>Markører</translation>
        </message>
        <message>
            <source>Categories</source>
            <translation>Kategorier</translation>
        </message>
        <message>
            <source>(none recorded)</source>
            <translation>(ingen registrert)</translation>
        </message>
    </context>
    <context>
        <name>ReplayTranscriptModel</name>
        <message>
            <source>Conversation opened (%1)</source>
            <translation>Samtalen startet (%1)</translation>
        </message>
        <message>
            <source>%1 took the conversation</source>
            <translation>%1 tok samtalen</translation>
        </message>
        <message>
            <source>Flagged as %1</source>
            <translation>Flagget som %1</translation>
        </message>
        <message>
            <source>Conversation closed: %1</source>
            <translation>Samtalen avsluttet: %1</translation>
        </message>
    </context>
    <context>
        <name>TimelineWidget</name>
        <message>
            <source>Note</source>
            <translation>Notat</translation>
        </message>
        <message>
            <source>Flag</source>
            <translation>Flagg</translation>
        </message>
        <message>
            <source>Consultation</source>
            <translation>Drøfting</translation>
        </message>
        <message>
            <source>Time warning</source>
            <translation>Tidsvarsel</translation>
        </message>
        <message>
            <source>Trainer note</source>
            <translation>Instruktørnotat</translation>
        </message>
    </context>
    <context>
        <name>TrainerWindow</name>
        <message>
            <source>Replays for training</source>
            <translation>Avspillinger til opplæring</translation>
        </message>
        <message>
            <source>Replays for training (classroom mode)</source>
            <translation>Avspillinger til opplæring (klasseromsmodus)</translation>
        </message>
        <message>
            <source>Replays</source>
            <translation>Avspillinger</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>Oppdater</translation>
        </message>
        <message>
            <source>Import…</source>
            <translation>Importer …</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>Eksporter …</translation>
        </message>
        <message>
            <source>Could not load the replays: %1</source>
            <translation>Fikk ikke hentet avspillingene: %1</translation>
        </message>
        <message numerus="yes">
            <source>%n replay(s)</source>
            <translation>
                <numerusform>%n avspilling</numerusform>
                <numerusform>%n avspillinger</numerusform>
            </translation>
        </message>
        <message>
            <source>Could not open the replay: %1</source>
            <translation>Fikk ikke åpnet avspillingen: %1</translation>
        </message>
        <message>
            <source>The note was not saved: %1</source>
            <translation>Notatet ble ikke lagret: %1</translation>
        </message>
        <message>
            <source>Note saved with the replay.</source>
            <translation>Notatet er lagret med avspillingen.</translation>
        </message>
        <message>
            <source>This file is not a replay: %1</source>
            <translation>Denne filen er ikke en avspilling: %1</translation>
        </message>
        <message>
            <source>The replay was not saved: %1</source>
            <translation>Avspillingen ble ikke lagret: %1</translation>
        </message>
        <message>
            <source>Replay saved to %1</source>
            <translation>Avspillingen er lagret i %1</translation>
        </message>
    </context>
    <context>
        <name>trainer</name>
        <message>
            <source>Counsellor</source>
            <translation>Veileder</translation>
        </message>
        <message>
            <source>Shift lead</source>
            <translation>Vaktleder</translation>
        </message>
        <message>
            <source>Flagged: %1</source>
            <translation>Flagget: %1</translation>
        </message>
        <message>
            <source>Time warning (hard limit)</source>
            <translation>Tidsvarsel (harde grense)</translation>
        </message>
        <message>
            <source>Time warning (soft limit)</source>
            <translation>Tidsvarsel (myke grense)</translation>
        </message>
        <message>
            <source>Consultation requested</source>
            <translation>Drøfting bedt om</translation>
        </message>
        <message>
            <source>Consultation joined</source>
            <translation>Vaktleder kom inn i drøftingen</translation>
        </message>
        <message>
            <source>Shift lead took over</source>
            <translation>Vaktleder tok over samtalen</translation>
        </message>
        <message>
            <source>Consultation ended</source>
            <translation>Drøfting avsluttet</translation>
        </message>
        <message>
            <source>Consultation</source>
            <translation>Drøfting</translation>
        </message>
        <message>
            <source>Replays (*%1)</source>
            <translation>Avspillinger (*%1)</translation>
        </message>
        <message>
            <source>Import a replay</source>
            <translation>Importer en avspilling</translation>
        </message>
        <message>
            <source>Export the replay</source>
            <translation>Eksporter avspillingen</translation>
        </message>
    </context>
</TS>

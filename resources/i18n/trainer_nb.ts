<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO">
<context>
    <name>TrainerWindow</name>
    <message>
        <source>Replay</source>
        <translation>Avspilling</translation>
    </message>
    <message>
        <source>Practice answers</source>
        <translation>Øvingssvar</translation>
    </message>
    <message>
        <source>Practice answers (%1)</source>
        <translation>Øvingssvar (%1)</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Slett …</translation>
    </message>
    <message>
        <source>Delete the open replay on the hub, with its notes and practice answers</source>
        <translation>Slett den åpne avspillingen på huben, med notater og øvingssvar</translation>
    </message>
    <message>
        <source>The replay was not deleted: %1</source>
        <translation>Avspillingen ble ikke slettet: %1</translation>
    </message>
    <message>
        <source>The replay was deleted.</source>
        <translation>Avspillingen er slettet.</translation>
    </message>
    <message>
        <source>Open a replay to see the practice answers given at it.</source>
        <translation>Åpne en avspilling for å se øvingssvarene som er gitt til den.</translation>
    </message>
    <message>
        <source>Practice answers are kept only for replays on the hub. In classroom mode they are shown while you practise and not saved.</source>
        <translation>Øvingssvar lagres bare for avspillinger på huben. I klasseromsmodus vises de mens du øver, men lagres ikke.</translation>
    </message>
    <message>
        <source>Could not load the practice answers: %1</source>
        <translation>Fikk ikke hentet øvingssvarene: %1</translation>
    </message>
    <message>
        <source>Your answer was not saved: %1</source>
        <translation>Svaret ditt ble ikke lagret: %1</translation>
    </message>
    <message>
        <source>Your answer is saved under Practice answers.</source>
        <translation>Svaret ditt er lagret under Øvingssvar.</translation>
    </message>
    <message>
        <source>The hub cannot be reached, so the replays cannot be listed.

Check the network connection and choose Refresh. Replay files can still be opened with Import….</source>
        <translation>Får ikke kontakt med huben, så avspillingene kan ikke vises.

Sjekk nettverksforbindelsen og velg Oppdater. Avspillingsfiler kan fortsatt åpnes med Importer ….</translation>
    </message>
    <message>
        <source>The hub did not list the replays: %1</source>
        <translation>Huben viste ikke avspillingene: %1</translation>
    </message>
    <message>
        <source>No replay is open.

Choose Import… to open a replay file (.replay.json) exported from the trainer window. In classroom mode nothing is sent to a hub.</source>
        <translation>Ingen avspilling er åpen.

Velg Importer … for å åpne en avspillingsfil (.replay.json) som er eksportert fra instruktørvinduet. I klasseromsmodus sendes ingenting til en hub.</translation>
    </message>
    <message>
        <source>There are no replays yet.

A replay appears here shortly after a conversation is closed: the hub keeps an anonymised copy, with names, numbers and places replaced. Replays are deleted automatically after the time an administrator has set (one year unless changed).

Choose Refresh to look again, or Import… to open a replay file.</source>
        <translation>Det finnes ingen avspillinger ennå.

En avspilling dukker opp her kort tid etter at en samtale er avsluttet: huben tar vare på en anonymisert kopi der navn, numre og steder er byttet ut. Avspillinger slettes automatisk etter den tiden en administrator har satt (ett år hvis ingen har endret det).

Velg Oppdater for å se etter igjen, eller Importer … for å åpne en avspillingsfil.</translation>
    </message>
</context>
<context>
    <name>AttemptsPanel</name>
    <message>
        <source>Answers written in practice mode, each beside what the counsellor wrote.</source>
        <translation>Svar skrevet i øvingsmodus, hvert ved siden av det veilederen skrev.</translation>
    </message>
    <message>
        <source>Your answers from practice mode, each beside what the counsellor wrote. Only you and the trainers can see them.</source>
        <translation>Svarene dine fra øvingsmodus, hvert ved siden av det veilederen skrev. Bare du og instruktørene kan se dem.</translation>
    </message>
    <message>
        <source>All trainees</source>
        <translation>Alle kursdeltakere</translation>
    </message>
    <message>
        <source>Open a replay to see the practice answers given at it.</source>
        <translation>Åpne en avspilling for å se øvingssvarene som er gitt til den.</translation>
    </message>
    <message>
        <source>No practice answers at this replay yet. Tick Practice mode and press Play: the replay stops before each counsellor message, and what is written there is kept here.</source>
        <translation>Ingen øvingssvar til denne avspillingen ennå. Kryss av for Øvingsmodus og trykk Spill av: avspillingen stopper før hver melding fra veilederen, og det som skrives der, lagres her.</translation>
    </message>
</context>
<context>
    <name>PlayerPanel</name>
    <message>
        <source>Choose a replay in the list to play it.</source>
        <translation>Velg en avspilling i listen for å spille den av.</translation>
    </message>
</context>
<context>
    <name>AttemptsModel</name>
    <message>
        <source>Moment</source>
        <translation>Tidspunkt</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>Kursdeltaker</translation>
    </message>
    <message>
        <source>What the counsellor wrote</source>
        <translation>Det veilederen skrev</translation>
    </message>
    <message>
        <source>Answer in practice</source>
        <translation>Svar under øving</translation>
    </message>
</context>
<context>
    <name>DeleteReplayDialog</name>
    <message>
        <source>Delete replay</source>
        <translation>Slett avspilling</translation>
    </message>
    <message>
        <source>Delete this replay for everyone?</source>
        <translation>Slette denne avspillingen for alle?</translation>
    </message>
    <message>
        <source>%1

The replay, its trainer notes and every practice answer given at it are deleted on the hub. This cannot be undone, and the deletion is recorded with your name.</source>
        <translation>%1

Avspillingen, notatene fra instruktøren og alle øvingssvar til den slettes på huben. Det kan ikke angres, og slettingen registreres med navnet ditt.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Slett</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Behold</translation>
    </message>
</context>
</TS>

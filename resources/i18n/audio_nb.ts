<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>AudioDialog</name>
    <message>
        <source>Sound</source>
        <translation>Lyd</translation>
    </message>
    <message>
        <source>The microphone and speaker the desk phone uses for calls. Speak: the bar moves when the microphone hears you. The headset check records three seconds and plays them back; nothing is kept.</source>
        <translation>Mikrofonen og høyttaleren telefonen på pulten bruker i samtaler. Snakk: stolpen beveger seg når mikrofonen hører deg. Hodesettsjekken tar opp tre sekunder og spiller dem av igjen; ingenting lagres.</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Lydstyrke</translation>
    </message>
    <message>
        <source>Microphone level</source>
        <translation>Mikrofonnivå</translation>
    </message>
    <message>
        <source>&amp;Check the headset</source>
        <translation>&amp;Sjekk hodesettet</translation>
    </message>
    <message>
        <source>&amp;Microphone</source>
        <translation>&amp;Mikrofon</translation>
    </message>
    <message>
        <source>&amp;Speaker</source>
        <translation>&amp;Høyttaler</translation>
    </message>
    <message>
        <source>&amp;Volume</source>
        <translation>&amp;Lydstyrke</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Nivå</translation>
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
        <source>No sound</source>
        <translation>Ingen lyd</translation>
    </message>
    <message>
        <source>The system's default</source>
        <translation>Systemets standard</translation>
    </message>
    <message>
        <source>%1 (not found now)</source>
        <translation>%1 (ikke funnet nå)</translation>
    </message>
    <message>
        <source>The microphone could not be opened.</source>
        <translation>Mikrofonen kunne ikke åpnes.</translation>
    </message>
    <message>
        <source>Say something now: recording for 3 seconds…</source>
        <translation>Si noe nå: tar opp i 3 sekunder …</translation>
    </message>
    <message>
        <source>Playing back what the microphone heard…</source>
        <translation>Spiller av det mikrofonen hørte …</translation>
    </message>
    <message>
        <source>Done. Did you hear yourself? If not, choose another device.</source>
        <translation>Ferdig. Hørte du deg selv? Hvis ikke, velg en annen enhet.</translation>
    </message>
    <message>
        <source>The microphone heard nothing. Check that the headset is plugged in.</source>
        <translation>Mikrofonen hørte ingenting. Sjekk at hodesettet er koblet til.</translation>
    </message>
    <message>
        <source>The headset check could not run.</source>
        <translation>Hodesettsjekken kunne ikke kjøres.</translation>
    </message>
</context>
<context>
    <name>AudioButton</name>
    <message>
        <source>Sound</source>
        <translation>Lyd</translation>
    </message>
    <message>
        <source>Sound settings for the desk phone</source>
        <translation>Lydinnstillinger for telefonen på pulten</translation>
    </message>
    <message>
        <source>Microphone, speaker and a headset check (Ctrl+Shift+L)</source>
        <translation>Mikrofon, høyttaler og hodesettsjekk (Ctrl+Shift+L)</translation>
    </message>
</context>
<context>
    <name>HeadsetOffer</name>
    <message>
        <source>Headset check</source>
        <translation>Hodesettsjekk</translation>
    </message>
    <message>
        <source>Check the headset before the shift? It takes a few seconds: say something, and hear it played back.</source>
        <translation>Vil du sjekke hodesettet før vakten? Det tar noen sekunder: si noe, og hør det spilt av igjen.</translation>
    </message>
    <message>
        <source>Check now</source>
        <translation>Sjekk nå</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Hopp over</translation>
    </message>
</context>
<context>
    <name>SoftphoneWatch</name>
    <message>
        <source>The desk phone stopped. The caller is on hold and hears the waiting audio; the phone is starting again. Press Resume when it says “Phone ready”.</source>
        <translation>Telefonen på pulten stoppet. Innringeren er satt på vent og hører ventelyden; telefonen starter på nytt. Trykk Fortsett når det står «Telefon klar».</translation>
    </message>
    <message>
        <source>%1 took over your call that was on hold.</source>
        <translation>%1 tok over samtalen din som sto på vent.</translation>
    </message>
</context>
<context>
    <name>TakeOverButton</name>
    <message>
        <source>%1's desk phone stopped during a call: take the call over</source>
        <translation>Telefonen på pulten til %1 stoppet under en samtale: ta over samtalen</translation>
    </message>
    <message>
        <source>%1's desk was lost during a call: take the call over</source>
        <translation>Pulten til %1 falt ut under en samtale: ta over samtalen</translation>
    </message>
    <message>
        <source>The caller is on hold and hears the waiting audio. Taking it over rings your desk phone and makes the conversation yours; %1 is told.</source>
        <translation>Innringeren står på vent og hører ventelyden. Tar du den over, ringer den på telefonen din og samtalen blir din; %1 får beskjed.</translation>
    </message>
    <message>
        <source>The call is yours now: it is on your desk phone.</source>
        <translation>Samtalen er din nå: den er på telefonen din.</translation>
    </message>
    <message>
        <source>The call could not be taken over: %1</source>
        <translation>Samtalen kunne ikke tas over: %1</translation>
    </message>
</context>
</TS>

<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="nb_NO">
<context>
    <name>SoftphoneControls</name>
    <message>
        <source>Phone ready</source>
        <translation>Telefon klar</translation>
    </message>
    <message>
        <source>Phone in call</source>
        <translation>Telefon i samtale</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Ikke tilkoblet</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Demp</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Slå på lyd</translation>
    </message>
    <message>
        <source>Turn the microphone back on</source>
        <translation>Slå mikrofonen på igjen</translation>
    </message>
    <message>
        <source>Turn the microphone off: the caller hears nothing from you</source>
        <translation>Slå av mikrofonen: innringeren hører ingenting fra deg</translation>
    </message>
    <message>
        <source>The desk phone did not start: calls carry no voice.</source>
        <translation>Telefonen på pulten startet ikke: samtaler har ikke lyd.</translation>
    </message>
</context>
</TS>

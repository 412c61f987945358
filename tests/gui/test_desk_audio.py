"""The desk softphone's sound settings ("Lyd"): devices, level meter, headset check, ringing.

Devices here are files and bridges only (``aufile,…``, ``aubridge,…``): no sound card.
"""

from __future__ import annotations

import array
import asyncio
import datetime as dt
import math
import wave
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt

from tests.gui.conftest import Desk
from tests.gui.helpers import eventually
from tests.gui.test_desk_calls import phone
from tests.gui.test_panel_notify import rig
from tests.support.hubs import PASSWORD
from tests.support.sip import caller, heard, need, power_at
from tests.support.sip import tone as sip_tone
from workstation.hub.server import HubServer
from workstation.hub.telephony.softphone import SoftphoneFeature
from workstation.sip.devices import AudioDevice, at_volume, level, list_devices
from workstation.sip.softphone import DeskSoftphone
from workstation.ui.app import desk_softphone
from workstation.ui.calls.audio_settings import (
    AudioButton,
    AudioDialog,
    AudioSettings,
    HeadsetOffer,
    apply,
    offer_headset_check,
)
from workstation.ui.calls.softphone_watch import SoftphoneWatch
from workstation.ui.calls.take_over import TakeOverButton
from workstation.ui.session import sign_in

PCM = (
    "00-00: ALC3246 Analog : ALC3246 Analog : playback 1 : capture 1\n"
    "00-03: HDMI 0 : HDMI 0 : playback 1\n"
    "01-00: USB Audio : Jabra Evolve 40 : playback 1 : capture 1\n"
)


def tone(path: Path, hz: float, seconds: float = 1.0, amplitude: float = 0.3) -> Path:
    samples = array.array("h", (int(amplitude * 32767 * math.sin(2 * math.pi * hz * i / 8000))
                                for i in range(int(8000 * seconds))))
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(samples.tobytes())
    return path


def samples_of(path: Path) -> array.array[int]:
    with wave.open(str(path), "rb") as wav:
        return array.array("h", wav.readframes(wav.getnframes()))


@pytest.fixture
def settings_folder(tmp_path: Path) -> Path:
    """The desk's settings (QSettings) in a folder of this test's own."""
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    QSettings().clear()
    return tmp_path


def test_alsa_devices_are_listed_for_capture_and_playback(tmp_path: Path) -> None:
    pcm = tmp_path / "pcm"
    pcm.write_text(PCM)
    sources = [d.name for d in list_devices("source", pcm)]
    players = [d.name for d in list_devices("player", pcm)]
    assert sources == ["aubridge,desk-silence", "alsa,default", "alsa,plughw:0,0",
                       "alsa,plughw:1,0"]
    assert players == ["aubridge,desk-nowhere", "alsa,default", "alsa,plughw:0,0",
                       "alsa,plughw:0,3", "alsa,plughw:1,0"]
    # a machine without a sound card: no sound only
    assert [d.name for d in list_devices("source", tmp_path / "none")] == [
        "aubridge,desk-silence"]


async def test_the_dialog_lists_the_devices_in_norwegian(tmp_path: Path, qtbot: Any) -> None:
    pcm = tmp_path / "pcm"
    pcm.write_text(PCM)
    dialog = AudioDialog(None, AudioSettings(), list_devices("source", pcm),
                         list_devices("player", pcm))
    qtbot.addWidget(dialog)
    texts = [dialog.source_box.itemText(i) for i in range(dialog.source_box.count())]
    assert texts == ["Ingen lyd", "Systemets standard", "ALC3246 Analog: ALC3246 Analog",
                     "USB Audio: Jabra Evolve 40"]
    assert dialog.source() == "alsa,default" and dialog.player() == "alsa,default"
    assert dialog.windowTitle() == "Lyd"
    assert dialog.check_button.text() == "&Sjekk hodesettet"
    # a saved headset that is not plugged in now stays chosen, and says so
    gone = AudioDialog(None, AudioSettings(source="alsa,plughw:5,0"),
                       list_devices("source", pcm), list_devices("player", pcm))
    qtbot.addWidget(gone)
    assert gone.source() == "alsa,plughw:5,0"
    assert gone.source_box.currentText() == "alsa,plughw:5,0 (ikke funnet nå)"


async def test_the_chosen_devices_reach_the_softphones_baresip(
    tmp_path: Path, qtbot: Any
) -> None:
    """Chosen in the dialog, applied: the softphone's baresip starts again (same port) with
    them, and a call to it carries the chosen microphone's 440 Hz."""
    need("baresip")
    source = f"aufile,{sip_tone(tmp_path / 'mic.wav', 440, 60)}"
    player = "aubridge,test-speaker"  # baresip 1.0's aufile has no player
    devices = [AudioDevice("aubridge,desk-silence"), AudioDevice(source, "Test microphone")]
    players = [AudioDevice("aubridge,desk-nowhere"), AudioDevice(player, "Test speaker")]
    async with DeskSoftphone("kari", hub_host="127.0.0.1") as softphone:
        port = softphone.process.settings.port
        dialog = AudioDialog(None, AudioSettings(), devices, players)
        qtbot.addWidget(dialog)
        dialog.source_box.setCurrentIndex(dialog.source_box.findText("Test microphone"))
        dialog.player_box.setCurrentIndex(dialog.player_box.findText("Test speaker"))
        await apply(dialog.chosen(), softphone)
        assert softphone.devices == (source, player)
        assert softphone.state == "ready" and softphone.process.settings.port == port
        folder = softphone.process._folder
        assert folder is not None
        config = (Path(folder.name) / "config").read_text()
        assert f"audio_source {source}\n" in config and f"audio_player {player}\n" in config
        async with caller(tmp_path / "caller") as other:
            assert other.control is not None
            await other.control.command("dial", softphone.address)
            await asyncio.wait_for(softphone.until("in_call"), 15)
            await asyncio.sleep(3)  # let 3 s of the desk's microphone reach the caller
        samples = heard(tmp_path / "caller")[-8000 * 2:]
        assert power_at(samples, 440) > 1000 * power_at(samples, 1000)


async def test_the_meter_moves_with_a_tone_and_falls_with_silence(
    tmp_path: Path, qtbot: Any
) -> None:
    loud = f"aufile,{tone(tmp_path / 'tone.wav', 1000)}"
    quiet = f"aufile,{tone(tmp_path / 'quiet.wav', 1000, amplitude=0.0)}"
    dialog = AudioDialog(None, AudioSettings(source=loud),
                         [AudioDevice(loud, "tone"), AudioDevice(quiet, "quiet")], [])
    qtbot.addWidget(dialog)
    dialog.show()
    await eventually(lambda: dialog.meter.value() > 50)
    dialog.source_box.setCurrentIndex(1)
    await eventually(lambda: dialog.meter.value() == 0)
    dialog.source_box.setCurrentIndex(0)
    await eventually(lambda: dialog.meter.value() > 50)
    dialog.reject()


async def test_the_headset_check_plays_back_what_the_microphone_heard(
    tmp_path: Path, qtbot: Any
) -> None:
    source = f"aufile,{tone(tmp_path / 'mic.wav', 1000)}"
    out = tmp_path / "speaker.wav"
    player = f"aufile,{out}"
    dialog = AudioDialog(None, AudioSettings(source=source, player=player, volume=50),
                         [AudioDevice(source, "mic")], [AudioDevice(player, "speaker")])
    qtbot.addWidget(dialog)
    dialog.show()
    await dialog.run_check()
    assert dialog.check_done
    assert dialog.check_status.text() == (
        "Ferdig. Hørte du deg selv? Hvis ikke, velg en annen enhet.")
    played = samples_of(out)
    assert len(played) == 3 * 8000
    heard = samples_of(tmp_path / "mic.wav")
    assert level(played) == pytest.approx(level(heard) * 0.5, rel=0.05)  # at the volume chosen
    # a silent microphone is told as such
    silent = f"aufile,{tone(tmp_path / 'silent.wav', 1000, amplitude=0.0)}"
    dialog.source_box.addItem("silent", silent)
    dialog.source_box.setCurrentIndex(dialog.source_box.count() - 1)
    await dialog.run_check()
    assert dialog.check_status.text() == (
        "Mikrofonen hørte ingenting. Sjekk at hodesettet er koblet til.")
    dialog.reject()


async def test_the_volume_slider_sets_how_loud_the_softphone_plays_calls(
    settings_folder: Path, desk: Desk,
) -> None:
    """The slider's volume reaches the running softphone at once (its ALSA player wrapped in
    a gain: tests/e2e/test_desk_softphone.py measures the 12 dB), is kept, and a desk started
    again starts its softphone with it."""
    need("baresip")
    speaker = [AudioDevice("alsa,null", "Test speaker")]
    async with DeskSoftphone("kari", hub_host="127.0.0.1", player="alsa,null") as softphone:
        port = softphone.process.settings.port
        dialog = AudioDialog(None, AudioSettings(player="alsa,null", volume=100),
                             sources=[AudioDevice("aubridge,desk-silence")], players=speaker)
        dialog.volume.setValue(25)
        chosen = dialog.chosen()
        chosen.save()
        await apply(chosen, softphone)
        dialog.deleteLater()
        assert softphone.volume == 25
        assert softphone.process.settings.player == at_volume("alsa,null", 25)
        assert "ttable.0.0=0.25" in softphone.process.settings.player
        assert softphone.devices[1] == "alsa,null"  # what was chosen, without the gain
        assert softphone.state == "ready" and softphone.process.settings.port == port
    assert AudioSettings.load().volume == 25
    async with desk_softphone("udp:127.0.0.1:0", "kari", "ws://127.0.0.1:8765") as (
        started, _,
    ):
        assert started is not None and started.volume == 25


async def test_the_choice_is_kept_in_the_desks_settings(settings_folder: Path) -> None:
    AudioSettings(source="alsa,plughw:1,0", player="aubridge,desk-nowhere", volume=35,
                  checked_on="2026-12-05").save()
    saved = AudioSettings.load()
    assert saved == AudioSettings("alsa,plughw:1,0", "aubridge,desk-nowhere", 35, "2026-12-05")
    # this machine has no card 1 now: the softphone starts with its own choice for that one
    assert saved.present() == (None, "aubridge,desk-nowhere")


async def test_the_headset_check_is_offered_once_a_day(
    settings_folder: Path, qtbot: Any, monkeypatch: Any
) -> None:
    opened: list[bool] = []

    async def open_settings(self: AudioButton, check: bool = False) -> None:
        opened.append(check)

    monkeypatch.setattr(AudioButton, "open_settings", open_settings)
    monkeypatch.setattr(HeadsetOffer, "open", lambda self: self.accept())
    button = AudioButton(None, None)  # type: ignore[arg-type]
    qtbot.addWidget(button)
    day = dt.date(2026, 12, 5)
    assert await offer_headset_check(button, day) is True
    assert opened == [True]
    assert await offer_headset_check(button, day) is False  # once on this machine today
    monkeypatch.setattr(HeadsetOffer, "open", lambda self: self.reject())  # skipped
    assert await offer_headset_check(button, day + dt.timedelta(days=1)) is False
    assert opened == [True]
    assert AudioSettings.load().checked_on == "2026-12-06"  # the skip is remembered


async def test_an_offered_call_rings_until_it_is_answered(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    notifier, player, display = rig(desk)
    notifier.ring_timer.setInterval(100)
    await phone(hub).ring("+4791234512")
    await eventually(lambda: len(player.volumes) >= 4)
    assert set(player.volumes) == {40}
    assert len(display.notices) == 1  # one notice; the chime goes on
    notifier.settings.sound = False  # the notification settings: no sound, no ringing
    count = len(player.volumes)
    notifier.ring()
    assert len(player.volumes) == count
    notifier.settings.sound = True
    qtbot.mouseClick(desk.window.queue_panel.answer_button, Qt.MouseButton.LeftButton)
    await eventually(lambda: not notifier.ring_timer.isActive())


class FakePhone:
    on_lost: Any = None
    on_ready: Any = None
    state = "off"
    port = 0


async def test_the_desk_tells_the_hub_where_its_softphone_listens(
    desk: Desk, hub: HubServer
) -> None:
    """``softphone_ready`` with the port at once for a running softphone, again after it
    started anew and after the desk reconnected, and not after it was lost: the hub dials
    the desk's own address."""
    softphones = hub.hub.feature(SoftphoneFeature)
    fake = FakePhone()
    fake.state, fake.port = "ready", 5062
    watch = SoftphoneWatch(desk.controller, fake)
    await eventually(lambda: softphones.address("kari") == "sip:kari@127.0.0.1:5062")
    fake.state = "off"
    fake.on_lost()
    await eventually(lambda: softphones.address("kari") is None)
    fake.state, fake.port = "ready", 5064  # what DeskSoftphone does once started again
    fake.on_ready()
    await eventually(lambda: softphones.address("kari") == "sip:kari@127.0.0.1:5064")
    assert watch.link is not None
    await watch.link.settled()
    assert [answer["type"] for answer in watch.link.answers] == ["ok", "ok", "ok"]
    (old,) = hub.hub.staff["kari"]
    await old.ws.close()  # the desk's connection drops; the desk reconnects
    await eventually(lambda: softphones.ready.get("kari", (old,))[0] is not old, timeout=15)
    assert softphones.address("kari") == "sip:kari@127.0.0.1:5064"  # said again on it
    # The ready comes from the desk's hello, before its resync is answered: one more answer
    # on the new connection lets the reconnect finish here, on the running loop, rather than
    # in pytest-qt's event processing after the test (where no asyncio loop runs and the
    # client's writer task could not start).
    await desk.controller.client.request({"type": "roster"})


async def test_the_desk_tells_the_hub_when_its_softphone_stops_and_says_so(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    fake = FakePhone()
    watch = SoftphoneWatch(desk.controller, fake)
    notices: list[str] = []
    watch.notice.connect(notices.append)
    call = await phone(hub).ring("+4791234512")
    await eventually(lambda: desk.controller.calls.rowCount() == 1)
    qtbot.mouseClick(desk.window.queue_panel.answer_button, Qt.MouseButton.LeftButton)
    bar = desk.window.conversation_panel.call_bar
    await eventually(lambda: bar.call_state() == "connected")
    fake.on_lost()  # what DeskSoftphone calls when its baresip died
    assert notices == [
        "Telefonen på pulten stoppet. Innringeren er satt på vent og hører ventelyden; "
        "telefonen starter på nytt. Trykk Fortsett når det står «Telefon klar»."]
    await eventually(lambda: phone(hub).calls[call] == "held")
    await eventually(lambda: bar.call_state() == "held")
    assert bar.hold_button.text() == "Fortsett"
    watch.on_controller_push_received({"type": "call_taken_over", "conversation": "c1",
                                       "user": "lead", "counsellor": "Vaktleder Vera"})
    assert notices[-1] == "Vaktleder Vera tok over samtalen din som sto på vent."


async def test_the_lead_takes_over_a_lost_desks_call_from_the_status_bar(
    desk: Desk, hub: HubServer, qtbot: Any
) -> None:
    lead = await sign_in(hub.url, "lead", PASSWORD)
    try:
        button = TakeOverButton(lead.controller)
        qtbot.addWidget(button)
        notices: list[str] = []
        button.notice.connect(notices.append)
        kari_button = TakeOverButton(desk.controller)  # a counsellor: never shown
        qtbot.addWidget(kari_button)
        call = await phone(hub).ring("+4791234512")
        await eventually(lambda: desk.controller.calls.rowCount() == 1)
        qtbot.mouseClick(desk.window.queue_panel.answer_button, Qt.MouseButton.LeftButton)
        bar = desk.window.conversation_panel.call_bar
        await eventually(lambda: bar.call_state() == "connected")
        SoftphoneWatch(desk.controller, fake := FakePhone())
        fake.on_lost()
        await eventually(lambda: not button.isHidden() and bool(button.waiting))
        assert button.text() == ("Telefonen på pulten til kari stoppet under en samtale: "
                                 "ta over samtalen")
        await button.take_over()
        assert notices == ["Samtalen er din nå: den er på telefonen din."]
        assert phone(hub).desk[call] == "lead" and phone(hub).calls[call] == "connected"
        assert not button.waiting and button.isHidden()
        assert not kari_button.waiting and kari_button.isHidden()
    finally:
        await lead.close()

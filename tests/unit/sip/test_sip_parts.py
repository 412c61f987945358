"""The parts of the SIP adapter that need no baresip: framing, addresses, numbers."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from workstation.hub.cli import main
from workstation.hub.telephony.sip import (
    SipTelephony,
    caller_number,
    desk_phones,
    outside_phones,
    parse_address,
)
from workstation.sip.control import BaresipControl, ControlError, NetstringReader, netstring
from workstation.sip.process import BaresipSettings


def test_netstrings_split_and_join_across_reads() -> None:
    reader = NetstringReader()
    data = netstring(b'{"a":1}') + netstring(b"") + netstring(b"x,y")
    got = [p for i in range(len(data)) for p in reader.feed(data[i:i + 1])]
    assert got == [b'{"a":1}', b"", b"x,y"]


@pytest.mark.parametrize("bad", [b"abc:xyz,", b"3:abcd", b"99999999999:", b"12345678901"])
def test_a_broken_netstring_is_an_error(bad: bytes) -> None:
    with pytest.raises(ControlError):
        list(NetstringReader().feed(bad))


@pytest.mark.parametrize(("text", "expected"), [
    ("udp:127.0.0.1:0", ("127.0.0.1", 0)),
    ("udp:0.0.0.0:5060", ("0.0.0.0", 5060)),
    ("udp:[::1]:5070", ("::1", 5070)),
])
def test_sip_addresses(text: str, expected: tuple[str, int]) -> None:
    assert parse_address(text) == expected


@pytest.mark.parametrize("text", ["tcp:127.0.0.1:5060", "udp:127.0.0.1", "udp::5060",
                                  "udp:h:70000", "127.0.0.1:5060"])
def test_not_sip_addresses(text: str) -> None:
    with pytest.raises(ValueError, match="udp:HOST:PORT"):
        parse_address(text)


@pytest.mark.parametrize(("uri", "number"), [
    ("sip:+4791234512@127.0.0.1:5070", "+4791234512"),
    ("<sip:91234512@host;transport=udp>", "91234512"),
    ("tel:+4791234512", "+4791234512"),
    ("sip:anonymous@anonymous.invalid", "anonymous"),
    ("", None),
    ("http://x", None),
])
def test_the_callers_number_is_the_user_part(uri: str, number: str | None) -> None:
    assert caller_number(uri) == number


def test_the_hubs_account_answers_at_once_and_listens_where_told() -> None:
    settings = BaresipSettings(user="116111", host="::1", port=5070, source="aufile,/q.wav")
    assert settings.account() == "<sip:116111@[::1]:5070>;regint=0;answermode=auto\n"
    config = settings.config(4444, Path("/tmp/b/sounds"))
    assert "sip_listen [::1]:5070\n" in config
    assert "audio_source aufile,/q.wav\n" in config
    assert "ctrl_tcp_listen 127.0.0.1:4444\n" in config
    assert "sndfile" not in config
    # baresip's own tones would take an aubridge device and unpair the desk's bridge
    assert "ringback_disabled yes\n" in config
    assert "audio_path /tmp/b/sounds\n" in config


def test_the_hubs_lines_decode_at_once_and_keep_little_audio_waiting() -> None:
    """The bridge's added delay (bench/sip_bridge_delay.py): 240 ms with baresip's default
    buffers, 25-35 ms without the line's jitter buffer and with at most 60 ms waiting."""
    adapter = SipTelephony(lines=1)
    shutil.rmtree(adapter._folder)  # made by the constructor; never started here
    line = adapter.lines[0].process.settings.config(4444, Path("/s"))
    assert "jitter_buffer_delay 0-0\n" in line
    assert "audio_buffer 20-60\n" in line
    desk = BaresipSettings(user="kari").config(4444, Path("/s"))  # others: baresip's own
    assert "jitter_buffer_delay 5-10\n" in desk and "audio_buffer 20-160\n" in desk


def test_a_desk_softphone_address_is_made_from_the_staff_user_name() -> None:
    phone = desk_phones("sip:{user}@10.0.0.7:5062")
    assert phone("kari") == "sip:kari@10.0.0.7:5062"
    assert phone("a b@c") == "sip:a%20b%40c@10.0.0.7:5062"  # a name cannot change the host


@pytest.mark.parametrize("template", ["kari@10.0.0.7", "sip:kari@10.0.0.7", "sip:{user}"])
def test_a_desk_template_that_is_not_sip_user_at_host_is_refused(template: str) -> None:
    with pytest.raises(ValueError):
        desk_phones(template)


def test_an_outside_number_is_dialled_as_its_digits_on_the_trunk() -> None:
    trunk = outside_phones("sip:{number}@10.0.0.9:5060")
    assert trunk("116 006") == "sip:116006@10.0.0.9:5060"
    assert trunk("+47 22 12@x") == "sip:+472212@10.0.0.9:5060"  # nothing but digits and +
    with pytest.raises(ValueError):
        outside_phones("sip:112@10.0.0.9")


@pytest.mark.parametrize("argv", [
    ["serve", "--sip-desk", "sip:{user}@127.0.0.1:5062"],  # without --sip
    ["serve", "--sip-outside", "sip:{number}@127.0.0.1:5062"],  # without --sip
    ["serve", "--sip", "udp:127.0.0.1:0", "--sip-outside", "sip:112@127.0.0.1:5062"],
    ["serve", "--sip", "udp:127.0.0.1:0", "--sip-desk", "sip:kari@127.0.0.1:5062"],
])
def test_the_hub_refuses_a_desk_or_outside_option_it_cannot_use(
    argv: list[str], capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert argv[-2] in capsys.readouterr().err  # the option named


def test_a_player_at_a_volume_is_alsa_route_with_a_gain() -> None:
    from workstation.sip.devices import BARESIP_DEVICE_MAX, at_volume

    assert at_volume("alsa,plughw:1,0", 25) == (
        'alsa,plug:{SLAVE={type=route;slave.pcm="plughw:1,0";ttable.0.0=0.25}}')
    assert at_volume("alsa,default", 0).endswith("ttable.0.0=0}}")
    assert at_volume("alsa,default", 100) == "alsa,default"  # full loudness: as chosen
    assert at_volume("aubridge,desk-nowhere", 25) == "aubridge,desk-nowhere"  # not ALSA
    long = "alsa,plughw:" + "x" * BARESIP_DEVICE_MAX  # baresip would cut it off
    assert at_volume(long, 25) == long


async def test_a_message_that_is_not_json_is_skipped_and_the_line_keeps_its_events() -> None:
    """A control message baresip did not encode well (bytes that are not UTF-8, a raw
    control character) costs that message only: the events after it still arrive and the
    connection stays open; a lost framing ends it, with the reason kept."""
    sent: asyncio.Queue[asyncio.StreamWriter] = asyncio.Queue()

    async def serve(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await sent.put(writer)

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        control = await BaresipControl.connect("127.0.0.1", port)
        peer = await sent.get()
        peer.write(netstring(b'{"event":true,"type":"A","peeruri":"sip:\xff\xfe@x"}')
                   + netstring(b"{not json") + netstring(b'{"event":true,"type":"B\x01"}')
                   + netstring(b'{"event":true,"type":"C"}'))
        kinds = [(await asyncio.wait_for(control.events.get(), 5) or {}).get("type")
                 for _ in range(3)]
        assert kinds == ["A", "B\x01", "C"]
        assert control.skipped == 1 and control.ended is None
        peer.write(b"abc:xyz,")
        assert await asyncio.wait_for(control.events.get(), 5) is None
        assert control.ended == "not a netstring"
        peer.close()
        await control.close()

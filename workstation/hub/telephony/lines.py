"""The hub's phone lines: a pool of one-call baresip processes behind a Kamailio of its own.

baresip 1.0 switches the audio devices of *every* call of a user agent at once, so one
process can bridge only one caller to a desk (docs/telephony.md). Here every caller gets a
process of its own — a *line*: a baresip with ``call_max_calls 1`` on a port of its own —
and the hub's SIP address is a Kamailio started by the hub in front of them with the
``dispatcher`` module. Kamailio picks a line round-robin; a busy line answers 486 and
Kamailio's ``failure_route`` tries the next, until every line has said no (the caller then
gets 486). Kamailio record-routes, so the caller's BYE reaches the line through it.

:class:`Front` writes the dispatcher list and a minimal configuration into a folder of the
hub's and runs Kamailio; :class:`Line` is one baresip and its control connection. Nothing
here writes Kamailio's or baresip's output to a log: it names callers.
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import shutil
import socket
from dataclasses import dataclass, field
from pathlib import Path

from workstation.hub.telephony.trunk import TrunkRegistration, config_lines, write_tables
from workstation.sip.control import ControlError
from workstation.sip.process import BaresipProcess, _die_with_parent, end_process, free_port

#: How many lines (callers at once) by default: ``serve --sip-lines N``.
LINES = 8
#: A line's RTP jitter buffer: none. The line decodes each packet as it arrives and its
#: audio buffer (below) is the one place a caller's jitter waits; with baresip's default
#: (5-10 packets) the bridge added 240 ms to the voice on loopback, with this and the
#: buffer below 25-47 ms (bench/sip_bridge_delay.py, docs/performance.md).
LINE_JITTER_FRAMES = (0, 0)
#: A line's received-audio buffer (ms): playing starts at 20 ms, more than 60 ms waiting is
#: dropped (baresip's default 20-160 let it grow to ~140 ms behind the bridge).
LINE_AUDIO_BUFFER_MS = (20, 60)
#: How long Kamailio may take to open its SIP port.
FRONT_START_S = 15.0

#: The configuration (LISTEN, MPATH, LIST, LINE_PORTS, LINE_HOST, OVERFLOW filled in): 116111
#: only, anything else 404; when every line is busy, the overflow line.
FRONT_CONFIG = """#!KAMAILIO
# The hub's front (workstation/hub/telephony/lines.py): 116111 goes to a free line.
debug=0
log_stderror=yes
fork=yes
children=2
# Shutdown: after 3 s whatever has not finished is killed (the default waits 60 s).
exit_timeout=3
auto_aliases=no
listen=udp:LISTEN
mpath="MPATH"
#TLS
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "maxfwd.so"
loadmodule "pv.so"
loadmodule "siputils.so"
loadmodule "textops.so"
loadmodule "dispatcher.so"
modparam("dispatcher", "list_file", "LIST")
modparam("dispatcher", "flags", 2)
#TRUNK

request_route {
    if (!mf_process_maxfwd_header("10")) {
        sl_send_reply("483", "Too Many Hops");
        exit;
    }
    if (has_totag()) {
        if (loose_route()) {
            t_relay();
            exit;
        }
        if (LINE_PORTS) {
            # A caller that ignores Record-Route (SIPp) sends to its line's Contact: relay,
            # but only to a line of ours, whatever host the request names.
            $du = "sip:LINE_HOST:" + $rp;
            t_relay();
            exit;
        }
        if (is_method("ACK")) {
            if (t_check_trans()) { t_relay(); }
            exit;
        }
        sl_send_reply("404", "Not here");
        exit;
    }
    if (is_method("CANCEL")) {
        if (t_check_trans()) { t_relay(); }
        exit;
    }
    if (is_method("OPTIONS")) {
        sl_send_reply("200", "OK");
        exit;
    }
    if (!is_method("INVITE")) {
        sl_send_reply("405", "Method Not Allowed");
        exit;
    }
    if ($rU != "116111") {
        sl_send_reply("404", "Not Found");
        exit;
    }
    record_route();
    if (!ds_select_dst("1", "4")) {
        route(OVERFLOW);
        exit;
    }
    t_on_failure("NEXT_LINE");
    if (!t_relay()) { sl_reply_error(); }
}

# Every line busy: the overflow line says so in Norwegian and hangs up
# (workstation/hub/telephony/overflow.py); if it is full too, the caller gets its 486.
route[OVERFLOW] {
    $du = "sip:OVERFLOW";
    if (!t_relay()) { sl_reply_error(); }
}

failure_route[NEXT_LINE] {
    if (t_is_canceled()) { exit; }
    if (t_check_status("486|408|480|500|503")) {
        if (ds_next_dst()) {
            t_on_failure("NEXT_LINE");
            t_relay();
            exit;
        }
        route(OVERFLOW);
        exit;
    }
}
"""


def _modules() -> str:
    found = sorted(glob.glob("/usr/lib/*/kamailio/modules"))
    if not found:
        raise FrontMissing("kamailio is not installed (apt-get install kamailio)")
    return found[0] + "/"


def _kamailio() -> str:
    program = shutil.which("kamailio") or shutil.which("kamailio", path="/usr/sbin:/sbin")
    if program is None:
        raise FrontMissing("kamailio is not installed (apt-get install kamailio)")
    return program


def line_host(host: str) -> str:
    """Where the lines listen for a front on ``host``. baresip 1.0 does not honour the port
    of ``sip_listen 0.0.0.0:PORT`` (it binds a port of its own on each interface address), so
    for "every address" the lines listen on the address of the default route's interface
    (which a desk on another machine can reach; loopback if there is none)."""
    if host not in ("0.0.0.0", "::"):
        return host
    family = socket.AF_INET6 if host == "::" else socket.AF_INET
    probe_to = "2001:db8::1" if host == "::" else "192.0.2.1"
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.connect((probe_to, 9))  # no packet is sent: this only picks a route
            return str(probe.getsockname()[0])
    except OSError:
        return "::1" if host == "::" else "127.0.0.1"


class FrontMissing(RuntimeError):
    """Kamailio is not installed (Debian: ``apt-get install kamailio``)."""


def _bound(host: str, port: int) -> bool:
    """Whether some process has UDP ``port`` bound (``/proc/net/udp``, Linux)."""
    wanted = f":{port:04X} "
    for table in ("/proc/net/udp", "/proc/net/udp6"):
        with contextlib.suppress(OSError), open(table) as rows:
            if any(wanted in row.split(None, 3)[1] + " " for row in list(rows)[1:]):
                return True
    return False


@dataclass
class SipTls:
    """``serve --sip-tls HOST:PORT --sip-tls-cert PEM [--sip-tls-key PEM]``: the front also
    listens for SIP over TLS (Debian's ``kamailio-tls-modules``), TLS 1.2 or newer, with
    this certificate chain and key; callers are not asked for certificates. Port 0: a free
    one, chosen at start."""

    host: str
    port: int
    cert: Path
    key: Path

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"tls:{host}:{self.port}"

    def config_lines(self, folder: Path) -> str:
        if self.port == 0:
            self.port = free_port(socket.SOCK_STREAM, self.host)
        host = f"[{self.host}]" if ":" in self.host else self.host
        settings = folder / "tls.cfg"
        settings.write_text(
            "[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\n"
            f"require_certificate = no\ncertificate = {self.cert.resolve()}\n"
            f"private_key = {self.key.resolve()}\n\n"
            "[client:default]\nmethod = TLSv1.2+\nverify_certificate = no\n"
            "require_certificate = no\n")
        return (f"enable_tls=yes\nlisten=tls:{host}:{self.port}\n"
                f'loadmodule "tls.so"\nmodparam("tls", "config", "{settings}")\n')


@dataclass
class Front:
    """Kamailio in front of the lines. Attributes: host, port (chosen at start if 0);
    trunk: the operator registrar it registers with, if any (trunk.py); tls: where it also
    takes calls over TLS, if anywhere."""

    host: str
    port: int
    folder: Path
    trunk: TrunkRegistration | None = None
    tls: SipTls | None = None
    _proc: asyncio.subprocess.Process | None = field(default=None, repr=False)

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"udp:{host}:{self.port}"

    def _write(self, lines: list[str], overflow: str) -> Path:
        """``lines``: each line's ``HOST:PORT``; ``overflow``: the overflow line's (one host
        for all)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        listing = self.folder / "dispatcher.list"
        listing.write_text("".join(f"1 sip:{line}\n" for line in lines))
        host = f"[{self.host}]" if ":" in self.host else self.host
        line_host = lines[0].rpartition(":")[0]
        ports = " || ".join(f"$rp == {line.rpartition(':')[2]}" for line in [*lines, overflow])
        config = (FRONT_CONFIG.replace("LISTEN", f"{host}:{self.port}")
                  .replace("MPATH", _modules()).replace("LINE_PORTS", ports)
                  .replace("LINE_HOST", line_host).replace('"LIST"', f'"{listing}"')
                  .replace("sip:OVERFLOW", f"sip:{overflow}"))
        if self.tls is not None:  # callers over TLS too, relayed to the lines over UDP
            config = config.replace("#TLS\n", self.tls.config_lines(self.folder))
        if self.trunk is not None:  # registered as the PBX: 116111 is our contact's user
            tables = write_tables(self.folder / "trunk", self.trunk, "116111", self.host)
            config = config.replace("#TRUNK\n", config_lines(tables, f"{host}:{self.port}"))
        path = self.folder / "front.cfg"
        path.write_text(config)
        return path

    async def start(self, lines: list[str], overflow: str) -> None:
        program = _kamailio()
        if self.port == 0:
            self.port = free_port(socket.SOCK_DGRAM, self.host)
        config = self._write(lines, overflow)
        self._proc = await asyncio.create_subprocess_exec(
            program, "-f", str(config), "-DD", "-E", "-m", "32", "-M", "4",
            "-Y", str(self.folder), "-P", str(self.folder / "kamailio.pid"),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL, preexec_fn=_die_with_parent,
        )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + FRONT_START_S
        while not await asyncio.to_thread(_bound, self.host, self.port):
            if self._proc.returncode is not None or loop.time() > deadline:
                await self.stop()
                raise ControlError(f"kamailio did not start on {self.address}")
            await asyncio.sleep(0.05)

    async def stop(self) -> None:
        proc, self._proc = self._proc, None
        await end_process(proc)


@dataclass
class Line:
    """One baresip with one call at most. Attributes: index; process; idle_aor: a user
    agent with no calls (``ausrc``/``auplay`` on it restore the next caller's devices);
    call: our id of the caller on it, if any."""

    index: int
    process: BaresipProcess
    idle_aor: str = ""
    call: str | None = None
    events: asyncio.Task[None] | None = None

    @property
    def hostport(self) -> str:
        return self.process.address.removeprefix("udp:")

    def aor(self, user: str) -> str:
        return f"sip:{user}@{self.hostport}"

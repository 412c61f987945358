"""Kannel for tests: bearerbox + smsbox + a fake SMSC, and ``fakesmsc`` as the phone network.

:class:`Kannel` writes a ``kannel.conf`` in a temporary folder (every port a free loopback
port), starts ``bearerbox`` and ``smsbox`` (Debian ``kannel``), and stops them.
:class:`FakePhones` runs ``fakesmsc`` (Debian ``kannel-extras``), the fake SMSC's client:
it texts the hub and prints what Kannel sends to the phones. The tools are found by path;
a missing one fails the test with the ``apt-get`` line to run.
"""

from __future__ import annotations

import contextlib
import random
import re
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_to_bytes

from workstation.hub.sms.kannel import KannelSettings, service_url

BEARERBOX = "/usr/sbin/bearerbox"
SMSBOX = "/usr/sbin/smsbox"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"
SHORT_NUMBER = "116111"
USER, PASSWORD, TOKEN = "hub", "kannel-test-passord", "kannel-test-token"


def require() -> None:
    """Fail (never skip) when Kannel is not installed."""
    for path in (BEARERBOX, SMSBOX, FAKESMSC):
        if not Path(path).exists() and not shutil.which(Path(path).name):
            raise AssertionError(
                f"{path} is missing: apt-get install -y kannel kannel-extras (./dev does it)"
            )


def free_port() -> int:
    """A free loopback port below Linux's ephemeral range (32768 and up), so that no
    outgoing connection takes it between this choice and Kannel's bind."""
    for _ in range(100):
        port = random.randrange(20000, 32000)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError("no free port between 20000 and 32000")


def wait_port(port: int, proc: subprocess.Popen[bytes], what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"{what} exited with {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not open port {port} in {timeout} s")


class Kannel:
    """Attributes:
    folder: where kannel.conf and the logs are.
    hub_url: the hub's ``http://127.0.0.1:PORT`` (Kannel's ``get-url`` and ``dlr-url``).
    """

    def __init__(self, folder: Path, hub_url: str) -> None:
        require()
        self.folder = folder
        self.hub_url = hub_url
        self.admin_port, self.box_port = free_port(), free_port()
        self.smsc_port, self.sendsms_port = free_port(), free_port()
        self.conf = folder / "kannel.conf"
        self._procs: list[subprocess.Popen[bytes]] = []
        self._write_conf()

    @property
    def settings(self) -> KannelSettings:
        return KannelSettings(
            sendsms_url=f"http://127.0.0.1:{self.sendsms_port}/cgi-bin/sendsms",
            username=USER, password=PASSWORD, token=TOKEN, callback_url=self.hub_url,
            sender=SHORT_NUMBER,
        )

    def _write_conf(self) -> None:
        get_url = service_url(self.hub_url, TOKEN)
        self.conf.write_text(f"""\
group = core
admin-port = {self.admin_port}
admin-interface = 127.0.0.1
admin-password = {PASSWORD}
smsbox-port = {self.box_port}
box-allow-ip = 127.0.0.1
log-file = "{self.folder}/bearerbox.log"
log-level = 1
dlr-storage = internal

group = smsc
smsc = fake
smsc-id = fake
port = {self.smsc_port}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {self.box_port}
sendsms-port = {self.sendsms_port}
sendsms-interface = 127.0.0.1
log-file = "{self.folder}/smsbox.log"
log-level = 1
http-request-retry = 3
http-queue-delay = 1

group = sendsms-user
username = {USER}
password = {PASSWORD}
max-messages = 10
concatenation = true

group = sms-service
keyword = default
get-url = "{get_url}"
max-messages = 0
catch-all = true
""")

    def start(self) -> None:
        bearerbox = self._spawn(BEARERBOX, "bearerbox")
        wait_port(self.box_port, bearerbox, "bearerbox")
        wait_port(self.smsc_port, bearerbox, "bearerbox's fake SMSC")
        smsbox = self._spawn(SMSBOX, "smsbox")
        wait_port(self.sendsms_port, smsbox, "smsbox")

    def _spawn(self, program: str, name: str) -> subprocess.Popen[bytes]:
        out = (self.folder / f"{name}.out").open("ab")
        proc = subprocess.Popen([program, str(self.conf)], stdout=out, stderr=out,
                                cwd=self.folder)
        out.close()
        self._procs.append(proc)
        return proc

    def stop(self) -> None:
        """smsbox, then bearerbox, each with SIGTERM (SIGKILL after 10 s)."""
        for proc in reversed(self._procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)
        self._procs.clear()


@dataclass(frozen=True)
class Received:
    """A message Kannel sent to a phone."""

    sender: str
    receiver: str
    udh: bytes
    data: bytes

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


_GOT = re.compile(r"Got message \d+: <(.*)>$")


class FakePhones:
    """``fakesmsc`` connected to Kannel's fake SMSC, in its interactive mode: each line
    typed into it is a text to the hub; it prints what Kannel sends to the phones.

    It ends when Kannel stops: :meth:`connect` again after a restart.
    """

    def __init__(self, kannel: Kannel) -> None:
        self.kannel = kannel
        self.received: list[Received] = []
        self._proc: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None
        self._lock = threading.Lock()

    def connect(self) -> None:
        self.close()
        proc = subprocess.Popen(
            [FAKESMSC, "-H", "127.0.0.1", "-r", str(self.kannel.smsc_port), "-i", "0.1"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, encoding="utf-8", errors="replace",
        )
        self._proc = proc
        self._reader = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._reader.start()

    def text(self, number: str, text: str) -> None:
        """``number`` texts the short number: a line typed into fakesmsc."""
        assert self._proc is not None and self._proc.stdin is not None, "connect() first"
        self._proc.stdin.write(f"{number} {SHORT_NUMBER} text {text}\n")
        self._proc.stdin.flush()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            found = _GOT.search(line.rstrip("\n"))
            if found:
                with self._lock:
                    self.received.append(_parse(found.group(1)))

    def messages(self) -> list[Received]:
        with self._lock:
            return list(self.received)

    def wait(self, count: int, timeout: float = 30) -> list[Received]:
        """The first ``count`` messages received, once there are that many."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.messages()
            if len(got) >= count:
                return got
            time.sleep(0.1)
        raise AssertionError(f"fakesmsc got {len(self.messages())} messages, not {count}")

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        assert proc.stdin is not None
        with contextlib.suppress(OSError):
            proc.stdin.close()  # end of input: fakesmsc ends
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.terminate()
            proc.wait(10)
        if self._reader is not None:
            self._reader.join(10)
        assert proc.stdout is not None
        proc.stdout.close()


def _parse(line: str) -> Received:
    """``sender receiver text …`` or ``sender receiver udh UDH data DATA`` (url-encoded)."""
    sender, receiver, kind, rest = line.split(" ", 3)
    if kind == "text":
        return Received(sender, receiver, b"", rest.encode("utf-8"))
    if kind == "udh":
        udh, _, data = rest.split(" ", 2)
        return Received(sender, receiver, unquote_to_bytes(udh.replace("+", " ")),
                        unquote_to_bytes(data.replace("+", " ")))
    if kind == "data":
        return Received(sender, receiver, b"", unquote_to_bytes(rest.replace("+", " ")))
    raise AssertionError(f"fakesmsc printed a message of kind {kind!r}")

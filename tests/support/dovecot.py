"""Dovecot (Debian ``dovecot-imapd``) as a throw-away mailbox for tests.

It runs unprivileged (as the test's user, or ``nobody`` when the tests run as root) from a
temporary folder, on a free loopback port, IMAP over TLS only, with a certificate from the
tests' own CA and one passwd-file user. Letters are put into it with IMAP APPEND, as a mail
server would deliver them.
"""

from __future__ import annotations

import asyncio
import contextlib
import grp
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aioimaplib

from tests.support.certs import Authority

DOVECOT = "/usr/sbin/dovecot"
USER = "helpline"
PASSWORD = "brevkasse hemmelig 116"


@dataclass
class Mailbox:
    """A running Dovecot: where it listens, who may log in, and whom to trust."""

    port: int
    user: str
    password: str
    ca: Path
    folder: Path

    @property
    def url(self) -> str:
        return f"imaps://{self.user}@127.0.0.1:{self.port}/INBOX"

    def tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca))

    async def append(self, raw: bytes) -> None:
        """Deliver ``raw`` into the INBOX, unseen."""
        imap = await self._login()
        try:
            answer = await imap.append(raw, mailbox="INBOX")
            assert answer.result == "OK", answer
        finally:
            await _logout(imap)

    async def flags(self) -> list[str]:
        """The flags of each letter in the INBOX, in order (to see what the hub marked seen)."""
        imap = await self._login()
        try:
            assert (await imap.select("INBOX")).result == "OK"
            answer = await imap.fetch("1:*", "(FLAGS)")
            return [bytes(line).decode() for line in answer.lines if b"FETCH" in bytes(line)]
        finally:
            await _logout(imap)

    async def all_seen(self, count: int, timeout: float = 15.0) -> bool:
        """Wait until the INBOX holds ``count`` letters, all flagged seen (by the hub)."""
        async with asyncio.timeout(timeout):
            while True:
                flags = await self.flags()
                if len(flags) == count and all("\\Seen" in f for f in flags):
                    return True
                await asyncio.sleep(0.1)

    async def _login(self) -> aioimaplib.IMAP4_SSL:
        imap = aioimaplib.IMAP4_SSL("127.0.0.1", self.port, ssl_context=self.tls(), timeout=10)
        await imap.wait_hello_from_server()
        assert (await imap.login(self.user, self.password)).result == "OK"
        return imap


async def _logout(imap: aioimaplib.IMAP4_SSL) -> None:
    """LOGOUT, then drop our end at once: aioimaplib leaves the socket to the server's close,
    and a transport collected before that arrives warns (an error in this suite). ``abort``,
    not ``close``: closing a TLS transport waits for the server's close_notify (up to 30 s)
    before it closes the socket, so a test that ended first left the socket to the collector
    (seen as an "unclosed transport" error in a later test)."""
    try:
        await imap.logout()
    finally:
        transport = getattr(imap.protocol, "transport", None)
        if transport is not None:
            transport.abort()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _account() -> tuple[str, int, int]:
    """Who Dovecot runs as: this user, or ``nobody`` for a root test run."""
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        return nobody.pw_name, nobody.pw_uid, nobody.pw_gid
    me = pwd.getpwuid(os.geteuid())
    return me.pw_name, me.pw_uid, me.pw_gid


def _config(folder: Path, port: int, cert: Path, key: Path, account: tuple[str, int, int]
            ) -> str:
    name, uid, gid = account
    return f"""
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain
default_internal_user = {name}
default_internal_group = {grp.getgrgid(gid).gr_name}
default_login_user = {name}
mail_location = maildir:{folder}/mail/%u
first_valid_uid = {uid}
first_valid_gid = {gid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={folder}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
service auth {{
  user = {name}
}}
service auth-worker {{
  user = {name}
}}
"""


@contextlib.contextmanager
def dovecot(authority: Authority, port: int | None = None) -> Iterator[Mailbox]:
    """Run Dovecot until the block ends; fails clearly when it is not installed.

    Its folder is a fresh one in the system's temporary directory (not pytest's, which
    ``nobody`` cannot enter), removed afterwards.
    """
    if not Path(DOVECOT).exists():
        raise AssertionError(
            "Dovecot is missing: apt-get install -y dovecot-imapd (./dev installs it)"
        )
    folder = Path(tempfile.mkdtemp(prefix="test-dovecot-"))
    cert, key = authority.issue(folder, "dovecot")
    port = port or free_port()
    account = _account()
    (folder / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    config = folder / "dovecot.conf"
    config.write_text(_config(folder, port, cert, key, account))
    for sub in ("run", "state", "mail"):
        (folder / sub).mkdir(exist_ok=True)
    if os.geteuid() == 0:
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, account[1], account[2])
    proc = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(config)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        user=account[1] if os.geteuid() == 0 else None,
        group=account[2] if os.geteuid() == 0 else None,
    )
    try:
        _wait_listening(port, proc, folder)
        yield Mailbox(port, USER, PASSWORD, authority.pem, folder)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        if proc.stderr is not None:
            proc.stderr.close()
        shutil.rmtree(folder, ignore_errors=True)


def _wait_listening(port: int, proc: subprocess.Popen[bytes], folder: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            log = folder / "dovecot.log"
            logged = log.read_text() if log.exists() else ""
            raise AssertionError(f"Dovecot stopped: {err} {logged}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError("Dovecot did not listen within 20 s")

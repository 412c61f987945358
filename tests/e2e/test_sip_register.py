"""Registration with the operator trunk: ``serve --sip-register sip:USER@REGISTRAR`` makes the
hub's Kamailio REGISTER (digest auth) with a registrar, here a second Kamailio started by the
test (``kamailio/registrar.cfg``: registrar, usrloc in memory, auth_db on a db_text
subscriber table); a call for USER that the registrar routes to the registered contact queues
on the desk (docs/telephony.md, "Trunk registration")."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_sip_call import until_event
from tests.support.hubs import make_db
from tests.support.sip import MASKED, caller, end_kamailio, free_udp, need, sip_hub, staff
from workstation.hub.telephony.trunk import PASSWORD_ENV

pytestmark = pytest.mark.slow

ACCOUNT = "alarmtelefonen"
PASSWORD = "trunk-s3cret:with\\odd"  # a colon and a backslash: db_text must escape them
CONFIG = Path(__file__).parent / "kamailio" / "registrar.cfg"


@contextlib.contextmanager
def registrar(folder: Path, password: str = PASSWORD) -> Iterator[tuple[int, Path]]:
    """A Kamailio registrar knowing ``ACCOUNT`` with ``password``; yields (port, its log)."""
    program = need("kamailio")
    db = folder / "db"
    db.mkdir(parents=True)
    (db / "version").write_text(
        "id(int,auto) table_name(string) table_version(int) \n0:subscriber:7\n")
    escaped = password.replace("\\", "\\\\").replace(":", "\\:")
    (db / "subscriber").write_text(
        "id(int,auto) username(string) domain(string) password(string) ha1(string,null) "
        f"ha1b(string,null) \n1:{ACCOUNT}:127.0.0.1:{escaped}:::\n")
    port = free_udp()
    cfg = folder / "registrar.cfg"
    cfg.write_text(CONFIG.read_text().replace("LISTEN", f"127.0.0.1:{port}")
                   .replace("text://DB", f"text://{db}"))
    log = folder / "registrar.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [program, "-f", str(cfg), "-DD", "-E", "-m", "32", "-M", "4", "-Y", str(folder),
             "-P", str(folder / "kamailio.pid")], stdout=out, stderr=out,
            start_new_session=True)
    try:
        yield port, log
    finally:
        end_kamailio(proc)


def until_in(log: Path, text: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while text not in log.read_text():
        assert time.monotonic() < deadline, f"{text!r} never in {log.name}:\n{log.read_text()}"
        time.sleep(0.1)


async def test_the_hub_registers_and_a_call_routed_by_the_registrar_queues(
    tmp_path: Path,
) -> None:
    db, log = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log"
    with registrar(tmp_path / "registrar") as (port, reglog):
        with sip_hub(db, log, extra=("--sip-register", f"sip:{ACCOUNT}@127.0.0.1:{port}"),
                     env={PASSWORD_ENV: PASSWORD}) as hub:
            # The registration appears: challenged once, then saved with the hub's contact.
            until_in(reglog, f"REGISTERED {ACCOUNT} contact <sip:116111@{hub.host}:{hub.port}")
            async with staff(hub.url, "kari") as kari, caller(tmp_path / "phone") as phone:
                assert phone.control is not None
                # The young person dials the operator's number; the registrar sends it on.
                await phone.control.command("dial", f"sip:{ACCOUNT}@127.0.0.1:{port}")
                ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"], 20)
                [item] = ringing["items"]
                assert item["number"] == MASKED
                await phone.control.command("hangup")  # its BYE follows the same route
                missed = await kari.expect(lambda f: f["type"] == "call_missed", 10)
                assert missed["conversation"] == item["conversation"]
        until_in(reglog, "INVITE for the registered user")
    assert PASSWORD not in log.read_text()
    assert "challenged" in reglog.read_text()  # digest auth was asked for, and answered


async def test_a_wrong_password_registers_nothing_and_the_call_is_not_routed(
    tmp_path: Path,
) -> None:
    db, log = make_db(tmp_path / "hub.sqlite3"), tmp_path / "hub.log"
    with (
        registrar(tmp_path / "registrar", password="another") as (port, reglog),
        sip_hub(db, log, extra=("--sip-register", f"sip:{ACCOUNT}@127.0.0.1:{port}"),
                env={PASSWORD_ENV: PASSWORD}),
    ):
        until_in(reglog, f"REGISTER challenged for {ACCOUNT}")
        async with caller(tmp_path / "phone") as phone:
            assert phone.control is not None
            await phone.control.command("dial", f"sip:{ACCOUNT}@127.0.0.1:{port}")
            refused = await until_event(phone, "CALL_CLOSED", timeout=20)
            assert "404" in str(refused.get("param", "")), refused
    assert "REGISTERED" not in reglog.read_text()


def test_the_password_comes_from_the_environment_only(tmp_path: Path) -> None:
    db = make_db(tmp_path / "hub.sqlite3")
    env = {k: v for k, v in os.environ.items() if k != PASSWORD_ENV}
    args = [sys.executable, "-m", "workstation.hub.cli", "serve", "--db", str(db), "--port",
            "0", "--sip", "udp:127.0.0.1:0", "--sip-register", "sip:a@127.0.0.1"]
    missing = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and PASSWORD_ENV in missing.stderr
    no_sip = subprocess.run([*args[:8], *args[10:]], env={**env, PASSWORD_ENV: "x"},
                            capture_output=True, text=True, timeout=60)
    assert no_sip.returncode == 2 and "needs --sip" in no_sip.stderr

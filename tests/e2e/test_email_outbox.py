"""An answer while the SMTP server is down: the hub process keeps it (pending on the desk),
tries again with backoff, and it reaches the server exactly once when the server is back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import staff_login
from tests.e2e.test_email_reconnect import logged
from tests.support.certs import make_authority
from tests.support.dovecot import dovecot, free_port
from tests.support.logged_hub import logged_hub
from tests.support.mail_hub import MailHub, hub_args, letter, take_letter
from tests.support.smtp_sink import Sink, smtp_sink
from tests.support.wire import Wire, ok

pytestmark = pytest.mark.slow

ADDRESS = "ola.hansen@eksempel.no"


async def test_an_answer_waits_for_the_smtp_server_and_goes_out_once(
    hub_db: Path, tmp_path: Path
) -> None:
    authority = make_authority(tmp_path)
    port = free_port()  # the SMTP server's; nothing listens there yet
    log = tmp_path / "hub.log"
    with (
        dovecot(authority) as mailbox,
        logged_hub(hub_db, log, args=hub_args(tmp_path, authority, mailbox.url, Sink(port))) as url,
    ):
        mail = MailHub(url, mailbox, Sink(port), hub_db, log)
        async with Wire.connect(url, "/v1/staff") as desk:
            await staff_login(desk, "kari")
            conv = await take_letter(mail, desk, letter(ADDRESS, "Hei, er det noen der?"))
            sent = ok(await desk.request("send", conversation=conv, text="Ja, vi er her."))
            pending = await desk.event(conv, "email_status")
            assert (pending["message_seq"], pending["status"]) == (sent["seq"], "pending")
            await logged(log, "SMTP server unavailable (", 2)  # tried again with backoff
            with smtp_sink(tmp_path, authority, port=port) as sink:
                done = await desk.expect(lambda f: f.get("kind") == "email_status"
                                         and f.get("status") == "sent", timeout=60)
                assert done["message_seq"] == sent["seq"]
                ok(await desk.request("send", conversation=conv, text="Skriv når du vil."))
                first, second = await sink.wait(2, timeout=30)
                assert len(sink.received) == 2  # the waiting answer once, then the next
    assert first["To"] == ADDRESS and first.get_content().startswith("Ja, vi er her.")
    assert second.get_content().startswith("Skriv når du vil.")
    assert b"ola.hansen" not in log.read_bytes()
    assert "Traceback" not in log.read_text()

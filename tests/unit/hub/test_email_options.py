"""``workstation-hub serve --email …``: mail only over TLS, passwords never on the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workstation.hub.cli import _parser
from workstation.hub.cli_errors import CliError
from workstation.hub.email import options
from workstation.hub.email.imap_smtp import MailSettings, Server

GOOD = ["--email", "imaps://hjelp@mail.example.no/Innboks",
        "--email-smtp", "smtp://hjelp@mail.example.no", "--email-from", "hjelp@example.no"]


def settings(*argv: str) -> MailSettings | None:
    return options.from_arguments(_parser().parse_args(["serve", "--db", "x", *argv]))


def test_good_settings(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("hemmelig\nignored\n")
    got = settings(*GOOD, "--email-password-file", str(secret))
    assert got is not None
    assert got.imap == Server("imaps", "mail.example.no", 993, "hjelp", "Innboks")
    assert got.smtp == Server("smtp", "mail.example.no", 587, "hjelp")
    assert got.password == "hemmelig" and got.smtp_password is None
    assert got.mailbox == "hjelp@example.no"


def test_the_password_may_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(options.PASSWORD_ENV, "fra-miljøet")
    got = settings(*GOOD[:2], "--email-smtp", "smtps://u@h", *GOOD[4:])
    assert got is not None and got.password == "fra-miljøet"
    assert got.smtp.port == 465


def test_no_email_is_no_mailbox() -> None:
    assert settings() is None


@pytest.mark.parametrize(("argv", "says"), [
    (["--email", "imap://hjelp@mail.example.no", *GOOD[2:]], "imaps://"),
    (["--email", "imaps://hjelp:hemmelig@mail.example.no", *GOOD[2:]], "password in a file"),
    ([*GOOD[:2], "--email-smtp", "smtp+plain://u@h", *GOOD[4:]], "smtp://"),
    (["--email", "imaps://mail.example.no", *GOOD[2:]], "user and a host"),
    (GOOD[:2], "--email-smtp and --email-from"),
    (GOOD[2:], "need --email"),
    (GOOD, "password"),
])
def test_bad_settings_are_refused_with_a_sentence(
    argv: list[str], says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(options.PASSWORD_ENV, raising=False)
    with pytest.raises(CliError, match=says):
        settings(*argv)


def test_serve_refuses_before_starting(tmp_path: Path) -> None:
    # A process of its own: main() sets up logging, which must not leak into other tests.
    done = subprocess.run(
        [sys.executable, "-m", "workstation.hub.cli", "serve", "--db",
         str(tmp_path / "h.sqlite3"), "--email", "imap://hjelp@mail.example.no", *GOOD[2:]],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 2
    assert "mail never goes in clear" in done.stderr
    assert not (tmp_path / "h.sqlite3").exists()

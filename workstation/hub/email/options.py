"""``workstation-hub serve``'s options for e-mail: where letters are read and answers sent.

Passwords never go on the command line (other users can read it in ``ps``): they are read
from a file (``--email-password-file``) or the environment (``WORKSTATION_HUB_EMAIL_PASSWORD``).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from workstation.hub.cli_errors import CliError
from workstation.hub.email.imap_smtp import IMAP_SCHEMES, SMTP_SCHEMES, MailSettings, Server

PASSWORD_ENV = "WORKSTATION_HUB_EMAIL_PASSWORD"
SMTP_PASSWORD_ENV = "WORKSTATION_HUB_SMTP_PASSWORD"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("e-mail (docs/email.md); without --email, no mailbox")
    group.add_argument("--email", metavar="URL",
                       help="the mailbox letters come to: imaps://USER@HOST[:993][/FOLDER]")
    group.add_argument("--email-smtp", metavar="URL",
                       help="where answers are sent: smtp://USER@HOST[:587] (STARTTLS) or "
                       "smtps://USER@HOST[:465] (TLS)")
    group.add_argument("--email-from", metavar="ADDRESS",
                       help="the helpline's address, the sender of every answer")
    group.add_argument("--email-password-file", type=Path, metavar="FILE",
                       help=f"the mailbox password, first line of FILE (or ${PASSWORD_ENV})")
    group.add_argument("--email-smtp-password-file", type=Path, metavar="FILE",
                       help=f"the SMTP password when it differs (or ${SMTP_PASSWORD_ENV})")
    group.add_argument("--email-ca", type=Path, metavar="PEM",
                       help="trust this CA for the mail servers (default: the system's)")


def from_arguments(args: argparse.Namespace) -> MailSettings | None:
    if not args.email:
        if args.email_smtp or args.email_from:
            raise CliError("--email-smtp and --email-from need --email.")
        return None
    if not args.email_smtp or not args.email_from:
        raise CliError("--email needs --email-smtp and --email-from.")
    try:
        imap = Server.parse(args.email, IMAP_SCHEMES)
        smtp = Server.parse(args.email_smtp, SMTP_SCHEMES)
    except ValueError as exc:
        raise CliError(f"E-mail: {exc}.") from None
    password = _secret(args.email_password_file, PASSWORD_ENV)
    if password is None:
        raise CliError(f"--email needs its password: --email-password-file or ${PASSWORD_ENV}.")
    if args.email_ca is not None and not args.email_ca.is_file():
        raise CliError(f"--email-ca: no file {args.email_ca}.")
    return MailSettings(imap, smtp, args.email_from, password,
                        _secret(args.email_smtp_password_file, SMTP_PASSWORD_ENV), args.email_ca)


def _secret(path: Path | None, env: str) -> str | None:
    if path is not None:
        try:
            lines = path.read_text().splitlines()
        except OSError as exc:
            raise CliError(f"Cannot read {path}: {exc.strerror}.") from None
        return lines[0] if lines else ""
    return os.environ.get(env) or None

"""``workstation-hub serve``'s SMS options: ``--sms simulated`` (the default) or ``kannel``.

Kannel's ``sendsms`` user name and password and the token Kannel sends to the hub are never
given on the command line (where ``ps`` shows them): they come from ``--sms-credentials
FILE`` (lines ``username = …``, ``password = …``, ``token = …``) or from the environment
(:data:`USERNAME_ENV`, :data:`PASSWORD_ENV`, :data:`TOKEN_ENV`).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from workstation.hub.cli_errors import CliError
from workstation.hub.sms.gateway import SmsGateway
from workstation.hub.sms.kannel import KannelGateway, KannelSettings

USERNAME_ENV = "WORKSTATION_SMS_USERNAME"
PASSWORD_ENV = "WORKSTATION_SMS_PASSWORD"
TOKEN_ENV = "WORKSTATION_SMS_TOKEN"
_ENV = {"username": USERNAME_ENV, "password": PASSWORD_ENV, "token": TOKEN_ENV}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("SMS (docs/sms.md)")
    group.add_argument("--sms", choices=("simulated", "kannel"), default="simulated",
                       help="the SMS gateway (default: simulated, nothing leaves the hub)")
    group.add_argument("--sms-url", metavar="URL",
                       help="Kannel's sendsms address, e.g. http://127.0.0.1:13013/cgi-bin/sendsms")
    group.add_argument("--sms-callback-url", metavar="URL",
                       help="the hub as Kannel reaches it, for delivery reports "
                       "(default: http://HOST:PORT of this hub)")
    group.add_argument("--sms-from", default="116111", metavar="NUMBER",
                       help="the short number replies come from (default 116111)")
    group.add_argument("--sms-credentials", type=Path, metavar="FILE",
                       help=f"username, password and token for Kannel (else ${USERNAME_ENV}, "
                       f"${PASSWORD_ENV}, ${TOKEN_ENV})")


def read_credentials(path: Path | None) -> dict[str, str]:
    """``name = value`` lines of ``path`` (``#`` comments), else the environment."""
    found: dict[str, str] = {}
    if path is not None:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise CliError(f"Cannot read the SMS credentials {path}: {exc.strerror}.") from None
        for line in lines:
            name, sep, value = line.partition("=")
            if sep and not line.lstrip().startswith("#"):
                found[name.strip()] = value.strip()
    else:
        found = {name: os.environ.get(env, "") for name, env in _ENV.items()}
    missing = [name for name in _ENV if not found.get(name)]
    if missing:
        where = str(path) if path else ", ".join(f"${_ENV[m]}" for m in missing)
        raise CliError(f"The SMS credentials lack {', '.join(missing)} (in {where}).")
    return found


def from_arguments(args: argparse.Namespace) -> SmsGateway | None:
    """The gateway ``serve`` was asked for; None for the simulated one."""
    if args.sms == "simulated":
        return None
    if not args.sms_url:
        raise CliError("--sms kannel needs --sms-url (Kannel's sendsms address).")
    found = read_credentials(args.sms_credentials)
    if not args.sms_callback_url and not args.port:
        raise CliError("--sms kannel on --port 0 needs --sms-callback-url.")
    callback = args.sms_callback_url or f"http://{args.host}:{args.port}"
    return KannelGateway(KannelSettings(
        sendsms_url=args.sms_url, username=found["username"], password=found["password"],
        token=found["token"], callback_url=callback, sender=args.sms_from,
    ))

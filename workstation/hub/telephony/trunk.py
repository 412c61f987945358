"""Registration with the office's operator trunk: the hub's Kamailio REGISTERs as the PBX.

``workstation-hub serve --sip udp:HOST:PORT --sip-register sip:USER@REGISTRAR[:PORT]`` with
the password in the environment variable :data:`PASSWORD_ENV` (never on the command line,
where ``ps`` shows it, and never logged). The hub's Kamailio (``uac`` module, ``uac_reg``)
registers the contact ``sip:116111@HOST:PORT`` (its own address) for ``USER`` at the
registrar, answering its digest challenge, and renews it; the operator then sends calls for
``USER`` to that contact, where the front routes 116111 to a line as any other call.

``uac_reg`` reads its registrations from a database; here a ``db_text`` folder of the
front's (the hub's temporary folder, mode 0700; the table file 0600), written at start.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

#: The environment variable that holds the trunk's password.
PASSWORD_ENV = "WORKSTATION_SIP_REGISTER_PASSWORD"
#: How long a registration lasts before the hub renews it (seconds).
EXPIRES_S = 600
_TARGET = re.compile(r"^sip:([^@:;\s]+)@([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$")


@dataclass(frozen=True)
class TrunkRegistration:
    """Attributes: user (the account at the operator), domain (the registrar's host, also
    the digest realm's usual value), port, password."""

    user: str
    domain: str
    port: int
    password: str = ""

    def __repr__(self) -> str:  # never the password, whoever prints it
        return f"TrunkRegistration(sip:{self.user}@{self.domain}:{self.port})"


def parse_register(text: str, password: str = "") -> TrunkRegistration:
    """``sip:USER@HOST[:PORT]`` (port 5060 if not given) → :class:`TrunkRegistration`;
    ``ValueError`` if it is not that."""
    found = _TARGET.match(text)
    if found is None or not 0 < int(found.group(3) or 5060) < 65536:
        raise ValueError(f"{text!r} is not sip:USER@HOST[:PORT]")
    return TrunkRegistration(found.group(1), found.group(2), int(found.group(3) or 5060),
                             password)


def _text(value: str) -> str:
    """A db_text field: backslash, colon and line breaks escaped."""
    return (value.replace("\\", "\\\\").replace(":", "\\:").replace("\n", "\\n")
            .replace("\r", "\\r"))


def write_tables(folder: Path, trunk: TrunkRegistration, local_user: str,
                 local_domain: str) -> Path:
    """The ``db_text`` database ``uac_reg`` loads (its ``version`` and ``uacreg`` tables);
    returns the folder."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    (folder / "version").write_text(
        "id(int,auto) table_name(string) table_version(int) \n0:uacreg:5\n")
    row = [
        "1", local_user, local_user, local_domain,            # id, l_uuid, l_username, l_domain
        trunk.user, trunk.domain, "",                          # r_username, r_domain, realm
        trunk.user, trunk.password, "",                        # auth user, password, ha1
        f"sip:{trunk.domain}:{trunk.port}",                    # auth_proxy: where to send
        str(EXPIRES_S), "0", "0", "", "",                      # expires, flags, delay, …
    ]
    table = folder / "uacreg"
    fd = os.open(table, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write("id(int,auto) l_uuid(string) l_username(string) l_domain(string) "
                  "r_username(string) r_domain(string) realm(string,null) auth_username(string) "
                  "auth_password(string) auth_ha1(string,null) auth_proxy(string) expires(int) "
                  "flags(int) reg_delay(int) contact_addr(string,null) socket(string,null) \n")
        out.write(":".join(_text(field) for field in row) + "\n")
    return folder


def config_lines(db: Path, contact: str) -> str:
    """Kamailio's lines for the registration: ``contact`` is the front's ``HOST:PORT``."""
    return "\n".join([
        'loadmodule "db_text.so"',
        'loadmodule "uac.so"',
        f'modparam("uac", "reg_db_url", "text://{db}")',
        f'modparam("uac", "reg_contact_addr", "{contact}")',
        'modparam("uac", "reg_timer_interval", 10)',
        'modparam("uac", "reg_retry_interval", 30)',
        'modparam("uac", "reg_keep_callid", 1)',
    ]) + "\n"

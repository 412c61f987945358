"""``workstation-hub``: run the hub, manage users, migrate the database."""

from __future__ import annotations

import argparse
import asyncio
import gc
import getpass
import logging
import os
import signal
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from workstation.hub import (
    cli_backup,
    cli_migrate,
    cli_purge,
    cli_roster,
    cli_users,
    limits,
    logfilter,
)
from workstation.hub.cli_errors import CliError
from workstation.hub.email import options as email_options
from workstation.hub.email.feature import EmailFeature
from workstation.hub.email.imap_smtp import ImapSmtpEmail, MailSettings
from workstation.hub.keys import KEY_FILE_ENV, KeyFileError
from workstation.hub.metrics import DEFAULT_ALLOW, Network, parse_allow
from workstation.hub.page_process import PageProcessError
from workstation.hub.passwords import password_problem
from workstation.hub.retention import PURGE_LEASE_S, RetentionFeature
from workstation.hub.returning.feature import CHOICE_S, EXPIRY_DAYS, OFFER_S, ReturnFeature
from workstation.hub.server import HubServer
from workstation.hub.sms import options as sms_options
from workstation.hub.sms.feature import SmsFeature
from workstation.hub.sms.gateway import SmsGateway
from workstation.hub.telephony.feature import CallsFeature
from workstation.hub.telephony.lines import LINES, FrontMissing, SipTls
from workstation.hub.telephony.overflow import OverflowCollector
from workstation.hub.telephony.sip import (
    POSITION_EVERY_S,
    SipTelephony,
    desk_phones,
    outside_phones,
    parse_address,
)
from workstation.hub.telephony.softphone import SoftphoneFeature
from workstation.hub.telephony.trunk import PASSWORD_ENV, TrunkRegistration, parse_register
from workstation.hub.tls import CertificateError, TlsFiles, plain_bind_problem
from workstation.hub.webchat import ChatSettings
from workstation.hub.webchat import options as chat_options
from workstation.sip import BaresipMissing, ControlError, audio
from workstation.sip.audio import WAIT_MINUTES, AudioToolMissing
from workstation.store import HubStore, is_postgres, open_database
from workstation.store.migrations import NewerSchema

ROLES = ("counsellor", "shift_lead", "supervisor", "trainer", "trainee", "admin")
#: The database used when ``--db`` is left out; nothing is written without one of the two.
DB_ENV = "WORKSTATION_HUB_DB"
#: Tests only: a shorter presence expiry for ``serve`` (seconds; several hubs on PostgreSQL,
#: :mod:`workstation.hub.cluster.presence`). Unset in production: 15 s.
PRESENCE_ENV = "WORKSTATION_HUB_TEST_PRESENCE_EXPIRES_S"
#: Tests only: a shorter restart grace for ``serve`` (seconds: how long the other hubs keep the
#: staff of a hub stopped cleanly signed in; :mod:`workstation.hub.cluster.presence`). Unset in
#: production: 30 s.
GRACE_ENV = "WORKSTATION_HUB_TEST_RESTART_GRACE_S"
#: Tests only: what ``serve --sip`` announces to a caller instead of the 17 s announcement
#: (:mod:`workstation.sip.audio`). Unset in production.
ANNOUNCEMENT_ENV = "WORKSTATION_HUB_TEST_ANNOUNCEMENT"
#: How often ``serve`` looks at the connection counts (logged when they change).
STATS_EVERY_S = 5.0
#: Counts are logged at least this often even when unchanged, as a sign of life.
STATS_HEARTBEAT_S = 600.0

log = logging.getLogger("workstation.hub")




def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workstation-hub", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the hub")
    serve.add_argument("--db", help="the hub's database: a path, or postgresql://USER@HOST:PORT"
                       f"/NAME (default: ${DB_ENV}; on PostgreSQL the key file is "
                       f"${KEY_FILE_ENV})")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--stats-every", type=float, default=STATS_EVERY_S,
                       help="seconds between looks at the connection counts (logged on change)")
    serve.add_argument("--session-hours", type=float, default=12.0,
                       help="how long a sign-in lasts: a shift (default 12)")
    serve.add_argument("--cert", type=Path, help="PEM certificate chain: serve wss:// "
                       "(reloaded on SIGHUP); needed to listen beyond this machine")
    serve.add_argument("--key", type=Path, help="PEM private key of --cert (default: in --cert)")
    serve.add_argument("--metrics-allow", default=DEFAULT_ALLOW, metavar="NETS",
                       help=f"addresses or networks allowed GET /metrics ({DEFAULT_ALLOW})")
    serve.add_argument("--sip", metavar="udp:HOST:PORT", type=_sip_address,
                       help="take real calls for 116111 over SIP here (port 0: a free one), "
                       "through baresip; without it, calls are simulated")
    serve.add_argument("--sip-desk", metavar="sip:{user}@HOST:PORT", type=_desk_template,
                       help="each counsellor's desk softphone ({user}: the staff user name) "
                       "when the desk has not said where its softphone listens "
                       "(softphone_ready): a call answered on a desk is bridged to it "
                       "(needs --sip)")
    serve.add_argument("--sip-outside", metavar="sip:{number}@HOST:PORT", type=_outside_template,
                       help="where the hub dials an outside party into a call (the trunk; "
                       "{number}: the referral directory's number, digits only; needs --sip)")
    serve.add_argument("--sip-wait-minutes", type=float, default=WAIT_MINUTES,
                       help=f"how long a caller can wait in the queue (default {WAIT_MINUTES:g})")
    serve.add_argument("--sip-lines", type=_positive, default=LINES, metavar="N",
                       help=f"how many callers at once: one baresip line each, behind the "
                       f"hub's Kamailio (default {LINES})")
    serve.add_argument("--sip-position-seconds", type=float, default=POSITION_EVERY_S,
                       metavar="S", help="how often a waiting caller hears their place in the "
                       f"queue (default {POSITION_EVERY_S:g}; 0: never)")
    serve.add_argument("--sip-register", metavar="sip:USER@REGISTRAR[:PORT]",
                       help="register with the operator trunk's registrar as USER (the "
                       f"hub's Kamailio, digest auth; the password in ${PASSWORD_ENV}, never "
                       "on the command line; needs --sip)")
    serve.add_argument("--sip-tls", metavar="HOST:PORT",
                       help="take calls over SIP/TLS here too (port 0: a free one; needs --sip "
                       "and --sip-tls-cert)")
    serve.add_argument("--sip-tls-cert", type=Path, metavar="PEM",
                       help="certificate chain for --sip-tls")
    serve.add_argument("--sip-tls-key", type=Path, metavar="PEM",
                       help="private key for --sip-tls (default: in --sip-tls-cert)")
    serve.add_argument("--return-code-days", type=float, default=EXPIRY_DAYS,
                       help="days a \"same counsellor again\" code opens (default: %(default)s)")
    serve.add_argument("--return-offer-seconds", type=_positive_seconds, default=OFFER_S,
                       metavar="S", help="a returning young person is offered to her "
                       "counsellor first for S seconds (default: %(default)s)")
    serve.add_argument("--return-choice-seconds", type=_positive_seconds, default=CHOICE_S,
                       metavar="S", help="a returning young person whose counsellor is busy "
                       "or away has S seconds to choose (default: %(default)s)")
    serve.add_argument("--purge-lease-seconds", type=_positive_seconds, default=PURGE_LEASE_S,
                       metavar="S", help="several hubs on PostgreSQL: the retention purge's "
                       "lease; a killed holder's is taken over within S seconds "
                       "(default: %(default)s)")
    serve.add_argument("--proxy-protocol-from", default="", metavar="NETS",
                       help="comma-separated addresses or networks of load balancers that "
                       "send a PROXY protocol header (v1 or v2, HAProxy's send-proxy-v2); "
                       "their connections must start with one, and the client address in it "
                       "is the one the per-address limits count (default: none)")
    limits.add_arguments(serve)
    chat_options.add_arguments(serve)
    sms_options.add_arguments(serve)
    email_options.add_arguments(serve)
    user = commands.add_parser("user", help="manage staff users")
    user_commands = user.add_subparsers(dest="user_command", required=True)
    add = user_commands.add_parser(
        "add", help="create a user; the password is asked twice on a terminal, "
        "else read as the first line of standard input")
    add.add_argument("name")
    add.add_argument("--role", action="append", choices=ROLES, required=True)
    add.add_argument("--display-name")
    add.add_argument("--db", help="the hub's database: a path, or postgresql://USER@HOST:PORT"
                     f"/NAME (default: ${DB_ENV})")
    cli_users.add_parsers(user_commands, ROLES)
    cli_migrate.add_parser(commands)
    cli_backup.add_parsers(commands)
    cli_purge.add_parser(commands)
    cli_roster.add_parser(commands)
    return parser


def _template(check: Callable[[str], object]) -> Callable[[str], str]:
    """An argparse type: ``text`` as given once ``check`` (which raises ``ValueError``)
    accepts it."""
    def parse(text: str) -> str:
        try:
            check(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return text
    return parse


_desk_template, _outside_template = _template(desk_phones), _template(outside_phones)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number above 0")
    return int(text)


def _positive_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0")
    return seconds


def _trunk(parser: argparse.ArgumentParser, args: argparse.Namespace) -> TrunkRegistration:
    """``--sip-register`` with the password from the environment (exit 2 if either is
    wrong or missing; the password is never printed)."""
    if not args.sip:
        parser.error("--sip-register needs --sip")
    password = os.environ.get(PASSWORD_ENV, "")
    if not password:
        parser.error(f"--sip-register needs the trunk's password in ${PASSWORD_ENV}")
    try:
        return parse_register(args.sip_register, password)
    except ValueError as exc:
        parser.error(f"--sip-register: {exc}")


def _sip_tls(parser: argparse.ArgumentParser, args: argparse.Namespace) -> SipTls:
    """``--sip-tls HOST:PORT`` with its certificate (exit 2 if anything is missing)."""
    if not args.sip:
        parser.error("--sip-tls needs --sip")
    if args.sip_tls_cert is None or not args.sip_tls_cert.is_file():
        parser.error("--sip-tls needs --sip-tls-cert (a PEM file)")
    key = args.sip_tls_key or args.sip_tls_cert
    if not key.is_file():
        parser.error("--sip-tls-key is not a file")
    try:
        host, port = parse_address("udp:" + args.sip_tls)
    except ValueError:
        parser.error(f"--sip-tls: {args.sip_tls!r} is not HOST:PORT")
    return SipTls(host, port, args.sip_tls_cert, key)


def _sip_address(text: str) -> tuple[str, int]:
    try:
        return parse_address(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def database(given: Path | None) -> Path:
    """``--db``, else the configured default (said on stderr); never a silent ./hub.sqlite3.
    For the commands that run on SQLite only (``backup``, ``check``)."""
    if given is None:
        given = Path(_configured())
    if str(given).startswith(("postgresql:", "postgres:")):
        raise CliError("This command is for a SQLite file. On PostgreSQL, back up with "
                       "pg_dump or pg_basebackup (with WAL archiving for point-in-time "
                       "recovery) and check with PostgreSQL's own tools (docs/operations.md).")
    return given


def store_address(given: str | None) -> Path | str:
    """``--db`` or the configured default: a ``postgresql://`` address as given, else a path.
    For the commands that run on both databases (``serve``, ``migrate``, ``user``, ``purge``)."""
    where = given if given is not None else _configured()
    return where if is_postgres(where) else Path(where)


def _configured() -> str:
    configured = os.environ.get(DB_ENV, "").strip()
    if not configured:
        raise CliError(f"No database given: pass --db PATH, or set {DB_ENV} to its path.")
    shown = configured
    if is_postgres(configured):
        from workstation.store.postgres_store import where_is

        shown = where_is(configured)
    print(f"Using the database {shown} (from {DB_ENV}).", file=sys.stderr)
    return configured


def open_for_cli(where: Path | str) -> HubStore:
    """The store at ``where``, or a :class:`CliError` saying why it cannot be opened."""
    try:
        return open_database(where)
    except NewerSchema as exc:
        raise CliError(str(exc)) from None
    except Exception as exc:
        if not is_postgres(where) or type(exc).__module__.split(".")[0] != "psycopg":
            raise
        from workstation.store.postgres_store import where_is

        raise CliError(f"Could not open the PostgreSQL database {where_is(str(where))}: "
                       f"{str(exc).strip().splitlines()[0]}") from None


def connection_counts(server: HubServer) -> tuple[int, int]:
    """(staff connections, young people's connections) open now; no names, no addresses."""
    staff = sum(len(peers) for peers in server.hub.staff.values())
    contacts = sum(len(peers) for peers in server.hub.contacts.values())
    return staff, contacts


async def _log_counts(server: HubServer, every_s: float) -> None:
    last: tuple[int, int] | None = None
    loop = asyncio.get_running_loop()
    logged_at = loop.time()
    while True:
        counts = connection_counts(server)
        if counts != last or loop.time() - logged_at >= STATS_HEARTBEAT_S:
            log.info("connections: %d staff, %d young people", *counts)
            last, logged_at = counts, loop.time()
        await asyncio.sleep(every_s)


def _tls_and_allow(args: argparse.Namespace) -> tuple[TlsFiles | None, tuple[Network, ...]]:
    """The TLS files and metrics allow-list of ``serve``, or a :class:`CliError`."""
    if args.key is not None and args.cert is None:
        raise CliError("--key needs --cert.")
    if args.chat_page_process and args.cert is not None:
        raise CliError("--chat-page-process serves plain HTTP: leave it out with --cert, or "
                       "let a proxy in front of the hub do TLS (docs/deploy.md).")
    problem = plain_bind_problem(args.host, args.cert is not None)
    if problem:
        raise CliError(problem)
    try:
        allow = parse_allow(args.metrics_allow)
        return (TlsFiles(args.cert, args.key) if args.cert else None), allow
    except (CertificateError, ValueError) as exc:
        raise CliError(str(exc)) from None


def _proxies(args: argparse.Namespace) -> tuple[Network, ...]:
    """``--proxy-protocol-from`` as networks (none when not given), or a :class:`CliError`."""
    if not args.proxy_protocol_from.strip():
        return ()
    try:
        return parse_allow(args.proxy_protocol_from)
    except ValueError as exc:
        raise CliError(f"--proxy-protocol-from: {exc}") from None


def _reload_certificate(tls: TlsFiles) -> None:
    try:
        tls.reload()
    except CertificateError as exc:
        log.error("certificate not reloaded, the old one is still served: %s", exc)
        return
    log.info("certificate reloaded; new connections get it")


#: The collector's young-generation threshold in a served hub (Python's default is 700). Page
#: loads make many short-lived objects (a connection each); collected less often, few of them
#: are still alive at a collection, so few reach the old generation and full collections
#: (40-150 ms of CPU with 1,000 chats connected) stop coming while pages load.
GC_YOUNG_THRESHOLD = 2_500


async def _serve(db: Path | str, host: str, port: int, stats_every: float,
                 session_hours: float = 12.0, tls: TlsFiles | None = None,
                 metrics_allow: tuple[Network, ...] | None = None,
                 limit_settings: limits.LimitSettings | None = None,
                 chat: ChatSettings | None = None, sms: SmsGateway | None = None,
                 sip: tuple[str, int] | None = None,
                 sip_wait_minutes: float = WAIT_MINUTES, sip_desk: str | None = None,
                 mail: MailSettings | None = None,
                 return_code_days: float = EXPIRY_DAYS, sip_lines: int = LINES,
                 sip_position_s: float = POSITION_EVERY_S,
                 trunk: TrunkRegistration | None = None,
                 sip_tls: SipTls | None = None,
                 sip_outside: str | None = None,
                 purge_lease_s: float = PURGE_LEASE_S,
                 proxies: tuple[Network, ...] = (),
                 return_hold_s: tuple[float, float] = (OFFER_S, CHOICE_S),
                 page_process: bool = False) -> None:
    store = open_for_cli(db)
    try:
        server = HubServer(store, timedelta(hours=session_hours), metrics_allow, chat,
                           proxies)
    except KeyFileError as exc:
        store.close_blocking()
        raise CliError(str(exc)) from None
    returning = server.hub.feature(ReturnFeature)
    returning.expiry_days = return_code_days
    returning.offer_s, returning.choice_s = return_hold_s
    server.hub.feature(RetentionFeature).lease_s = purge_lease_s
    if presence_expires := os.environ.get(PRESENCE_ENV):
        server.presence_expires_s = float(presence_expires)
    if restart_grace := os.environ.get(GRACE_ENV):
        server.restart_grace_s = float(restart_grace)
    if test_announcement := os.environ.get(ANNOUNCEMENT_ENV):
        audio.announced = test_announcement
    if sms is not None:
        server.hub.feature(SmsFeature).use(sms)
    if mail is not None:
        server.hub.feature(EmailFeature).use(ImapSmtpEmail(mail))
    if limit_settings is not None:
        server.hub.feature(limits.LimitsFeature).configure(limit_settings)
    server.page_process = page_process
    phone: SipTelephony | None = None
    if sip is not None:
        softphones = server.hub.feature(SoftphoneFeature)  # softphone_ready, else --sip-desk
        softphones.template = desk_phones(sip_desk) if sip_desk else None
        phone = SipTelephony(*sip, keys=server.hub.keys, wait_minutes=sip_wait_minutes,
                             desk_phone=softphones.address,
                             lines=sip_lines, position_every_s=sip_position_s, trunk=trunk,
                             tls=sip_tls,
                             outside_phone=outside_phones(sip_outside) if sip_outside else None)
        server.hub.feature(CallsFeature).use(phone)
        server.metrics.registry.register(OverflowCollector(phone.overflow))
    try:
        await server.start(host, port, tls.context if tls else None)
    except BaseException:
        if phone is not None:
            await phone.stop()
        raise
    # Everything built so far (modules, the referral directory, the loaded conversations)
    # lives as long as the process: out of the cyclic collector's way, so that its full
    # collections only walk what came since; and the young generation is collected less often
    # (docs/performance.md, "Chat page while 1,000 chat").
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    stop = asyncio.Event()
    signals: list[str] = []

    def on_signal(signum: signal.Signals) -> None:
        signals.append(signum.name)
        stop.set()

    # before the addresses are printed: whoever starts the hub may stop it the moment it
    # reads them, and that stop is a clean one (exit 0), not the default SIGTERM death
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, on_signal, signum)
    if tls is not None:
        loop.add_signal_handler(signal.SIGHUP, _reload_certificate, tls)
    print(f"listening on {server.url}", flush=True)
    if phone is not None:
        print(f"sip on {phone.address}", flush=True)
        if sip_tls is not None:
            print(f"sip on {sip_tls.address}", flush=True)
    log.info("hub started")
    counts = asyncio.create_task(_log_counts(server, stats_every))
    await stop.wait()
    counts.cancel()
    staff, contacts = connection_counts(server)
    log.info("stopping on %s with %d staff and %d young people connected",
             signals[0], staff, contacts)
    await server.stop()
    log.info("hub stopped")


def shown(where: Path | str) -> str:
    """``where`` as said to a person: a PostgreSQL address without its password."""
    if is_postgres(where):
        from workstation.store.postgres_store import where_is

        return where_is(str(where))
    return str(where)


def read_password(name: str) -> str:
    """Twice without echo on a terminal; otherwise the first line of standard input."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"Password for {name}: ")
    if not first:
        return ""
    if getpass.getpass("The same password again: ") != first:
        raise CliError("The two passwords differ; the user was not created.")
    return first


def _add_user(args: argparse.Namespace) -> int:
    db = store_address(args.db)
    password = read_password(args.name)
    if not password:
        raise CliError("No password given; the user was not created.")
    problem = password_problem(password, [args.name, args.display_name or ""])
    if problem:
        raise CliError(f"{problem} The user was not created.")
    store = open_for_cli(db)
    try:
        store.add_user(args.name, password, args.role, args.display_name,
                       actor=cli_users.actor())
    finally:
        store.close_blocking()
    print(f"user {args.name} saved in {shown(db)} with roles {', '.join(sorted(set(args.role)))}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "sip_desk", None) and not args.sip:
        parser.error("--sip-desk needs --sip")
    trunk = _trunk(parser, args) if getattr(args, "sip_register", None) else None
    sip_tls = _sip_tls(parser, args) if getattr(args, "sip_tls", None) else None
    if getattr(args, "sip_outside", None) and not args.sip:
        parser.error("--sip-outside needs --sip")
    root = logging.getLogger()
    before = set(root.handlers)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    for noisy in ("websockets", "aioimaplib", "aiosmtplib"):  # no addresses in routine logs
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # A flood of one line is summarised, on the handler made here only: a host program's own
    # handlers (a test runner's capture, say) are not ours to filter.
    logfilter.install([handler for handler in root.handlers if handler not in before])
    try:
        if args.command == "serve":
            db = store_address(args.db)
            tls, allow = _tls_and_allow(args)
            proxies = _proxies(args)
            try:
                asyncio.run(_serve(db, args.host, args.port, args.stats_every,
                                   args.session_hours, tls, allow,
                                   limits.from_arguments(args),
                                   chat_options.from_arguments(args),
                                   sms_options.from_arguments(args),
                                   args.sip, args.sip_wait_minutes, args.sip_desk,
                                   email_options.from_arguments(args),
                                   args.return_code_days, sip_lines=args.sip_lines,
                                   sip_position_s=args.sip_position_seconds, trunk=trunk,
                                   sip_tls=sip_tls, sip_outside=args.sip_outside,
                                   purge_lease_s=args.purge_lease_seconds,
                                   proxies=proxies,
                                   return_hold_s=(args.return_offer_seconds,
                                                  args.return_choice_seconds),
                                   page_process=args.chat_page_process))
            except OSError as exc:
                print(f"The hub could not start: {exc.strerror or exc}.", file=sys.stderr)
                return 1
            except (BaresipMissing, AudioToolMissing, FrontMissing, ControlError) as exc:
                print(f"The hub could not start its SIP endpoint: {exc}.", file=sys.stderr)
                return 1
            except PageProcessError as exc:
                print(f"The hub could not start: {exc}", file=sys.stderr)
                return 1
            return 0
        if args.command == "migrate":
            return cli_migrate.run(args)
        if args.command == "purge":
            return cli_purge.run(args)
        if args.command == cli_roster.COMMAND:
            return cli_roster.run(args)
        if args.command in cli_backup.COMMANDS:
            return cli_backup.run(args)
        if args.user_command in cli_users.COMMANDS:
            return cli_users.run(args)
        return _add_user(args)
    except CliError as exc:
        print(exc, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

"""``workstation-hub serve``'s options for the chat page."""

from __future__ import annotations

import argparse

from workstation.hub.cli_errors import CliError
from workstation.hub.webchat.http import DEFAULT_EXIT_URL, ChatSettings
from workstation.hub.webchat.status import ChatHours


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("the young person's chat page (GET /chat)")
    group.add_argument("--chat-exit-url", default=DEFAULT_EXIT_URL, metavar="URL",
                       help=f"where the quick exit goes (default {DEFAULT_EXIT_URL})")
    group.add_argument("--chat-embed-origins", default="", metavar="ORIGINS",
                       help="comma-separated https:// origins allowed to show the page in an "
                       "iframe (default: none)")
    group.add_argument("--chat-ws-origins", default="", metavar="ORIGINS",
                       help="comma-separated origins of other sites whose pages may open the "
                       "hub's WebSockets in a browser (default: only the hub's own page)")
    group.add_argument("--chat-hours", default="", metavar="HH:MM-HH:MM",
                       help="when the chat is staffed, every day, Oslo time (default: always)")
    group.add_argument("--chat-busy-from", type=int, default=8, metavar="N",
                       help="queue position from which the page also offers other services "
                       "open now (default 8)")
    group.add_argument("--peer-url", action="append", default=[], metavar="URL",
                       help="another hub of this helpline, ws(s)://host:port (repeatable): the "
                       "page moves there when this hub is gone, and that hub's page may connect "
                       "here (docs/deploy.md)")
    group.add_argument("--chat-page-process", action="store_true",
                       help="serve the page from a process of its own: it accepts on the "
                       "hub's port, answers the page's files and passes every other "
                       "connection to the hub, so page visits do not slow the chats (plain "
                       "HTTP only, not with --cert; docs/deploy.md)")


def from_arguments(args: argparse.Namespace) -> ChatSettings:
    origins = _split(args.chat_embed_origins)
    try:
        return ChatSettings(args.chat_exit_url, origins or ("'none'",),
                            _split(args.chat_ws_origins), ChatHours.parse(args.chat_hours),
                            max(1, args.chat_busy_from),
                            tuple(url.rstrip("/") for url in args.peer_url))
    except ValueError as exc:
        raise CliError(str(exc)) from None


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())

"""``workstation-hub serve``'s options for the chat page."""

from __future__ import annotations

import argparse

from workstation.hub.cli_errors import CliError
from workstation.hub.webchat.http import DEFAULT_EXIT_URL, ChatSettings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("the young person's chat page (GET /chat)")
    group.add_argument("--chat-exit-url", default=DEFAULT_EXIT_URL, metavar="URL",
                       help=f"where the quick exit goes (default {DEFAULT_EXIT_URL})")
    group.add_argument("--chat-embed-origins", default="", metavar="ORIGINS",
                       help="comma-separated https:// origins allowed to show the page in an "
                       "iframe (default: none)")


def from_arguments(args: argparse.Namespace) -> ChatSettings:
    origins = tuple(o.strip() for o in args.chat_embed_origins.split(",") if o.strip())
    try:
        return ChatSettings(args.chat_exit_url, origins or ("'none'",))
    except ValueError as exc:
        raise CliError(str(exc)) from None

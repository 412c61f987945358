"""The young person's chat page: static files served by the hub on its own port.

``GET /chat`` is the page, ``/`` redirects there, ``/chat/v/<version>/<file>`` are its
scripts and styles (cached for a year: a new version has a new path). The page speaks
``/v1/contact`` like any other client. See ``docs/chat.md``.
"""

from workstation.hub.webchat.http import ChatPage, ChatSettings

__all__ = ["ChatPage", "ChatSettings"]

"""The hub for ``desk_load.py`` in its own process, with the abuse limits lifted.

    python bench/_desk_hub.py DB

Prints ``listening on ws://H:P`` like ``workstation-hub serve`` and stops on SIGTERM. The
benchmark's young people write about 17 messages a second each, far above what the hub lets
one young person send, so every rate limit is lifted here: the figure is the desk's, not the
limits'.
"""

from __future__ import annotations

import asyncio
import dataclasses
import signal
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workstation.hub.server import serve_hub  # noqa: E402


def unlimited() -> dict[str, Any]:
    """``limits=`` for ``serve_hub`` with every rate lifted (nothing on a hub without limits)."""
    try:
        from workstation.hub.limits import LimitSettings, Rate
    except ImportError:
        return {}
    settings = LimitSettings.embedded()
    rates = [
        f.name for f in dataclasses.fields(settings) if isinstance(getattr(settings, f.name), Rate)
    ]
    return {"limits": dataclasses.replace(settings, **dict.fromkeys(rates))}


async def main(db: str) -> None:
    async with serve_hub(db, **unlimited()) as server:
        print(f"listening on {server.url}", flush=True)
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        await stop.wait()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))

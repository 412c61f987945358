"""SMS through Kannel: how long a text takes to reach the desk, and a reply to leave.

    .venv/bin/python bench/sms_kannel.py [--messages 50]

Starts a hub in this process with the Kannel gateway, Kannel (bearerbox, smsbox, a fake SMSC)
and ``fakesmsc`` as the phones (``tests/support/kannel.py``; Debian ``kannel`` and
``kannel-extras``). One young person texts ``--messages`` times; after each message reaches
the counsellor's staff connection, she replies. Reported, median and p99: a text typed into
fakesmsc until the desk has it; a reply sent until Kannel has taken it (``sms_status``
``sent``: the hub's part); and until fakesmsc prints it (Kannel's fake SMSC adds its own
wait). Not part of the test run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import REPO, machine_info, percentile

sys.path.insert(0, str(REPO))

from tests.support.hubs import PASSWORD, make_db  # noqa: E402
from tests.support.kannel import FakePhones, Kannel, free_port  # noqa: E402
from tests.support.wire import Wire, ok  # noqa: E402
from workstation.hub.server import serve_hub  # noqa: E402
from workstation.hub.sms.kannel import KannelGateway  # noqa: E402

NUMBER = "+4791234512"


async def run(folder: Path, messages: int) -> dict[str, Any]:
    db = make_db(folder / "hub.sqlite3")
    port = free_port()
    kannel = Kannel(folder, f"http://127.0.0.1:{port}")
    phones = FakePhones(kannel)
    inbound: list[float] = []
    taken: list[float] = []
    out: list[float] = []
    async with serve_hub(db, port=port, sms=KannelGateway(kannel.settings)) as hub:
        await asyncio.to_thread(kannel.start)
        phones.connect()
        try:
            async with Wire.connect(hub.url, "/v1/staff") as kari:
                ok(await kari.request("hello", user="kari", password=PASSWORD))
                phones.text(NUMBER, "hei")
                queued = await kari.expect(
                    lambda f: f.get("type") == "queue" and bool(f.get("items")), timeout=30)
                conv = queued["items"][0]["conversation"]
                ok(await kari.request("accept", conversation=conv))
                for i in range(messages):
                    start = time.monotonic()
                    phones.text(NUMBER, f"melding {i}")
                    await kari.expect(lambda f, i=i: f.get("text") == f"melding {i}", timeout=30)
                    inbound.append(time.monotonic() - start)
                    before = len(phones.messages())
                    start = time.monotonic()
                    sent = ok(await kari.request("send", conversation=conv, text=f"svar {i}"))
                    await kari.expect(
                        lambda f, s=sent["seq"]: f.get("kind") == "sms_status"
                        and f.get("message_seq") == s and f.get("status") != "pending",
                        timeout=30)
                    taken.append(time.monotonic() - start)
                    for _ in range(3000):  # 30 s at most, looked at every 10 ms
                        if len(phones.messages()) > before:
                            break
                        await asyncio.sleep(0.01)
                    out.append(time.monotonic() - start)
        finally:
            await asyncio.to_thread(phones.close)
            await asyncio.to_thread(kannel.stop)

    def ms(values: list[float]) -> dict[str, float]:
        return {"median_ms": round(percentile(values, 50) * 1000, 1),
                "p99_ms": round(percentile(values, 99) * 1000, 1)}

    return {"messages": messages, "text_to_desk": ms(inbound),
            "reply_to_kannel": ms(taken), "reply_to_phone": ms(out), "machine": machine_info()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sms-bench-") as folder:
        print(json.dumps(asyncio.run(run(Path(folder), args.messages)), indent=2))


if __name__ == "__main__":
    main()

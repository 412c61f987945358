"""A conversation the retention purge could not delete reaches the supervisor's alerts."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from tests.gui.helpers import eventually
from tests.gui.test_supervisor_window import desk, window  # noqa: F401 (a fixture)
from tests.support.wire import Wire, ok
from workstation.hub.retention import RetentionFeature
from workstation.hub.server import HubServer
from workstation.protocol.times import utc_now
from workstation.ui.supervisor.window import SupervisorWindow


async def test_a_held_conversation_is_one_alert_in_norwegian(
    window: SupervisorWindow, hub: HubServer, hub_db: Path  # noqa: F811
) -> None:
    async with desk(hub, "kari") as kari, Wire.connect(hub.url, "/v1/contact") as contact:
        conv = ok(await contact.request("open", channel="chat"))["conversation"]
        ok(await kari.request("accept", conversation=conv))
        ok(await kari.request("close", conversation=conv))
    db = sqlite3.connect(hub_db)
    db.execute("CREATE TRIGGER held BEFORE DELETE ON conversations "
               "BEGIN SELECT RAISE(ABORT, 'held for an inquiry'); END")
    db.commit()
    db.close()
    retention = hub.hub.feature(RetentionFeature)
    alerts = window.controller.alerts
    for _ in range(2):  # the hourly retry does not stack alerts
        await retention.purge(now=utc_now() + timedelta(days=91))
        # An answer to a later request comes after the alert pushed before it.
        await window.controller.client.request({"type": "roster"})

        def shown() -> None:
            texts = [a.text() for a in alerts.visible if a.kind == "purge_failed"]
            assert texts == [
                f"Samtale {conv} kunne ikke slettes slik slettereglene sier (huben prøver "
                "igjen hver time): IntegrityError: held for an inquiry"
            ]

        await eventually(shown)

"""A hub limit that trips reaches the supervisor's alerts, in Norwegian, once."""

from __future__ import annotations

from tests.gui.helpers import eventually
from tests.gui.test_supervisor_window import window  # noqa: F401 (a fixture)
from tests.support.wire import Wire, ok
from workstation.hub.limits import LimitSettings, LimitsFeature
from workstation.hub.server import HubServer
from workstation.ui.supervisor.window import SupervisorWindow


async def test_a_flood_of_opens_is_one_alert_in_norwegian(
    window: SupervisorWindow, hub: HubServer  # noqa: F811
) -> None:
    hub.hub.feature(LimitsFeature).configure(LimitSettings())  # as `workstation-hub serve`
    async with Wire.connect(hub.url, "/v1/contact") as flooder:
        for _ in range(5):
            async with Wire.connect(hub.url, "/v1/contact") as contact:
                ok(await contact.request("open", channel="chat"))
        for _ in range(3):
            assert (await flooder.request("open", channel="chat"))["code"] == "rate_limited"
    # An answer to a later request comes after the alert pushed before it.
    await window.controller.client.request({"type": "roster"})

    def shown() -> None:
        texts = [a.text() for a in window.controller.alerts.visible if a.kind == "rate_limited"]
        assert texts == ["Svært mange nye chatter åpnes: huben avviser noen (1 så langt)"]

    await eventually(shown)

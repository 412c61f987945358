"""The shift lead's desk says, in Norwegian, that the hub is turning young people's chats away
(the chat limits of ``workstation/hub/limits.py`` tripping); a counsellor's desk does not."""

from __future__ import annotations

from typing import Any

from tests.gui.helpers import eventually
from tests.gui.test_collab_consult import open_desk
from tests.support.wire import Wire, ok
from workstation.hub.limits import LimitSettings, LimitsFeature
from workstation.hub.server import HubServer
from workstation.ui.chatflood import ChatFloodNotice


async def test_a_flood_of_new_chats_reaches_the_shift_leads_desk(hub: HubServer, qtbot: Any
                                                                  ) -> None:
    hub.hub.feature(LimitsFeature).configure(LimitSettings())  # as `workstation-hub serve`
    async with open_desk(hub, "lead", qtbot) as lead, open_desk(hub, "kari", qtbot) as kari:
        for _ in range(5):
            async with Wire.connect(hub.url, "/v1/contact") as contact:
                ok(await contact.request("open", channel="chat"))
        async with Wire.connect(hub.url, "/v1/contact") as flooder:
            for _ in range(2):
                assert (await flooder.request("open", channel="chat"))["code"] == "rate_limited"
        notice = lead.window.findChild(ChatFloodNotice)
        assert notice is not None
        await eventually(lambda: not notice.isHidden())
        assert notice.text() == ("Chat: én adresse åpner svært mange chatter (et skript, eller "
                                 "nettet på en skole), og huben avviser noen (1 så langt)")
        assert "ringe 116 111" in notice.toolTip()
        # Answers to later requests come after the alert was pushed to everyone it went to.
        for desk in (lead, kari):
            await desk.controller.client.request({"type": "roster"})
        other = kari.window.findChild(ChatFloodNotice)
        assert other is not None and other.isHidden() and other.latest is None
        notice.click()
        assert notice.isHidden()


def test_each_chat_limit_has_its_own_sentence(qtbot: Any) -> None:
    notice = ChatFloodNotice()
    qtbot.addWidget(notice)
    texts = {notice.describe(limit, 3) for limit in (
        "open_total", "open_per_address", "send_per_contact", "contact_connections_total")}
    assert len(texts) == 4 and all("(3 så langt)" in t and t.startswith("Chat: ") for t in texts)
    notice.on_push({"type": "alert", "alert": "rate_limited", "limit": "login_per_address",
                    "refused": 1})
    assert notice.isHidden()  # sign-ins are the supervisors' business

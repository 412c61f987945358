"""A busy night on the real desk, for layout checks: every feature installed, a counsellor with
a long name, conversations waiting on her (one observed by a supervisor, one taken over by a
shift lead with a long name, one closed, one flagged), a queue, and a ringing call."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.gui.helpers import YoungPerson, eventually, young_person
from tests.support.hubs import PASSWORD, add_users
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer, serve_hub
from workstation.hub.telephony.feature import CallsFeature
from workstation.hub.telephony.simulated import SimulatedTelephony
from workstation.ui.desk_features import install_desk_features
from workstation.ui.main_window import MainWindow
from workstation.ui.session import DeskSession, sign_in

COUNSELLOR = "kari_lang"
LEAD = "vera_lang"
SUPERVISOR = "siri_lang"
LONG_NAMES = {
    COUNSELLOR: (["counsellor"], "Kari-Elisabeth Nordmann-Johansen Østgård"),
    LEAD: (["counsellor", "shift_lead"], "Vaktleder Vera-Marie Christophersen-Bakke"),
    SUPERVISOR: (["supervisor"], "Siri-Marie Lorentzen-Haugland Sørensen"),
}
NUMBER = "+47 912 34 512"
#: Conversations the counsellor has, and contacts left waiting in the queue.
TAKEN = 5
WAITING = 6


def add_long_names(db: Path) -> Path:
    """Add the staff with long display names to a test hub's database."""
    return add_users(db, LONG_NAMES)


@dataclass
class Scene:
    """The desk and what is going on around it.

    Attributes:
        conversations: the counsellor's conversations, in the order taken.
        observed: observed by the supervisor (shown in the conversation panel).
        handed_over: taken over by the shift lead.
        closed: the young person left.
    """

    hub: HubServer
    session: DeskSession
    window: MainWindow
    conversations: list[str] = field(default_factory=list)
    observed: str = ""
    handed_over: str = ""
    closed: str = ""


def phone(hub: HubServer) -> SimulatedTelephony:
    adapter = hub.hub.feature(CallsFeature).adapter
    assert isinstance(adapter, SimulatedTelephony)
    return adapter


async def _take_over(scene: Scene, lead: Wire, conversation: str) -> None:
    """The shift lead is consulted, joins, and takes the conversation over."""
    client = scene.session.client
    await client.request({"type": "consult", "conversation": conversation, "to": LEAD})
    request = await lead.expect(lambda f: f.get("type") == "consult_request")
    ok(await lead.request("consult_accept", consult=request["consult"]))
    ok(await lead.request("take_over", conversation=conversation))


@contextlib.asynccontextmanager
async def busy_desk(db: Path, ring: bool = True) -> AsyncIterator[Scene]:
    """The scene on a hub serving ``db`` (with :func:`add_long_names` applied)."""
    async with contextlib.AsyncExitStack() as stack:
        hub = await stack.enter_async_context(serve_hub(db))
        session = await sign_in(hub.url, COUNSELLOR, PASSWORD)
        stack.push_async_callback(session.close)
        window = MainWindow(session.controller)
        install_desk_features(window, session)
        stack.callback(window.close)
        window.show()
        scene = Scene(hub, session, window)
        controller = session.controller
        contacts: list[YoungPerson] = []
        for _ in range(TAKEN + WAITING):
            contact = await stack.enter_async_context(young_person(hub.url))
            await contact.open()
            contacts.append(contact)
        await eventually(lambda: controller.queue.rowCount() == TAKEN + WAITING)
        for contact in contacts[:TAKEN]:
            await controller.accept(contact.conversation, over_capacity=True)
            await contact.say("hei, er det noen der?")
            scene.conversations.append(contact.conversation)
        await eventually(lambda: controller.conversations.rowCount() == TAKEN)
        scene.observed, scene.handed_over, scene.closed, flagged = scene.conversations[:4]
        supervisor = await stack.enter_async_context(Wire.connect(hub.url, "/v1/staff"))
        ok(await supervisor.request("hello", user=SUPERVISOR, password=PASSWORD))
        ok(await supervisor.request("observe", conversation=scene.observed))
        lead = await stack.enter_async_context(Wire.connect(hub.url, "/v1/staff"))
        ok(await lead.request("hello", user=LEAD, password=PASSWORD))
        await _take_over(scene, lead, scene.handed_over)
        ok(await contacts[2].wire.request("leave"))
        await controller.flag_risk(flagged)
        model = controller.conversations
        await eventually(lambda: model.is_closed(scene.closed))
        await eventually(lambda: model.is_closed(scene.handed_over))
        await eventually(lambda: bool(model.summary(scene.observed).observers))  # type: ignore[union-attr]
        if ring:
            await phone(hub).ring(NUMBER)
            await eventually(lambda: controller.calls.rowCount() == 1)
        window.conversation_list.select(scene.observed)
        await eventually(lambda: window.conversation_panel.observed_label.isVisible())
        yield scene

"""Debrief requests (docs/care.md): offered to the shift leads, answered by one (the others'
offers withdrawn), declined, cancelled, and escalated like a consultation."""

from __future__ import annotations

from tests.integration.test_desk_features import desks
from tests.support.wire import ok
from workstation.hub.consult import ConsultFeature
from workstation.hub.server import HubServer


async def test_a_debrief_request_is_answered_by_one_shift_lead(hub: HubServer) -> None:
    async with desks(hub, "kari", "lead", "lead2") as (kari, lead, lead2):
        asked = ok(await kari.request("debrief_request", after="c123"))
        assert asked["offered"] == ["lead", "lead2"]
        offer = await lead.expect(lambda f: f.get("type") == "debrief_offer")
        assert (offer["author"], offer["after"]) == ("Kari", "c123")
        await lead2.expect(lambda f: f.get("type") == "debrief_offer")
        assert (await kari.request("debrief_accept", debrief=asked["debrief"]))["code"] == (
            "forbidden"
        )
        answer = ok(await lead2.request("debrief_accept", debrief=asked["debrief"]))
        assert answer["author"] == "Kari"
        told = await kari.expect(lambda f: f.get("type") == "debrief_answered")
        assert told["by_name"] == "Vaktleder Per"
        gone = await lead.expect(lambda f: f.get("type") == "debrief_withdrawn")
        assert gone["reason"] == "answered"
        late = await lead.request("debrief_accept", debrief=asked["debrief"])
        assert late["code"] == "conflict"


async def test_an_unanswered_debrief_escalates_and_alerts_supervisors(hub: HubServer) -> None:
    hub.hub.feature(ConsultFeature).escalate_after_s = 0.3
    async with desks(hub, "kari", "lead", "lead2", "sup") as (kari, lead, lead2, sup):
        ok(await lead2.request("presence", status="away"))
        asked = ok(await kari.request("debrief_request", urgent=True))
        assert asked["offered"] == ["lead"]
        alert = await sup.expect(lambda f: f.get("alert") == "debrief_unanswered")
        assert (alert["author"], alert["urgent"], alert["escalated_to"]) == ("Kari", True, None)
        ok(await lead2.request("presence", status="available"))
        alert = await sup.expect(lambda f: f.get("alert") == "debrief_unanswered")
        assert alert["escalated_to"] == "lead2" and alert["waiting_s"] >= 0
        await lead2.expect(lambda f: f.get("type") == "debrief_offer")
        ok(await lead2.request("debrief_accept", debrief=asked["debrief"]))
        await kari.expect(lambda f: f.get("type") == "debrief_answered")


async def test_declined_by_all_escalates_at_once_and_the_counsellor_can_cancel(
    hub: HubServer,
) -> None:
    async with desks(hub, "kari", "lead", "sup") as (kari, lead, sup):
        asked = ok(await kari.request("debrief_request"))
        await lead.expect(lambda f: f.get("type") == "debrief_offer")
        ok(await lead.request("debrief_decline", debrief=asked["debrief"]))
        alert = await sup.expect(lambda f: f.get("alert") == "debrief_unanswered")
        assert alert["escalated_to"] is None  # nobody else available: the supervisors know
        assert (await lead.request("debrief_cancel", debrief=asked["debrief"]))["code"] == (
            "forbidden"
        )
        ok(await kari.request("debrief_cancel", debrief=asked["debrief"]))
        again = await kari.request("debrief_cancel", debrief=asked["debrief"])
        assert again["code"] == "conflict"

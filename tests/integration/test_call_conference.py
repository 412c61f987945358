"""Listen-in, join and an outside party through the staff wire, on the simulated phone system
(docs/telephony.md, "Listen-in and three-way"; the audio itself: tests/e2e/
test_sip_conference.py): who may, consent first, unknown calls, and what the counsellor
sees."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from tests.integration.test_desk_features import NUMBER, desks, phone
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer

#: A service of the referral directory with a phone number (Vold- og overgrepslinjen).
SERVICE = "vold-og-overgrepslinjen"


@contextlib.asynccontextmanager
async def consulted_call(hub: HubServer) -> AsyncIterator[tuple[str, str, Wire, Wire, Wire]]:
    """A call kari answered and a consultation about it the lead joined; yields (call,
    conversation, kari, lead, ola)."""
    async with desks(hub, "kari", "lead", "ola") as (kari, lead, ola):
        call = await phone(hub).ring(NUMBER)
        ringing = await kari.expect(lambda f: f["type"] == "calls" and f["items"])
        conv = ringing["items"][0]["conversation"]
        ok(await kari.request("call_answer", conversation=conv))
        await kari.event(conv, "call_answered")
        consult = ok(await kari.request("consult", conversation=conv, to="lead"))["consult"]
        await lead.expect(lambda f: f["type"] == "consult_request")
        ok(await lead.request("consult_accept", consult=consult))
        yield call, conv, kari, lead, ola


async def test_the_lead_listens_the_counsellor_sees_it_and_the_lead_leaves(
    hub: HubServer,
) -> None:
    async with consulted_call(hub) as (call, conv, kari, lead, _):
        ok(await lead.request("call_listen", conversation=conv))
        shown = await kari.event(conv, "call_listening")
        assert (shown["user"], shown["name"]) == ("lead", "Vaktleder Vera")
        assert phone(hub).parties[call] == {"lead:lead": False}  # heard by nobody
        again = await lead.request("call_listen", conversation=conv)
        assert again["code"] == "conflict", again
        ok(await lead.request("call_listen_end", conversation=conv))
        ended = await kari.event(conv, "call_listen_ended")
        assert ended["by"] == "lead"
        assert phone(hub).parties[call] == {}
        # Listening again, then hanging up the desk phone: the network ends it.
        ok(await lead.request("call_listen", conversation=conv))
        await phone(hub).party_hangs_up(call, "lead:lead")
        gone = await kari.expect(lambda f: f["type"] == "event" and f["kind"]
                                 == "call_listen_ended" and f["by"] == "network")
        assert gone["user"] == "lead"


async def test_only_a_lead_in_a_consultation_about_the_call_may_listen(hub: HubServer) -> None:
    async with consulted_call(hub) as (_, conv, kari, lead, ola), desks(hub, "lead2") as (
        lead2,
    ):
        assert (await ola.request("call_listen", conversation=conv))["code"] == "forbidden"
        assert (await kari.request("call_listen", conversation=conv))["code"] == "forbidden"
        # A shift lead, but not in the consultation.
        assert (await lead2.request("call_listen", conversation=conv))["code"] == "forbidden"
        unknown = await lead.request("call_listen", conversation="0" * 32)
        assert unknown["code"] == "not_found"
        assert unknown["message"] == "There is no call in that conversation."
        ok(await kari.request("call_hold", conversation=conv))
        held = await lead.request("call_listen", conversation=conv)
        assert (held["code"], held["message"]) == ("conflict", "The call is not connected.")


async def test_joining_needs_the_counsellors_consent(hub: HubServer) -> None:
    async with consulted_call(hub) as (call, conv, kari, lead, _):
        early = await lead.request("call_join", conversation=conv)
        assert early["code"] == "conflict", "joined without listening first"
        nobody = await kari.request("call_join_answer", conversation=conv, user="lead",
                                    consent=True)
        assert nobody["code"] == "conflict", "consent to a request nobody made"
        ok(await lead.request("call_listen", conversation=conv))
        unasked = await kari.request("call_join_answer", conversation=conv, user="lead",
                                     consent=True)
        assert unasked["code"] == "conflict", "a listener let in without asking"
        assert phone(hub).parties[call] == {"lead:lead": False}
        ok(await lead.request("call_join", conversation=conv))
        await kari.event(conv, "call_join_requested")
        assert phone(hub).parties[call] == {"lead:lead": False}  # not before consent
        not_hers = await lead.request("call_join_answer", conversation=conv, user="lead",
                                      consent=True)
        assert not_hers["code"] == "forbidden"
        ok(await kari.request("call_join_answer", conversation=conv, user="lead",
                              consent=False))
        await kari.event(conv, "call_join_declined")
        assert phone(hub).parties[call] == {"lead:lead": False}
        ok(await lead.request("call_join", conversation=conv))
        ok(await kari.request("call_join_answer", conversation=conv, user="lead",
                              consent=True))
        joined = await lead.event(conv, "call_joined")
        assert (joined["user"], joined["by"]) == ("lead", "kari")
        assert phone(hub).parties[call] == {"lead:lead": True}


async def test_the_counsellor_adds_a_service_after_confirming_and_it_leaves_alone(
    hub: HubServer,
) -> None:
    async with consulted_call(hub) as (call, conv, kari, lead, _):
        unconfirmed = await kari.request("call_add_party", conversation=conv, service=SERVICE)
        assert unconfirmed["code"] == "conflict"
        no_phone = await kari.request("call_add_party", conversation=conv, service="ung-no",
                                      confirmed=True)
        assert no_phone["code"] == "not_found"
        lead_tries = await lead.request("call_add_party", conversation=conv, service=SERVICE,
                                        confirmed=True)
        assert lead_tries["code"] == "forbidden"
        party = ok(await kari.request("call_add_party", conversation=conv, service=SERVICE,
                                      confirmed=True))["party"]
        added = await kari.event(conv, "call_party_added")
        assert (added["service"], added["party"]) == (SERVICE, party)
        assert phone(hub).parties[call] == {party: True}
        await phone(hub).party_hangs_up(call, party)
        left = await kari.event(conv, "call_party_left")
        assert (left["party"], left["by"]) == (party, "network")
        assert phone(hub).calls[call] == "connected"  # the call goes on
        gone = await kari.request("call_drop_party", conversation=conv, party=party)
        assert gone["code"] == "not_found"

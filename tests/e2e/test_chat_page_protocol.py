"""What the chat page adds to /v1/contact: what a young person tells before joining, and the
quick exit the counsellor must learn about. Both are staff-only events."""

from __future__ import annotations

from tests.conftest import staff_login
from tests.support.wire import Wire, ok
from workstation.hub.server import HubServer
from workstation.hub.webchat.wait import WINDOW_S, expected_minutes


async def test_age_and_gender_reach_staff_only(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as young, \
            Wire.connect(hub.url, "/v1/staff") as kari:
        opened = ok(await young.request("open", channel="chat", age_band="13-15", gender="girl"))
        conv = opened["conversation"]
        await staff_login(kari, "kari")
        ok(await kari.request("accept", conversation=conv))
        described = await kari.event(conv, "described")
        assert (described["age_band"], described["gender"]) == ("13-15", "girl")
        ok(await kari.request("send", conversation=conv, text="Hei!"))
        await young.event(conv, "message")
        assert "described" not in {frame["kind"] for frame in young.events(conv)}


async def test_nothing_told_means_no_event_and_a_wrong_value_is_refused(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as young, \
            Wire.connect(hub.url, "/v1/staff") as kari:
        refused = await young.request("open", channel="chat", age_band="14")
        assert refused["code"] == "bad_frame"
        conv = ok(await young.request("open", channel="chat"))["conversation"]
        await staff_login(kari, "kari")
        accepted = ok(await kari.request("accept", conversation=conv))
        kinds = [f["kind"] for f in kari.events(conv) if f["seq"] <= accepted["seq"]]
        assert kinds == ["opened", "assigned"]


async def test_a_quick_exit_tells_the_counsellor_and_closes(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as young, \
            Wire.connect(hub.url, "/v1/staff") as kari:
        conv = ok(await young.request("open", channel="chat"))["conversation"]
        await staff_login(kari, "kari")
        ok(await kari.request("accept", conversation=conv))
        left = ok(await young.request("leave", id="exit-1", reason="quick_exit"))
        quick = await kari.event(conv, "left_quickly")
        closed = await kari.event(conv, "closed")
        assert (quick["seq"] + 1, closed["seq"], closed["reason"]) == (
            closed["seq"], left["seq"], "contact_left"
        )
        repeated = ok(await young.request("leave", id="exit-1", reason="quick_exit"))
        assert repeated["seq"] == left["seq"]  # the same answer, nothing new
        assert [f["kind"] for f in young.events(conv)].count("left_quickly") == 0
        assert [f["kind"] for f in kari.events(conv)].count("left_quickly") == 1


async def test_the_counsellors_typing_reaches_the_young_person_and_is_never_stored(
    hub: HubServer,
) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as young, \
            Wire.connect(hub.url, "/v1/staff") as kari, \
            Wire.connect(hub.url, "/v1/staff") as ola:
        conv = ok(await young.request("open", channel="chat"))["conversation"]
        await staff_login(kari, "kari")
        await staff_login(ola, "ola")
        accepted = ok(await kari.request("accept", conversation=conv))
        assert ok(await kari.request("typing", conversation=conv))["forwarded"] is True
        signal = await young.expect(lambda f: f.get("type") == "typing")
        assert signal == {"type": "typing", "author": "Kari"}
        # Again at once: answered, not passed on (at most one every 2 s per conversation).
        assert ok(await kari.request("typing", conversation=conv))["forwarded"] is False
        refused = await ola.request("typing", conversation=conv)
        assert refused["code"] == "forbidden"
        sent = ok(await kari.request("send", conversation=conv, text="Hei"))
        assert sent["seq"] == accepted["seq"] + 1  # nothing was stored in between
        await young.event(conv, "message")
        assert [f["type"] for f in young.frames].count("typing") == 1


async def test_feedback_comes_once_after_the_end_and_only_staff_see_it(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/contact") as young, \
            Wire.connect(hub.url, "/v1/staff") as kari:
        conv = ok(await young.request("open", channel="chat"))["conversation"]
        await staff_login(kari, "kari")
        ok(await kari.request("accept", conversation=conv))
        early = await young.request("feedback", helped="yes")
        assert early["code"] == "conflict"  # not while the conversation goes on
        closed = ok(await kari.request("close", conversation=conv))
        await young.event(conv, "closed")
        wrong = await young.request("feedback", helped="very")
        assert wrong["code"] == "bad_frame"
        given = ok(await young.request("feedback", id="fb-1", helped="a_bit", again="yes"))
        assert given["seq"] == closed["seq"] + 1
        assert ok(await young.request("feedback", id="fb-1", helped="a_bit"))["seq"] == \
            given["seq"]  # a repeat is the same answer
        again = await young.request("feedback", helped="no")
        assert again["code"] == "conflict"  # once per conversation
        assert "feedback" not in {f.get("kind") for f in young.frames}
    stored = await hub.hub.store.events_after(conv, 0)  # the conversation's durable log
    feedback = [e for e in stored if e.kind == "feedback"]
    assert [(e.fields["helped"], e.fields["again"]) for e in feedback] == [("a_bit", "yes")]


def test_the_expected_wait_follows_the_pace_and_promises_nothing_without_it() -> None:
    now = 10_000.0
    assert expected_minutes([now - 60, now - 30], 1, now) is None  # two taken: too little
    every_two_minutes = [now - 600 + 120 * i for i in range(5)]  # 5 in the last 10 minutes
    assert expected_minutes(every_two_minutes, 1, now) == 2
    assert expected_minutes(every_two_minutes, 6, now) == 12
    burst = [now - 3, now - 2, now - 1]  # three taken in three seconds promise little
    assert expected_minutes(burst, 1, now) == 1
    assert expected_minutes(burst, 10, now) == 4
    stale = [now - WINDOW_S - 1] * 5
    assert expected_minutes(stale, 1, now) is None


async def test_a_queued_young_person_hears_the_expected_wait(hub: HubServer) -> None:
    async with Wire.connect(hub.url, "/v1/staff") as kari:
        await staff_login(kari, "kari")
        async with Wire.connect(hub.url, "/v1/contact") as first:
            conv = ok(await first.request("open", channel="chat"))["conversation"]
            assert (await first.expect(lambda f: f.get("type") == "wait")) == {
                "type": "wait", "minutes": None}
            ok(await kari.request("accept", conversation=conv))
            ok(await kari.request("close", conversation=conv))
        for _ in range(2):  # two more taken: three in the window
            async with Wire.connect(hub.url, "/v1/contact") as young:
                conv = ok(await young.request("open", channel="chat"))["conversation"]
                ok(await kari.request("accept", conversation=conv))
                ok(await kari.request("close", conversation=conv))
        async with Wire.connect(hub.url, "/v1/contact") as waiting:
            ok(await waiting.request("open", channel="chat"))
            told = await waiting.expect(lambda f: f.get("type") == "wait")
            assert told["minutes"] == 1  # three taken within a minute: about a minute

import asyncio

import pytest

from workstation.client.errors import HubError
from workstation.client.outbox import Outbox, OutboxItem, OutboxKind, new_id


def make(conversation: str, text: str = "x", kind: OutboxKind = "send") -> OutboxItem:
    return OutboxItem(
        new_id(), conversation, kind, text, asyncio.get_running_loop().create_future()
    )


def ids(items: list[OutboxItem]) -> list[str]:
    return [item.id for item in items]


async def test_one_item_per_conversation_is_on_the_wire_in_typing_order() -> None:
    box = Outbox()
    a1, b1, a2, a3 = make("a"), make("b"), make("a", kind="note"), make("a")
    for item in (a1, b1, a2, a3):
        box.add(item)
    assert ids(box.ready()) == [a1.id, b1.id]
    box.mark_sent(a1.id)
    box.mark_sent(b1.id)
    assert box.ready() == []
    box.ack(a1.id, 7)
    assert ids(box.ready()) == [a2.id]
    assert await a1.future == 7
    assert ids(box.items) == [b1.id, a2.id, a3.id]


async def test_after_a_lost_connection_everything_goes_again_with_the_same_ids() -> None:
    box = Outbox()
    a1, a2, b1 = make("a"), make("a"), make("b")
    for item in (a1, a2, b1):
        box.add(item)
    for item in box.ready():
        box.mark_sent(item.id)
    box.connection_lost()
    assert ids(box.ready()) == [a1.id, b1.id]
    assert box.ready()[0].frame() == {
        "type": "send",
        "id": a1.id,
        "conversation": "a",
        "text": "x",
    }


async def test_a_refused_item_fails_and_unblocks_the_next() -> None:
    box = Outbox()
    a1, a2 = make("a"), make("a")
    box.add(a1)
    box.add(a2)
    box.mark_sent(a1.id)
    box.fail(a1.id, HubError("forbidden", "Not yours."))
    with pytest.raises(HubError) as caught:
        await a1.future
    assert caught.value.code == "forbidden"
    assert ids(box.ready()) == [a2.id]
    assert len(box) == 1


async def test_a_second_answer_for_the_same_id_changes_nothing() -> None:
    box = Outbox()
    a1 = make("a")
    box.add(a1)
    assert box.ack(a1.id, 3) is a1
    assert box.ack(a1.id, 4) is None
    assert box.fail(a1.id, HubError("internal", "x")) is None
    assert await a1.future == 3
    assert a1.id not in box


async def test_a_rate_limited_item_is_sent_again_and_keeps_its_place() -> None:
    box = Outbox()
    a1, a2 = make("a"), make("a")
    box.add(a1)
    box.add(a2)
    box.mark_sent(a1.id)
    box.retry(a1.id)
    assert ids(box.ready()) == [a1.id]


async def test_the_same_id_cannot_be_queued_twice() -> None:
    box = Outbox()
    a1 = make("a")
    box.add(a1)
    with pytest.raises(ValueError):
        box.add(a1)


async def test_an_acknowledged_item_whose_future_was_cancelled_is_still_forgotten() -> None:
    box = Outbox()
    a1 = make("a")
    box.add(a1)
    a1.future.cancel()
    box.ack(a1.id, 1)
    assert len(box) == 0


def test_ids_are_unique_and_fit_the_wire_limit() -> None:
    many = {new_id() for _ in range(1000)}
    assert len(many) == 1000
    assert all(0 < len(i) <= 64 for i in many)

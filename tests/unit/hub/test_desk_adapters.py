"""Number masking, thread hashes, the capacity rule and the simulated phone and SMS systems."""

from __future__ import annotations

import pytest

from workstation.hub.desk.capacity import DEFAULT_LIMITS, free_places, refusal
from workstation.hub.sms import InboundSms, SimulatedSmsGateway, SmsError
from workstation.hub.telephony import (
    CallEvent,
    SimulatedTelephony,
    TelephonyError,
    mask,
    normalise,
    thread_hash,
)


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("+47 912 34 512", "+47 ** ** ** 12"),
        ("91234512", "+47 ** ** ** 12"),
        ("0047 91 23 45 12", "+47 ** ** ** 12"),
        ("+46 70 123 45 67", "+46 * ** ** ** 67"),
        (None, None),
        ("", None),
        ("skjult", None),
        ("12", None),
    ],
)
def test_mask_keeps_the_country_code_and_the_last_two_digits(
    number: str | None, masked: str | None
) -> None:
    assert mask(number) == masked


def test_normalise_gives_one_form_for_every_way_of_writing_a_number() -> None:
    forms = {"+47 912 34 512", "91234512", "0047 912 34 512", "+4791234512"}
    assert {normalise(f) for f in forms} == {"+4791234512"}


def test_thread_hash_is_stable_keyed_and_reveals_no_digits() -> None:
    salt, other = b"a" * 32, b"b" * 32
    first = thread_hash("+47 912 34 512", salt)
    assert first is not None and first == thread_hash("91234512", salt)
    assert first != thread_hash("91234512", other)
    assert first != thread_hash("91234513", salt)
    assert "91234512" not in first and len(first) == 32
    assert thread_hash("no number", salt) is None


def test_capacity_three_chats_or_one_call_and_one_chat() -> None:
    limits = DEFAULT_LIMITS
    assert refusal({"chat": 2}, limits, "chat") is None
    assert refusal({"chat": 3}, limits, "chat") is not None
    assert refusal({"chat": 1}, limits, "phone") is None
    assert refusal({"chat": 2}, limits, "phone") is not None
    assert refusal({"phone": 1}, limits, "chat") is None
    assert refusal({"phone": 1, "chat": 1}, limits, "chat") is not None
    assert refusal({"phone": 1, "chat": 1}, limits, "sms") is None
    assert refusal({"phone": 1}, limits, "phone") is not None
    assert refusal({"phone": 1, "chat": 1}, limits, "email") is None
    assert refusal({}, {**limits, "phone": 0}, "phone") is not None
    assert free_places({}, limits) == {"chat": 3, "sms": 3, "phone": 1, "email": 5}
    assert free_places({"phone": 1}, limits) == {"chat": 1, "sms": 1, "phone": 0, "email": 5}
    assert free_places({"chat": 2}, limits)["phone"] == 0


async def test_simulated_telephony_reports_only_a_masked_number() -> None:
    adapter = SimulatedTelephony()
    seen: list[CallEvent] = []

    async def listener(event: CallEvent) -> None:
        seen.append(event)

    with pytest.raises(TelephonyError):
        await adapter.ring("91234512")  # nobody listening
    adapter.attach(listener)
    call = await adapter.ring("+47 912 34 512")
    caller = thread_hash("+47 912 34 512", adapter.salt)  # the adapter's keyed hash only
    assert seen[-1] == CallEvent("offered", call, number="+47 ** ** ** 12", caller=caller)
    # The call id is random hex and may itself contain "912"; look for the number's digits.
    for kept in (repr(seen), repr(adapter.__dict__)):
        assert "91234512" not in kept and "912 34 512" not in kept
    with pytest.raises(TelephonyError):
        await adapter.hold(call)  # not answered yet
    await adapter.answer(call, "kari")
    with pytest.raises(TelephonyError):
        await adapter.answer(call, "ola")
    await adapter.hold(call)
    with pytest.raises(TelephonyError):
        await adapter.hold(call)
    await adapter.resume(call)
    await adapter.transfer(call, "ola")
    assert adapter.desk[call] == "ola"
    await adapter.caller_hangs_up(call)
    assert seen[-1] == CallEvent("ended", call)
    for command in (adapter.hold, adapter.resume, adapter.hangup):
        with pytest.raises(TelephonyError):
            await command(call)


async def test_simulated_sms_gateway_speaks_in_thread_hashes() -> None:
    gateway = SimulatedSmsGateway(salt=b"s" * 32)
    got: list[InboundSms] = []

    async def listener(sms: InboundSms) -> str:
        got.append(sms)
        return "c1"

    gateway.attach(listener)
    assert await gateway.receive("+47 912 34 512", "hei", message_id="m1") == "c1"
    (sms,) = got
    assert sms.thread == gateway.thread_of("91234512")
    assert sms.number == "+47 ** ** ** 12" and sms.text == "hei" and sms.message_id == "m1"
    assert "91234512" not in sms.thread and len(sms.thread) == 32  # a keyed hash, not the number
    await gateway.send(sms.thread, "Hei tilbake")
    assert gateway.sent_to("+4791234512") == ["Hei tilbake"]
    with pytest.raises(SmsError):
        await gateway.send("f" * 32, "to nobody")
    with pytest.raises(SmsError):
        await gateway.receive("not a number", "hei")

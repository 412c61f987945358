"""Calls (channel ``phone``): the adapter interface, the simulated adapter, number masking."""

from workstation.hub.telephony.adapter import (
    CallEvent,
    CallListener,
    TelephonyAdapter,
    TelephonyError,
)
from workstation.hub.telephony.numbers import mask, normalise, thread_hash
from workstation.hub.telephony.simulated import SimulatedTelephony

__all__ = [
    "CallEvent",
    "CallListener",
    "SimulatedTelephony",
    "TelephonyAdapter",
    "TelephonyError",
    "mask",
    "normalise",
    "thread_hash",
]

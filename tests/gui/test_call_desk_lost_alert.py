"""The shift lead's alert when a desk is lost mid-call (``call_desk_lost``), in Norwegian."""

from __future__ import annotations

from workstation.protocol.times import utc_now
from workstation.ui.supervisor.alerts import SEVERE, Alert


def test_a_lost_desk_is_a_severe_alert_that_names_the_counsellor() -> None:
    alert = Alert("c1", "call_desk_lost", utc_now(), {"user": "kari", "conversation": "c1"})
    assert alert.text() == ("Pulten til kari falt ut under en samtale: innringeren står på "
                            "vent og hører ventelyden til samtalen blir tatt opp igjen")
    assert "call_desk_lost" in SEVERE

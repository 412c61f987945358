"""SIP user agents for the hub and the desk: Debian's baresip, driven over its control port.

No SIP or RTP is written here; see docs/telephony.md for why baresip.
"""

from workstation.sip.control import BaresipControl, ControlError
from workstation.sip.process import BaresipMissing, BaresipProcess, BaresipSettings

__all__ = ["BaresipControl", "BaresipMissing", "BaresipProcess", "BaresipSettings", "ControlError"]

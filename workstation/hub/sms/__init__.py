"""SMS (channel ``sms``): the gateway interface and the simulated gateway."""

from workstation.hub.sms.gateway import InboundSms, SmsError, SmsGateway, SmsListener
from workstation.hub.sms.simulated import SimulatedSmsGateway

__all__ = ["InboundSms", "SimulatedSmsGateway", "SmsError", "SmsGateway", "SmsListener"]

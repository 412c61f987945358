"""E-mail (channel ``email``): letters from a mailbox become conversations (docs/email.md)."""

from workstation.hub.email.gateway import EmailError, EmailGateway, EmailListener
from workstation.hub.email.simulated import SimulatedEmail

__all__ = ["EmailError", "EmailGateway", "EmailListener", "SimulatedEmail"]

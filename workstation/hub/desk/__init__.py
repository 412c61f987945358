"""The counsellor desk's hub side: capacity, canned responses, contact summaries.

Calls and SMS live in :mod:`workstation.hub.telephony` and :mod:`workstation.hub.sms`.
"""

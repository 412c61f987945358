"""Kannel's sender numbers, in the forms SMSCs give them."""

from __future__ import annotations

import pytest

from workstation.hub.sms.kannel import sender_number, service_url


@pytest.mark.parametrize(
    ("sender", "number"),
    [
        ("+4791234512", "+4791234512"),
        ("004791234512", "+4791234512"),
        ("4791234512", "+4791234512"),
        ("91234512", "+4791234512"),
        ("46701234567", "+46701234567"),  # a Swedish number without its +
        ("Telenor", None),
        ("", None),
    ],
)
def test_sender_number(sender: str, number: str | None) -> None:
    assert sender_number(sender) == number


def test_the_service_url_keeps_kannels_escapes_and_quotes_the_token() -> None:
    url = service_url("http://127.0.0.1:8765/", "a b&c")
    assert url == ("http://127.0.0.1:8765/sms/kannel/inbound?token=a+b%26c"
                   "&from=%p&to=%P&id=%I&coding=%c&text=%a")

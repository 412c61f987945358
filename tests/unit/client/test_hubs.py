"""Several hub addresses: which one a client tries, and when it is moving to another."""

from __future__ import annotations

import pytest

from workstation.client.hubs import HubList, split_addresses
from workstation.client.tls import InsecureHub, TlsOptions, is_unencrypted_remote


def test_addresses_come_as_a_comma_list_or_a_list() -> None:
    assert split_addresses("wss://a:8765, wss://b:8765") == ["wss://a:8765", "wss://b:8765"]
    assert split_addresses(["wss://a:8765", "wss://b:8765,wss://c:8765"]) == [
        "wss://a:8765", "wss://b:8765", "wss://c:8765"]
    with pytest.raises(ValueError):
        split_addresses(" , ")


def test_each_address_gets_the_path_once() -> None:
    hubs = HubList("ws://a:1,ws://b:1/v1/staff/", "/v1/staff")
    assert hubs.urls == ["ws://a:1/v1/staff", "ws://b:1/v1/staff"]
    assert hubs.current == "ws://a:1/v1/staff" and hubs.count == 2


def test_a_lost_hub_is_tried_again_then_the_next_round_and_round() -> None:
    hubs = HubList("ws://a:1,ws://b:1")
    assert not hubs.moving
    hubs.connected()
    assert hubs.index == 0 and not hubs.moving  # lost: A is tried once more first
    hubs.failed()
    assert hubs.current == "ws://b:1" and hubs.moving
    hubs.failed()
    assert hubs.current == "ws://a:1" and hubs.moving  # still looking, round and round
    hubs.failed()
    hubs.connected()
    assert hubs.index == 1 and not hubs.moving


def test_one_address_behaves_as_before() -> None:
    hubs = HubList("ws://a:1")
    hubs.connected()
    hubs.failed()
    assert hubs.current == "ws://a:1" and not hubs.moving


def test_tls_rules_hold_for_every_address() -> None:
    assert is_unencrypted_remote("wss://hub.example:8765,ws://10.0.0.2:8765")
    assert not is_unencrypted_remote("wss://hub.example:8765,ws://127.0.0.1:8765")
    with pytest.raises(InsecureHub, match="10.0.0.2"):
        TlsOptions().check("wss://hub.example:8765,ws://10.0.0.2:8765")
    TlsOptions(insecure=True).check("wss://hub.example:8765,ws://10.0.0.2:8765")
    assert TlsOptions().context("ws://127.0.0.1:1,wss://hub.example:8765") is not None
    assert TlsOptions().context("ws://127.0.0.1:1,ws://127.0.0.1:2") is None

"""Where a desk's softphone listens (``softphone_ready``): the hub dials the port the desk
said on the address the desk connects from, while that connection lasts, and falls back to
the ``--sip-desk`` template (docs/telephony.md, "Where a desk's softphone listens"; through
``serve`` with real softphones: tests/e2e/test_sip_listen_in_served.py)."""

from __future__ import annotations

from tests.integration.test_desk_features import desks
from tests.integration.test_sms_outbox import eventually
from tests.support.wire import ok
from workstation.hub.server import HubServer
from workstation.hub.telephony.sip import desk_phones
from workstation.hub.telephony.softphone import SoftphoneFeature, _peer_host


async def test_each_desk_names_its_own_port_on_its_own_address(hub: HubServer) -> None:
    softphones = hub.hub.feature(SoftphoneFeature)
    softphones.template = desk_phones("sip:{user}@10.0.0.7:5062")
    try:
        async with desks(hub, "kari", "ola") as (kari, ola):
            assert softphones.address("kari") == "sip:kari@10.0.0.7:5062"  # not said yet
            ok(await kari.request("softphone_ready", port=40001))
            # A host in the frame is not the contract's and never used: the connection's is.
            ok(await ola.request("softphone_ready", port=40002, host="192.0.2.9"))
            assert softphones.address("kari") == "sip:kari@127.0.0.1:40001"
            assert softphones.address("ola") == "sip:ola@127.0.0.1:40002"
            ok(await kari.request("softphone_ready", port=40003))  # started again elsewhere
            assert softphones.address("kari") == "sip:kari@127.0.0.1:40003"
            ok(await kari.request("softphone_lost"))
            assert softphones.address("kari") == "sip:kari@10.0.0.7:5062"  # until ready again
            for port in (0, 65536, "5062"):
                refused = await ola.request("softphone_ready", port=port)
                assert refused["type"] == "error", port
            assert softphones.address("ola") == "sip:ola@127.0.0.1:40002"
            await ola.ws.close()
            # the hub forgets a closed connection's softphone
            await eventually(lambda: softphones.address("ola") == "sip:ola@10.0.0.7:5062")
    finally:
        softphones.template = None


async def test_a_desk_that_said_nothing_has_no_softphone_without_a_template(
    hub: HubServer,
) -> None:
    softphones = hub.hub.feature(SoftphoneFeature)
    async with desks(hub, "kari", "kari") as (first, second):
        ok(await first.request("softphone_ready", port=40001))
        assert softphones.address("kari") == "sip:kari@127.0.0.1:40001"
        await first.ws.close()
        # its connection closed; the other one said nothing
        await eventually(lambda: softphones.address("kari") is None)
        ok(await second.request("softphone_ready", port=40002))
        assert softphones.address("kari") == "sip:kari@127.0.0.1:40002"
    assert softphones.address("ola") is None


def test_the_desks_address_as_a_sip_host() -> None:
    assert _peer_host("10.0.0.7") == "10.0.0.7"
    assert _peer_host("::ffff:10.0.0.7") == "10.0.0.7"
    assert _peer_host("fd00::7") == "fd00::7"
    assert _peer_host("?") is None

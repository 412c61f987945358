"""Lines that start side by side each keep their own baresip's control connection, even when
the free-port probe names the same port twice (workstation/sip/process.py, control_port)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

import pytest

import workstation.sip.process as process
from tests.support.sip import need
from workstation.sip.process import BaresipProcess, BaresipSettings


@pytest.fixture
def same_port_twice(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The first two TCP probes name the same port, as two probes side by side can."""
    real = process.free_port
    given: list[int] = []

    def probe(kind: int, host: str = "127.0.0.1") -> int:
        if kind == socket.SOCK_STREAM and len(given) < 2:
            given.append(given[0] if given else real(kind, host))
            return given[-1]
        return real(kind, host)

    monkeypatch.setattr(process, "free_port", probe)
    yield
    assert len(given) == 2 and given[0] == given[1]  # the probe did name it twice


async def test_two_lines_whose_probes_name_one_port_each_keep_their_control(
    same_port_twice: None,
) -> None:
    need("baresip")
    async with BaresipProcess(BaresipSettings(user="a")) as a, \
            BaresipProcess(BaresipSettings(user="b")) as b:
        assert a.control is not None and b.control is not None
        # Each answers for its own account only: the connections reach their own baresip.
        a_agents = await a.control.command("uanew", "<sip:extra-a@127.0.0.1>;regint=0")
        b_agents = await b.control.command("uanew", "<sip:extra-b@127.0.0.1>;regint=0")
        assert "sip:a@" in a_agents and "sip:b@" not in a_agents
        assert "sip:b@" in b_agents and "sip:a@" not in b_agents
        await asyncio.sleep(0)
        assert a.control.ended is None and b.control.ended is None

"""The PROXY protocol header (v1 text, v2 binary) read from a connection's first bytes."""

from __future__ import annotations

import struct

import pytest

from tests.support.proxied import v2_header as v2
from workstation.hub.proxy_header import (
    MAX_V1_BYTES,
    MAX_V2_BYTES,
    V2_SIGNATURE,
    HeaderError,
    ProxyHeader,
    parse,
)

REQUEST = b"GET /v1/contact HTTP/1.1\r\n"


def test_v2_gives_the_client_and_where_the_request_starts() -> None:
    header = v2("203.0.113.7", 51000, tlv=b"\x04\x00\x01\x00")  # a NOOP TLV is skipped
    assert parse(header + REQUEST) == ProxyHeader(len(header), ("203.0.113.7", 51000))
    header6 = v2("2001:db8::7", 443)
    assert parse(header6) == ProxyHeader(16 + 36, ("2001:db8::7", 443))


def test_v2_arriving_in_pieces_is_awaited() -> None:
    header = v2("203.0.113.7", 51000)
    for end in range(len(header)):
        assert parse(header[:end]) is None
    assert parse(header) is not None


def test_v2_local_is_a_health_check_without_a_client() -> None:
    local = V2_SIGNATURE + bytes([0x20, 0x00]) + b"\x00\x00"
    assert parse(local + REQUEST) == ProxyHeader(16, None)


def test_v1_lines() -> None:
    line = b"PROXY TCP4 198.51.100.2 10.0.0.1 40000 8765\r\n"
    assert parse(line + REQUEST) == ProxyHeader(len(line), ("198.51.100.2", 40000))
    line6 = b"PROXY TCP6 2001:db8::2 2001:db8::1 40000 8765\r\n"
    assert parse(line6) == ProxyHeader(len(line6), ("2001:db8::2", 40000))
    assert parse(b"PROXY UNKNOWN\r\n") == ProxyHeader(15, None)
    assert parse(b"PROXY TCP4 198.51.100.2 10.0.0.1 400") is None


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(REQUEST, id="no header at all"),
        pytest.param(b"\r\n\r\n\x00\r\nQUIX\n" + bytes(8), id="v2 signature wrong"),
        pytest.param(V2_SIGNATURE + b"\x11\x11\x00\x0c" + bytes(12), id="v2 version 1"),
        pytest.param(V2_SIGNATURE + b"\x22\x11\x00\x0c" + bytes(12), id="v2 command unknown"),
        pytest.param(V2_SIGNATURE + b"\x21\x11\xff\xff", id="v2 length 64 KiB"),
        pytest.param(V2_SIGNATURE + b"\x21\x11" + struct.pack("!H", MAX_V2_BYTES - 15),
                     id="v2 length one over the bound"),
        pytest.param(V2_SIGNATURE + b"\x21\x11\x00\x08" + bytes(8), id="v2 IPv4 block short"),
        pytest.param(V2_SIGNATURE + b"\x21\x21\x00\x0c" + bytes(12), id="v2 IPv6 block short"),
        pytest.param(b"PROXY TCP4 198.51.100.2 10.0.0.1 40000\r\n", id="v1 field missing"),
        pytest.param(b"PROXY TCP5 198.51.100.2 10.0.0.1 1 2\r\n", id="v1 family unknown"),
        pytest.param(b"PROXY TCP4 2001:db8::2 10.0.0.1 1 2\r\n", id="v1 family mismatch"),
        pytest.param(b"PROXY TCP4 198.51.100.256 10.0.0.1 1 2\r\n", id="v1 address bad"),
        pytest.param(b"PROXY TCP4 198.51.100.2 10.0.0.1 65536 2\r\n", id="v1 port too big"),
        pytest.param(b"PROXY TCP4 198.51.100.2 10.0.0.1 +1 2\r\n", id="v1 port signed"),
        pytest.param(b"PROXY TCP4 198.51.100.2 10.0.0.1 01 2\r\n", id="v1 port zero-led"),
        pytest.param(b"PROXY TCP4  198.51.100.2 10.0.0.1 1 2\r\n", id="v1 double space"),
        pytest.param("PROXY TCP4 198.51.100.2 10.0.0.1 ١ 2\r\n".encode(), id="v1 not ASCII"),
        pytest.param(b"PROXY TCP4 " + b"1" * MAX_V1_BYTES, id="v1 line without end"),
        pytest.param(b"PROXZ TCP4", id="v1 prefix wrong"),
    ],
)
def test_malformed_headers_are_refused(data: bytes) -> None:
    with pytest.raises(HeaderError):
        parse(data)


def test_a_v1_line_is_read_only_to_its_bound() -> None:
    line = b"PROXY UNKNOWN " + b"x" * (MAX_V1_BYTES - 16) + b"\r\n"
    assert len(line) == MAX_V1_BYTES
    assert parse(line) == ProxyHeader(MAX_V1_BYTES, None)
    with pytest.raises(HeaderError):
        parse(line[:-2] + b"x\r\n")

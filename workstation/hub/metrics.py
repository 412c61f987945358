"""``GET /metrics``: the hub's figures in Prometheus' text format, and who may read them.

Only counts, durations and fixed labels (connection kind, channel, event kind, error code, the
name of a limit) are ever exported: never a user or display name, an address, a phone number,
a conversation id or a word of a conversation. Each hub has its own registry, so several hubs
in one process (tests, the demo) keep their own figures.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from workstation.hub.feature import Feature
from workstation.protocol.errors import ErrorCode
from workstation.protocol.frames import CHANNELS
from workstation.protocol.times import parse_time, utc_now
from workstation.sessions.events import Event

if TYPE_CHECKING:
    from workstation.hub.core import Hub
    from workstation.hub.staff_api import StaffApi

METRICS_PATH = "/metrics"
#: Who may read ``/metrics`` unless ``--metrics-allow`` says otherwise: this machine only.
DEFAULT_ALLOW = "127.0.0.1,::1"
CONNECTION_KINDS = ("contact", "staff")
#: Commit latency buckets, seconds: a group commit on a local SSD is a few milliseconds.
COMMIT_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class HubMetrics:
    """The hub's counters and gauges, in a registry of its own.

    Attributes:
        registry: what ``/metrics`` renders.
        connections: open WebSocket connections by ``kind`` (contact, staff).
        events: events appended to conversation logs, by event ``kind``.
        commit_seconds: how long each group commit of the database thread took.
        error_frames: ``error`` frames sent, by ``code``.
        rate_limit_trips: times a limit answered ``rate_limited``, by ``limit``.
        failed_logins: ``hello`` refused for a wrong password or an unknown token.
        page_process_restarts: times the chat page's own process (``--chat-page-process``)
            stopped by itself and was started again.
    """

    def __init__(self, hub: Hub) -> None:
        self.registry = CollectorRegistry()
        registry = self.registry
        self.connections = Gauge(
            "hub_connections", "Open WebSocket connections by kind.", ["kind"], registry=registry
        )
        self.events = Counter(
            "hub_events_appended", "Events appended to conversation logs, by kind.", ["kind"],
            registry=registry,
        )
        self.commit_seconds = Histogram(
            "hub_commit_seconds",
            "Duration of each write transaction of the database thread, BEGIN to COMMIT.",
            buckets=COMMIT_BUCKETS, registry=registry,
        )
        self.error_frames = Counter(
            "hub_error_frames", "Error frames sent, by code.", ["code"], registry=registry
        )
        self.rate_limit_trips = Counter(
            "hub_rate_limit_trips", "Requests refused by a rate limit, by limit.", ["limit"],
            registry=registry,
        )
        self.failed_logins = Counter(
            "hub_failed_logins", "Sign-ins refused for a wrong password or token.",
            registry=registry,
        )
        self.page_process_restarts = Counter(
            "hub_chat_page_process_restarts",
            "Times the chat page's own process stopped by itself and was started again.",
            registry=registry,
        )
        for kind in CONNECTION_KINDS:
            self.connections.labels(kind)
        for code in ErrorCode:
            self.error_frames.labels(code.value)
        registry.register(QueueCollector(hub))

    def render(self) -> bytes:
        return generate_latest(self.registry)

    def error_frame(self, code: str) -> None:
        self.error_frames.labels(ErrorCode(code).value).inc()  # a fixed code, never free text

    def rate_limited(self, limit: str) -> None:
        """A limit tripped; ``limit`` is a fixed name from the code (``bad_frames``,
        ``open_per_address``, ``login_per_address`` …)."""
        self.rate_limit_trips.labels(limit).inc()

    def event_counter(self, hub: Hub, api: StaffApi) -> Feature:
        """A hub feature (answering no requests) that counts committed events."""
        return _EventCounter(hub, api, self)


class _EventCounter(Feature):
    def __init__(self, hub: Hub, api: StaffApi, metrics: HubMetrics) -> None:
        super().__init__(hub, api)
        self.metrics = metrics

    def on_event(self, event: Event) -> None:
        self.metrics.events.labels(event.kind).inc()


class QueueCollector(Collector):
    """Queue length and longest wait per channel, read from the hub when scraped."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    def collect(self) -> Iterator[Metric]:
        length = GaugeMetricFamily(
            "hub_queue_length", "Contacts waiting in the queue, by channel.", labels=["channel"]
        )
        wait = GaugeMetricFamily(
            "hub_queue_longest_wait_seconds",
            "How long the contact waiting longest has waited, by channel (0: nobody waits).",
            labels=["channel"],
        )
        counts = dict.fromkeys(CHANNELS, 0)
        oldest: dict[str, str] = {}
        for conv_id in self.hub.queue:
            conv = self.hub.conversations.get(conv_id)
            if conv is None or conv.channel not in counts:
                continue
            counts[conv.channel] += 1
            if conv.channel not in oldest or conv.created_at < oldest[conv.channel]:
                oldest[conv.channel] = conv.created_at
        now = utc_now()
        for channel, count in counts.items():
            length.add_metric([channel], count)
            since = oldest.get(channel)
            seconds = (now - parse_time(since)).total_seconds() if since else 0.0
            wait.add_metric([channel], max(0.0, seconds))
        yield length
        yield wait


def parse_allow(text: str) -> tuple[Network, ...]:
    """``127.0.0.1,10.0.0.0/8,::1`` as networks; ``ValueError`` with a sentence otherwise."""
    networks: list[Network] = []
    for part in (piece.strip() for piece in text.split(",")):
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ValueError(
                f"{part!r} is not an address or network (e.g. 127.0.0.1 or 10.0.0.0/8)."
            ) from None
    if not networks:
        raise ValueError("--metrics-allow needs at least one address or network.")
    return tuple(networks)


def address_allowed(address: str, networks: Iterable[Network]) -> bool:
    """Is the peer ``address`` inside one of ``networks``? Unparsable addresses are not."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip.version == net.version and ip in net for net in networks)

"""Times on the wire: ISO 8601 in UTC with ``Z``."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def format_time(moment: datetime) -> str:
    """``2026-11-26T10:22:24.123Z`` (milliseconds, always UTC)."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_time(text: str) -> datetime:
    """Parse a wire time; raises ``ValueError`` for anything but UTC ``Z`` form."""
    if not text.endswith("Z"):
        raise ValueError("time must be UTC with a trailing Z")
    return datetime.fromisoformat(text[:-1] + "+00:00")

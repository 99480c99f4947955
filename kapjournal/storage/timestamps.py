"""How the vault stores times: UTC ISO-8601 text, so they sort as text."""

from __future__ import annotations

from datetime import UTC, datetime


def ts(value: datetime) -> str:
    """Store times as UTC ISO-8601 so they sort as text."""
    if value.tzinfo is None:
        value = value.astimezone()
    return value.astimezone(UTC).isoformat(timespec="seconds")


def parse_ts(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

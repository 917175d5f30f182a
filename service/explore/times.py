"""How the explorer prints times: in UTC, said so, with a machine-readable value for the reader's locale."""

from __future__ import annotations

from datetime import UTC, datetime

UNDATED = "Publication date not given"


def parse(value: datetime | str | None) -> datetime | None:
    """Return an aware datetime for a datetime or ISO string (naive values are taken as UTC)."""
    if value is None or value == "":
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def utc_label(value: datetime | str | None) -> str:
    """Return "2021-07-26 18:00 UTC", or "date not given"."""
    moment = parse(value)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else "date not given"


def utc_iso(value: datetime | str | None) -> str:
    """Return the ISO 8601 form in UTC for a ``<time datetime>`` attribute (empty when unknown)."""
    moment = parse(value)
    return moment.astimezone(UTC).isoformat() if moment else ""


def utc_day(value: datetime | str | None) -> str:
    """Return the UTC calendar day, "2021-07-26", or UNDATED."""
    moment = parse(value)
    return moment.astimezone(UTC).strftime("%Y-%m-%d") if moment else UNDATED

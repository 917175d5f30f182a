"""The search form: its query-string values read and checked, with errors a reader can fix."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from werkzeug.datastructures import MultiDict

from service.engine.types import QUOTE_KINDS

KINDS = tuple(k for k in QUOTE_KINDS if k != "scare")  # scare quotes mark titles and terms, not speech
MAX_WORDS = 200


def _day(raw: str, name: str, errors: list[str]) -> datetime | None:
    if not raw:
        return None
    try:
        return datetime.strptime(raw, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        errors.append(f"{name} must be a date like 2021-07-26.")
        return None


def read_filters(args: MultiDict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """Return the search filters from the query string and the problems found in them."""
    errors: list[str] = []
    values = {k: args.get(k, "").strip()[:MAX_WORDS] for k in ("q", "speaker", "outlet", "kind", "since", "until")}
    if values["kind"] and values["kind"] not in KINDS:
        errors.append(f"Kind must be one of {', '.join(KINDS)}.")
        values["kind"] = ""
    since = _day(values["since"], "From", errors)
    until = _day(values["until"], "To", errors)
    # "To" names a whole day: everything published before the next midnight (UTC).
    filters: dict[str, Any] = values | {"since": since, "until": until + timedelta(days=1) if until else None}
    if since and until and since > until:
        errors.append("From must not be after To.")
    return filters, errors


def searched(filters: dict[str, Any]) -> bool:
    """Return whether the reader asked for anything (else the landing lists are shown)."""
    return any(filters[k] for k in ("q", "speaker", "outlet", "kind", "since", "until"))

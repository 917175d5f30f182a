"""Running an editor's correction from a form: read its fields, apply it, say what happened."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from service.store.base import MAX_ID

_ENDPOINT_ARG = {"explore.speaker": "speaker_id", "explore.family": "family_id"}


def form_text(name: str) -> str:
    """Return a required text field of the posted form (400 when missing)."""
    value = request.form.get(name, "").strip()
    if not value:
        abort(400, f"The form needs a value for {name!r}.")
    return value


def form_id(name: str) -> int:
    """Return a required positive id field of the posted form (400 when not one)."""
    value = form_text(name)
    if not value.isdigit() or not 0 < int(value) <= MAX_ID:
        abort(400, f"{name!r} must be a positive whole number.")
    return int(value)


def _to(endpoint: str, row_id: int) -> Response:
    values: dict[str, Any] = {_ENDPOINT_ARG[endpoint]: row_id}
    return redirect(url_for(endpoint, **values), code=303)


def apply(action: Callable[[], int], endpoint: str, here: int, done: str) -> Response:
    """Run a correction; go to the resulting page on success, back here with the reason on failure."""
    try:
        result = action()
    except (LookupError, ValueError) as err:
        # The store's words: "speaker not found", "empty name"; nothing was written.
        flash(f"Not changed: {err}.", "error")
        return _to(endpoint, here)
    flash(done, "info")
    return _to(endpoint, result)

"""Editors' corrections (merges, splits, renames), each applied in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import request
from sqlalchemy.orm import Session

from service.api.problems import fail
from service.runtime import runtime

T = TypeVar("T")


def correct(
    action: Callable[[Session], T],
    render: Callable[[Session, T], dict[str, Any]],
    current_etag: Callable[[Session], str] | None = None,
) -> dict[str, Any]:
    """Apply ``action`` and return ``render`` of its result; unknown ids are 404, bad values 422.

    With ``If-Match``, the resource's current ETag (``current_etag``) must match or the answer
    is 412 and nothing changes, so two editors cannot overwrite each other unseen.
    """
    with runtime().db.transaction() as session:
        try:
            if current_etag is not None and request.if_match:
                _check_precondition(current_etag(session))
            result = action(session)
        except LookupError as err:
            fail(404, f"Not found: {err}.")
        except ValueError as err:
            fail(422, str(err))
        session.flush()
        return render(session, result)


def _check_precondition(tag: str) -> None:
    if not request.if_match.contains(tag) and not request.if_match.star_tag:
        fail(
            412,
            "The resource changed since you read it (If-Match does not match its ETag); read it again.",
            type="precondition-failed",
        )


def refuse_self_merge(this_id: int, other_id: int, what: str) -> None:
    """Answer 422 when an editor asks to merge a {what} with itself."""
    if this_id == other_id:
        fail(422, f"A {what} cannot be merged with itself.", type="self-merge")

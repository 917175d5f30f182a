"""Editors' corrections (merges, splits, renames), each applied in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import request
from sqlalchemy.orm import Session

from service.errors import ChangedSinceReadError, SelfMergeError
from service.runtime import runtime

T = TypeVar("T")
R = TypeVar("R")


def correct(
    action: Callable[[Session], T],
    render: Callable[[Session, T], R],
    current_etag: Callable[[Session], str] | None = None,
) -> R:
    """Apply ``action`` and return ``render`` of its result (domain errors answer for themselves).

    With ``If-Match``, the resource's current ETag (``current_etag``) must match or the answer
    is 412 and nothing changes, so two editors cannot overwrite each other unseen.
    """
    with runtime().db.transaction() as session:
        if current_etag is not None and request.if_match:
            _check_precondition(current_etag(session))
        result = action(session)
        session.flush()
        return render(session, result)


def _check_precondition(tag: str) -> None:
    if not request.if_match.contains(tag) and not request.if_match.star_tag:
        raise ChangedSinceReadError(
            "The resource changed since you read it (If-Match does not match its ETag); read it again."
        )


def refuse_self_merge(this_id: int, other_id: int, what: str) -> None:
    """Answer 422 when an editor asks to merge a {what} with itself."""
    if this_id == other_id:
        raise SelfMergeError(f"A {what} cannot be merged with itself.")

"""Editors' corrections (merges, splits, renames), each applied in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from service.api.problems import fail
from service.runtime import runtime

T = TypeVar("T")


def correct(action: Callable[[Session], T], render: Callable[[Session, T], dict[str, Any]]) -> dict[str, Any]:
    """Apply ``action`` and return ``render`` of its result; unknown ids are 404, bad values 422."""
    with runtime().db.transaction() as session:
        try:
            result = action(session)
        except LookupError as err:
            fail(404, f"Not found: {err}.")
        except ValueError as err:
            fail(422, str(err))
        session.flush()
        return render(session, result)

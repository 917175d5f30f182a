"""Every error the service reports to its callers, in one catalogue.

Each is raised where the rule lives (engine, store, service functions) and answered once, by
``service.api.problems``, which maps every class here to its status and problem type.
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


class QuotesError(Exception):
    """Base of the service's own errors; the message is the problem's ``detail``."""


class NotFoundError(QuotesError, LookupError):
    """The row a request names does not exist (or does not belong where the request says)."""


class InvalidValueError(QuotesError, ValueError):
    """A value that passed the schema but cannot be applied (an empty name, unknown scopes)."""


class SelfMergeError(InvalidValueError):
    """An editor asked to merge a speaker or family with itself."""


class EmptyArticleError(InvalidValueError):
    """An article whose text (or HTML converted to text) holds nothing to analyse."""


class ChangedSinceReadError(QuotesError):
    """A correction sent with If-Match, but the resource changed since the editor read it."""


class TextTooLongError(QuotesError, ValueError):
    """An article's text is longer than the analysis accepts; nothing was analysed."""

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"the text has {length} characters; at most {limit} are analysed")
        self.length, self.limit = length, limit


class AnalysisBudgetError(QuotesError, RuntimeError):
    """The analysis of one article ran past its wall-clock budget."""

    def __init__(self, seconds: float, message: str = "") -> None:
        super().__init__(message or f"analysis took longer than its budget of {seconds:g} s")
        self.seconds = seconds


class AnalysisMemoryError(AnalysisBudgetError):
    """The analysis of one article grew the process's resident memory past its budget."""

    def __init__(self, megabytes: float) -> None:
        super().__init__(0.0, f"analysis needed more than its memory budget of {megabytes:g} MB")
        self.megabytes = megabytes


class StoreBusyError(QuotesError):
    """The database kept conflicting after every retry; the client should retry later."""

    retry_after = 2


class UnsafeURLError(QuotesError, ValueError):
    """A webhook URL the service refuses to call."""


class BrokerUnavailableError(QuotesError, RuntimeError):
    """The job was recorded but could not be queued (it is marked failed)."""


def found(row: T | None, what: str, row_id: int) -> T:
    """Return ``row``, or raise NotFoundError naming the ``what`` with ``row_id`` when it is None."""
    if row is None:
        raise NotFoundError(f"There is no {what} {row_id}.")
    return row

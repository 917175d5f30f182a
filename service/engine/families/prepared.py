"""A quote's text tokenised once into comparison keys, for the many comparisons families make."""

from __future__ import annotations

import functools
from typing import Generic, TypeVar, cast

from service.engine.families.normalize import Token, match_keys, normalize_tokens, tokenize

T = TypeVar("T")


class _Part(Generic[T]):
    """One part of a ``Prepared``'s analysis, read through it (so all parts are made on first read)."""

    def __init__(self, index: int) -> None:
        self.index = index

    def __get__(self, prepared: Prepared, owner: object = None) -> T:
        return cast(T, prepared.analysis()[self.index])


class Prepared:
    """A quote text tokenised once, lazily, for repeated comparisons (treat as read-only).

    ``keys`` may be supplied from storage (``Family.canonical_keys``) so a candidate family can be
    screened without tokenising its text; tokens, offsets and the normal form are computed on
    first use, which for most candidates is never.
    """

    __slots__ = ("_analysis", "_keys", "quoted_only", "text")

    def __init__(self, text: str, keys: list[str] | None = None, quoted_only: bool = False) -> None:
        self.text = text
        self.quoted_only = quoted_only  # a partial quote: only words inside quotation marks count
        self._keys = keys
        self._analysis: tuple[list[Token], list[int], str] | None = None

    def analysis(self) -> tuple[list[Token], list[int], str]:
        """Return the tokens, each key's token index and the normal form, computed on first use."""
        if self._analysis is None:
            tokens = tokenize(self.text, self.quoted_only)
            self._keys, owners = match_keys(tokens)
            self._analysis = (tokens, owners, normalize_tokens(tokens))
        return self._analysis

    @property
    def keys(self) -> list[str]:
        """Comparison keys, one per word (see ``normalize.match_keys``)."""
        if self._keys is None:
            self.analysis()
        assert self._keys is not None
        return self._keys

    tokens: _Part[list[Token]] = _Part(0)  # words with offsets into ``text``
    owners: _Part[list[int]] = _Part(1)  # for each key, the index of the token it came from
    norm: _Part[str] = _Part(2)  # the typography-independent normal form (``normalize.normalize_text``)


@functools.lru_cache(maxsize=8192)
def prepare(text: str, quoted_only: bool = False) -> Prepared:
    """Tokenise ``text`` for comparison (cached); ``quoted_only`` for partial quotes (see tokenize)."""
    p = Prepared(text, quoted_only=quoted_only)
    p.keys  # noqa: B018 -- tokenise now, once, rather than in every comparison
    return p


def prepared_from_keys(text: str, keys: str, quoted_only: bool = False) -> Prepared:
    """Return a lazily tokenised ``Prepared`` whose comparison keys were stored as ``keys``."""
    return Prepared(text, keys.split(), quoted_only)


def prepare_quote(text: str, kind: str) -> Prepared:
    """Prepare a stored quote's text: a partial quote is compared on its quoted words only."""
    return prepare(text, kind == "partial")


def keys_text(p: Prepared) -> str:
    """Return the comparison keys of ``p`` as stored (space-separated)."""
    return " ".join(p.keys)

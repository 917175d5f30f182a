"""A quote's text tokenised once into comparison keys, for the many comparisons families make."""

from __future__ import annotations

import functools

from service.engine.families.normalize import Token, match_keys, normalize_tokens, tokenize


class Prepared:
    """A quote text tokenised once, lazily, for repeated comparisons (treat as read-only).

    ``keys`` may be supplied from storage (``Family.canonical_keys``) so a candidate family can be
    screened without tokenising its text; tokens, offsets and the normal form are computed on
    first use, which for most candidates is never.
    """

    __slots__ = ("_keys", "_norm", "_owners", "_tokens", "quoted_only", "text")

    def __init__(self, text: str, keys: list[str] | None = None, quoted_only: bool = False) -> None:
        self.text = text
        self.quoted_only = quoted_only  # a partial quote: only words inside quotation marks count
        self._keys = keys
        self._tokens: list[Token] | None = None
        self._owners: list[int] | None = None
        self._norm: str | None = None

    def _full(self) -> None:
        self._tokens = tokenize(self.text, self.quoted_only)
        keys, self._owners = match_keys(self._tokens)
        self._keys = keys
        self._norm = normalize_tokens(self._tokens)

    @property
    def keys(self) -> list[str]:
        """Comparison keys, one per word (see ``normalize.match_keys``)."""
        if self._keys is None:
            self._full()
        assert self._keys is not None
        return self._keys

    @property
    def tokens(self) -> list[Token]:
        """Words with offsets into ``text``."""
        if self._tokens is None:
            self._full()
        assert self._tokens is not None
        return self._tokens

    @property
    def owners(self) -> list[int]:
        """For each key, the index of the token it came from."""
        if self._owners is None:
            self._full()
        assert self._owners is not None
        return self._owners

    @property
    def norm(self) -> str:
        """The typography-independent normal form (``normalize.normalize_text``)."""
        if self._norm is None:
            self._full()
        assert self._norm is not None
        return self._norm


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

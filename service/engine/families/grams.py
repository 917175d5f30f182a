"""Word 3-gram hashes of a quote's comparison keys, for the rare-gram candidate index.

Hashes are stable across processes and machines (blake2b, not ``hash()``) and fit a signed
63-bit BIGINT column on both SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib

GRAM = 3
# Grams seen in more families than this are too common to identify a remark ("by the end of",
# "we are going"); they are neither looked up nor given further postings.
RARE_DF = 100
_MASK = (1 << 63) - 1


def gram_hash(words: tuple[str, ...]) -> int:
    """Return the stable 63-bit hash of one word gram."""
    digest = hashlib.blake2b("\x1f".join(words).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") & _MASK


def gram_hashes(keys: list[str]) -> list[int]:
    """Return the distinct 3-gram hashes of ``keys`` in first-seen order (none under 3 words)."""
    seen: dict[int, None] = {}
    for i in range(len(keys) - GRAM + 1):
        seen.setdefault(gram_hash(tuple(keys[i : i + GRAM])), None)
    return list(seen)

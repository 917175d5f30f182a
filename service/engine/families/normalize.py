"""Normalisation for exact matching and tokenisation into words with character offsets.

Two layers:

* ``Token.norm`` -- the word as an outlet's typography-independent spelling (case, curly
  apostrophes and thousands separators removed, in-word hyphens split).  ``normalize_text`` joins these,
  so punctuation, quotation marks, dashes, ellipses and spacing never distinguish two quotes.
* ``match_keys`` -- a looser form used only for fuzzy comparison and gram indexing: contractions
  are expanded ("won't" -> "will not"), "nobody" -> "no one", spelled-out numbers become digits
  ("thirty thousand" -> "30000"), and a crude suffix stem is applied,
  so "making sure"/"make sure" and "elections"/"election" align.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from typing import NamedTuple

from service.engine.families.numbers import fold_numbers
from service.engine.lexicon import read_list

# A word: letters with internal apostrophes/hyphens, or a number with separators and an optional
# unit suffix ("5.2m", "500,000").  Everything else (quotes, dashes, ellipses) is punctuation.
_WORD = re.compile(r"\d+(?:[.,]\d+)*[^\W\d_]*|[^\W\d_]+(?:['’‘‐‑-][^\W\d_]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-"})

# Whole-word contractions, regular contraction endings and British endings (data files).
_CONTRACTIONS = {word: tuple(full) for word, *full in (line.split() for line in read_list("contractions.txt"))}
_SUFFIX_CONTRACTIONS = tuple(
    (suffix, full) for suffix, full in (ln.split() for ln in read_list("suffix_contractions.txt"))
)
_SPELLING = tuple((uk, us) for uk, us in (line.split() for line in read_list("british_endings.txt")))
# Longest first so "ings" is not left as "ing"+"s".
_SUFFIXES = ("ing", "ed", "es", "s", "e")


_SCALED = re.compile(r"(\d+(?:\.\d+)?)(thousand|million|billion|trillion|bn|tn)")
_SCALE_WORDS = {"bn": "billion", "tn": "trillion"}

# Editorial insertions ("ISIS (Islamic State)", "[the president]") are not the speaker's words.
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


class Token(NamedTuple):
    """One word of a quote: its normalised form, where it sits, and whether an editor inserted it."""

    # A named tuple, not a frozen dataclass: every quote compared is tokenised, and a tuple is
    # built at less than half the cost.
    norm: str
    start: int
    end: int
    editorial: bool = False


@functools.lru_cache(maxsize=65536)
def _norm_word(word: str) -> str:
    w = word if word.isascii() else unicodedata.normalize("NFKC", word).translate(_APOSTROPHES)
    w = w.lower()
    if w[0].isdigit():
        return w.replace(",", "")
    # In-word hyphens vary between outlets ("half-time"/"half time", "set-pieces"): split them,
    # except after a bound prefix, which outlets close up instead ("co-operation"/"cooperation").
    head, _, rest = w.partition("-")
    if rest and head in _PREFIXES:
        w = head + rest
    return w.replace("-", " ")


_PREFIXES = frozenset({"co", "re", "pre", "non", "anti", "post", "sub", "inter", "multi", "semi", "un"})


# Double quotation marks inside a partial quote ("that the US will “continue to train”"): only
# the marked words are the speaker's; the rest is the reporter's frame.
_QUOTED = re.compile(r"“[^“”]+”|\"[^\"]+\"|«[^«»]+»|„[^„“”]+[“”]")


def tokenize(text: str, quoted_only: bool = False) -> list[Token]:
    """Split ``text`` into words with their normalised form, character offsets and editorial flag.

    ``quoted_only`` (partial quotes): words outside the longest double-quoted piece are marked
    editorial, when the text has one.
    """
    inserted = [(m.start(), m.end()) for m in _BRACKETED.finditer(text)]
    spans = [(m.start(), m.end()) for m in _QUOTED.finditer(text)] if quoted_only else []
    # Several quoted pieces may come from different sentences; the longest carries the remark.
    spans = sorted(spans, key=lambda sp: sp[1] - sp[0])[-1:]

    if not inserted and not spans:  # most quotes: every word is the speaker's
        return [Token(_norm_word(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]

    def editorial(at: int) -> bool:
        if any(s <= at < e for s, e in inserted):
            return True
        return bool(spans) and not any(s <= at < e for s, e in spans)

    return [Token(_norm_word(m.group()), m.start(), m.end(), editorial(m.start())) for m in _WORD.finditer(text)]


def normalize_text(text: str) -> str:
    """Return the typography-independent form of ``text`` used for exact matching."""
    return normalize_tokens(tokenize(text))


def normalize_tokens(tokens: list[Token]) -> str:
    """Return the typography-independent form of already tokenised text."""
    return " ".join(t.norm for t in tokens if not t.editorial)


def norm_hash(text: str) -> str:
    """Return a stable 32-hex-digit hash of ``normalize_text(text)``."""
    return hash_norm(normalize_text(text))


def hash_norm(norm: str) -> str:
    """Return the stable 32-hex-digit hash of an already normalised text."""
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=16).hexdigest()


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return a crude suffix stem of an already-normalised word (numbers unchanged)."""
    if word[0].isdigit():
        return word
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    for uk, us in _SPELLING:
        if word.endswith(uk) and len(word) > len(uk) + 2:
            word = word[: -len(uk)] + us
            break
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@functools.lru_cache(maxsize=65536)
def expand(norm: str) -> tuple[str, ...]:
    """Return the comparison words of one normalised token (contractions expanded, unstemmed)."""
    if " " in norm:
        return tuple(w for part in norm.split() for w in expand(part))
    if norm in _CONTRACTIONS:
        return _CONTRACTIONS[norm]
    scaled = _SCALED.fullmatch(norm)
    if scaled:
        # "2.6million" is "2.6 million": numbers compare as values, whatever the spacing.
        return (scaled.group(1), _SCALE_WORDS.get(scaled.group(2), scaled.group(2)))
    for suffix, full in _SUFFIX_CONTRACTIONS:
        if norm.endswith(suffix) and len(norm) > len(suffix):
            # "don't" -> "do not", "we're" -> "we are"; irregular ones are in _CONTRACTIONS.
            return (norm[: -len(suffix)], full)
    return (norm,)


def match_keys(tokens: list[Token]) -> tuple[list[str], list[int]]:
    """Return comparison keys for ``tokens`` and, for each key, the index of its token."""
    words: list[str] = []
    owners: list[int] = []
    for i, tok in enumerate(tokens):
        if tok.editorial:
            continue
        for part in expand(tok.norm):
            words.append(part)
            owners.append(i)
    words, owners = fold_numbers(words, owners)
    return [stem(w) for w in words], owners

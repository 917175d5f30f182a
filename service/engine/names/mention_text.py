"""Cleaning the text of a speaker mention: NER noise, country spellings, descriptions and organisation names."""

from __future__ import annotations

import functools
import re
import unicodedata

from service.engine.lexicon import read_list
from service.engine.names.word_lists import inflected_verb_forms

_DETERMINERS = frozenset({"a", "an", "the", "one", "two", "three", "another", "some", "several", "other"})
_COUNTRY_ABBREVIATIONS = (
    (re.compile(r"\bU\.\s?S\.?(?:\s?A\.)?(?=\W|$)|\bUnited States(?: of America)?\b|\bUSA\b"), "US"),
    (re.compile(r"\bU\.\s?K\.(?=\W|$)|\bUnited Kingdom\b"), "UK"),
    (re.compile(r"\bU\.\s?N\.(?=\W|$)|\bUnited Nations\b"), "UN"),
)
# Focus adverbs the parse keeps in a subject ("Even China said"): they say how, never who.
_FOCUS = re.compile(r"^(?:even|only|also|just|not even)\s+", re.IGNORECASE)
_ARTICLE = re.compile(rf"^(?:{'|'.join(read_list('articles.txt'))})\s+", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*|\b\S+\.(?:com|org|net|co)/\S*", re.IGNORECASE)
_HANDLE = re.compile(r"\.?@\w+")
# A dateline the parse ran into the subject: "MOSCOW - Russia's network", "NEW YORK (AP) — The".
_DATELINE = re.compile(r"^[A-Z][A-Z.'’]+(?:[ ,]+[A-Z][A-Z.'’]+)*(?:\s*\([^)]*\))?\s*[-—–]+\s+(?=\S)")
_DESCRIPTION_CUT = re.compile(
    r"\s*(?:,|\(|\b(?:who|whom|whose|that|which|speaking|familiar|briefed|told|said|says)\b).*$",
    re.IGNORECASE | re.DOTALL,
)
EDGE_PUNCT = "\"'“”‘’«»()[]{},.;:!?-–—… \t\r\n"


def ascii_fold(text: str) -> str:
    """Strip accents and unify typographic apostrophes and dashes."""
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def handle_to_name(handle: str) -> str:
    """Split a social-media handle into words: "@JoeBiden" → "Joe Biden" (a guess, not a name)."""
    core = handle.lstrip(".@").strip()
    return " ".join(re.findall(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+", core))


@functools.lru_cache(maxsize=65536)  # pure, and asked of the same phrases many times an article
def clean_mention(text: str) -> str:
    """Remove NER noise from a mention: URLs, @handles, headline-case verbs, possessives, edge punctuation."""
    text = normalize_countries(_URL.sub(" ", text))
    text = _HANDLE.sub(" ", text)
    text = _DATELINE.sub("", re.sub(r"\s+", " ", text).strip()).strip(EDGE_PUNCT)
    text = re.sub(r"['’]s?$", "", text).strip(EDGE_PUNCT)
    text = re.sub(r"\s+(?:himself|herself|themselves)$", "", text, flags=re.IGNORECASE)  # "Sanders himself"
    text = re.sub(r"-(?:led|backed|based|born|era)$", "", text, flags=re.IGNORECASE)
    words = text.split(" ")
    # Headline case glues verbs onto names ("Biden Vowed"); a capitalised reporting verb after
    # the first word is never part of a name.
    for i, w in enumerate(words[1:], start=1):
        # A word after a determiner is no verb ("the State Department", "The Post").
        after_determiner = words[i - 1].lower() in _DETERMINERS
        # a base form ends a name as a noun: "Washington Post", "Associated Press", "Daily Record"
        if w[:1].isupper() and not after_determiner and w.lower().strip(EDGE_PUNCT) in inflected_verb_forms():
            words = words[:i]
            break
    return " ".join(words).strip(EDGE_PUNCT)


def normalize_countries(text: str) -> str:
    """Write country names one way: "U.S.", "United States" → "US"."""
    for pattern, repl in _COUNTRY_ABBREVIATIONS:
        text = pattern.sub(repl, text)
    return text


@functools.lru_cache(maxsize=65536)
def normalize_description(text: str) -> str:
    """Anonymous-source description without determiners or relative clauses: "senior US official"."""
    text = re.sub(r"\s+", " ", normalize_countries(clean_mention(text)))
    words = text.split(" ")
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    text = _DESCRIPTION_CUT.sub("", " ".join(words))
    return text.strip(EDGE_PUNCT)


@functools.lru_cache(maxsize=65536)
def normalize_organization(text: str) -> str:
    """Organisation or document name without a leading article: "US and Iraqi governments"."""
    text = re.sub(r"\s+", " ", normalize_countries(clean_mention(text)))
    return drop_article(_FOCUS.sub("", text)).strip(EDGE_PUNCT)


def drop_article(text: str) -> str:
    """Remove a leading article: "the Secretary of Defense" → "Secretary of Defense"."""
    return _ARTICLE.sub("", text)


_AFFILIATION = re.compile(r"\s+(?:of|for|at|from)\s+.*$", re.IGNORECASE)


def description_core(desc: str) -> str:
    """A description without its affiliation: "spokesperson for the council" → "spokesperson"."""
    return _AFFILIATION.sub("", desc).strip()


def description_head(desc: str) -> str:
    """The head noun of a description, lower case: the last word before its affiliation."""
    words = description_core(desc).split()
    return words[-1].lower() if words else ""

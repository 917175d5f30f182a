"""Person names: parsing a name into its parts and deciding whether two names can be one person."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from service.engine.lexicon import read_list
from service.engine.names.mention_text import EDGE_PUNCT, ascii_fold, clean_mention
from service.engine.names.titles import split_title
from service.engine.names.word_lists import first_name_genders, honorifics, nicknames, titles

NAME_PARTICLES = frozenset(read_list("name_particles.txt"))
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name split into parts; ``surname`` is the last name word without particles."""

    given: str
    middles: tuple[str, ...]
    surname: str
    suffix: str
    gender: str  # "m", "f" or "" when no honorific, title or given name tells


def letters(word: str) -> str:
    """The word's letters only, accents folded and lower-cased: "O'Neill" → "oneill"."""
    return re.sub(r"[^a-z]", "", ascii_fold(word).lower())


def split_apposition(text: str) -> tuple[str, str]:
    """Split "Lloyd Austin, the Secretary of Defense" into the name and its apposition."""
    head, sep, tail = text.partition(",")
    first = tail.split()[0] if tail.split() else ""
    if sep and letters(first) not in _SUFFIXES:
        return head.strip(), tail.strip(EDGE_PUNCT)
    return text, ""


@functools.lru_cache(maxsize=8192)  # pure; called for every pair of mentions
def parse_person_name(text: str) -> PersonName:
    """Parse "Mr. Joseph R. Biden Jr." into given, middles, surname, suffix and a gender cue."""
    role, rest = split_title(clean_mention(split_apposition(text)[0]))
    gender = ""
    for w in role.lower().split():
        gender = gender or titles().get(w.strip(".,"), "")
    words = [w.strip(",") for w in rest.split() if w.strip(",")]
    while words and words[0].lower() in honorifics() and len(words) > 1:
        gender = gender or honorifics()[words[0].lower()]
        words = words[1:]
    suffix = ""
    if len(words) > 1 and letters(words[-1]) in _SUFFIXES:
        suffix, words = letters(words[-1]), words[:-1]
    if not words:
        return PersonName("", (), "", suffix, gender)
    surname = words[-1]
    # "al-Kadhimi" → "Kadhimi"; a detached particle ("al Kadhimi") is dropped the same way.
    surname = re.sub(r"^(?:al|el|ul|ad|ash|as|at|az)[-']", "", ascii_fold(surname), flags=re.IGNORECASE)
    body = [w for w in words[:-1] if letters(w) not in NAME_PARTICLES]
    given = body[0] if body else ""
    middles = tuple(body[1:])
    genders = first_name_genders()
    gender = gender or genders.get(letters(given), "") or genders.get(nicknames().get(letters(given), ""), "")
    return PersonName(given, middles, surname, suffix, gender)


def known_given(word: str) -> bool:
    """Whether a word is a given name of the first-name list (a cue, not a proof)."""
    return letters(word) in first_name_genders() or letters(word) in nicknames()


def bare_person_name(name: str) -> str:
    """A person name without leading honorifics or a lone initial standing for a given name:
    "Mr Trump" and "X. Trump" → "Trump"; "George W. Bush" keeps its middle initial."""
    words = name.split()
    while len(words) > 1 and (words[0].lower() in honorifics() or words[0].lower().rstrip(".") in honorifics()):
        words = words[1:]
    if len(words) == 2 and len(letters(words[0])) == 1:
        words = words[1:]
    return " ".join(words)


@functools.lru_cache(maxsize=8192)  # pure; called for every pair of mentions
def skeleton(word: str) -> str:
    """Transliteration-tolerant spelling: Kadhimi, Kadhemi and Al-Kadhimi all give "kadimi"."""
    s = letters(re.sub(r"^(?:al|el)[-' ]", "", ascii_fold(word).lower()))
    for pattern, repl in (("ph", "f"), ("ck", "k"), ("q", "k"), ("dh", "d"), ("kh", "k"), ("gh", "g")):
        s = s.replace(pattern, repl)
    s = s.replace("ou", "u").replace("ee", "i").replace("oo", "u")
    # Vowel classes that transliterations swap freely: e/i/y and o/u.
    s = s[:1] + s[1:].translate(str.maketrans("eyo", "iiu"))
    return re.sub(r"(.)\1+", r"\1", s)


def consonants(word: str) -> str:
    """First letter plus the consonants of the skeleton: the coarse, indexable block of a surname."""
    s = skeleton(word)
    return s[:1] + re.sub(r"[aeiou]", "", s[1:])


def surnames_match(a: str, b: str) -> bool:
    """Same surname up to transliteration; one vowel edit is tolerated only in long names."""
    sa, sb = skeleton(a), skeleton(b)
    if not sa or not sb:
        return False
    if sa == sb:
        return True
    # "Muhammad"/"Mohammed" differ by a vowel; "Biden"/"Boden" (short) must not merge.
    return min(len(sa), len(sb)) >= 6 and consonants(a) == consonants(b) and Levenshtein.distance(sa, sb) <= 1


def canonical_given(given: str) -> str:
    """Canonical form of a given name: "Joe" → "joseph", "Jen" → "jennifer"."""
    g = letters(given)
    return nicknames().get(g, g)


def givens_compatible(a: str, b: str) -> bool:
    """Given names that may denote one person: equal, nickname, initial, or one of them missing."""
    ga, gb = letters(a), letters(b)
    if not ga or not gb:
        return True
    if len(ga) == 1 or len(gb) == 1:
        return ga[0] == gb[0]
    return canonical_given(ga) == canonical_given(gb) or skeleton(ga) == skeleton(gb)


@functools.lru_cache(maxsize=8192)  # pure; called for every pair of mentions
def same_person(a: str, b: str) -> bool:
    """Whether two person names can be one person ("Biden" ~ "Joe Biden", not "Hunter Biden")."""
    pa, pb = parse_person_name(a), parse_person_name(b)
    if not surnames_match(pa.surname, pb.surname):
        return False
    if not givens_compatible(pa.given, pb.given) and not _tail_of(pa, pb) and not _tail_of(pb, pa):
        return False
    if pa.suffix and pb.suffix and pa.suffix != pb.suffix:
        return False
    if pa.gender and pb.gender and pa.gender != pb.gender:
        return False
    # "George W. Bush" vs "George H. W. Bush": differing middle initials mean different people.
    ma = "".join(letters(m)[:1] for m in pa.middles)
    mb = "".join(letters(m)[:1] for m in pb.middles)
    return not (ma and mb and ma != mb)


def _tail_of(short: PersonName, long: PersonName) -> bool:
    """Whether a two-word surname ("Wasserman Schultz", "Vander Plaats") ends the fuller name
    ("Debbie Wasserman Schultz"): the shorter one's given name is the first part of a surname."""
    words = [letters(w) for w in (short.given, *short.middles, short.surname) if w]
    full = [letters(w) for w in (long.given, *long.middles, long.surname) if w]
    return 2 <= len(words) < len(full) and full[-len(words) :] == words


def name_weight(name: str) -> tuple[int, int]:
    """How full a person name is: (name words without titles, length)."""
    _, rest = split_title(name)
    return (len(rest.split()), len(rest))


def fuller_name(a: str, b: str) -> str:
    """The fuller of two forms of one name, titles removed: "Joe Biden" over "Biden"."""
    ra, rb = split_title(a)[1], split_title(b)[1]
    # Equal weights break on the text, so the name kept does not depend on which came first.
    return max((ra, rb), key=lambda n: (name_weight(n), ascii_fold(n) == n, n))

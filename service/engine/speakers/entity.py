"""What a quote can be attributed to inside one article (``Entity``), the word classes mentions are read by, and
the confidence of each way of resolving a mention."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from service.engine.names.keys import identity_key
from service.engine.names.persons import NAME_PARTICLES, parse_person_name, same_person
from service.engine.names.word_lists import anonymous_heads, first_name_genders, nicknames, organization_heads, titles
from service.engine.types import ResolutionHow, SpeakerKind, SpeakerRef

# pronoun → (gender, number); "sg" needs one person, "pl" a group, "it" an organisation.
PRONOUNS: dict[str, tuple[str, str]] = {
    "he": ("m", "sg"),
    "him": ("m", "sg"),
    "she": ("f", "sg"),
    "her": ("f", "sg"),
    "they": ("", "pl"),
    "them": ("", "pl"),
    "it": ("", "it"),
}
RELATIVES = frozenset({"who", "which", "that", "whom"})
INDEFINITE = frozenset(
    {
        "a",
        "an",
        "one",
        "two",
        "three",
        "some",
        "several",
        "another",
        "many",
        "neither",
        "either",
        "each",
        "every",
        "both",
    }
)
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# A phrase opened by a possessor: "his mother", "Colorado’s delegation chairman".
POSSESSED = re.compile(r"(?:his|her|their|its|\S+['’]s?)\s", re.IGNORECASE)
# Markup left in the text (``datetime="2016``, ``<time>``): never a name.
MARKUP = re.compile(r"[<>=]|\w\"\S")

CONFIDENCE = {
    "named": 0.95,
    "named_weak": 0.75,
    "apposition": 0.9,
    "title": 0.85,
    "title_salient": 0.55,
    "anonymous": 0.9,
    "anonymous_back": 0.85,
    "anonymous_bare": 0.5,
    "organization": 0.85,
    "pronoun_subject": 0.85,
    "pronoun_previous": 0.75,
    "pronoun_recent": 0.55,
    "continuation": 0.75,
    "continuation_far": 0.45,
    "unresolved": 0.1,
}


@dataclass(slots=True)
class Entity:
    """Something that can speak in this article, with every place it is mentioned."""

    kind: SpeakerKind
    name: str
    gender: str = ""
    plural: bool = False
    head: str = ""  # head noun of an anonymous description or organisation
    scoped: bool = False  # a generic description ("the company"): no cross-article key
    relative: bool = False  # named by a kinship apposition ("his wife, Jane"): never the bare surname
    aliases: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # role text → "title" | "apposition" | "mention"
    spans: list[tuple[int, int]] = field(default_factory=list)
    # the mentions kept sorted (and their starts), caught up with ``spans`` on each lookup: a
    # lookup then costs the mentions near it, not all of an article's, however often it is named
    _sorted: list[tuple[int, int]] = field(default_factory=list, repr=False, compare=False)
    _starts: list[int] = field(default_factory=list, repr=False, compare=False)
    _longest: int = field(default=0, repr=False, compare=False)
    _indexed: int = field(default=0, repr=False, compare=False)

    def _catch_up(self) -> None:
        for span in self.spans[self._indexed :]:
            at = bisect.bisect_right(self._sorted, span)
            self._sorted.insert(at, span)
            self._starts.insert(at, span[0])
            self._longest = max(self._longest, span[1] - span[0])
        self._indexed = len(self.spans)

    def mentioned_before(self, pos: int) -> int:
        """Offset of the last mention starting before ``pos``, or -1."""
        self._catch_up()
        i = bisect.bisect_left(self._starts, pos)
        return self._starts[i - 1] if i else -1

    def mentioned_in(self, start: int, end: int) -> bool:
        """Whether a mention overlaps the character range ``[start, end)``."""
        self._catch_up()
        # a mention starting at or before ``start - longest`` ends by ``start``: only later ones can overlap
        lo = bisect.bisect_right(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return any(start < t for _, t in self._sorted[lo:hi])

    def starts_between(self, lo: int, hi: int) -> list[int]:
        """The starts of the mentions in ``[lo, hi)``, in order."""
        self._catch_up()
        return self._starts[bisect.bisect_left(self._starts, lo) : bisect.bisect_left(self._starts, hi)]

    def starts_before(self, pos: int) -> Iterator[int]:
        """The starts of the mentions before ``pos``, nearest first."""
        self._catch_up()
        i = bisect.bisect_left(self._starts, pos)
        return (self._starts[k] for k in range(i - 1, -1, -1))

    def name_forms(self) -> list[str]:
        """The name and the aliases a new name must agree with: a lone given name ("Ben" of
        "Ben Carson") says nothing about the surname, so it is left out."""
        given = parse_person_name(self.name).given.lower()
        return [
            self.name,
            *(a for a in self.aliases if a.strip().lower() != given and same_person(self.name, a)),
        ]

    def add_alias(self, alias: str) -> None:
        """Record another form of the name, once."""
        if alias and alias not in self.aliases:
            self.aliases.append(alias)

    def ref(self, how: ResolutionHow, confidence: float) -> SpeakerRef:
        """The ``SpeakerRef`` this entity resolves a quote to."""
        return SpeakerRef(
            name=self.name,
            kind=self.kind,
            how=how,
            confidence=round(confidence, 3),
            key="" if self.scoped else identity_key(self.name, self.kind),
            aliases=list(self.aliases),
            roles=list(self.roles),
            gender=self.gender if self.kind == "person" else "",
        )


def unknown(mention: str) -> SpeakerRef:
    """The ref of a mention linked to no entity: the mention kept, with a low confidence."""
    return SpeakerRef(
        name=re.sub(r"\s+", " ", mention).strip(),
        kind="unknown",
        how="unresolved",
        confidence=CONFIDENCE["unresolved"],
        aliases=[mention.strip()] if mention.strip() else [],
    )


def _is_name_word(word: str) -> bool:
    """A word that can be part of a person's name (capitalised, or a particle like "al-")."""
    w = word.strip(".,")
    if not w or any(c.isdigit() for c in w):
        return False
    return w[0].isupper() or w.lower() in NAME_PARTICLES or (bool(re.match(r"^(?:al|el)-[A-Z]", w)))


def leading_name(text: str) -> str:
    """The words of ``text`` up to the first that cannot be part of a name: "Darran Whiting of
    Liberty Baptist Church" → "Darran Whiting"."""
    words = text.split()
    n = next((i for i, w in enumerate(words) if not _is_name_word(w) or w.lower() in PRONOUNS), len(words))
    return " ".join(words[:n])


def plausible_name(rest: str) -> bool:
    """Whether cleaned text looks like a person's name rather than a title or common noun."""
    words = rest.split()
    if not words or len(words) > 5 or not all(_is_name_word(w) for w in words):
        return False
    if any(re.search(r"['’]s?$", w) for w in words[:-1]):
        return False  # a possessor inside: "Cruz’s Iowa" is no one's name
    lowered, last = rest.lower(), words[-1].lower()
    things = anonymous_heads() | organization_heads()
    if lowered in things or lowered in titles() or lowered in PRONOUNS or last in things:
        return False
    # A surname that is also a title ("Pete King", "Patty Judge", "Rob Bishop") after a given name;
    # "Press Secretary" or "Majority Leader" has none.
    return last not in titles() or (len(words) > 1 and _given_name(words[0]))


def _given_name(word: str) -> bool:
    w = word.strip(".,").lower()
    return w in first_name_genders() or w in nicknames()

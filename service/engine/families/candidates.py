"""What the family rule reads and returns: a candidate family as the store loaded it, and a decision."""

from __future__ import annotations

from dataclasses import dataclass

from service.engine.families.match import MatchKind, Verdict
from service.engine.families.prepared import Prepared

# Verbatim variants consulted besides the canonical (bounded: each costs one verification).
MAX_VARIANTS = 4


@dataclass(frozen=True, slots=True)
class Candidate:
    """A family as the rule sees it: canonical, a few verbatim variants, speaker, lock, kind.

    ``same_words``: some member has exactly the quote's normalised words (found by the store's
    hash lookup), which settles the comparison without aligning.
    """

    family_id: int
    canonical: Prepared
    speaker_id: int | None
    locked: bool = False
    variants: tuple[Prepared, ...] = ()
    canonical_kind: str = "direct"
    same_words: bool = False
    links: tuple[int, ...] = ()  # families of other remarks the canonical runs together with its own


@dataclass(frozen=True, slots=True)
class Decision:
    """Where a quote goes; ``family_id`` None means it starts a new family.

    ``leads``: the quote is a fuller wording than the canonical, which becomes its fragment.
    ``merge``: families absorbed into the chosen one; ``links``: families of other remarks the
    quote also contains.
    """

    family_id: int | None
    role: MatchKind
    verdict: Verdict | None = None
    leads: bool = False
    attribution_conflict: bool = False
    merge: tuple[int, ...] = ()
    links: tuple[int, ...] = ()

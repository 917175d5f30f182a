"""A family's derived state -- canonical, speaker, conflict, reach -- computed from its members alone.

The canonical is chosen by attestation: of the verbatim wordings (members whose words span the
fullest wording), the one printed by the most outlets; ties go to the earliest published, then
the fullest, then the text (so the choice never depends on arrival order).  Meaning changes are
judged against it, so a misquote printed by fewer outlets is the flagged variant, not the lead.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

VERIFIED = ("verbatim", "fragment")


@dataclass(frozen=True, slots=True)
class Member:
    """What the derived state needs of one member quote."""

    quote_id: int
    wording: str  # hash of the normalised words: members with equal wording print the same words
    kind: str  # the quote's kind: direct, partial, indirect
    role: str | None  # verbatim, fragment, paraphrase (relative to the current canonical)
    words: int
    article_id: int
    outlet_id: int
    seen: datetime | None  # the article's publication date (else when it was stored)
    speaker_id: int | None
    identified: bool  # the speaker is a known person or organisation
    # Members alike in everything the state reads (wording, kind, role, outlet, speaker) may be
    # loaded as one, the earliest-published fullest of them, so a family printed thousands of
    # times is read as a bounded number of rows: how many it stands for, their fullest length
    # and latest date.
    count: int = 1
    fullest: int = 0
    latest: datetime | None = None


@dataclass(frozen=True, slots=True)
class Canonical:
    """The chosen canonical quote, how it was chosen, and by how many outlets it was printed."""

    quote_id: int
    how: str  # attested | earliest | fullest | only_wording | only_fragments | only_indirect
    outlets: int
    runner_up_outlets: int


@dataclass(frozen=True, slots=True)
class FamilyState:
    """Everything about a family that follows from its members."""

    canonical: Canonical
    speaker_id: int | None
    attribution_conflict: bool
    quote_count: int
    article_count: int
    outlet_count: int
    first_seen: datetime | None
    last_seen: datetime | None


def _late(seen: datetime | None) -> float:
    return seen.timestamp() if seen is not None else float("inf")


def choose_canonical(members: Sequence[Member]) -> Canonical:
    """Return the most attested verbatim wording (ties: earliest published, fullest, text)."""
    pool = [m for m in members if m.kind != "indirect" and m.role == "verbatim"]
    fallback = "only_wording"
    if not pool:
        pool = [m for m in members if m.kind != "indirect"]
        fallback = "only_fragments"
    if not pool:
        pool = list(members)
        fallback = "only_indirect"
    groups: dict[str, list[Member]] = defaultdict(list)
    for m in pool:
        groups[m.wording].append(m)

    def rank(ms: list[Member]) -> tuple[int, float, int, str]:
        return (
            -len({m.outlet_id for m in ms}),
            min(_late(m.seen) for m in ms),
            -max(max(m.words, m.fullest) for m in ms),
            ms[0].wording,
        )

    ordered = sorted(groups.values(), key=rank)
    top = ordered[0]
    lead = min(top, key=lambda m: (_late(m.seen), -m.words, m.quote_id))
    outlets = len({m.outlet_id for m in top})
    if len(ordered) == 1 or fallback != "only_wording":
        return Canonical(lead.quote_id, fallback, outlets, 0)
    second = rank(ordered[1])
    mine = rank(top)
    how = "attested" if mine[0] != second[0] else "earliest" if mine[1] != second[1] else "fullest"
    return Canonical(lead.quote_id, how, outlets, -second[0])


def family_speaker(members: Sequence[Member]) -> int | None:
    """Return the identified speaker most members name (else the most frequent one, else None)."""
    named: Counter[int] = Counter()
    for m in members:
        if m.identified and m.speaker_id is not None:
            named[m.speaker_id] += m.count
    if not named:
        for m in members:
            if m.speaker_id is not None:
                named[m.speaker_id] += m.count
    if not named:
        return None
    return min(named, key=lambda s: (-named[s], s))


def conflicting(members: Sequence[Member]) -> bool:
    """Whether different outlets attribute the family's verified words to different identified speakers."""
    outlets: dict[int, set[int]] = defaultdict(set)
    for m in members:
        if m.role in VERIFIED and m.identified and m.speaker_id is not None:
            outlets[m.speaker_id].add(m.outlet_id)
    speakers = sorted(outlets)
    # One outlet crediting two people is that outlet's own inconsistency (often our extraction),
    # not a disagreement between sources.
    return any(len(outlets[a] | outlets[b]) > 1 for i, a in enumerate(speakers) for b in speakers[i + 1 :])


def derive(members: Sequence[Member], articles: int | None = None) -> FamilyState:
    """Return the family's state as its (non-empty) members imply it.

    ``articles``: how many distinct articles the members come from, when members stand for
    several quotes each (the store counts them); else counted from the members.
    """
    seen = [m.seen for m in members if m.seen is not None]
    latest = [d for m in members if (d := m.latest or m.seen) is not None]
    return FamilyState(
        canonical=choose_canonical(members),
        speaker_id=family_speaker(members),
        attribution_conflict=conflicting(members),
        quote_count=sum(m.count for m in members),
        article_count=articles if articles is not None else len({m.article_id for m in members}),
        outlet_count=len({m.outlet_id for m in members}),
        first_seen=min(seen) if seen else None,
        last_seen=max(latest) if latest else None,
    )

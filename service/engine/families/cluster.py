"""Leader clustering: which family a new quote joins, whether it leads it, which families merge.

Each family is represented by its canonical text only (the leader).  A quote is verified against
each candidate family's canonical and joins the best one; it never bridges two families, so a
fragment contained in two canonicals cannot chain them together.  Families merge only when a
quote becomes a family's new canonical and another family's canonical verifies against it
(seed 001's two-remark quote absorbing seed 000's two separate remarks).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from service.engine.families.match import (
    MIN_WORDS,
    SHORT_WORDS,
    VERBATIM_SPAN,
    MatchKind,
    Prepared,
    Verdict,
    distinctive,
    locate,
    overlap,
    similarity,
    verify,
)
from service.engine.types import QuoteKind

# Same words attributed to different speakers stay together (flagged) only when unmistakable.
CONFLICT_SCORE = 0.9
# Verbatim variants consulted besides the canonical (bounded: each costs one verification).
MAX_VARIANTS = 4
GOOD_ENOUGH = 0.85
VARIANT_SCREEN = 0.3


@dataclass(frozen=True, slots=True)
class Candidate:
    """A family as the clustering sees it: id, canonical, a few verbatim variants, speaker, lock."""

    family_id: int
    canonical: Prepared
    speaker_id: int | None
    locked: bool = False
    variants: tuple[Prepared, ...] = ()


@dataclass(slots=True)
class Decision:
    """Where a quote goes; ``family_id`` None means it starts a new family."""

    family_id: int | None
    role: MatchKind
    verdict: Verdict | None = None
    becomes_canonical: bool = True
    attribution_conflict: bool = False
    merge: list[int] = field(default_factory=list)
    canonical: Prepared | None = None  # the chosen family's canonical, as compared


@dataclass(frozen=True, slots=True)
class Relation:
    """How a member relates to its family's canonical, as stored and reported."""

    role: MatchKind
    similarity: float
    covers: tuple[int, int] | None
    meaning_change: list[str]


def relate(canonical: Prepared, member: Prepared, kind: str, known: Verdict | None = None) -> Relation:
    """Describe ``member`` against ``canonical``, even when it joined through a variant or an edit.

    ``known``: the verdict of this very comparison, when the caller already has it.
    """
    v = known if known is not None and not known.via_variant else verify(canonical, member, indirect=kind == "indirect")
    if kind == "indirect":
        role: MatchKind = "paraphrase"
    elif v.kind is not None and not v.b_contains_a:
        role = v.kind
    else:
        # Joined via a verbatim variant, an editor's merge or a pin: fall back to length.
        role = "fragment" if len(member.keys) < VERBATIM_SPAN * len(canonical.keys) else "verbatim"
    score = v.score if v.matched else round(similarity(canonical, member), 4)
    covers = None
    if role == "fragment":
        covers = v.a_range if v.matched and not v.b_contains_a else locate(canonical, member)
    return Relation(role, score, covers, v.meaning_change)


def speakers_compatible(a: int | None, b: int | None, unidentified: Collection[int] = ()) -> bool:
    """Return whether two speakers may be the same source: equal, one unknown, or one unidentified.

    ``unidentified`` holds anonymous sources ("a senior administration official"): two
    descriptions may name one person, so they neither block a merge nor make a conflict.
    """
    return a is None or b is None or a == b or a in unidentified or b in unidentified


def _outranks(kind_a: str, a: Prepared, kind_b: str, b: Prepared) -> bool:
    # canonical_rank(a) > canonical_rank(b), comparing the normal forms only on a tie.
    ra, rb = (int(kind_a != "indirect"), len(a.keys)), (int(kind_b != "indirect"), len(b.keys))
    return ra > rb or (ra == rb and a.norm > b.norm)


def canonical_rank(kind: str, p: Prepared) -> tuple[int, int, str]:
    """Return the sort key of a canonical candidate: direct over indirect, then fullest, then text."""
    # The text tie-break makes the choice independent of arrival order.
    return (0 if kind == "indirect" else 1, len(p.keys), p.norm)


def decide(
    quote: Prepared,
    kind: QuoteKind,
    speaker_id: int | None,
    candidates: list[Candidate],
    current_kind: Mapping[int, str] | None = None,
    unidentified: Collection[int] = (),
) -> Decision:
    """Choose the family for ``quote`` among ``candidates`` (``current_kind``: canonical's quote kind)."""
    if len(quote.keys) < MIN_WORDS:
        # One- to three-word partials ("quickly", "new phase") stay on their own: even one
        # speaker's single matching family is not unambiguous when the partial may arrive
        # before that family does, and joining it then would depend on arrival order.
        return Decision(None, "paraphrase" if kind == "indirect" else "verbatim")
    best: tuple[tuple[float, int, str], Candidate, Verdict, bool] | None = None
    for c in candidates:
        v = _best_verdict(c, quote, kind == "indirect")
        if not v.matched:
            continue
        conflict = not speakers_compatible(c.speaker_id, speaker_id, unidentified)
        if v.kind == "fragment" and not _anchored(quote, c, v, speaker_id):
            continue
        if conflict and not (v.kind == "verbatim" and v.score >= CONFLICT_SCORE and len(quote.keys) >= SHORT_WORDS):
            continue
        # Rank by similarity, then prefer an agreeing speaker, then an arrival-order-free tie-break.
        rank = (v.score, 0 if conflict else 1, c.canonical.norm)
        if best is None or rank > best[0]:
            best = (rank, c, v, conflict)
    if best is None:
        return Decision(None, "paraphrase" if kind == "indirect" else "verbatim")
    _, fam, verdict, conflict = best
    assert verdict.kind is not None
    role: MatchKind = "paraphrase" if kind == "indirect" else verdict.kind
    if verdict.b_contains_a and role == "fragment":
        # The quote is the fuller wording: it is a verbatim member and the canonical a fragment.
        role = "verbatim"
    fam_kind = (current_kind or {}).get(fam.family_id, "direct")
    leads = role != "paraphrase" and (
        verdict.b_contains_a
        or (verdict.kind == "verbatim" and _outranks(kind, quote, fam_kind, fam.canonical))
        or (fam_kind == "indirect" and kind != "indirect")
    )
    decision = Decision(fam.family_id, role, verdict, leads, conflict, canonical=fam.canonical)
    if role == "verbatim" and not fam.locked:
        decision.merge = _merges(quote, speaker_id, fam, candidates, unidentified)
    return decision


def _anchored(quote: Prepared, c: Candidate, v: Verdict, speaker_id: int | None) -> bool:
    # An idiom-sized fragment (<= 3 content words: "leave no stone unturned", "no one will declare
    # mission accomplished") is only evidence of one remark when both sides name the same speaker.
    short = c.canonical if v.b_contains_a else quote
    if distinctive(short):
        return True
    return speaker_id is not None and c.speaker_id == speaker_id


def _best_verdict(c: Candidate, quote: Prepared, indirect: bool) -> Verdict:
    # The canonical first; verbatim variants make the outcome independent of which wording
    # happened to lead when the quote arrived (seed 003's fragment matches 001's wording, not 000's).
    best = verify(c.canonical, quote, indirect=indirect)
    if best.score >= GOOD_ENOUGH or not c.variants:
        return best  # variants can only matter when the canonical match is weak or absent
    if overlap(c.canonical, quote) < VARIANT_SCREEN:
        # Variants are >= 0.6 similar to the canonical: a quote sharing this little with it is
        # not one of theirs either (and the variants need not be tokenised at all).
        return best
    for variant in c.variants:
        v = verify(variant, quote, indirect=indirect)
        if v.matched and not v.b_contains_a and v.score > best.score:
            # Only the canonical's range is meaningful to the family; the fuller-side flag is not.
            best = Verdict(v.kind, v.score, meaning_change=v.meaning_change, via_variant=True)
    return best


def _merges(
    quote: Prepared,
    speaker_id: int | None,
    chosen: Candidate,
    candidates: list[Candidate],
    unidentified: Collection[int],
) -> list[int]:
    # The quote just joined ``chosen`` verbatim, so it represents that family.  Another family
    # joins only if its canonical verifies against it as a verbatim variant or a fragment (never
    # through a paraphrase, never because the quote is a fragment of both), speakers compatible.
    out: list[int] = []
    for c in candidates:
        if c.family_id == chosen.family_id or c.locked:
            continue
        if not speakers_compatible(c.speaker_id, speaker_id, unidentified):
            continue
        v = verify(quote, c.canonical)
        weak = not distinctive(c.canonical) and (speaker_id is None or c.speaker_id != speaker_id)
        if v.kind in ("verbatim", "fragment") and not v.b_contains_a and not weak:
            out.append(c.family_id)
    return sorted(out)


def cluster(items: list[tuple[str, QuoteKind, int | None]]) -> list[list[int]]:
    """Cluster texts (text, kind, speaker) in the given order in memory; return member index lists."""
    # Reference implementation of the store's behaviour, used by tests and the evaluation.
    fams: dict[int, list[int]] = {}
    canon: dict[int, int] = {}
    role: dict[int, str] = {}
    prepared = [prepare_text(t, k) for t, k, _ in items]
    for i, (_, kind, spk) in enumerate(items):
        cands = []
        for fid in sorted(fams):
            reps = [m for m in fams[fid] if role[m] == "verbatim" and m != canon[fid]]
            reps.sort(key=lambda m: canonical_rank(items[m][1], prepared[m]), reverse=True)
            variants = tuple(prepared[m] for m in reps[:MAX_VARIANTS])
            cands.append(Candidate(fid, prepared[canon[fid]], items[canon[fid]][2], variants=variants))
        kinds = {fid: items[canon[fid]][1] for fid in fams}
        d = decide(prepared[i], kind, spk, cands, kinds)
        role[i] = d.role
        if d.family_id is None:
            fams[i] = [i]
            canon[i] = i
            continue
        fams[d.family_id].append(i)
        for other in d.merge:
            fams[d.family_id].extend(fams.pop(other))
            canon.pop(other)
        if d.becomes_canonical or d.merge:
            canon[d.family_id] = i if d.becomes_canonical else canon[d.family_id]
            lead = prepared[canon[d.family_id]]
            for m in fams[d.family_id]:
                role[m] = relate(lead, prepared[m], items[m][1]).role if m != canon[d.family_id] else "verbatim"
    return [sorted(m) for m in fams.values()]


def prepare_text(text: str, kind: str = "direct") -> Prepared:
    """Tokenise ``text`` of a quote of ``kind`` for clustering (see ``match.prepare_quote``)."""
    from service.engine.families.match import prepare_quote

    return prepare_quote(text, kind)

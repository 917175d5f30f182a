"""The family rule: where a new quote goes, given the candidate families the store found.

``decide`` is a pure function from a quote and its candidate families to a decision -- join one
family as a verbatim variant, a fragment or a paraphrase (absorbing families that prove to be
the same remark, linking families of other remarks the quote runs together), or create a new
family.  The store loads the candidates and applies the decision; it decides nothing itself.

Each family is represented by its canonical and a few verbatim variants.  A quote never bridges
two families: a fragment contained in two canonicals joins the better one.  Families merge only
when the quote is a fuller wording of one family and another family's canonical lies in the
same sentence of it; a canonical lying in another sentence is another remark, linked, not merged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from service.engine.families.align import copy_edit, overlap
from service.engine.families.candidates import Candidate, Decision
from service.engine.families.grams import gram_hashes
from service.engine.families.match import MIN_WORDS, MatchKind, Verdict, distinctive, verify
from service.engine.families.prepared import Prepared
from service.engine.families.remarks import linked_remark, merges_and_links
from service.engine.families.sources import sources_allow
from service.engine.types import QuoteKind

GOOD_ENOUGH = 0.85
VARIANT_SCREEN = 0.3


def _new(kind: QuoteKind) -> Decision:
    return Decision(None, "paraphrase" if kind == "indirect" else "verbatim")


def decide(
    quote: Prepared,
    kind: QuoteKind,
    speaker_id: int | None,
    candidates: list[Candidate],
    identified: Collection[int] = (),
    common: Collection[int] = (),
    recurring: Collection[int] = (),
) -> Decision:
    """Choose the family for ``quote`` among ``candidates``.

    ``identified``: the speaker ids that name a known person or organisation (not anonymous or
    unknown); ``common``: word-gram hashes seen in many families (boilerplate, never evidence);
    ``recurring``: gram hashes already seen in more than one family (an idiom-sized fragment made
    only of them is a slogan the speaker repeats, not evidence of one remark).
    """
    if len(quote.keys) < MIN_WORDS:
        # One- to three-word partials ("quickly", "new phase") stay on their own: even one
        # speaker's single matching family is not unambiguous when the partial may arrive
        # before that family does, and joining it then would depend on arrival order.
        return _new(kind)
    indirect = kind == "indirect"
    best: tuple[tuple[float, int], Candidate, Verdict, bool] | None = None
    for c in candidates:
        same = not indirect and speaker_id is not None and speaker_id == c.speaker_id and speaker_id in identified
        v = _best_verdict(c, quote, indirect, common, same)
        if not v.matched or v.kind is None:
            continue
        if c.same_words and not distinctive(quote) and not (speaker_id is not None and speaker_id == c.speaker_id):
            continue  # a stock phrase's identical words are one remark only from one speaker
        if indirect and v.meaning_change:
            continue  # a rendering whose negation or numbers disagree is not verified
        role: MatchKind = "paraphrase" if indirect else v.kind
        allowed, conflict = sources_allow(c.speaker_id, speaker_id, identified, role, v.score, len(quote.keys))
        if not allowed:
            continue
        if v.kind == "fragment" and not _anchored(quote, c, v, speaker_id, recurring):
            continue
        if (
            indirect
            and c.canonical_kind == "indirect"
            and (v.kind == "paraphrase" or not (_contained(quote, c.canonical) or copy_edit(quote, c.canonical)))
        ):
            # Two reporters' renderings: only the same words (a syndicated copy, perhaps
            # copy-edited, or one rendering inside the other) make one remark; a loose paraphrase
            # is verified against the speaker's own words only.
            continue
        # Rank by similarity, then prefer an agreeing speaker, then an arrival-order-free tie-break.
        rank = (v.score, 0 if conflict else 1)
        if best is None or _outranks(rank, c, best[0], best[1]):
            best = (rank, c, v, conflict)
    if best is None:
        return _new(kind)
    _, fam, verdict, conflict = best
    assert verdict.kind is not None
    role = "paraphrase" if indirect else verdict.kind
    other = linked_remark(fam, verdict, candidates, speaker_id, identified, role, len(quote.keys))
    if other is not None:
        # The quote matched the part of a two-remark canonical that is another family's remark.
        return Decision(other.family_id, role)
    if verdict.b_contains_a and role == "fragment":
        role = "verbatim"  # the quote is the fuller wording: the canonical is its fragment
    leads = role != "paraphrase" and (verdict.b_contains_a or (fam.canonical_kind == "indirect" and not indirect))
    merge: tuple[int, ...] = ()
    links: tuple[int, ...] = ()
    if role == "verbatim":
        own = verdict.b_range if verdict.b_contains_a else (0, len(quote.text))
        merge, links = merges_and_links(quote, speaker_id, own, fam, candidates, identified, common)
    return Decision(fam.family_id, role, verdict, leads, conflict, merge, links)


def _outranks(rank: tuple[float, int], c: Candidate, best_rank: tuple[float, int], best: Candidate) -> bool:
    # The canonicals' normal forms break exact ties only: they are tokenised just then, not for
    # every candidate matched.
    if rank != best_rank:
        return rank > best_rank
    return c.canonical.norm > best.canonical.norm


def _contained(a: Prepared, b: Prepared) -> bool:
    # Every word of the shorter text occurs in the longer one (as a multiset).
    short, long = (a, b) if len(a.keys) <= len(b.keys) else (b, a)
    return not Counter(short.keys) - Counter(long.keys)


def _anchored(quote: Prepared, c: Candidate, v: Verdict, speaker_id: int | None, common: Collection[int]) -> bool:
    # An idiom-sized fragment (<= 3 content words: "leave no stone unturned", "no one will declare
    # mission accomplished") is only evidence of one remark when both sides name the same speaker
    # and it is not a slogan the store has seen in many families.
    short = c.canonical if v.b_contains_a else quote
    if distinctive(short):
        return True
    if speaker_id is None or c.speaker_id != speaker_id:
        return False
    # The evidence is what the two sides share: some shared gram must not recur elsewhere.
    long = quote if v.b_contains_a else c.canonical
    shared = set(gram_hashes(short.keys)) & set(gram_hashes(long.keys))
    return not shared or any(g not in common for g in shared)


def _best_verdict(c: Candidate, quote: Prepared, indirect: bool, common: Collection[int], same: bool) -> Verdict:
    if c.same_words and not indirect:
        return Verdict("verbatim", 1.0, (0, len(c.canonical.text)), (0, len(quote.text)))
    # The canonical first; verbatim variants make the outcome independent of which wording
    # happened to lead when the quote arrived.
    best = verify(c.canonical, quote, indirect=indirect, common=common, same_speaker=same)
    if best.score >= GOOD_ENOUGH or not c.variants:
        return best  # variants can only matter when the canonical match is weak or absent
    if overlap(c.canonical, quote) < VARIANT_SCREEN:
        # Variants are >= 0.6 similar to the canonical: a quote sharing this little with it is
        # not one of theirs either (and the variants need not be tokenised at all).
        return best
    for variant in c.variants:
        v = verify(variant, quote, indirect=indirect, common=common, same_speaker=same)
        if v.matched and not v.b_contains_a and v.score > best.score:
            # Only the canonical's range is meaningful to the family; the fuller-side flag is not.
            best = Verdict(v.kind, v.score, meaning_change=v.meaning_change, via_variant=True)
    return best


__all__ = ["Candidate", "Decision", "decide"]

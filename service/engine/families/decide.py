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

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from service.engine.families.grams import gram_hashes
from service.engine.families.match import (
    MIN_WORDS,
    VERBATIM_SPAN,
    MatchKind,
    Verdict,
    copy_edit,
    distinctive,
    locate,
    overlap,
    similarity,
    verify,
)
from service.engine.families.prepared import Prepared
from service.engine.families.sources import sources_allow
from service.engine.types import QuoteKind

# Verbatim variants consulted besides the canonical (bounded: each costs one verification).
MAX_VARIANTS = 4
GOOD_ENOUGH = 0.85
VARIANT_SCREEN = 0.3


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


@dataclass(frozen=True, slots=True)
class Relation:
    """How a member relates to its family's canonical, as stored and reported."""

    role: MatchKind
    similarity: float
    covers: tuple[int, int] | None
    meaning_change: list[str]


def relate(canonical: Prepared, member: Prepared, kind: str) -> Relation:
    """Describe ``member`` against ``canonical``, even when it joined through a variant or an edit."""
    v = verify(canonical, member, indirect=kind == "indirect")
    if kind == "indirect":
        role: MatchKind = "paraphrase"
    elif v.kind is not None and v.kind != "paraphrase" and not v.b_contains_a:
        role = v.kind
    else:
        # Joined via a verbatim variant, an editor's merge or a pin: fall back to length.
        role = "fragment" if len(member.keys) < VERBATIM_SPAN * len(canonical.keys) else "verbatim"
    score = v.score if v.matched else round(similarity(canonical, member), 4)
    covers = None
    if role in ("fragment", "paraphrase"):
        covers = v.a_range if v.matched and not v.b_contains_a else locate(canonical, member)
    # A paraphrase is the reporter's wording: its numbers and negations are not a misquote.
    change = v.meaning_change if role != "paraphrase" else []
    return Relation(role, score, covers, change)


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
    best: tuple[tuple[float, int, str], Candidate, Verdict, bool] | None = None
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
        rank = (v.score, 0 if conflict else 1, c.canonical.norm)
        if best is None or rank > best[0]:
            best = (rank, c, v, conflict)
    if best is None:
        return _new(kind)
    _, fam, verdict, conflict = best
    assert verdict.kind is not None
    role = "paraphrase" if indirect else verdict.kind
    other = _linked_remark(fam, verdict, candidates, speaker_id, identified, role, len(quote.keys))
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
        merge, links = _others(quote, speaker_id, own, fam, candidates, identified, common)
    return Decision(fam.family_id, role, verdict, leads, conflict, merge, links)


def _linked_remark(
    fam: Candidate,
    verdict: Verdict,
    candidates: list[Candidate],
    speaker_id: int | None,
    identified: Collection[int],
    role: MatchKind,
    words: int,
) -> Candidate | None:
    if not fam.links or verdict.b_contains_a or verdict.via_variant or role == "verbatim":
        return None
    text = fam.canonical.text
    mine = sentence_of(text, sum(verdict.a_range) // 2)
    for c in candidates:
        if c.family_id not in fam.links:
            continue
        v = verify(fam.canonical, c.canonical)
        if v.kind != "fragment" or v.b_contains_a or sentence_of(text, sum(v.a_range) // 2) != mine:
            continue
        if sources_allow(c.speaker_id, speaker_id, identified, role, verdict.score, words)[0]:
            return c
    return None


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


# A sentence ends at . ! or ? (and any closing quotation mark) before the next capitalised word.
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[\"“‘']?[A-Z])")


def sentence_of(text: str, at: int) -> int:
    """Return the index of the sentence of ``text`` holding character ``at``."""
    return sum(1 for m in _SENTENCE_END.finditer(text) if m.end() <= at)


def _idiom_evidence(
    c: Candidate, speaker_id: int | None, identified: Collection[int], link: bool, common: Collection[int]
) -> bool:
    # An idiom-sized canonical is one remark with the quote when one speaker said both; a link
    # (a weaker claim: the quote also contains those words) may also rest on two sources that
    # are not identified people, unless the words are a phrase the store sees in many families.
    if speaker_id is not None and c.speaker_id == speaker_id:
        return True
    unnamed = speaker_id not in identified and c.speaker_id not in identified
    return link and unnamed and any(g not in common for g in gram_hashes(c.canonical.keys))


def _others(
    quote: Prepared,
    speaker_id: int | None,
    own: tuple[int, int],
    chosen: Candidate,
    candidates: list[Candidate],
    identified: Collection[int],
    common: Collection[int],
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    # Another family whose canonical verifies against the quote as a verbatim variant or a
    # fragment (never through a paraphrase), speakers allowed: the same remark when it lies in
    # the sentence the chosen family's canonical lies in, another remark (linked) otherwise.
    merge: list[int] = []
    links: list[int] = []
    own_sentence = sentence_of(quote.text, (own[0] + own[1]) // 2)
    for c in candidates:
        if c.family_id == chosen.family_id:
            continue
        v = verify(quote, c.canonical)
        if v.kind not in ("verbatim", "fragment") or v.b_contains_a:
            continue
        allowed, conflict = sources_allow(c.speaker_id, speaker_id, identified, "fragment", v.score, len(quote.keys))
        if not allowed or conflict:
            continue
        start, end = v.a_range
        other_remark = v.kind == "fragment" and sentence_of(quote.text, (start + end) // 2) != own_sentence
        if not distinctive(c.canonical) and not _idiom_evidence(c, speaker_id, identified, other_remark, common):
            continue
        if other_remark:
            links.append(c.family_id)
        elif not c.locked and not chosen.locked:
            merge.append(c.family_id)
    return tuple(sorted(merge)), tuple(sorted(links))

"""Other remarks a quote touches: families it proves to be the same remark (merged) or another one (linked).

A family's canonical lying in the same sentence of a fuller wording is that sentence's remark;
one lying in another sentence is another remark, linked, not merged.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from service.engine.families.candidates import Candidate
from service.engine.families.grams import gram_hashes
from service.engine.families.match import MatchKind, Verdict, distinctive, verify
from service.engine.families.prepared import Prepared
from service.engine.families.sources import sources_allow


def linked_remark(
    fam: Candidate,
    verdict: Verdict,
    candidates: list[Candidate],
    speaker_id: int | None,
    identified: Collection[int],
    role: MatchKind,
    words: int,
) -> Candidate | None:
    """Return the linked family whose remark the quote matched inside ``fam``'s two-remark canonical."""
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


def merges_and_links(
    quote: Prepared,
    speaker_id: int | None,
    own: tuple[int, int],
    chosen: Candidate,
    candidates: list[Candidate],
    identified: Collection[int],
    common: Collection[int],
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Return the families a verbatim quote absorbs (same sentence) and links (other sentences)."""
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

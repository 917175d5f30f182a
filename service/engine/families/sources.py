"""Which speakers may have said one remark, by how strongly the words verify."""

from __future__ import annotations

from collections.abc import Collection

from service.engine.families.match import MatchKind

# The same words from two identified people stay together (flagged) only when unmistakable.
CONFLICT_SCORE = 0.9
CONFLICT_WORDS = 8


def sources_allow(
    family_speaker: int | None,
    speaker: int | None,
    identified: Collection[int],
    role: MatchKind,
    score: float,
    words: int,
) -> tuple[bool, bool]:
    """Return (may join, attribution conflict) for a quote by ``speaker`` joining a family as ``role``.

    A paraphrase is the reporter's wording: it joins only the same identified speaker's family.
    Verbatim words and fragments may come from an anonymous or unknown source; the same long
    verbatim words from two identified people join but conflict.
    """
    known_a = family_speaker is not None and family_speaker in identified
    known_b = speaker is not None and speaker in identified
    if role == "paraphrase":
        return known_a and known_b and family_speaker == speaker, False
    if not (known_a and known_b) or family_speaker == speaker:
        return True, False
    unmistakable = role == "verbatim" and score >= CONFLICT_SCORE and words >= CONFLICT_WORDS
    return unmistakable, unmistakable

"""How a member relates to its family's canonical: role, similarity, the stretch it covers, meaning change."""

from __future__ import annotations

from dataclasses import dataclass

from service.engine.families.align import locate, similarity
from service.engine.families.match import VERBATIM_SPAN, MatchKind, verify
from service.engine.families.prepared import Prepared


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

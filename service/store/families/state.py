"""A family's derived state, recomputed from its members by one function after every change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, object_session

from service.engine.families.prepared import keys_text, prepare_quote
from service.engine.families.relation import relate
from service.engine.families.state import FamilyState, Member, derive
from service.store.base import utcnow
from service.store.families.models import Family
from service.store.families.queries import raw, write_through
from service.store.models import Quote

IDENTIFIED_KINDS = ("person", "organization")

_MEMBERS = (
    "SELECT q.id, q.norm_hash, q.kind, q.family_role, q.text, q.article_id, a.outlet_id,"
    " coalesce(a.published_at, a.created_at), q.speaker_id, s.kind"
    " FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id"
    " WHERE q.family_id = ? ORDER BY q.id"
)


def aware(value: Any) -> datetime | None:
    """Return a database date as a timezone-aware datetime (UTC when it has no zone)."""
    # Plain SQL bypasses the column type, so SQLite hands back strings or naive datetimes.
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Loaded:
    """A family's members as the derived state sees them, with their texts."""

    members: list[Member]
    texts: dict[int, tuple[str, str]]  # quote id -> (text, kind)


def load_members(session: Session, family_id: int) -> Loaded:
    """Read a family's members with their articles' outlets and dates and their speakers' kinds."""
    members: list[Member] = []
    texts: dict[int, tuple[str, str]] = {}
    for qid, wording, kind, role, text, article_id, outlet_id, seen, speaker_id, speaker_kind in raw(
        session, _MEMBERS, (family_id,)
    ):
        words = len(text.split())  # fullness, for a tie-break only: no need to tokenise
        identified = speaker_kind in IDENTIFIED_KINDS
        members.append(
            Member(qid, wording or "", kind, role, words, article_id, outlet_id, aware(seen), speaker_id, identified)
        )
        texts[qid] = (text, kind)
    return Loaded(members, texts)


def set_canonical(fam: Family, quote_id: int, text: str, kind: str) -> None:
    """Record the quote as the family's canonical wording (and its comparison keys)."""
    fam.canonical_quote_id = quote_id
    fam.canonical_text = text
    fam.canonical_kind = kind
    fam.canonical_keys = keys_text(prepare_quote(text, kind))


def relate_members(session: Session, fam: Family) -> None:
    """Re-measure every member against the family's canonical (after the canonical changed)."""
    canonical = prepare_quote(fam.canonical_text, fam.canonical_kind)
    for q in session.query(Quote).filter(Quote.family_id == fam.id):
        if q.id == fam.canonical_quote_id:
            set_member(q, fam.id, "verbatim", 1.0, None, [])
            continue
        rel = relate(canonical, prepare_quote(q.text, q.kind), q.kind)
        set_member(q, fam.id, rel.role, rel.similarity, rel.covers, rel.meaning_change)


def set_member(
    quote: Quote, family_id: int, role: str, similarity: float, covers: tuple[int, int] | None, change: list[str]
) -> None:
    """Record the quote's family, its role there and how it relates to the canonical."""
    start, end = covers if covers else (None, None)
    values = {
        "family_id": family_id,
        "family_role": role,
        "similarity": similarity,
        "covers_start": start,
        "covers_end": end,
        "meaning_change": change or None,
        "norm_hash": quote.norm_hash,  # set by assignment just before: one write for both
    }
    session = object_session(quote)
    if session is None:
        for name, value in values.items():
            setattr(quote, name, value)
        return
    write_through(session, quote, values)


def refresh_family(session: Session, fam: Family) -> FamilyState:
    """Recompute the family's canonical, speaker, conflict, counts and seen dates from its members."""
    session.flush()
    loaded = load_members(session, fam.id)
    state = derive(loaded.members)
    # Roles are relative to the canonical, and the choice reads roles: re-relate until stable
    # (at most a couple of rounds; the last choice stands).
    for _ in range(3):
        if state.canonical.quote_id == fam.canonical_quote_id:
            break
        text, kind = loaded.texts[state.canonical.quote_id]
        set_canonical(fam, state.canonical.quote_id, text, kind)
        relate_members(session, fam)
        session.flush()
        loaded = load_members(session, fam.id)
        state = derive(loaded.members)
    values = {
        "canonical_how": state.canonical.how,
        "speaker_id": state.speaker_id,
        "attribution_conflict": state.attribution_conflict,
        "quote_count": state.quote_count,
        "article_count": state.article_count,
        "outlet_count": state.outlet_count,
        "first_seen": state.first_seen,
        "last_seen": state.last_seen,
        "updated_at": utcnow(),
    }
    write_through(session, fam, values)
    return state

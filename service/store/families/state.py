"""A family's derived state, recomputed from its members by one function after every change."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.attributes import set_committed_value

from service.engine.families.prepared import keys_text, prepare_quote
from service.engine.families.relation import Relation, relate
from service.engine.families.state import FamilyState, Member, derive
from service.store.articles.models import Quote
from service.store.base import utcnow
from service.store.families.models import Family
from service.store.families.queries import bound, raw, raw_many, write_through

IDENTIFIED_KINDS = ("person", "organization")

# Members alike in everything the state reads are one row: the earliest-published fullest of
# them (the only one the canonical choice can pick), with how many they are, their fullest
# length and latest date; the family's distinct articles are counted once.  Rows returned are
# bounded by wordings x outlets x speakers, however many times a remark was printed.  Fullness
# (a tie-break only) counts words by their separating spaces, without reading texts out.
_MEMBERS = (
    "WITH m AS (SELECT q.id, q.norm_hash AS wording, q.kind, q.family_role AS role, q.article_id,"
    " a.outlet_id, coalesce(a.published_at, a.created_at) AS seen, q.speaker_id, s.kind AS speaker_kind,"
    " length(q.text) - length(replace(q.text, ' ', '')) + 1 AS words"
    " FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id"
    " WHERE q.family_id = ?),"
    " r AS (SELECT m.*, row_number() OVER (PARTITION BY wording, kind, role, outlet_id, speaker_id, speaker_kind"
    " ORDER BY seen, words DESC, id) AS rn, count(*) OVER g AS n, max(words) OVER g AS fullest,"
    " max(seen) OVER g AS latest FROM m"
    " WINDOW g AS (PARTITION BY wording, kind, role, outlet_id, speaker_id, speaker_kind))"
    " SELECT id, wording, kind, role, words, article_id, outlet_id, seen, speaker_id, speaker_kind, n, fullest,"
    " latest, (SELECT count(DISTINCT article_id) FROM m) FROM r WHERE rn = 1 ORDER BY id"
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
    """A family's members as the derived state sees them (alike ones as one) and its article count."""

    members: list[Member]
    articles: int

    def state(self) -> FamilyState:
        """Return the family's derived state."""
        return derive(self.members, self.articles)


def load_members(session: Session, family_id: int) -> Loaded:
    """Read a family's members with their articles' outlets and dates and their speakers' kinds."""
    members: list[Member] = []
    articles = 0
    for row in raw(session, _MEMBERS, (family_id,)):
        qid, wording, kind, role, words, article_id, outlet_id, seen, speaker_id, speaker_kind = row[:10]
        count, fullest, latest, articles = row[10:]
        identified = speaker_kind in IDENTIFIED_KINDS
        members.append(
            Member(
                qid,
                wording or "",
                kind,
                role,
                words,
                article_id,
                outlet_id,
                aware(seen),
                speaker_id,
                identified,
                count,
                fullest,
                aware(latest),
            )
        )
    return Loaded(members, articles)


def set_canonical(fam: Family, quote_id: int, text: str, kind: str) -> None:
    """Record the quote as the family's canonical wording (and its comparison keys)."""
    values = {
        "canonical_quote_id": quote_id,
        "canonical_text": text,
        "canonical_kind": kind,
        "canonical_keys": keys_text(prepare_quote(text, kind)),
    }
    session = object_session(fam)
    if session is None:
        for name, value in values.items():
            setattr(fam, name, value)
        return
    # Written at once: a flush through the unit of work costs more than re-relating the members.
    write_through(session, fam, values)


# What re-relating a member reads and may rewrite: the relation's columns, as stored.
_RELATION_COLUMNS = ("covers_end", "covers_start", "family_role", "meaning_change", "similarity")  # as bound
_CANONICAL = Relation("verbatim", 1.0, None, [])
_RELATED = f"SELECT id, text, kind, {', '.join(_RELATION_COLUMNS)} FROM quotes WHERE family_id = ? ORDER BY id"


def relate_members(session: Session, fam: Family) -> None:
    """Re-measure every member against the family's canonical (after the canonical changed)."""
    # Plain reads and one batched write of the rows whose relation changed: a remark printed
    # hundreds of times is re-related once per distinct wording, not loaded and written per member.
    session.flush()
    canonical = prepare_quote(fam.canonical_text, fam.canonical_kind)
    table = Quote.__table__
    relations: dict[tuple[str, str], Relation] = {}
    rows: list[list[Any]] = []
    for qid, text, kind, *stored in raw(session, _RELATED, (fam.id,)):
        rel = _CANONICAL if qid == fam.canonical_quote_id else relations.get((text, kind))
        if rel is None:
            rel = relations[(text, kind)] = relate(canonical, prepare_quote(text, kind), kind)
        start, end = rel.covers if rel.covers else (None, None)
        values = {
            "covers_end": end,
            "covers_start": start,
            "family_role": rel.role,
            "meaning_change": rel.meaning_change or None,
            "similarity": rel.similarity,
        }
        if [values[n] for n in _RELATION_COLUMNS] != _as_loaded(stored):
            rows.append([*bound(session, table, values), qid])
            _record(session, qid, values)
    if rows:
        sets = ", ".join(f"{n} = ?" for n in _RELATION_COLUMNS)
        raw_many(session, f"UPDATE quotes SET {sets} WHERE id = ?", rows)


def _as_loaded(stored: list[Any]) -> list[Any]:
    # The JSON column comes back as text from SQLite and decoded from PostgreSQL; JSON null is none.
    *rest, change, similarity = stored
    if isinstance(change, str):
        change = json.loads(change)
    return [*rest, change or None, similarity]


def _record(session: Session, quote_id: int, values: dict[str, Any]) -> None:
    # A member loaded in this session gets the written values as its loaded state.
    held = session.identity_map.get(session.identity_key(Quote, quote_id))
    if held is not None:
        for name, value in values.items():
            set_committed_value(held, name, value)


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
        # Set by assignment just before: one write for all.
        "norm_hash": quote.norm_hash,
        "match_keys": quote.match_keys,
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
    state = load_members(session, fam.id).state()
    # Roles are relative to the canonical, and the choice reads roles: re-relate until stable
    # (at most a couple of rounds; the last choice stands).
    for _ in range(3):
        if state.canonical.quote_id == fam.canonical_quote_id:
            break
        text, kind = raw(session, "SELECT text, kind FROM quotes WHERE id = ?", (state.canonical.quote_id,))[0]
        set_canonical(fam, state.canonical.quote_id, text, kind)
        relate_members(session, fam)
        session.flush()
        state = load_members(session, fam.id).state()
    values = {
        "canonical_how": state.canonical.how,
        "speaker_id": state.speaker_id,
        "attribution_conflict": state.attribution_conflict,
        "quote_count": state.quote_count,
        "article_count": state.article_count,
        "outlet_count": state.outlet_count,
        "first_seen": state.first_seen,
        "last_seen": state.last_seen,
    }
    # Only what changed is written: the counts and dates are indexed, and an index entry is
    # rewritten for every indexed column the UPDATE sets, changed or not.
    changed = {name: value for name, value in values.items() if getattr(fam, name) != value}
    write_through(session, fam, {**changed, "updated_at": utcnow()})
    return state

"""Assigning a stored quote to its family: load the candidates, ask the engine, apply its decision.

``assign_family`` takes the caller's ``Session`` and never commits: the caller owns one
transaction per article.  It runs a handful of indexed statements -- the exact normalised hash,
gram document frequencies, the rare-gram postings with the candidates' canonicals and variants,
the speakers' kinds -- then ``service.engine.families.decide`` chooses, and the store applies the
decision and re-derives the family's state from its members.  Nothing scans all stored quotes.

Flush the new ``Quote`` (it needs an id) before ``assign_family``.  Concurrency: a new family is
inserted with ``ON CONFLICT DO NOTHING`` on its creation key; of two transactions creating the
same family, the second waits for the first and joins its family.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from service.engine.families.decide import Decision, decide
from service.engine.families.grams import gram_hashes
from service.engine.families.normalize import hash_norm
from service.engine.families.prepared import Prepared, keys_text, prepare_quote
from service.engine.families.state import FamilyState, Member, derive
from service.engine.types import QUOTE_KINDS, QuoteKind
from service.store.articles.models import Quote
from service.store.base import utcnow
from service.store.families.index import (
    BOILERPLATE_DF,
    RECURRING_DF,
    Postings,
    find_candidates,
    index_grams,
    lookup_grams,
    read_postings,
)
from service.store.families.members import absorb_family, family_key, link_quote, place
from service.store.families.models import Family, FamilyPin
from service.store.families.queries import adopt, adopt_row, bound, load, marks, raw
from service.store.families.state import (
    IDENTIFIED_KINDS,
    aware,
    refresh_family,
    relate_members,
    set_canonical,
    set_member,
)


@dataclass(frozen=True, slots=True)
class Assignment:
    """What assigning one quote did, for the events it means to subscribers."""

    family: Family
    state: FamilyState
    created: bool
    new_wording: bool  # no other member printed these words
    new_outlet: bool  # these words, already in the family, from an outlet that had not printed them
    conflict_raised: bool = False  # the family's attribution conflict turned on with this quote
    merged: tuple[int, ...] = ()
    links: tuple[int, ...] = ()


def article_pins(session: Session, article_id: int) -> dict[str, tuple[int, str]]:
    """Return an article's editors' pins: normalised hash to (family id, reason)."""
    rows = session.execute(
        select(FamilyPin.norm_hash, FamilyPin.family_id, FamilyPin.reason).where(FamilyPin.article_id == article_id)
    )
    return {h: (fid, reason) for h, fid, reason in rows}


def assign_family(session: Session, quote: Quote, pins: dict[str, tuple[int, str]] | None = None) -> Assignment:
    """Put a stored quote into its family (joining, merging, linking or creating one)."""
    if session.new or session.dirty or session.deleted:
        session.flush()  # earlier assignments' writes must be visible to this one's reads
    if pins is None:
        pins = article_pins(session, quote.article_id)
    with session.no_autoflush:
        prepared = prepare_quote(quote.text, quote.kind)
        # Not marked dirty: every outcome below writes the membership, and these with it.
        wording = hash_norm(prepared.norm)
        set_committed_value(quote, "norm_hash", wording)
        set_committed_value(quote, "match_keys", keys_text(prepared))
        grams = gram_hashes(prepared.keys)
        posts = read_postings(session, grams)
        dfs = posts.dfs
        before, outlet_id, seen = _wordings(session, quote)
        pinned = _pinned(session, quote, prepared, pins.get(wording))
        decision: Decision | None = None
        posted: dict[int, set[int]] = {}
        rows: dict[int, tuple[Any, ...]] = {}
        founded: FamilyState | None = None
        if pinned is not None:
            fam, created = pinned
        else:
            looked = _decide(session, quote, prepared, grams, posts, sorted(before))
            decision, posted, rows = looked.decision, looked.posted, looked.rows
            if decision.family_id is None:
                founded = _founded(quote, outlet_id, seen, quote.speaker_id in looked.identified)
            fam, created = _apply(session, quote, prepared, decision, founded, rows)
        was_conflict = bool(fam.attribution_conflict) and not created
        # A family this quote founded was stored with its one-member state: nothing to re-derive.
        state = founded if founded is not None and created else refresh_family(session, fam)
        # A reprint joining its family brings no gram the lookup did not already see posted there.
        index_grams(session, fam.id, grams, dfs, posted=posted.get(fam.id, ()))
    printed = before.get(fam.id)
    return Assignment(
        family=fam,
        state=state,
        created=created,
        new_wording=not created and printed is None,
        new_outlet=printed is not None and outlet_id not in printed,
        conflict_raised=state.attribution_conflict and not was_conflict,
        merged=decision.merge if decision else (),
        links=decision.links if decision else (),
    )


# Distinct pairs: a wording printed thousands of times is a few families x outlets.
_PRINTED = (
    "SELECT DISTINCT q.family_id, a.outlet_id FROM quotes q JOIN articles a ON a.id = q.article_id"
    " WHERE q.norm_hash = ? AND q.family_id IS NOT NULL AND q.id <> ?"
)


def _wordings(session: Session, quote: Quote) -> tuple[dict[int, set[int]], int, datetime | None]:
    # Which families already hold these exact words and in which outlets (the candidates'
    # ``same_words`` and the event type), and the quote's own outlet and date (as members read it).
    printed: dict[int, set[int]] = {}
    for fid, outlet in raw(session, _PRINTED, (quote.norm_hash, quote.id)):
        printed.setdefault(fid, set()).add(outlet)
    outlet_id, seen = raw(session, _ORIGIN, (quote.article_id,))[0]
    return printed, int(outlet_id), aware(seen)


_ORIGIN = "SELECT outlet_id, coalesce(published_at, created_at) FROM articles WHERE id = ?"


def _founded(quote: Quote, outlet_id: int, seen: datetime | None, identified: bool) -> FamilyState:
    # The derived state of a family whose only member is this quote, as ``refresh_family``
    # would read it back.
    words = quote.text.count(" ") + 1  # as the members query counts them
    member = Member(
        quote.id,
        quote.norm_hash or "",
        quote.kind,
        _founding_role(quote),
        words,
        quote.article_id,
        outlet_id,
        seen,
        quote.speaker_id,
        identified,
    )
    return derive([member])


def _founding_role(quote: Quote) -> str:
    return "paraphrase" if quote.kind == "indirect" else "verbatim"


@dataclass(frozen=True, slots=True)
class _Lookup:
    decision: Decision
    posted: dict[int, set[int]]  # per candidate family, the looked-up grams it already posts
    identified: set[int]  # of the speakers read, those who are known persons or organisations
    rows: dict[int, tuple[Any, ...]]  # the candidates' family rows, as read


def _decide(
    session: Session, quote: Quote, prepared: Prepared, grams: list[int], posts: Postings, same: list[int]
) -> _Lookup:
    dfs = posts.dfs
    looked = find_candidates(session, lookup_grams(grams, dfs), same, posts)
    found = looked.candidates
    ids = sorted({c.speaker_id for c in found if c.speaker_id is not None} | _known(quote.speaker_id))
    identified: set[int] = set()
    if ids:
        kinds = ", ".join(f"'{k}'" for k in IDENTIFIED_KINDS)
        sql = f"SELECT id FROM speakers WHERE id IN ({marks(len(ids))}) AND kind IN ({kinds})"
        identified = {r[0] for r in raw(session, sql, ids)}
    common = {g for g in grams if dfs.get(g, 0) >= BOILERPLATE_DF}
    recurring = {g for g in grams if dfs.get(g, 0) >= RECURRING_DF}
    decision = decide(prepared, quote_kind(quote), quote.speaker_id, found, identified, common, recurring)
    return _Lookup(decision, looked.posted, identified, looked.rows)


def _known(speaker_id: int | None) -> set[int]:
    return set() if speaker_id is None else {speaker_id}


def quote_kind(quote: Quote) -> QuoteKind:
    """Return the quote's kind, a direct quote when the stored kind is unknown."""
    k = quote.kind
    return k if k in QUOTE_KINDS else "direct"  # type: ignore[return-value]


def _pinned(
    session: Session, quote: Quote, prepared: Prepared, pin: tuple[int, str] | None
) -> tuple[Family, bool] | None:
    # An editor's decision for these words in this article overrides the rule.
    if pin is None:
        return None
    pin_family, reason = pin
    fam = session.get(Family, pin_family)
    if fam is None:
        # The pinned family emptied (e.g. the article was re-extracted): the pinned quotes start
        # a new family together, so every pin to the dead id moves with this one.
        fam = _new_family(session, quote, prepared, locked=reason == "split")
        session.execute(update(FamilyPin).where(FamilyPin.family_id == pin_family).values(family_id=fam.id))
        return fam, True
    place(quote, fam, prepared)
    return fam, False


def _apply(
    session: Session,
    quote: Quote,
    prepared: Prepared,
    decision: Decision,
    founded: FamilyState | None,
    rows: dict[int, tuple[Any, ...]],
) -> tuple[Family, bool]:
    if decision.family_id is None:
        fam = _new_family(session, quote, prepared, founded=founded)
        created = fam.canonical_quote_id == quote.id
    else:
        row = rows.get(decision.family_id)
        got = adopt_row(session, Family, row) if row is not None else load(session, Family, decision.family_id)
        assert got is not None
        fam, created = got, False
        for other in decision.merge:
            absorb_family(session, fam, other)
        if decision.leads:
            # The fuller wording: the current canonical is its fragment, so members are
            # re-measured against it before the attested choice is made among them.
            set_member(quote, fam.id, "verbatim", 1.0, None, [])
            set_canonical(fam, quote.id, quote.text, quote.kind)
            session.flush()
            relate_members(session, fam)
        else:
            place(quote, fam, prepared, decision.verdict)
    if decision.links:
        link_quote(session, quote.id, decision.links)
    return fam, created


def _new_family(
    session: Session,
    quote: Quote,
    prepared: Prepared,
    *,
    locked: bool = False,
    founded: FamilyState | None = None,
) -> Family:
    # INSERT .. ON CONFLICT DO NOTHING on the creation key: of two transactions creating the
    # same family at once, the second waits for the first and then joins its family.
    # ``founded``: the one-member state, stored with the row (else left to ``refresh_family``).
    h = family_key(quote, prepared)
    fam = _family_insert(session, quote, prepared, h, locked, founded)
    if fam is None:
        existing = session.scalars(select(Family).where(Family.norm_hash == h)).one()
        place(quote, existing, prepared)
        return existing
    set_member(quote, fam.id, _founding_role(quote), 1.0, None, [])
    return fam


def _family_insert(
    session: Session, quote: Quote, prepared: Prepared, h: str, locked: bool, founded: FamilyState | None
) -> Family | None:
    # Plain SQL: dialect-specific ON CONFLICT constructs carry no SQL cache key (compiled on every
    # call), and SQLite (>= 3.35) and PostgreSQL share this statement.  The row inserted is known
    # whole, so it joins the session as stored without being read back.
    now = utcnow()
    values: dict[str, Any] = {
        "canonical_text": quote.text,
        "canonical_quote_id": quote.id,
        "canonical_how": "only_indirect" if quote.kind == "indirect" else "only_wording",
        "canonical_kind": quote.kind,
        "canonical_keys": keys_text(prepared),
        "norm_hash": h,
        "speaker_id": quote.speaker_id,
        "attribution_conflict": False,
        "locked": locked,
        "quote_count": 0,
        "article_count": 0,
        "outlet_count": 0,
        "first_seen": None,
        "last_seen": None,
        "created_at": now,
        "updated_at": now,
    }
    if founded is not None:
        values.update(
            canonical_how=founded.canonical.how,
            speaker_id=founded.speaker_id,
            attribution_conflict=founded.attribution_conflict,
            quote_count=founded.quote_count,
            article_count=founded.article_count,
            outlet_count=founded.outlet_count,
            first_seen=founded.first_seen,
            last_seen=founded.last_seen,
        )
    names = ", ".join(sorted(values))
    sql = f"INSERT INTO families ({names}) VALUES ({marks(len(values))}) ON CONFLICT (norm_hash) DO NOTHING"
    rows = raw(session, sql + " RETURNING id", bound(session, Family.__table__, values))
    if not rows:
        return None
    return adopt(session, Family, {"id": rows[0][0], **values})


__all__ = ["Assignment", "article_pins", "assign_family"]

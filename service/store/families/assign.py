"""Assigning a stored quote to its family: joining, leading, merging or creating one.

``assign_family`` takes the caller's ``Session`` and never commits: the caller owns one
transaction per article.  It runs a handful of indexed statements -- the article's pins (once per
article), the exact normalised hash, gram document frequencies, the rare-gram postings with the
candidates' canonicals and variants in one read -- then verifies at most ``MAX_CANDIDATES``
families in Python (``service.engine.families``) and posts the quote's rare grams.  Nothing scans
all stored quotes.

Integration notes for callers:

* Flush the new ``Quote`` (it needs an id) before ``assign_family``; the family's writes are
  left to the caller's next flush/commit.
* Concurrency: a new family is inserted with ``ON CONFLICT (norm_hash) DO NOTHING``; of two
  transactions creating the same family, the second waits for the first and joins its family.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select, text, update
from sqlalchemy.orm import Session

from service.engine.families.cluster import Decision, decide
from service.engine.families.grams import gram_hashes
from service.engine.families.match import MIN_WORDS, SHORT_WORDS, Prepared, distinctive, keys_text, prepare_quote
from service.engine.families.normalize import hash_norm
from service.store.base import UTCDateTime, utcnow
from service.store.families.articles import article_pins, forget_pins
from service.store.families.index import candidates, frequencies, index_grams, lookup_grams
from service.store.families.members import (
    absorb,
    compatible,
    family_key,
    join,
    quote_kind,
    relate_members,
    set_canonical,
    set_member,
    unidentified,
)
from service.store.families.models import Family, FamilyPin
from service.store.families.queries import raw
from service.store.families.state import count_member, refresh_counts
from service.store.models import Quote


def assign_family(session: Session, quote: Quote) -> Family:
    """Put a stored quote into its family (joining, leading, merging or creating one); return it."""
    if quote.family_id is not None:
        fam = session.get(Family, quote.family_id)
        if fam is not None:
            return fam
    # Earlier assignments' pending writes must be visible to this one's reads; after that, no
    # autoflush: the changes made here are written by the caller's next flush or commit.
    if session.new or session.dirty or session.deleted:
        session.flush()
    with session.no_autoflush:
        fam, recount = _assign(session, quote)
        if recount:
            refresh_counts(session, fam)
        else:
            count_member(session, fam, quote)
    return fam


def _assign(session: Session, quote: Quote) -> tuple[Family, bool]:
    prepared = prepare_quote(quote.text, quote.kind)
    quote.norm_hash = hash_norm(prepared.norm)
    grams = gram_hashes(prepared.keys)
    dfs = frequencies(session, grams)
    recount = False
    fam = _pinned_family(session, quote, prepared)
    if fam is None:
        fam = _exact_family(session, quote, prepared)
        if fam is not None:
            conflict = not compatible(session, fam.speaker_id, quote.speaker_id)
            join(session, fam, quote, prepared, conflict=conflict)
    if fam is None:
        rare = lookup_grams(grams, dfs)
        found, kinds = candidates(session, rare)
        ids = {quote.speaker_id, *(c.speaker_id for c in found)}
        decision = decide(prepared, quote_kind(quote), quote.speaker_id, found, kinds, unidentified(session, ids))
        fam = _apply(session, quote, prepared, decision)
        recount = bool(decision.merge)
    index_grams(session, fam.id, grams, dfs)
    return fam, recount


def _pinned_family(session: Session, quote: Quote, prepared: Prepared) -> Family | None:
    pin = article_pins(session, quote.article_id).get(quote.norm_hash or "")
    if pin is None:
        return None
    pin_family, reason = pin
    fam = session.get(Family, pin_family)
    if fam is None:
        # The pinned family emptied (e.g. the article was re-extracted): the pinned quotes start
        # a new family together, so every pin to the dead id moves with this one.
        fam = _new_family(session, quote, prepared, locked=reason == "split")
        session.execute(update(FamilyPin).where(FamilyPin.family_id == pin_family).values(family_id=fam.id))
        forget_pins(session)
        return fam
    join(session, fam, quote, prepared, conflict=not compatible(session, fam.speaker_id, quote.speaker_id))
    return fam


_SAME_WORDS = (
    "SELECT family_id FROM quotes WHERE norm_hash = ? AND family_id IS NOT NULL AND id <> ? ORDER BY family_id LIMIT 1"
)


def _exact_family(session: Session, quote: Quote, prepared: Prepared) -> Family | None:
    # Identical normalised words: the canonical of a family, or any member.  Stock phrases and
    # one- to three-word partials ("quickly", "by the end of the year") recur in unrelated
    # remarks, so for them identical words need the same known speaker.
    short = not distinctive(prepared)
    if len(prepared.keys) < MIN_WORDS or (short and quote.speaker_id is None):
        return None  # one to three words ("quickly") are never enough, even from one speaker
    # Every family's canonical is itself a stored quote, so one indexed read of quotes by hash
    # finds both canonicals and other members with these words.
    found = raw(session, _SAME_WORDS, (quote.norm_hash, quote.id))
    fid = found[0][0] if found else None
    fam = session.get(Family, fid) if fid is not None else None
    if fam is None:
        return None
    if short and fam.speaker_id != quote.speaker_id:
        return None
    if not compatible(session, fam.speaker_id, quote.speaker_id) and len(prepared.keys) < SHORT_WORDS:
        return None  # the same few words from two speakers are two remarks
    return fam


def _apply(session: Session, quote: Quote, prepared: Prepared, decision: Decision) -> Family:
    if decision.family_id is None:
        return _new_family(session, quote, prepared)
    fam = session.get(Family, decision.family_id)
    assert fam is not None
    for other in decision.merge:
        absorb(session, fam, other)
    if decision.becomes_canonical:
        set_canonical(session, fam, quote, "fullest_direct")
    join(
        session,
        fam,
        quote,
        prepared,
        conflict=decision.attribution_conflict,
        verdict=decision.verdict,
        canonical=decision.canonical,
    )
    if decision.becomes_canonical or decision.merge:
        relate_members(session, fam)
    return fam


def _new_family(session: Session, quote: Quote, prepared: Prepared, *, locked: bool = False) -> Family:
    # INSERT .. ON CONFLICT DO NOTHING on the canonical hash: of two transactions creating the
    # same family at once, the second waits for the first and then joins its family.
    h = family_key(quote, prepared)
    fam = _family_insert(session, quote, h, locked)
    if fam is None:
        existing = session.scalars(select(Family).where(Family.norm_hash == h)).one()
        same_speaker = compatible(session, existing.speaker_id, quote.speaker_id)
        if same_speaker or len(prepared.keys) >= SHORT_WORDS:
            join(session, existing, quote, prepared, conflict=not same_speaker)
            return existing
        # The same few words from another speaker: a family of its own.
        fam = _family_insert(session, quote, f"{h}:q{quote.id}", locked)
    assert fam is not None
    set_member(quote, fam.id, "paraphrase" if quote.kind == "indirect" else "verbatim", 1.0, None, [])
    return fam


# Dialect-specific ON CONFLICT constructs carry no SQL cache key, so they would be compiled on
# every call; the hot statements are plain SQL that SQLite (>= 3.35) and PostgreSQL share.
_INSERT_FAMILY = text(
    "INSERT INTO families (canonical_text, canonical_quote_id, canonical_how, canonical_kind, norm_hash,"
    " speaker_id, attribution_conflict, locked, quote_count, article_count, outlet_count, created_at,"
    " updated_at, canonical_keys) VALUES (:text, :quote_id, :how, :kind, :hash, :speaker_id, false, :locked,"
    " 0, 0, 0, :now, :now, :keys)"
    " ON CONFLICT (norm_hash) DO NOTHING RETURNING *"
).bindparams(bindparam("now", type_=UTCDateTime))
# The inserted row comes back as an ORM object: no second read to put it in the session.
_INSERT_FAMILY_ORM = select(Family).from_statement(_INSERT_FAMILY)


def _family_insert(session: Session, quote: Quote, h: str, locked: bool) -> Family | None:
    params = {
        "text": quote.text,
        "quote_id": quote.id,
        "how": "only_indirect" if quote.kind == "indirect" else "fullest_direct",
        "kind": quote.kind,
        "hash": h,
        "speaker_id": quote.speaker_id,
        "locked": locked,
        "now": utcnow(),
        "keys": keys_text(prepare_quote(quote.text, quote.kind)),
    }
    return session.scalars(_INSERT_FAMILY_ORM, params).first()


__all__ = ["assign_family"]

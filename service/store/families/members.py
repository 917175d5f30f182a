"""Family membership: a quote joining or leaving, the canonical's upkeep, one family absorbing another.

Before deleting or re-extracting an article, call ``remove_article_quotes`` (the database cascade
from articles to quotes would bypass canonical re-choice and family removal).  Functions take the
caller's ``Session`` and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.engine.families.cluster import canonical_rank, relate, speakers_compatible
from service.engine.families.match import MIN_WORDS, Prepared, Verdict, distinctive, keys_text, prepare_quote
from service.engine.families.normalize import norm_hash
from service.engine.types import QuoteKind
from service.store.families.index import move_postings, unindex_family
from service.store.families.models import Family, FamilyPin
from service.store.families.queries import raw
from service.store.families.state import refresh_counts
from service.store.models import Quote
from service.store.speaker_models import Speaker


def quote_kind(quote: Quote) -> QuoteKind:
    """Return the quote's kind, a direct quote when the stored kind is unknown."""
    k = quote.kind
    return k if k in ("direct", "partial", "indirect", "scare") else "direct"  # type: ignore[return-value]


def unidentified(session: Session, speaker_ids: Iterable[int | None]) -> frozenset[int]:
    """Return which of these speakers are anonymous sources (cached for the session)."""
    known: dict[int, bool] = session.info.setdefault("anonymous_speakers", {})
    missing = [i for i in speaker_ids if i is not None and i not in known]
    if missing:
        rows = session.execute(select(Speaker.id, Speaker.kind).where(Speaker.id.in_(missing)))
        known.update({sid: kind == "anonymous" for sid, kind in rows})
    return frozenset(i for i in speaker_ids if i is not None and known.get(i, False))


def compatible(session: Session, a: int | None, b: int | None) -> bool:
    """Return whether two speakers can have said one remark."""
    return speakers_compatible(a, b, unidentified(session, (a, b)))


def family_key(quote: Quote, prepared: Prepared) -> str:
    """Return the unique key of a family led by this quote."""
    # Its normalised hash, so two processes creating the same family collide; a stock phrase is
    # keyed per speaker (or per quote when the speaker is unknown) because identical words alone
    # do not make it one remark.
    h = quote.norm_hash or norm_hash(quote.text)
    if distinctive(prepared):
        return h
    if quote.speaker_id is not None and len(prepared.keys) >= MIN_WORDS:
        return f"{h}:s{quote.speaker_id}"
    return f"{h}:q{quote.id}"


def set_member(
    quote: Quote,
    family_id: int,
    role: str,
    similarity: float,
    covers: tuple[int, int] | None,
    change: list[str],
) -> None:
    """Record the quote's family, its role there and how it relates to the canonical."""
    quote.family_id = family_id
    quote.family_role = role
    quote.similarity = similarity
    quote.covers_start, quote.covers_end = covers if covers else (None, None)
    quote.meaning_change = change or None


def join(
    session: Session,
    fam: Family,
    quote: Quote,
    prepared: Prepared,
    *,
    conflict: bool,
    verdict: Verdict | None = None,
    canonical: Prepared | None = None,
) -> None:
    """Make the quote a member of the family, related to its canonical; note a speaker conflict."""
    if fam.canonical_quote_id == quote.id:
        set_member(quote, fam.id, "verbatim", 1.0, None, [])
    else:
        lead = (
            canonical
            if canonical is not None and verdict is not None
            else prepare_quote(fam.canonical_text, fam.canonical_kind)
        )
        rel = relate(lead, prepared, quote_kind(quote), verdict if canonical is not None else None)
        set_member(quote, fam.id, rel.role, rel.similarity, rel.covers, rel.meaning_change)
    if conflict:
        fam.attribution_conflict = True
    if fam.speaker_id is None and quote.speaker_id is not None:
        fam.speaker_id = quote.speaker_id


def set_canonical(session: Session, fam: Family, quote: Quote, how: str) -> None:
    """Make the quote the family's canonical wording and re-key the family by it."""
    fam.canonical_text = quote.text
    fam.canonical_quote_id = quote.id
    fam.canonical_how = how
    fam.canonical_kind = quote.kind
    fam.canonical_keys = keys_text(prepare_quote(quote.text, quote.kind))
    key = family_key(quote, prepare_quote(quote.text, quote.kind))
    # The unique key may already lead another family (a split or a speaker-keyed stock phrase).
    clash = raw(session, "SELECT id FROM families WHERE norm_hash = ? AND id <> ? LIMIT 1", (key, fam.id))
    fam.norm_hash = key if not clash else f"{key}:{fam.id}"


def relate_members(session: Session, fam: Family) -> None:
    """Re-measure every member against the family's (changed) canonical."""
    canonical = prepare_quote(fam.canonical_text, fam.canonical_kind)
    for q in session.scalars(select(Quote).where(Quote.family_id == fam.id)):
        if q.id == fam.canonical_quote_id:
            set_member(q, fam.id, "verbatim", 1.0, None, [])
            continue
        rel = relate(canonical, prepare_quote(q.text, q.kind), quote_kind(q))
        set_member(q, fam.id, rel.role, rel.similarity, rel.covers, rel.meaning_change)


def rechoose_canonical(session: Session, fam: Family, members: list[Quote]) -> None:
    """Make the best-ranked of these members the family's canonical and re-relate the others."""
    best = max(members, key=lambda q: canonical_rank(quote_kind(q), prepare_quote(q.text, q.kind)))
    how = "only_indirect" if best.kind == "indirect" else "fullest_direct"
    # Another family may already own that exact text (e.g. after an editor's split).
    h = best.norm_hash or norm_hash(best.text)
    clash = session.scalars(select(Family.id).where(Family.norm_hash == h, Family.id != fam.id)).first()
    if clash is not None:
        h = f"{h}:{fam.id}"
    fam.canonical_text, fam.canonical_quote_id, fam.canonical_how, fam.norm_hash = best.text, best.id, how, h
    fam.canonical_kind = best.kind
    fam.canonical_keys = keys_text(prepare_quote(best.text, best.kind))
    session.flush([fam])
    relate_members(session, fam)


def absorb(session: Session, fam: Family, other_id: int) -> None:
    """Move another family's members, postings and pins into this one and delete it."""
    other = session.get(Family, other_id)
    if other is None or other.id == fam.id:
        return
    session.flush()
    for q in session.scalars(select(Quote).where(Quote.family_id == other.id)):
        q.family_id = fam.id
    session.flush()  # no ORM relationship orders these updates before the family's delete
    # Postings already held by ``fam`` are dropped rather than duplicated.
    move_postings(session, other.id, fam.id)
    session.execute(update(FamilyPin).where(FamilyPin.family_id == other.id).values(family_id=fam.id))
    if other.attribution_conflict or not compatible(session, fam.speaker_id, other.speaker_id):
        fam.attribution_conflict = True
    if fam.speaker_id is None:
        fam.speaker_id = other.speaker_id
    fam.locked = fam.locked or other.locked
    session.delete(other)
    session.flush()


def remove_quote(session: Session, quote: Quote) -> None:
    """Take a quote out of its family; an emptied family disappears, a lost canonical is re-chosen."""
    fid = quote.family_id
    quote.family_id = quote.family_role = quote.similarity = None
    quote.covers_start = quote.covers_end = quote.meaning_change = None
    if fid is None:
        return
    session.flush()
    fam = session.get(Family, fid)
    if fam is None:
        return
    remaining = list(session.scalars(select(Quote).where(Quote.family_id == fid)))
    if not remaining:
        unindex_family(session, fid)
        session.delete(fam)
        session.flush()
        return
    if fam.canonical_quote_id == quote.id:
        rechoose_canonical(session, fam, remaining)
    refresh_counts(session, fam)


def remove_article_quotes(session: Session, article_id: int) -> None:
    """Remove every quote of one article from its family (call before deleting or re-extracting)."""
    for q in list(session.scalars(select(Quote).where(Quote.article_id == article_id))):
        remove_quote(session, q)

"""Family membership: a quote joining or leaving, one family absorbing another, links between remarks.

Before deleting or re-extracting an article, call ``remove_article_quotes`` (the database cascade
from articles to quotes would bypass the family's upkeep).  Functions take the caller's
``Session`` and never commit; each change ends with ``refresh_family``.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from service.engine.families.match import MIN_WORDS, Verdict, distinctive
from service.engine.families.normalize import norm_hash
from service.engine.families.prepared import Prepared, prepare_quote
from service.engine.families.relation import relate
from service.store.articles.models import Quote
from service.store.families.index import move_postings, unindex_family
from service.store.families.models import Family, FamilyLink, FamilyPin
from service.store.families.state import refresh_family, set_member


def family_key(quote: Quote, prepared: Prepared) -> str:
    """Return the unique creation key of a family first led by this quote."""
    # Its normalised hash, so two processes creating the same family collide; a stock phrase is
    # keyed per speaker (or per quote when the speaker is unknown) because identical words alone
    # do not make it one remark.
    h = quote.norm_hash or norm_hash(quote.text)
    if distinctive(prepared):
        return h
    if quote.speaker_id is not None and len(prepared.keys) >= MIN_WORDS:
        return f"{h}:s{quote.speaker_id}"
    return f"{h}:q{quote.id}"


def place(quote: Quote, fam: Family, prepared: Prepared, verdict: Verdict | None = None) -> None:
    """Make the quote a member of the family, related to the family's current canonical.

    ``verdict``: the engine's comparison of this quote with that canonical, when it made one.
    """
    if fam.canonical_quote_id == quote.id:
        set_member(quote, fam.id, "verbatim", 1.0, None, [])
        return
    if verdict is not None and verdict.kind is not None and not verdict.via_variant and not verdict.b_contains_a:
        role = "paraphrase" if quote.kind == "indirect" else verdict.kind
        covers = verdict.a_range if role != "verbatim" else None
        change = verdict.meaning_change if role != "paraphrase" else []
        set_member(quote, fam.id, role, verdict.score, covers, change)
        return
    rel = relate(prepare_quote(fam.canonical_text, fam.canonical_kind), prepared, quote.kind)
    set_member(quote, fam.id, rel.role, rel.similarity, rel.covers, rel.meaning_change)


def absorb_family(session: Session, fam: Family, other_id: int) -> bool:
    """Move another family's members, postings, pins and links into this one and delete it."""
    other = session.get(Family, other_id)
    if other is None or other.id == fam.id:
        return False
    session.flush()
    session.execute(update(Quote).where(Quote.family_id == other.id).values(family_id=fam.id))
    for q in session.identity_map.values():
        if isinstance(q, Quote) and q.family_id == other.id:
            q.family_id = fam.id
    # Postings already held by ``fam`` are dropped rather than duplicated.
    move_postings(session, other.id, fam.id)
    session.execute(update(FamilyPin).where(FamilyPin.family_id == other.id).values(family_id=fam.id))
    _move_links(session, other.id, fam.id)
    fam.locked = fam.locked or other.locked
    session.delete(other)
    session.flush()
    return True


def _move_links(session: Session, from_id: int, to_id: int) -> None:
    own = select(Quote.id).where(Quote.family_id == to_id)
    # A link from the family's own members to itself means nothing once the two are one.
    session.execute(delete(FamilyLink).where(FamilyLink.family_id == from_id, FamilyLink.quote_id.in_(own)))
    moved = session.execute(select(FamilyLink.quote_id).where(FamilyLink.family_id == from_id)).scalars().all()
    session.execute(delete(FamilyLink).where(FamilyLink.family_id == from_id))
    for qid in moved:
        link_quote(session, qid, [to_id])


def link_quote(session: Session, quote_id: int, family_ids: Iterable[int]) -> None:
    """Record that the quote also contains the remarks of these families."""
    for fid in family_ids:
        if session.get(FamilyLink, (quote_id, fid)) is None:
            session.add(FamilyLink(quote_id=quote_id, family_id=fid))


def remove_quote(session: Session, quote: Quote) -> None:
    """Take a quote out of its family; an emptied family disappears, the rest is re-derived."""
    fid = quote.family_id
    quote.family_id = quote.family_role = quote.similarity = None
    quote.covers_start = quote.covers_end = quote.meaning_change = None
    session.execute(delete(FamilyLink).where(FamilyLink.quote_id == quote.id))
    if fid is None:
        return
    session.flush()
    fam = session.get(Family, fid)
    if fam is None:
        return
    if session.scalars(select(Quote.id).where(Quote.family_id == fid).limit(1)).first() is None:
        unindex_family(session, fid)
        session.execute(delete(FamilyLink).where(FamilyLink.family_id == fid))
        session.delete(fam)
        session.flush()
        return
    if fam.canonical_quote_id == quote.id:
        fam.canonical_quote_id = None  # re-chosen by the derived state from the members left
    refresh_family(session, fam)


def remove_article_quotes(session: Session, article_id: int) -> None:
    """Remove every quote of one article from its family (call before deleting or re-extracting)."""
    for q in list(session.scalars(select(Quote).where(Quote.article_id == article_id))):
        remove_quote(session, q)


def refresh_speaker_families(session: Session, speaker_ids: Iterable[int]) -> None:
    """Re-derive every family holding a quote by these speakers (after an editor corrected them)."""
    session.flush()
    held = select(Quote.family_id).where(Quote.speaker_id.in_(list(speaker_ids)), Quote.family_id.is_not(None))
    for fam in session.scalars(select(Family).where(Family.id.in_(held)).order_by(Family.id)):
        refresh_family(session, fam)

"""Editors' corrections of families -- split a quote out, merge two families -- pinned so re-ingestion agrees."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.engine.families.grams import gram_hashes
from service.engine.families.normalize import norm_hash
from service.engine.families.prepared import keys_text, prepare_quote
from service.errors import NotFoundError
from service.store.articles.models import Quote
from service.store.families.index import index_grams
from service.store.families.members import absorb_family, remove_quote
from service.store.families.models import Family, FamilyPin
from service.store.families.state import refresh_family, set_member


def _pin(session: Session, quote: Quote, family_id: int, reason: str) -> None:
    h = quote.norm_hash or norm_hash(quote.text)
    pin = session.scalars(
        select(FamilyPin).where(FamilyPin.article_id == quote.article_id, FamilyPin.norm_hash == h)
    ).first()
    if pin is None:
        session.add(FamilyPin(article_id=quote.article_id, norm_hash=h, family_id=family_id, reason=reason))
    else:
        pin.family_id, pin.reason = family_id, reason


def split_quote(session: Session, quote_id: int) -> Family:
    """Move one quote out of its family into a new, locked family of its own; pin the decision."""
    quote = session.get(Quote, quote_id)
    if quote is None:
        raise NotFoundError(f"There is no quote {quote_id}.")
    remove_quote(session, quote)
    quote.norm_hash = quote.norm_hash or norm_hash(quote.text)
    h = quote.norm_hash
    if session.scalars(select(Family.id).where(Family.norm_hash == h)).first() is not None:
        h = f"{h}:split:{quote.id}"  # the old family kept a member with the same words
    fam = Family(
        canonical_text=quote.text,
        canonical_quote_id=quote.id,
        canonical_how="editor",
        canonical_kind=quote.kind,
        canonical_keys=keys_text(prepare_quote(quote.text, quote.kind)),
        norm_hash=h,
        speaker_id=quote.speaker_id,
        locked=True,
    )
    session.add(fam)
    session.flush()
    set_member(quote, fam.id, "verbatim", 1.0, None, [])
    _pin(session, quote, fam.id, "split")
    index_grams(session, fam.id, gram_hashes(prepare_quote(quote.text, quote.kind).keys))
    refresh_family(session, fam)
    fam.canonical_how = "editor" if fam.quote_count == 1 else fam.canonical_how
    return fam


def split_member(session: Session, family_id: int, quote_id: int) -> Family:
    """Split quote ``quote_id`` out of family ``family_id`` (see ``split_quote``); it must be a member."""
    member = session.get(Quote, quote_id)
    if member is None or member.family_id != family_id:
        raise NotFoundError(f"Family {family_id} has no quote {quote_id}.")
    return split_quote(session, quote_id)


def merge_families(session: Session, a: int, b: int) -> Family:
    """Merge family ``b`` into ``a`` on an editor's word; pin every member so re-ingestion agrees."""
    fam = session.get(Family, a)
    if fam is None or session.get(Family, b) is None:
        raise NotFoundError(f"There is no family {b if fam else a}.")
    absorb_family(session, fam, b)
    members = list(session.scalars(select(Quote).where(Quote.family_id == a)))
    for q in members:
        _pin(session, q, a, "merge")
    refresh_family(session, fam)
    return fam


__all__ = ["merge_families", "split_quote"]

"""A family's reach: its quote, article and outlet counts and when it was first and last seen."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.store.base import utcnow
from service.store.families.articles import article_info, aware
from service.store.families.models import Family
from service.store.families.queries import raw
from service.store.models import Article, Quote


def refresh_counts(session: Session, fam: Family) -> None:
    """Recount a family's quotes, articles, outlets and seen dates from its members."""
    session.flush()
    seen = func.coalesce(Article.published_at, Article.created_at)
    row = session.execute(
        select(
            func.count(Quote.id),
            func.count(func.distinct(Quote.article_id)),
            func.count(func.distinct(Article.outlet_id)),
            func.min(seen),
            func.max(seen),
        )
        .join(Article, Article.id == Quote.article_id)
        .where(Quote.family_id == fam.id)
    ).one()
    fam.quote_count, fam.article_count, fam.outlet_count = int(row[0]), int(row[1]), int(row[2])
    fam.first_seen, fam.last_seen = aware(row[3]), aware(row[4])
    fam.updated_at = utcnow()


_SEEN_WHERE = (
    "SELECT max(CASE WHEN q.article_id = ? THEN 1 ELSE 0 END), max(CASE WHEN a.outlet_id = ? THEN 1 ELSE 0 END)"
    " FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.family_id = ? AND q.id <> ?"
)


def count_member(session: Session, fam: Family, quote: Quote) -> None:
    """Add one newly joined quote to its family's counts and seen dates."""
    # Incremental counts for the common case (one quote joins): one indexed read of the other
    # members' articles and outlets instead of re-aggregating everything.
    outlet_id, seen = article_info(session, quote.article_id)
    if fam.quote_count:
        row = raw(session, _SEEN_WHERE, (quote.article_id, outlet_id, fam.id, quote.id))[0]
        new_article, new_outlet = not row[0], not row[1]
    else:
        new_article = new_outlet = True
    fam.quote_count = (fam.quote_count or 0) + 1
    fam.article_count = (fam.article_count or 0) + int(new_article)
    fam.outlet_count = (fam.outlet_count or 0) + int(new_outlet)
    if seen is not None:
        fam.first_seen = seen if fam.first_seen is None else min(fam.first_seen, seen)
        fam.last_seen = seen if fam.last_seen is None else max(fam.last_seen, seen)
    fam.updated_at = utcnow()

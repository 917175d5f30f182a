"""Reading articles and quotes: filtered listings, full-text search on both backends, counts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Float, Integer, ScalarSelect, Select, column, false, func, select, text
from sqlalchemy.orm import InstrumentedAttribute, Session, joinedload, with_expression

from service.store.articles.models import Article, Outlet, Quote
from service.store.articles.repository import outlet_key

T = TypeVar("T")


def quotes_per(column: InstrumentedAttribute[int | None], owner_id: InstrumentedAttribute[int]) -> ScalarSelect[int]:
    """Return the correlated count of the quotes whose ``column`` is the enclosing row's ``owner_id``."""
    return select(func.count(Quote.id)).where(column == owner_id).correlate_except(Quote).scalar_subquery()


def with_quote_counts(query: Select[tuple[Article]]) -> Select[tuple[Article]]:
    """Return ``query`` loading each article's ``quote_count`` in the same statement."""
    return query.options(with_expression(Article.quote_count, quotes_per(Quote.article_id, Article.id)))


def count_quotes(session: Session, column: InstrumentedAttribute[int | None], ids: Iterable[int]) -> dict[int, int]:
    """Return how many stored quotes have each of ``ids`` in ``column`` (0 for none), in one query."""
    wanted = list(ids)
    counts = dict.fromkeys(wanted, 0)
    if wanted:
        rows = session.execute(select(column, func.count()).where(column.in_(wanted)).group_by(column))
        counts.update({key: n for key, n in rows if key is not None})
    return counts


def article_query(
    *,
    outlet: str | None = None,
    external_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select[tuple[Article]]:
    """Return the filtered article query, newest first (by id, so pages stay stable)."""
    query = select(Article).join(Outlet).order_by(Article.id.desc())
    if outlet:
        query = query.where(Outlet.key == outlet_key(outlet))
    if external_id:
        query = query.where(Article.external_id == external_id)
    if since:
        query = query.where(Article.published_at >= since)
    if until:
        query = query.where(Article.published_at < until)
    return query


def _fts_terms(q: str) -> list[str]:
    # Words only: user input never reaches the FTS query language as syntax.
    return re.findall(r"\w+", q.lower())[:20]


def quote_query(
    session: Session,
    *,
    q: str | None = None,
    speaker_id: int | None = None,
    kind: str | None = None,
    outlet: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    family_id: int | None = None,
) -> Select[tuple[Quote]]:
    """Return the filtered quote query, newest first (by id)."""
    query = select(Quote).join(Article).join(Outlet).options(joinedload(Quote.article))
    query = query.order_by(Quote.id.desc())
    if q:
        terms = _fts_terms(q)
        if not terms:
            return query.where(false())
        if session.get_bind().dialect.name == "postgresql":
            tsquery = func.plainto_tsquery("english", " ".join(terms))
            query = query.where(func.to_tsvector("english", Quote.text).op("@@")(tsquery))
        else:
            match = " ".join(f'"{t}"' for t in terms)
            ids = text("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :match").bindparams(match=match)
            query = query.where(Quote.id.in_(ids.columns(column("rowid", Integer))))
    if speaker_id is not None:
        query = query.where(Quote.speaker_id == speaker_id)
    if kind:
        query = query.where(Quote.kind == kind)
    if outlet:
        query = query.where(Outlet.key == outlet_key(outlet))
    if since:
        query = query.where(Article.published_at >= since)
    if until:
        query = query.where(Article.published_at < until)
    if family_id is not None:
        query = query.where(Quote.family_id == family_id)
    return query


def order_by_match(session: Session, query: Select[tuple[Quote]], q: str) -> Select[tuple[Quote]]:
    """Return ``query`` (already filtered by ``q``) ordered by the full-text index's rank, best first."""
    terms = _fts_terms(q)
    if not terms:
        return query
    if session.get_bind().dialect.name == "postgresql":
        tsquery = func.plainto_tsquery("english", " ".join(terms))
        rank = func.ts_rank(func.to_tsvector("english", Quote.text), tsquery)
        return query.order_by(None).order_by(rank.desc(), Quote.id.desc())
    match = " ".join(f'"{t}"' for t in terms)
    # bm25() is only defined inside a MATCH over the FTS table; lower scores rank higher.
    scores = (
        text("SELECT rowid AS rid, bm25(quotes_fts) AS score FROM quotes_fts WHERE quotes_fts MATCH :match")
        .bindparams(match=match)
        .columns(column("rid", Integer), column("score", Float))
        .subquery("fts_rank")
    )
    query = query.join(scores, scores.c.rid == Quote.id)
    return query.order_by(None).order_by(scores.c.score, Quote.id.desc())


def search_terms(q: str) -> list[str]:
    """Return the words of ``q`` the full-text search looks for."""
    return _fts_terms(q)

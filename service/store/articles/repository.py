"""Article rows: outlets found or created by name, articles by id or CMS id, quote rows from the engine's quotes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from service.engine.types import Quote as EngineQuote
from service.store.articles.models import Article, Outlet, Quote
from service.store.db import insert_ignore


def outlet_key(name: str) -> str:
    """Return the identity of an outlet given as a name, a domain or a URL."""
    raw = name.strip().lower()
    if "://" in raw:
        raw = urlsplit(raw).hostname or raw
    raw = re.sub(r"^www\.", "", raw)
    return re.sub(r"\s+", " ", raw)


def get_or_create_outlet(session: Session, name: str) -> Outlet:
    """Return the outlet called ``name``, creating it once even under concurrent ingestion."""
    key = outlet_key(name)
    insert_ignore(session, Outlet, {"name": name.strip(), "key": key}, conflict=["key"])
    outlet = session.scalars(select(Outlet).where(Outlet.key == key)).one()
    return outlet


def find_article(session: Session, outlet_id: int, external_id: str) -> Article | None:
    """Return the article a CMS knows as ``external_id`` at that outlet, or None."""
    query = select(Article).where(Article.outlet_id == outlet_id, Article.external_id == external_id)
    return session.scalars(query).first()


def get_article(session: Session, article_id: int) -> Article | None:
    """Return the article with its quotes loaded, or None."""
    query = select(Article).where(Article.id == article_id).options(selectinload(Article.quotes))
    return session.scalars(query).first()


def get_quote(session: Session, quote_id: int) -> Quote | None:
    """Return the quote with its article and speaker, or None."""
    query = select(Quote).where(Quote.id == quote_id).options(joinedload(Quote.article))
    return session.scalars(query).first()


def insert_quotes(
    session: Session, article: Article, quotes: Sequence[EngineQuote], speaker_ids: Sequence[int | None]
) -> list[Quote]:
    """Insert the quotes of a flushed article that has none, with their speakers; return their rows in order."""
    if not quotes:
        set_committed_value(article, "quotes", [])
        return []
    pairs = zip(quotes, speaker_ids, strict=True)
    values = [_columns(q) | {"article_id": article.id, "speaker_id": s} for q, s in pairs]
    # One executemany, then one read for the ids: the ORM would insert row by row to learn each
    # id (SQLite returns no ids in parameter order), a round trip per quote.
    # render_nulls: every row has the same columns, so the rows are not split into batches by
    # which parts are missing
    session.execute(insert(Quote).execution_options(render_nulls=True), values)
    rows = list(session.scalars(select(Quote).where(Quote.article_id == article.id).order_by(Quote.id)))
    if [(r.start, r.end, r.kind) for r in rows] != [(q.start, q.end, q.kind) for q in quotes]:
        raise RuntimeError(f"article {article.id}: stored quotes do not match the ones inserted")
    set_committed_value(article, "quotes", sorted(rows, key=lambda r: r.start))
    return rows


# An engine quote's own fields are columns as they are; its parts (cue, mention, context,
# speaker) are flattened into ``<part>_<field>`` columns, all None when the part is missing.
_OWN = ("text", "start", "end", "kind", "confidence", "utterance")
_PARTS = {
    "cue": ("text", "start", "end"),
    "mention": ("text", "start", "end"),
    "context": ("start", "end"),
    "speaker": ("how", "confidence"),
}


def _columns(q: EngineQuote) -> dict[str, Any]:
    columns = {name: getattr(q, name) for name in _OWN}
    for part, fields in _PARTS.items():
        value = getattr(q, part)
        columns |= {f"{part}_{name}": getattr(value, name) if value else None for name in fields}
    return columns

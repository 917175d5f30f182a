"""Ingesting an article: the engine's analysis stored in one transaction, events in the outbox."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from spacy.language import Language
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from service.engine.html import html_to_text
from service.engine.pipeline import analyse
from service.engine.types import Quote as EngineQuote
from service.store.articles import repository as article_store
from service.store.articles.models import Article, Quote
from service.store.articles.repository import get_or_create_outlet
from service.store.base import utcnow
from service.store.db import Database
from service.store.families.assign import Assignment, article_pins, assign_family
from service.store.families.members import remove_article_quotes
from service.store.outbox.events import emit, emit_all
from service.store.retry import with_retries
from service.store.speakers import attach_article_speakers, names_someone, speaker_identity
from service.store.speakers.models import Speaker

Outcome = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class ArticleInput:
    """What a CMS sends for one article (text already extracted from HTML if need be)."""

    outlet: str
    external_id: str
    text: str
    title: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    language: str = "en"

    @classmethod
    def from_payload(cls, data: dict[str, object]) -> ArticleInput:
        """Build the input from a validated request body."""
        text = str(data["text"]) if data.get("text") is not None else html_to_text(str(data["html"]))
        external_id = data.get("external_id") or data.get("url") or hashlib.sha256(text.encode()).hexdigest()
        return cls(
            outlet=str(data["outlet"]),
            external_id=str(external_id),
            text=text,
            title=data.get("title"),  # type: ignore[arg-type]
            url=data.get("url"),  # type: ignore[arg-type]
            published_at=data.get("published_at"),  # type: ignore[arg-type]
            language=str(data.get("language") or "en"),
        )

    @functools.cached_property
    def fingerprint(self) -> str:
        """Return a hash of everything that, changed, makes a re-post an update."""
        published = self.published_at.isoformat() if self.published_at else None
        fields = [self.text, self.title, self.url, published]
        return hashlib.sha256(json.dumps(fields).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IngestResult:
    """The stored article's id and whether it was created, updated or left as it was."""

    article_id: int
    outcome: Outcome


def ingest(db: Database, nlp: Language, data: ArticleInput) -> IngestResult:
    """Store ``data`` with its quotes, speakers and families; a re-post of the same content is a no-op."""
    with db.transaction() as session:
        outlet = get_or_create_outlet(session, data.outlet)
        existing = article_store.find_article(session, outlet.id, data.external_id)
        if existing is not None and existing.content_hash == data.fingerprint:
            return IngestResult(existing.id, "unchanged")
    # The language model runs outside any transaction: it is the slow part.
    quotes = analyse(data.text, nlp)

    def store() -> IngestResult:
        with db.transaction() as session:
            return _store(session, data, quotes)

    # Another process may create the same article or speaker at the same moment, or deadlock
    # with this one on shared rows (gram counts): either way the transaction runs again.
    return with_retries(store, retry_integrity=True)


def _store(session: Session, data: ArticleInput, quotes: list[EngineQuote]) -> IngestResult:
    outlet = get_or_create_outlet(session, data.outlet)
    article = article_store.find_article(session, outlet.id, data.external_id)
    outcome: Outcome = "updated" if article else "created"
    if article is None:
        article = Article(outlet=outlet, external_id=data.external_id, text="", content_hash="")
        session.add(article)
    else:
        if article.content_hash == data.fingerprint:
            return IngestResult(article.id, "unchanged")
        drop_article_quotes(session, article)
    article.text = data.text
    article.title = data.title
    article.url = data.url
    article.published_at = data.published_at
    article.language = data.language
    article.content_hash = data.fingerprint
    article.updated_at = utcnow()
    session.flush()
    seen_at = data.published_at or utcnow()
    # One attachment per distinct speaker of the article, not per quote, before the quotes are
    # written: they are inserted with their speakers, in one statement. An unresolved mention gets
    # no speaker row (see ``names_someone``); the quote keeps its mention and how it was resolved.
    refs = [q.speaker if names_someone(q.speaker) else None for q in quotes]
    ids = attach_article_speakers(session, [r for r in refs if r is not None], article.id, seen_at)
    speakers = [ids[speaker_identity(r)] if r is not None else None for r in refs]
    rows = article_store.insert_quotes(session, article, quotes, speakers)
    pins = article_pins(session, article.id)
    events = FamilyEvents(article)
    for row in rows:
        if row.kind != "scare":
            events.add(row, assign_family(session, row, pins))
    emit_all(session, [*events.named(session), ("article.processed", article_event(article, rows, outcome))])
    return IngestResult(article.id, outcome)


class FamilyEvents:
    """What the quotes of one article joining their families mean for subscribers, from what
    assignment knew; the speakers' names are read once for all of them, at the end."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.speakers: set[int] = set()

    def add(self, row: Quote, done: Assignment) -> None:
        """Record the events of one quote's assignment (payloads as they stand now)."""
        family = done.family
        payload = {
            "family_id": family.id,
            "quote_id": row.id,
            "article_id": self.article.id,
            "outlet": self.article.outlet.name,
            "url": self.article.url,
            "text": row.text,
            "role": row.family_role,
            "similarity": row.similarity,
            "meaning_change": row.meaning_change or [],
            "speaker": {"id": row.speaker_id, "name": None},
            "family_speaker": {"id": family.speaker_id, "name": None},
            "canonical": {"quote_id": family.canonical_quote_id, "text": family.canonical_text},
        }
        self.speakers.update(i for i in (row.speaker_id, family.speaker_id) if i is not None)
        for absorbed in done.merged:
            self.events.append(
                ("family.merged", {"family_id": absorbed, "into_family_id": family.id, "quote_id": row.id})
            )
        if done.created:
            self.events.append(("family.created", payload))
        elif done.new_wording:
            self.events.append(("family.variant_added", payload))
        elif done.new_outlet:
            self.events.append(("family.outlet_added", payload))
        if row.meaning_change and not done.created:
            self.events.append(("family.misquote_suspected", payload))
        if done.conflict_raised:
            self.events.append(("family.attribution_conflict", payload))

    def named(self, session: Session) -> list[tuple[str, dict[str, Any]]]:
        """Return the events recorded, in order, with the speakers' names filled in."""
        names = speaker_names(session, set(self.speakers))
        for _, payload in self.events:
            for who in ("speaker", "family_speaker"):
                if who in payload:  # a payload standing for several events is filled alike each time
                    payload[who]["name"] = names.get(payload[who]["id"])
        return self.events


def speaker_names(session: Session, ids: set[int | None]) -> dict[int | None, str]:
    """Return the names of these speakers."""
    known = [i for i in ids if i is not None]
    if not known:
        return {}
    return dict(session.execute(select(Speaker.id, Speaker.name).where(Speaker.id.in_(known))).tuples().all())


def drop_article_quotes(session: Session, article: Article) -> None:
    """Take an article's quotes out of their families, then delete them."""
    remove_article_quotes(session, article.id)
    session.execute(delete(Quote).where(Quote.article_id == article.id))
    session.expire(article, ["quotes"])


def delete_article(db: Database, article_id: int) -> bool:
    """Retract an article: its quotes leave their families; return False when it does not exist."""
    with db.transaction() as session:
        article = session.get(Article, article_id)
        if article is None:
            return False
        drop_article_quotes(session, article)
        session.delete(article)
        emit(session, "article.deleted", {"article_id": article_id})
    return True


def article_event(article: Article, rows: list[Quote], outcome: Outcome) -> dict[str, object]:
    """Return the payload of an ``article.processed`` event."""
    return {
        "article_id": article.id,
        "outcome": outcome,
        "external_id": article.external_id,
        "outlet": article.outlet.name,
        "url": article.url,
        "quotes": len(rows),
        "families": sorted({r.family_id for r in rows if r.family_id is not None}),
    }

"""Rows for the family store tests: articles, quotes, speakers and the seed quotes, stored."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.families import FamilySchema
from service.store.articles.models import Article, Outlet, Quote
from service.store.families.assign import assign_family
from service.store.families.reports import family_report
from service.store.speakers.models import Speaker


def article(session: Session, outlet: str, ext: str, day: int = 26) -> Article:
    """Return a new article of ``outlet`` (created on first use) published on July ``day``, 2021."""
    out = session.scalars(select(Outlet).where(Outlet.key == outlet)).first()
    if out is None:
        out = Outlet(name=outlet.title(), key=outlet)
        session.add(out)
        session.flush()
    art = Article(
        outlet_id=out.id,
        external_id=ext,
        url=f"https://{outlet}.example/{ext}",
        published_at=datetime(2021, 7, day, 12, tzinfo=UTC),
        text="",
        content_hash=ext,
    )
    session.add(art)
    session.flush()
    return art


def articles(session: Session, *outlets: str) -> list[Article]:
    """Return one new article per outlet, their external ids a1, a2, ... in that order."""
    return [article(session, outlet, f"a{i}") for i, outlet in enumerate(outlets, 1)]


def quote(session: Session, art: Article, text_: str, kind: str = "direct", speaker: int | None = None) -> Quote:
    """Return a new quote of ``art`` whose text is ``text_``."""
    q = Quote(article_id=art.id, text=text_, start=0, end=len(text_), kind=kind, confidence=0.9, speaker_id=speaker)
    session.add(q)
    session.flush()
    return q


def two_outlets(session: Session, first: str, second: str) -> tuple[Article, Article, Quote, Quote]:
    """Two articles of two outlets, each with one direct quote: ``first`` in one, ``second`` in two."""
    a1, a2 = article(session, "one", "a1"), article(session, "two", "a2")
    return a1, a2, quote(session, a1, first), quote(session, a2, second)


def speaker(session: Session, name: str) -> int:
    """Return the id of a new person speaker named ``name``."""
    s = Speaker(name=name, kind="person", key=name.lower())
    session.add(s)
    session.flush()
    return s.id


def load_seeds(session: Session, order: list[tuple[str, str, int, str]]) -> dict[str, Quote]:
    """Store the seed quotes in ``order``, each assigned its family, and return them by seed key."""
    arts: dict[str, Article] = {}
    out: dict[str, Quote] = {}
    speakers: dict[int, int] = {}
    for key, kind, seed_speaker, text_ in order:
        if seed_speaker not in speakers:
            speakers[seed_speaker] = speaker(session, f"seed speaker {seed_speaker}")
        seed = key[:3]
        if seed not in arts:
            arts[seed] = article(session, f"outlet{seed}", seed, 26 + int(seed[2]) % 2)
        q = quote(session, arts[seed], text_, kind, speakers[seed_speaker])
        assign_family(session, q)
        out[key] = q
    session.flush()
    return out


def partition(quotes: dict[str, Quote]) -> set[frozenset[str]]:
    """Return the seed keys grouped by the family each quote joined."""
    groups: dict[int | None, set[str]] = {}
    for key, q in quotes.items():
        groups.setdefault(q.family_id, set()).add(key)
    return {frozenset(g) for g in groups.values()}


def report(session: Session, family_id: int) -> dict[str, Any]:
    """Return the family report as the API shows it."""
    shown: dict[str, Any] = FamilySchema().dump(family_report(session, family_id))
    return shown

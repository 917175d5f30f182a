"""The explorer's one door into the store: every query and correction the pages use, as plain data."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.families import FamilySchema, FamilySummarySchema
from schemas.quotes import QuoteDetailSchema, StoredQuoteSchema
from schemas.speakers import SpeakerSchema
from service.engine.families.diff import word_diff
from service.runtime import runtime
from service.store import speakers as speaker_store
from service.store.access.keys import find_key as lookup_key
from service.store.access.keys import has_scope
from service.store.access.models import ApiKey
from service.store.articles.models import Outlet, Quote
from service.store.articles.queries import order_by_match, quote_query, search_terms
from service.store.articles.repository import get_article
from service.store.families.corrections import merge_families, split_member
from service.store.families.models import Family
from service.store.families.reports import family_query, family_report
from service.store.speakers.models import Speaker

T = TypeVar("T")
LIST_SIZE = 10
SEARCH_LIMIT = 50
SPEAKER_QUOTES = 500
MISQUOTE_SCAN = 2000

__all__ = ["search_terms"]


@contextmanager
def _reading() -> Iterator[Session]:
    with runtime().db.sessions() as session:
        yield session


def key_scopes(key_id: int, key_digest: str) -> set[str] | None:
    """Return the scopes of a live key by id when its digest still matches, else None."""
    with _reading() as session:
        key = session.get(ApiKey, key_id)
        if key is None or key.revoked_at is not None or key.digest != key_digest:
            return None
        return {s for s in ("read", "write", "admin") if has_scope(key, s)}


def find_key(token: str) -> tuple[int, str] | None:
    """Return (id, digest) of the live key whose token this is, or None."""
    with _reading() as session:
        key = lookup_key(session, token)
        return None if key is None else (key.id, key.digest)


def outlets() -> list[str]:
    """Return every outlet's name, alphabetically."""
    with _reading() as session:
        return list(session.scalars(select(Outlet.name).order_by(Outlet.name)))


def search(filters: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the quotes matching the filters, ranked by the full-text index when words are given."""
    with _reading() as session:
        query = quote_query(
            session,
            q=filters["q"] or None,
            kind=filters["kind"] or None,
            outlet=filters["outlet"] or None,
            since=filters["since"],
            until=filters["until"],
        )
        if filters["speaker"]:
            query = query.where(Quote.speaker_id.in_(_speaker_ids(session, filters["speaker"])))
        if filters["q"]:
            query = order_by_match(session, query, filters["q"])
        return _quotes(session.scalars(query.limit(SEARCH_LIMIT)).unique())


def _speaker_ids(session: Session, who: str) -> list[int]:
    if who.isdigit():
        return [int(who)]
    return list(session.scalars(speaker_store.search_query(who).with_only_columns(Speaker.id).limit(50)))


def landing() -> dict[str, list[dict[str, Any]]]:
    """Return the landing lists: most-reprinted families of the last 7 days, misquotes, conflicts."""
    week_ago = datetime.now().astimezone() - timedelta(days=7)
    with _reading() as session:
        reprinted = family_query(seen=(week_ago, None), min_outlets=2).order_by(
            Family.outlet_count.desc(), Family.quote_count.desc(), Family.id.desc()
        )
        conflicts = family_query().where(Family.attribution_conflict.is_(True)).order_by(Family.last_seen.desc())
        return {
            "reprinted": _summaries(session, list(session.scalars(reprinted.limit(LIST_SIZE)))),
            "misquotes": _summaries(session, _misquoted(session)),
            "conflicts": _summaries(session, list(session.scalars(conflicts.limit(LIST_SIZE)))),
        }


def _misquoted(session: Session) -> list[Family]:
    # meaning_change is JSON: which rows hold a non-empty list is decided here, not in SQL,
    # over a bounded window of the newest family members.
    rows = session.execute(
        select(Quote.family_id, Quote.meaning_change)
        .where(Quote.family_id.is_not(None))
        .order_by(Quote.id.desc())
        .limit(MISQUOTE_SCAN)
    )
    ids = list(dict.fromkeys(fid for fid, change in rows if change))[:LIST_SIZE]
    families = {f.id: f for f in session.scalars(select(Family).where(Family.id.in_(ids)))}
    return [families[i] for i in ids if i in families]


def _summaries(session: Session, families: list[Family]) -> list[dict[str, Any]]:
    names = _speaker_names(session, [f.speaker_id for f in families])
    return [_summary(f) | {"speaker_name": names.get(f.speaker_id)} for f in families]


def _summary(f: Family) -> dict[str, Any]:
    summary: dict[str, Any] = FamilySummarySchema().dump(f)
    return summary | {"canonical_kind": f.canonical_kind}


def _quotes(rows: Iterable[Quote]) -> list[dict[str, Any]]:
    dumped: list[dict[str, Any]] = QuoteDetailSchema(many=True).dump(rows)
    return dumped


def _speaker_names(session: Session, ids: list[int | None]) -> dict[int | None, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {sid: name for sid, name in session.execute(select(Speaker.id, Speaker.name).where(Speaker.id.in_(wanted)))}


def family(family_id: int) -> dict[str, Any] | None:
    """Return the family report with speaker names on occurrences, or None when there is no such family."""
    with _reading() as session:
        if session.get(Family, family_id) is None:
            return None
        report: dict[str, Any] = FamilySchema().dump(family_report(session, family_id))
        groups = [*report["variants"], *report["paraphrases"]]
        ids = [o["speaker_id"] for g in groups for o in g["occurrences"]]
        report["speaker_names"] = _speaker_names(session, ids)
        for group in groups:
            if group.get("kind") == "fragment" and group.get("covers"):
                start, end = group["covers"]
                group["covered_diff"] = word_diff(report["canonical"]["text"][start:end], group["text"])
        return report


def article(article_id: int) -> dict[str, Any] | None:
    """Return the article with its text and quotes (speakers named), or None."""
    with _reading() as session:
        row = get_article(session, article_id)
        if row is None:
            return None
        return {
            "id": row.id,
            "outlet": row.outlet.name,
            "title": row.title,
            "url": row.url,
            "published_at": row.published_at,
            "text": row.text,
            "quotes": StoredQuoteSchema(many=True).dump(row.quotes),
        }


def speaker(speaker_id: int) -> dict[str, Any] | None:
    """Return a speaker with its quotes (oldest first by publication), or None; merged ids lead on."""
    with _reading() as session:
        live = speaker_store.get_speaker(session, speaker_id)
        if live is None:
            return None
        described: dict[str, Any] = SpeakerSchema().dump(speaker_store.counted_speaker(session, live))
        query = quote_query(session, speaker_id=live.id).limit(SPEAKER_QUOTES)
        quotes = _quotes(session.scalars(query).unique())
        family_ids = list(dict.fromkeys(q["family"]["id"] for q in quotes if q["family"]))
        fams = list(session.scalars(select(Family).where(Family.id.in_(family_ids)))) if family_ids else []
        described["quotes"] = quotes
        described["families"] = sorted(
            (_summary(f) for f in fams), key=lambda f: (-f["outlet_count"], -f["quote_count"], f["id"])
        )
        return described


def _correct(action: Callable[[Session], T], result: Callable[[T], int]) -> int:
    with runtime().db.transaction() as session:
        done = action(session)
        session.flush()
        return result(done)


def rename_speaker(speaker_id: int, name: str) -> int:
    """Rename a speaker as the API does; return its id."""
    return _correct(lambda s: speaker_store.rename_speaker(s, speaker_id, name), lambda sp: sp.id)


def merge_speakers(speaker_id: int, other_id: int) -> int:
    """Merge speaker ``other_id`` into ``speaker_id`` as the API does; return the surviving id."""
    return _correct(lambda s: speaker_store.merge_speakers(s, other_id, speaker_id), lambda sp: sp.id)


def split_speaker(speaker_id: int, alias: str) -> int:
    """Split an alias off a speaker as the API does; return the new speaker's id."""
    return _correct(lambda s: speaker_store.split_alias(s, speaker_id, alias), lambda sp: sp.id)


def merge_family(family_id: int, other_id: int) -> int:
    """Merge family ``other_id`` into ``family_id`` as the API does; return the surviving id."""
    return _correct(lambda s: merge_families(s, family_id, other_id), lambda f: f.id)


def split_family(family_id: int, quote_id: int) -> int:
    """Take a quote out of its family into a new one as the API does; return the new family's id."""

    return _correct(lambda s: split_member(s, family_id, quote_id), lambda f: f.id)

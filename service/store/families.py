"""Quote families in the database: assign, remove, report, list, and editors' split/merge.

Every function takes the caller's ``Session`` and never commits: the caller owns one
transaction per article.  ``assign_family`` runs a handful of indexed statements -- the
article's pins (once per article), the exact normalised hash, gram document frequencies, the
rare-gram postings with the candidates' canonicals and variants in one read -- then verifies at
most ``MAX_CANDIDATES`` families in Python (``service.engine.families``) and posts the quote's
rare grams.  Nothing scans all stored quotes.

Integration notes for callers:

* Flush the new ``Quote`` (it needs an id) before ``assign_family``; the family's writes are
  left to the caller's next flush/commit.
* Before deleting or re-extracting an article, call ``remove_article_quotes`` (the database
  cascade from articles to quotes would bypass canonical re-choice and family removal).
* Concurrency: a new family is inserted with ``ON CONFLICT (norm_hash) DO NOTHING``; of two
  transactions creating the same family, the second waits for the first and joins its family.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, delete, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from service.engine.families.cluster import (
    MAX_VARIANTS,
    Candidate,
    Decision,
    canonical_rank,
    decide,
    relate,
    speakers_compatible,
)
from service.engine.families.diff import word_diff
from service.engine.families.grams import RARE_DF, gram_hashes
from service.engine.families.match import (
    MIN_WORDS,
    SHORT_WORDS,
    Prepared,
    Verdict,
    distinctive,
    keys_text,
    prepare_quote,
    prepared_from_keys,
)
from service.engine.families.normalize import hash_norm, norm_hash
from service.engine.types import QuoteKind
from service.store.base import UTCDateTime, utcnow
from service.store.family_models import Family, FamilyGram, FamilyPin, GramFrequency
from service.store.models import Article, Outlet, Quote
from service.store.speaker_models import Speaker

# Families verified per new quote, best-posting-overlap first.
MAX_CANDIDATES = 6
# Postings one lookup may read (sum of the document frequencies of the grams it uses).
POSTINGS_BUDGET = 300


def _dialect(session: Session) -> Any:
    return postgresql if session.get_bind().dialect.name == "postgresql" else sqlite


def _kind(quote: Quote) -> QuoteKind:
    k = quote.kind
    return k if k in ("direct", "partial", "indirect", "scare") else "direct"  # type: ignore[return-value]


# --- assignment -----------------------------------------------------------------------------


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
            _refresh_counts(session, fam)
        else:
            _count_member(session, fam, quote)
    return fam


def _unidentified(session: Session, speaker_ids: Iterable[int | None]) -> frozenset[int]:
    """Return which of these speakers are anonymous sources (cached for the session)."""
    known: dict[int, bool] = session.info.setdefault("anonymous_speakers", {})
    missing = [i for i in speaker_ids if i is not None and i not in known]
    if missing:
        rows = session.execute(select(Speaker.id, Speaker.kind).where(Speaker.id.in_(missing)))
        known.update({sid: kind == "anonymous" for sid, kind in rows})
    return frozenset(i for i in speaker_ids if i is not None and known.get(i, False))


def _compatible(session: Session, a: int | None, b: int | None) -> bool:
    return speakers_compatible(a, b, _unidentified(session, (a, b)))


def _assign(session: Session, quote: Quote) -> tuple[Family, bool]:
    prepared = prepare_quote(quote.text, quote.kind)
    quote.norm_hash = hash_norm(prepared.norm)
    grams = gram_hashes(prepared.keys)
    dfs = _frequencies(session, grams)
    recount = False
    fam = _pinned_family(session, quote, prepared)
    if fam is None:
        fam = _exact_family(session, quote, prepared)
        if fam is not None:
            conflict = not _compatible(session, fam.speaker_id, quote.speaker_id)
            _join(session, fam, quote, prepared, conflict=conflict)
    if fam is None:
        rare = _lookup_grams(grams, dfs)
        candidates, kinds = _candidates(session, rare)
        ids = {quote.speaker_id, *(c.speaker_id for c in candidates)}
        unidentified = _unidentified(session, ids)
        decision = decide(prepared, _kind(quote), quote.speaker_id, candidates, kinds, unidentified)
        fam = _apply(session, quote, prepared, decision)
        recount = bool(decision.merge)
    _index(session, fam.id, grams, dfs)
    return fam, recount


def _raw(session: Session, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """Run plain SQL ('?' placeholders) on the session's own connection, inside its transaction."""
    # The hot path's reads and upserts are simple enough that SQLAlchemy's per-statement work
    # (cache keys, parameter processing, result wrapping) would cost more than SQLite does.
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        sql = sql.replace("?", "%s")
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute(sql, params)
        return list(cur.fetchall()) if cur.description else []
    finally:
        cur.close()


def _raw_many(session: Session, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        sql = sql.replace("?", "%s")
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.executemany(sql, rows)
    finally:
        cur.close()


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _lookup_grams(grams: list[int], dfs: dict[int, int]) -> list[int]:
    # Rarest grams first until the postings to read reach POSTINGS_BUDGET: the rare ones identify
    # the remark as well as all of them do, and the budget bounds the lookup's cost as the index
    # grows (grams seen in one or two families cost almost nothing and are always kept).
    out: list[int] = []
    budget = POSTINGS_BUDGET
    for g in sorted((g for g in grams if 0 < dfs.get(g, 0) <= RARE_DF), key=lambda g: (dfs[g], g)):
        budget -= dfs[g]
        if budget < 0 and dfs[g] > 2:
            break
        out.append(g)
    return out


def _frequencies(session: Session, grams: list[int]) -> dict[int, int]:
    if not grams:
        return {}
    return dict(_raw(session, f"SELECT gram, df FROM gram_df WHERE gram IN ({_marks(len(grams))})", grams))


_ARTICLE = (
    "SELECT a.outlet_id, a.published_at, a.created_at, p.norm_hash, p.family_id, p.reason"
    " FROM articles a LEFT JOIN family_pins p ON p.article_id = a.id WHERE a.id = ?"
)


def _load_article(session: Session, article_id: int) -> None:
    # One read per article per session, not per quote: its outlet and date (for the family's
    # counts) and editors' pins (rare) arrive together, and an article's quotes are assigned
    # together.
    pins: dict[str, tuple[int, str]] = {}
    info: tuple[int, datetime | None] = (0, None)
    for outlet_id, published, created, h, family_id, reason in _raw(session, _ARTICLE, (article_id,)):
        info = (outlet_id, _aware(published if published is not None else created))
        if h is not None:
            pins[h] = (family_id, reason)
    session.info.setdefault("family_pins", {})[article_id] = pins
    session.info.setdefault("family_articles", {})[article_id] = info


def _article_pins(session: Session, article_id: int) -> dict[str, tuple[int, str]]:
    cache: dict[int, dict[str, tuple[int, str]]] = session.info.setdefault("family_pins", {})
    if article_id not in cache:
        _load_article(session, article_id)
    return session.info["family_pins"][article_id]  # type: ignore[no-any-return]


def _pinned_family(session: Session, quote: Quote, prepared: Prepared) -> Family | None:
    pin = _article_pins(session, quote.article_id).get(quote.norm_hash or "")
    if pin is None:
        return None
    pin_family, reason = pin
    fam = session.get(Family, pin_family)
    if fam is None:
        # The pinned family emptied (e.g. the article was re-extracted): the pinned quotes start
        # a new family together, so every pin to the dead id moves with this one.
        fam = _new_family(session, quote, prepared, locked=reason == "split")
        session.execute(update(FamilyPin).where(FamilyPin.family_id == pin_family).values(family_id=fam.id))
        session.info.pop("family_pins", None)
        return fam
    _join(session, fam, quote, prepared, conflict=not _compatible(session, fam.speaker_id, quote.speaker_id))
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
    found = _raw(session, _SAME_WORDS, (quote.norm_hash, quote.id))
    fid = found[0][0] if found else None
    fam = session.get(Family, fid) if fid is not None else None
    if fam is None:
        return None
    if short and fam.speaker_id != quote.speaker_id:
        return None
    if not _compatible(session, fam.speaker_id, quote.speaker_id) and len(prepared.keys) < SHORT_WORDS:
        return None  # the same few words from two speakers are two remarks
    return fam


def _family_key(quote: Quote, prepared: Prepared) -> str:
    # The unique key of a family led by this quote: its normalised hash, so two processes
    # creating the same family collide; a stock phrase is keyed per speaker (or per quote when
    # the speaker is unknown) because identical words alone do not make it one remark.
    h = quote.norm_hash or norm_hash(quote.text)
    if distinctive(prepared):
        return h
    if quote.speaker_id is not None and len(prepared.keys) >= MIN_WORDS:
        return f"{h}:s{quote.speaker_id}"
    return f"{h}:q{quote.id}"


# Candidate families (most shared rare grams first) with their canonical and verbatim variants,
# in one read.  Common grams were filtered out by document frequency, so the posting scan reads
# at most ~RARE_DF rows per gram.
_CANDIDATES = (
    "WITH c AS (SELECT family_id, count(*) AS hits FROM family_grams WHERE gram IN ({marks})"
    " GROUP BY family_id ORDER BY hits DESC, family_id LIMIT ?)"
    " SELECT f.id, f.canonical_text, f.canonical_keys, f.speaker_id, f.locked, f.canonical_kind, v.kind, v.text"
    " FROM c JOIN families f ON f.id = c.family_id"
    " LEFT JOIN quotes v ON v.family_id = f.id AND v.family_role = 'verbatim' AND v.id <> f.canonical_quote_id"
)


def _candidates(session: Session, rare: list[int]) -> tuple[list[Candidate], dict[int, str]]:
    # No floor on shared grams: a fragment's family shares few grams with a fuller new wording,
    # yet must be a candidate so the new canonical can absorb it.
    if not rare:
        return [], {}
    rows = _raw(session, _CANDIDATES.format(marks=_marks(len(rare))), [*rare, MAX_CANDIDATES])
    heads: dict[int, tuple[Prepared, int | None, bool, str]] = {}
    variants: dict[int, list[Prepared]] = {}
    for fid, canonical, keys, speaker_id, locked, canonical_kind, _kind_of_variant, text_ in rows:
        if fid not in heads:
            partial = canonical_kind == "partial"
            lead = prepared_from_keys(canonical, keys, partial) if keys else prepare_quote(canonical, canonical_kind)
            heads[fid] = (lead, speaker_id, bool(locked), canonical_kind)
        if text_ is not None:
            # Untokenised until a comparison needs it; longest (fullest) first.
            variants.setdefault(fid, []).append(Prepared(text_))
    out = []
    for fid in sorted(heads):
        lead, speaker_id, locked, _ = heads[fid]
        vs = sorted(variants.get(fid, []), key=lambda p: (len(p.text), p.text), reverse=True)[:MAX_VARIANTS]
        out.append(Candidate(fid, lead, speaker_id, locked, tuple(vs)))
    return out, {fid: h[3] for fid, h in heads.items()}


def _apply(session: Session, quote: Quote, prepared: Prepared, decision: Decision) -> Family:
    if decision.family_id is None:
        return _new_family(session, quote, prepared)
    fam = session.get(Family, decision.family_id)
    assert fam is not None
    for other in decision.merge:
        _absorb(session, fam, other)
    if decision.becomes_canonical:
        _set_canonical(session, fam, quote, "fullest_direct")
    _join(
        session,
        fam,
        quote,
        prepared,
        conflict=decision.attribution_conflict,
        verdict=decision.verdict,
        canonical=decision.canonical,
    )
    if decision.becomes_canonical or decision.merge:
        _relate_members(session, fam)
    return fam


def _new_family(session: Session, quote: Quote, prepared: Prepared, *, locked: bool = False) -> Family:
    # INSERT .. ON CONFLICT DO NOTHING on the canonical hash: of two transactions creating the
    # same family at once, the second waits for the first and then joins its family.
    h = _family_key(quote, prepared)
    fam = _family_insert(session, quote, h, locked)
    if fam is None:
        existing = session.scalars(select(Family).where(Family.norm_hash == h)).one()
        compatible = _compatible(session, existing.speaker_id, quote.speaker_id)
        if compatible or len(prepared.keys) >= SHORT_WORDS:
            _join(session, existing, quote, prepared, conflict=not compatible)
            return existing
        # The same few words from another speaker: a family of its own.
        fam = _family_insert(session, quote, f"{h}:q{quote.id}", locked)
    assert fam is not None
    _set_member(quote, fam.id, "paraphrase" if quote.kind == "indirect" else "verbatim", 1.0, None, [])
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
_COUNT_GRAM = "INSERT INTO gram_df (gram, df) VALUES (?, 1) ON CONFLICT (gram) DO UPDATE SET df = gram_df.df + 1"


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


def _set_member(
    quote: Quote,
    family_id: int,
    role: str,
    similarity: float,
    covers: tuple[int, int] | None,
    change: list[str],
) -> None:
    quote.family_id = family_id
    quote.family_role = role
    quote.similarity = similarity
    quote.covers_start, quote.covers_end = covers if covers else (None, None)
    quote.meaning_change = change or None


def _join(
    session: Session,
    fam: Family,
    quote: Quote,
    prepared: Prepared,
    *,
    conflict: bool,
    verdict: Verdict | None = None,
    canonical: Prepared | None = None,
) -> None:
    if fam.canonical_quote_id == quote.id:
        _set_member(quote, fam.id, "verbatim", 1.0, None, [])
    else:
        lead = (
            canonical
            if canonical is not None and verdict is not None
            else prepare_quote(fam.canonical_text, fam.canonical_kind)
        )
        rel = relate(lead, prepared, _kind(quote), verdict if canonical is not None else None)
        _set_member(quote, fam.id, rel.role, rel.similarity, rel.covers, rel.meaning_change)
    if conflict:
        fam.attribution_conflict = True
    if fam.speaker_id is None and quote.speaker_id is not None:
        fam.speaker_id = quote.speaker_id


def _set_canonical(session: Session, fam: Family, quote: Quote, how: str) -> None:
    fam.canonical_text = quote.text
    fam.canonical_quote_id = quote.id
    fam.canonical_how = how
    fam.canonical_kind = quote.kind
    fam.canonical_keys = keys_text(prepare_quote(quote.text, quote.kind))
    key = _family_key(quote, prepare_quote(quote.text, quote.kind))
    # The unique key may already lead another family (a split or a speaker-keyed stock phrase).
    clash = _raw(session, "SELECT id FROM families WHERE norm_hash = ? AND id <> ? LIMIT 1", (key, fam.id))
    fam.norm_hash = key if not clash else f"{key}:{fam.id}"


def _relate_members(session: Session, fam: Family) -> None:
    # After the canonical changes, every member's role, similarity, covered range and
    # meaning-change flags are re-measured against it.
    canonical = prepare_quote(fam.canonical_text, fam.canonical_kind)
    for q in session.scalars(select(Quote).where(Quote.family_id == fam.id)):
        if q.id == fam.canonical_quote_id:
            _set_member(q, fam.id, "verbatim", 1.0, None, [])
            continue
        rel = relate(canonical, prepare_quote(q.text, q.kind), _kind(q))
        _set_member(q, fam.id, rel.role, rel.similarity, rel.covers, rel.meaning_change)


def _absorb(session: Session, fam: Family, other_id: int) -> None:
    other = session.get(Family, other_id)
    if other is None or other.id == fam.id:
        return
    session.flush()
    for q in session.scalars(select(Quote).where(Quote.family_id == other.id)):
        q.family_id = fam.id
    session.flush()  # no ORM relationship orders these updates before the family's delete
    # Postings move; grams already posted for ``fam`` are dropped rather than duplicated.
    grams = list(session.scalars(select(FamilyGram.gram).where(FamilyGram.family_id == other.id)))
    session.execute(delete(FamilyGram).where(FamilyGram.family_id == other.id))
    _index(session, fam.id, grams, count_df=False)
    session.execute(update(FamilyPin).where(FamilyPin.family_id == other.id).values(family_id=fam.id))
    if other.attribution_conflict or not _compatible(session, fam.speaker_id, other.speaker_id):
        fam.attribution_conflict = True
    if fam.speaker_id is None:
        fam.speaker_id = other.speaker_id
    fam.locked = fam.locked or other.locked
    session.delete(other)
    session.flush()


def _index(
    session: Session,
    family_id: int,
    grams: Iterable[int],
    dfs: dict[int, int] | None = None,
    *,
    count_df: bool = True,
) -> None:
    # Post the family's new rare grams; document frequency counts families per gram.  Grams
    # already common (df >= RARE_DF) get neither postings nor further counting: lookups ignore
    # them, so their exact frequency no longer matters.
    wanted = sorted(set(grams))  # sorted: a stable lock order against concurrent upserts
    if not wanted:
        return
    if dfs is None:
        dfs = _frequencies(session, wanted)
    rare = [g for g in wanted if dfs.get(g, 0) < RARE_DF]
    if not rare:
        return
    # One statement posts the grams and returns those new to this family (the ones whose
    # document frequency grows); the text is cached per batch size.
    values = ", ".join(["(?, ?)"] * len(rare))
    posted = _raw(
        session,
        f"INSERT INTO family_grams (gram, family_id) VALUES {values} ON CONFLICT DO NOTHING RETURNING gram",
        [x for g in rare for x in (g, family_id)],
    )
    new = sorted(r[0] for r in posted)
    if count_df and new:
        _raw_many(session, _COUNT_GRAM, [(g,) for g in new])


def _unindex(session: Session, family_id: int) -> None:
    grams = list(session.scalars(select(FamilyGram.gram).where(FamilyGram.family_id == family_id)))
    session.execute(delete(FamilyGram).where(FamilyGram.family_id == family_id))
    if grams:
        session.execute(update(GramFrequency).where(GramFrequency.gram.in_(grams)).values(df=GramFrequency.df - 1))


def _refresh_counts(session: Session, fam: Family) -> None:
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
    fam.first_seen, fam.last_seen = _aware(row[3]), _aware(row[4])
    fam.updated_at = utcnow()


def _article_info(session: Session, article_id: int) -> tuple[int, datetime | None]:
    cache: dict[int, tuple[int, datetime | None]] = session.info.setdefault("family_articles", {})
    if article_id not in cache:
        _load_article(session, article_id)
    return session.info["family_articles"][article_id]  # type: ignore[no-any-return]


_SEEN_WHERE = (
    "SELECT max(CASE WHEN q.article_id = ? THEN 1 ELSE 0 END), max(CASE WHEN a.outlet_id = ? THEN 1 ELSE 0 END)"
    " FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.family_id = ? AND q.id <> ?"
)


def _count_member(session: Session, fam: Family, quote: Quote) -> None:
    # Incremental counts for the common case (one quote joins): one indexed read of the other
    # members' articles and outlets instead of re-aggregating everything.
    outlet_id, seen = _article_info(session, quote.article_id)
    if fam.quote_count:
        row = _raw(session, _SEEN_WHERE, (quote.article_id, outlet_id, fam.id, quote.id))[0]
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


def _aware(value: Any) -> datetime | None:
    # Aggregates bypass the column type, so SQLite hands back strings or naive datetimes.
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)


# --- removal --------------------------------------------------------------------------------


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
        _unindex(session, fid)
        session.delete(fam)
        session.flush()
        return
    if fam.canonical_quote_id == quote.id:
        _rechoose_canonical(session, fam, remaining)
    _refresh_counts(session, fam)


def remove_article_quotes(session: Session, article_id: int) -> None:
    """Remove every quote of one article from its family (call before deleting or re-extracting)."""
    for q in list(session.scalars(select(Quote).where(Quote.article_id == article_id))):
        remove_quote(session, q)


def _rechoose_canonical(session: Session, fam: Family, members: list[Quote]) -> None:
    best = max(members, key=lambda q: canonical_rank(_kind(q), prepare_quote(q.text, q.kind)))
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
    _relate_members(session, fam)


# --- editors' corrections -------------------------------------------------------------------


def _pin(session: Session, quote: Quote, family_id: int, reason: str) -> None:
    session.info.pop("family_pins", None)
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
        raise LookupError(f"quote {quote_id} not found")
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
    _set_member(quote, fam.id, "verbatim", 1.0, None, [])
    _pin(session, quote, fam.id, "split")
    _index(session, fam.id, gram_hashes(prepare_quote(quote.text, quote.kind).keys))
    _refresh_counts(session, fam)
    return fam


def merge_families(session: Session, a: int, b: int) -> Family:
    """Merge family ``b`` into ``a`` on an editor's word; pin every member so re-ingestion agrees."""
    fam = session.get(Family, a)
    if fam is None or session.get(Family, b) is None:
        raise LookupError("family not found")
    _absorb(session, fam, b)
    fam = session.get(Family, a)
    assert fam is not None
    members = list(session.scalars(select(Quote).where(Quote.family_id == a)))
    for q in members:
        _pin(session, q, a, "merge")
    _rechoose_canonical(session, fam, members)
    fam.canonical_how = "fullest_direct"
    _refresh_counts(session, fam)
    return fam


# --- reading --------------------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


_HOW = {
    "fullest_direct": "the fullest direct wording among the family's quotes (most words; ties broken by text)",
    "only_indirect": "no direct quote yet: the fullest indirect rendering",
    "editor": "chosen when an editor split this quote into its own family",
}


def family_report(session: Session, family_id: int) -> dict[str, Any]:
    """Return a family with its canonical, speakers, and variants grouped with occurrences and diffs."""
    fam = session.get(Family, family_id)
    if fam is None:
        raise LookupError(f"family {family_id} not found")
    rows = session.execute(
        select(Quote, Article, Outlet)
        .join(Article, Article.id == Quote.article_id)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .where(Quote.family_id == family_id)
        .order_by(Article.published_at, Quote.id)
    ).all()
    speakers: dict[int | None, int] = {}
    groups: dict[str, dict[str, Any]] = {}
    for quote, article, outlet in rows:
        speakers[quote.speaker_id] = speakers.get(quote.speaker_id, 0) + 1
        key = quote.norm_hash or norm_hash(quote.text)
        group = groups.get(key)
        if group is None:
            group = groups[key] = {
                "text": quote.text,
                "kind": quote.family_role,
                "is_canonical": False,
                "similarity": quote.similarity,
                "covers": [quote.covers_start, quote.covers_end] if quote.covers_start is not None else None,
                "meaning_change": quote.meaning_change or [],
                "diff": word_diff(fam.canonical_text, quote.text),
                "occurrences": [],
            }
        group["is_canonical"] = group["is_canonical"] or quote.id == fam.canonical_quote_id
        group["occurrences"].append(
            {
                "quote_id": quote.id,
                "article_id": article.id,
                "outlet": outlet.name,
                "url": article.url,
                "published_at": _iso(article.published_at),
                "start": quote.start,
                "end": quote.end,
                "speaker_id": quote.speaker_id,
                "quote_kind": quote.kind,
            }
        )
    ordered = sorted(groups.values(), key=lambda g: (not g["is_canonical"], -(g["similarity"] or 0.0)))
    known = [s for s in speakers if s is not None]
    found = session.execute(select(Speaker.id, Speaker.name, Speaker.kind).where(Speaker.id.in_(known)))
    who = {sid: (name, kind) for sid, name, kind in found}
    # Anonymous descriptions may all be one source: only identified speakers can disagree.
    identified = {s for s in known if who.get(s, ("", "anonymous"))[1] != "anonymous"}
    return {
        "id": fam.id,
        "canonical": {
            "text": fam.canonical_text,
            "quote_id": fam.canonical_quote_id,
            "how": fam.canonical_how,
            "how_explained": _HOW.get(fam.canonical_how, fam.canonical_how),
        },
        "speaker_id": fam.speaker_id,
        "speakers": [
            {"speaker_id": s, "name": who.get(s, (None, None))[0], "kind": who.get(s, (None, None))[1], "count": c}
            for s, c in sorted(speakers.items(), key=lambda x: (-x[1], x[0] or 0))
        ],
        "attribution_conflict": fam.attribution_conflict or len(identified) > 1,
        "locked": fam.locked,
        "quote_count": fam.quote_count,
        "article_count": fam.article_count,
        "outlet_count": fam.outlet_count,
        "first_seen": _iso(fam.first_seen),
        "last_seen": _iso(fam.last_seen),
        "variants": [g for g in ordered if g["kind"] != "paraphrase"],
        "paraphrases": [g for g in ordered if g["kind"] == "paraphrase"],
        "meaning_change": any(g["meaning_change"] for g in ordered),
    }


def family_query(
    speaker_id: int | None = None,
    q: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    min_outlets: int | None = None,
) -> Select[tuple[Family]]:
    """Return the select of families filtered by speaker, canonical words, time seen and reach."""
    stmt = select(Family)
    if speaker_id is not None:
        # Any speaker the family's quotes are attributed to, anonymous sources included.
        stmt = stmt.where(Family.id.in_(select(Quote.family_id).where(Quote.speaker_id == speaker_id)))
    if q:
        # A substring match on the canonical text: editors search a few words of the remark.
        stmt = stmt.where(func.lower(Family.canonical_text).contains(q.lower(), autoescape=True))
    if since is not None:
        stmt = stmt.where(Family.last_seen >= since)
    if until is not None:
        stmt = stmt.where(Family.first_seen <= until)
    if min_outlets is not None:
        stmt = stmt.where(Family.outlet_count >= min_outlets)
    return stmt


def family_summary(f: Family) -> dict[str, Any]:
    """Return one family's list entry (no variants; see ``family_report``)."""
    return {
        "id": f.id,
        "canonical": f.canonical_text,
        "speaker_id": f.speaker_id,
        "quote_count": f.quote_count,
        "article_count": f.article_count,
        "outlet_count": f.outlet_count,
        "first_seen": _iso(f.first_seen),
        "last_seen": _iso(f.last_seen),
        "attribution_conflict": f.attribution_conflict,
    }


def list_families(
    session: Session,
    speaker_id: int | None = None,
    q: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    min_outlets: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Return family summaries, newest last-seen first, filtered by speaker, words, dates and reach."""
    stmt = family_query(speaker_id, q, since, until, min_outlets)
    stmt = stmt.order_by(Family.last_seen.desc().nulls_last(), Family.id.desc()).limit(limit).offset(offset)
    return [family_summary(f) for f in session.scalars(stmt)]


__all__ = [
    "assign_family",
    "family_query",
    "family_report",
    "family_summary",
    "list_families",
    "merge_families",
    "remove_article_quotes",
    "remove_quote",
    "split_quote",
]

"""Families in the database: seeds, order independence, deletion, corrections, concurrency."""

from __future__ import annotations

import os
import random
import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, delete, select, text
from sqlalchemy.orm import Session, sessionmaker

from schemas.families import FamilySchema, FamilySummarySchema
from service.store.articles.models import Article, Outlet, Quote
from service.store.base import Base
from service.store.families.assign import assign_family
from service.store.families.corrections import merge_families, split_quote
from service.store.families.members import refresh_speaker_families, remove_article_quotes, remove_quote
from service.store.families.models import Family, FamilyGram, FamilyPin, GramFrequency
from service.store.families.reports import family_query, family_report
from service.store.speakers import merge_speakers
from service.store.speakers.models import Speaker
from tests.data.seed_quotes import EXPECTED, GOAL, MISSION, SEED_QUOTES

pytestmark = pytest.mark.store


def _article(session: Session, outlet: str, ext: str, day: int = 26) -> Article:
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


def _quote(session: Session, art: Article, text_: str, kind: str = "direct", speaker: int | None = None) -> Quote:
    q = Quote(article_id=art.id, text=text_, start=0, end=len(text_), kind=kind, confidence=0.9, speaker_id=speaker)
    session.add(q)
    session.flush()
    return q


def _two_outlets(session: Session, first: str, second: str) -> tuple[Article, Article, Quote, Quote]:
    """Two articles of two outlets, each with one direct quote: ``first`` in one, ``second`` in two."""
    a1, a2 = _article(session, "one", "a1"), _article(session, "two", "a2")
    return a1, a2, _quote(session, a1, first), _quote(session, a2, second)


def _speaker(session: Session, name: str) -> int:
    s = Speaker(name=name, kind="person", key=name.lower())
    session.add(s)
    session.flush()
    return s.id


def _load_seeds(session: Session, order: list[tuple[str, str, int, str]]) -> dict[str, Quote]:
    arts: dict[str, Article] = {}
    out: dict[str, Quote] = {}
    speakers: dict[int, int] = {}
    for key, kind, seed_speaker, text_ in order:
        if seed_speaker not in speakers:
            speakers[seed_speaker] = _speaker(session, f"seed speaker {seed_speaker}")
        seed = key[:3]
        if seed not in arts:
            arts[seed] = _article(session, f"outlet{seed}", seed, 26 + int(seed[2]) % 2)
        q = _quote(session, arts[seed], text_, kind, speakers[seed_speaker])
        assign_family(session, q)
        out[key] = q
    session.flush()
    return out


def _partition(quotes: dict[str, Quote]) -> set[frozenset[str]]:
    groups: dict[int | None, set[str]] = {}
    for key, q in quotes.items():
        groups.setdefault(q.family_id, set()).add(key)
    return {frozenset(g) for g in groups.values()}


def _report(session: Session, family_id: int) -> dict[str, Any]:
    """The family report as the API shows it."""
    shown: dict[str, Any] = FamilySchema().dump(family_report(session, family_id))
    return shown


def test_seed_families(session: Session) -> None:
    quotes = _load_seeds(session, list(SEED_QUOTES))
    part = _partition(quotes)
    assert {f for f in part if len(f) > 1} == EXPECTED  # and nothing unrelated joined
    report = _report(session, quotes["001a"].family_id or 0)
    assert report["outlet_count"] == 4
    assert report["first_seen"] == "2021-07-26T12:00:00+00:00"
    assert report["last_seen"] == "2021-07-27T12:00:00+00:00"
    kinds = {v["text"]: v["kind"] for v in report["variants"]}
    assert kinds[{k: t for k, _, _, t in SEED_QUOTES}["004a"]] == "fragment"
    goal = _report(session, quotes["001b"].family_id or 0)
    assert goal["canonical"]["text"].startswith("Nobody is going to declare")
    assert goal["canonical"]["how"] == "only_wording" and goal["canonical"]["how_explained"]
    assert [sp["name"] for sp in goal["speakers"]] == ["seed speaker 2"]
    assert not goal["attribution_conflict"]
    # The two-remark quote links the other remark's family; the two are not merged.
    assert goal["linked_families"] == [quotes["000d"].family_id]
    mission = _report(session, quotes["000d"].family_id or 0)
    assert mission["linked_families"] == [quotes["001b"].family_id]
    assert [p["text"] for p in mission["paraphrases"]] == ["no one is going to declare mission accomplished"]
    for v in report["variants"]:
        assert {op["op"] for op in v["diff"]} <= {"equal", "insert", "delete", "replace"}
        if v["kind"] == "fragment":
            assert v["covers"] is not None


def _coarse(part: set[frozenset[str]]) -> set[frozenset[str]]:
    # The official's two remarks run together (001b) are linked families when they were printed
    # separately first; when the joined quote arrives first, its fragments join it.  Everything
    # else must not depend on the order.
    joined = GOAL | MISSION
    rest = {f for f in part if not f & joined}
    return rest | {frozenset().union(*(f for f in part if f & joined))}


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_order_independent(engine: Engine, seed: int) -> None:
    items = list(SEED_QUOTES)
    with sessionmaker(engine)() as s1:
        base = _partition(_load_seeds(s1, items))
        s1.rollback()
    random.Random(seed).shuffle(items)
    with sessionmaker(engine)() as s2:
        assert _coarse(_partition(_load_seeds(s2, items))) == _coarse(base)
        s2.rollback()


def test_delete_article_removes_family_and_rechooses_canonical(session: Session) -> None:
    long = "We will rebuild every school the floods destroyed, and we will do it before the winter comes"
    a1, _, q1, q2 = _two_outlets(session, long, "We will rebuild every school the floods destroyed")
    fam = assign_family(session, q1).family
    assert assign_family(session, q2).family.id == fam.id
    assert q2.family_role == "fragment" and q2.covers_start == 0
    remove_article_quotes(session, a1.id)
    session.flush()
    fam2 = session.get(Family, fam.id)
    assert fam2 is not None and fam2.canonical_quote_id == q2.id and fam2.quote_count == 1
    remove_quote(session, q2)
    session.flush()
    assert session.get(Family, fam.id) is None
    assert session.scalars(select(FamilyGram).where(FamilyGram.family_id == fam.id)).first() is None


def test_split_survives_reingestion(session: Session) -> None:
    t1 = "The budget will protect pensions and it will not raise taxes on working families"
    t2 = "The budget will protect pensions and it will not raise taxes on hard-working families"
    _, a2, q1, q2 = _two_outlets(session, t1, t2)
    fam = assign_family(session, q1).family
    assert assign_family(session, q2).family.id == fam.id
    split = split_quote(session, q2.id)
    assert split.id != fam.id and q2.family_id == split.id
    # Re-extraction: the article's quotes are removed and stored again with new ids.
    remove_article_quotes(session, a2.id)
    session.execute(delete(Quote).where(Quote.article_id == a2.id))
    q2b = _quote(session, a2, t2)
    fam_b = assign_family(session, q2b).family
    assert fam_b.id != q1.family_id
    assert session.scalars(select(FamilyPin).where(FamilyPin.article_id == a2.id)).one().family_id == fam_b.id


def test_merge_survives_reingestion(session: Session) -> None:
    t1 = "Our hospitals are full and our nurses are exhausted after two years of this"
    t2 = "We cannot keep asking the same people to carry the whole health service"
    _, a2, q1, q2 = _two_outlets(session, t1, t2)
    f1, f2 = assign_family(session, q1).family, assign_family(session, q2).family
    assert f1.id != f2.id
    merged = merge_families(session, f1.id, f2.id)
    assert q2.family_id == merged.id == f1.id
    remove_article_quotes(session, a2.id)
    session.execute(delete(Quote).where(Quote.article_id == a2.id))
    q2b = _quote(session, a2, t2)
    assert assign_family(session, q2b).family.id == f1.id


def test_attribution_conflict_and_speakers(session: Session) -> None:
    s1, s2 = _speaker(session, "Ann Lee"), _speaker(session, "Bob Roe")
    a1, a2, a3 = (
        _article(session, "one", "a1"),
        _article(session, "two", "a2"),
        _article(session, "three", "a3"),
    )
    words = "The port will reopen on Monday once the divers have cleared the channel of wreckage"
    f1 = assign_family(session, _quote(session, a1, words, speaker=s1)).family
    # Same words, another speaker: one family, flagged.
    assert assign_family(session, _quote(session, a2, words + ".", speaker=s2)).family.id == f1.id
    assert f1.attribution_conflict
    # A short stock phrase from another speaker is a different remark.
    g1 = assign_family(session, _quote(session, a1, "we will never give up", speaker=s1)).family
    g2 = assign_family(session, _quote(session, a3, "We will never give up!", speaker=s2)).family
    assert g1.id != g2.id


def test_meaning_change_flagged(session: Session) -> None:
    # One outlet each: the earlier published wording leads.
    a1, a2 = _article(session, "one", "a1", 26), _article(session, "two", "a2", 27)
    f = assign_family(
        session, _quote(session, a1, "We will send 500,000 doses of the vaccine to the region this month")
    ).family
    q = _quote(session, a2, "We will send 50,000 doses of the vaccine to the region this month")
    assert assign_family(session, q).family.id == f.id
    assert q.meaning_change == ["50,000", "500,000"]


def test_numbers_compare_as_values(session: Session) -> None:
    a1, a2 = _article(session, "one", "a1"), _article(session, "two", "a2")
    f = assign_family(session, _quote(session, a1, "We created 2.6million jobs in the last three years alone")).family
    q = _quote(session, a2, "We created 2.6 million jobs in the last three years alone")
    assert assign_family(session, q).family.id == f.id and q.meaning_change is None


def test_retracting_the_conflicting_quote_clears_the_conflict(session: Session) -> None:
    ann, bob = _speaker(session, "Ann Lee"), _speaker(session, "Bob Roe")
    a1, a2, a3 = _article(session, "one", "a1"), _article(session, "two", "a2"), _article(session, "three", "a3")
    words = "The port will reopen on Monday once the divers have cleared the channel of wreckage"
    fam = assign_family(session, _quote(session, a1, words, speaker=ann)).family
    assign_family(session, _quote(session, a2, words, speaker=ann))
    assert not fam.attribution_conflict
    assert assign_family(session, _quote(session, a3, words + ".", speaker=bob)).family.id == fam.id
    assert fam.attribution_conflict and _report(session, fam.id)["attribution_conflict"]
    remove_article_quotes(session, a3.id)
    assert not fam.attribution_conflict and not _report(session, fam.id)["attribution_conflict"]
    assert [s["name"] for s in _report(session, fam.id)["speakers"]] == ["Ann Lee"]


def test_correcting_the_speaker_clears_the_conflict(session: Session) -> None:
    ann, other = _speaker(session, "Ann Lee"), _speaker(session, "A. Lee")
    a1, a2 = _article(session, "one", "a1"), _article(session, "two", "a2")
    words = "The port will reopen on Monday once the divers have cleared the channel of wreckage"
    fam = assign_family(session, _quote(session, a1, words, speaker=ann)).family
    assign_family(session, _quote(session, a2, words, speaker=other))
    assert fam.attribution_conflict
    merge_speakers(session, other, ann)  # an editor: "A. Lee" is Ann Lee
    refresh_speaker_families(session, [ann])
    assert not fam.attribution_conflict and fam.speaker_id == ann


def test_no_attribution_conflict_within_one_article(session: Session) -> None:
    ann, bob = _speaker(session, "Ann Lee"), _speaker(session, "Bob Roe")
    a1 = _article(session, "one", "a1")
    words = "The port will reopen on Monday once the divers have cleared the channel of wreckage"
    fam = assign_family(session, _quote(session, a1, words, speaker=ann)).family
    assert assign_family(session, _quote(session, a1, words, speaker=bob)).family.id == fam.id
    assert not fam.attribution_conflict


def test_majority_wording_is_canonical_and_the_misquote_flagged(session: Session) -> None:
    ann = _speaker(session, "Ann Lee")
    support = "We support the new agreement on river water with our neighbours"
    arts = [_article(session, f"outlet{i}", f"a{i}", 20 + i) for i in range(5)]
    # The negated wording is printed first, so arrival order alone would make it the lead.
    misquote = _quote(
        session, arts[0], "We do not support the new agreement on river water with our neighbours", speaker=ann
    )
    fam = assign_family(session, misquote).family
    for art in arts[1:]:
        assert assign_family(session, _quote(session, art, support, speaker=ann)).family.id == fam.id
    assert fam.canonical_text == support and fam.canonical_how == "attested"
    assert misquote.meaning_change == ["not"]
    report = _report(session, fam.id)
    assert report["canonical"]["outlets"] == 4 and "4" in report["canonical"]["how_explained"]


def test_paraphrase_needs_the_same_identified_speaker(session: Session) -> None:
    ann = _speaker(session, "Ann Lee")
    a1, a2, a3 = _article(session, "one", "a1"), _article(session, "two", "a2"), _article(session, "three", "a3")
    said = "We are going to build forty new schools in the northern districts before the next election"
    fam = assign_family(session, _quote(session, a1, said, speaker=ann)).family
    told = "the city would build forty new schools in the northern districts soon"
    assert assign_family(session, _quote(session, a2, told, "indirect")).family.id != fam.id
    assert assign_family(session, _quote(session, a3, told, "indirect", ann)).family.id == fam.id


def test_stock_phrase_and_one_word_partials_stay_apart(session: Session) -> None:
    a1, a2 = _article(session, "one", "a1"), _article(session, "two", "a2")
    f1 = assign_family(session, _quote(session, a1, "by the end of the year", "partial")).family
    f2 = assign_family(session, _quote(session, a2, "By the end of the year", "partial")).family
    # Identical boilerplate from unknown speakers is not evidence of one remark.
    assert f1.id != f2.id
    g1 = assign_family(session, _quote(session, a1, "quickly", "partial")).family
    g2 = assign_family(session, _quote(session, a2, "quickly", "partial")).family
    assert g1.id != g2.id
    # Not even from one speaker: a single word is not one remark.
    biden = _speaker(session, "Joe Biden")
    h1 = assign_family(
        session, _quote(session, a1, "that the US will send vaccines “quickly”", "partial", biden)
    ).family
    h2 = assign_family(session, _quote(session, a2, "they will be there “quickly”", "partial", biden)).family
    assert h1.id != h2.id


def test_list_families(session: Session) -> None:
    _load_seeds(session, list(SEED_QUOTES))
    wide = [FamilySummarySchema().dump(f) for f in session.scalars(family_query(min_outlets=4))]
    assert len(wide) == 1 and wide[0]["canonical"].startswith("I think things")
    assert session.scalars(family_query(q="mission accomplished")).first()
    assert not session.scalars(family_query(since=datetime(2030, 1, 1, tzinfo=UTC))).first()


def test_gram_index_counts_families(session: Session) -> None:
    _load_seeds(session, list(SEED_QUOTES))
    assert session.scalar(select(GramFrequency.df).order_by(GramFrequency.df.desc()).limit(1)) >= 1
    assert session.scalar(text("select count(*) from family_grams")) > 0


PG_URL = os.environ.get("TEST_DATABASE_URL")


@pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL not set")
def test_parallel_ingestion_one_family_postgres() -> None:
    assert PG_URL
    # A private schema: the shared test database is used by other suites at the same time.
    schema = f"families_test_{os.getpid()}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {schema}"))
    eng = create_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    Base.metadata.create_all(eng)
    try:
        maker = sessionmaker(eng, expire_on_commit=False)
        with maker.begin() as s:
            arts = [_article(s, f"outlet{i}", f"ext{i}").id for i in range(8)]
        words = "The reservoir is at its lowest level since records began in nineteen fifty"
        barrier = threading.Barrier(len(arts))
        errors: list[BaseException] = []

        def ingest(article_id: int) -> None:
            try:
                with maker.begin() as s:
                    q = Quote(article_id=article_id, text=words, start=0, end=10, kind="direct", confidence=1.0)
                    s.add(q)
                    s.flush()
                    barrier.wait()
                    assign_family(s, q)
            except BaseException as exc:  # surfaced below; a thread can't fail the test itself
                errors.append(exc)

        threads = [threading.Thread(target=ingest, args=(a,)) for a in arts]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        with maker() as s:
            assert s.scalar(text("select count(*) from families")) == 1
            assert s.scalar(text("select count(distinct family_id) from quotes")) == 1
    finally:
        eng.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()

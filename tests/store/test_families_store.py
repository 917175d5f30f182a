"""Families formed from the seed quotes: the expected groups, order independence, listing, concurrency."""

from __future__ import annotations

import os
import random
import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from schemas.families import FamilySummarySchema
from service.store.articles.models import Quote
from service.store.base import Base
from service.store.families.assign import assign_family
from service.store.families.index import frequencies
from service.store.families.reports import family_query
from tests.data.seed_quotes import EXPECTED, GOAL, MISSION, SEED_QUOTES
from tests.store import family_rows as rows

pytestmark = pytest.mark.store


def test_seed_families(session: Session) -> None:
    quotes = rows.load_seeds(session, list(SEED_QUOTES))
    part = rows.partition(quotes)
    assert {f for f in part if len(f) > 1} == EXPECTED  # and nothing unrelated joined
    report = rows.report(session, quotes["001a"].family_id or 0)
    assert report["outlet_count"] == 4
    assert report["first_seen"] == "2021-07-26T12:00:00+00:00"
    assert report["last_seen"] == "2021-07-27T12:00:00+00:00"
    kinds = {v["text"]: v["kind"] for v in report["variants"]}
    assert kinds[{k: t for k, _, _, t in SEED_QUOTES}["004a"]] == "fragment"
    goal = rows.report(session, quotes["001b"].family_id or 0)
    assert goal["canonical"]["text"].startswith("Nobody is going to declare")
    assert goal["canonical"]["how"] == "only_wording" and goal["canonical"]["how_explained"]
    assert [sp["name"] for sp in goal["speakers"]] == ["seed speaker 2"]
    assert not goal["attribution_conflict"]
    # The two-remark quote links the other remark's family; the two are not merged.
    assert goal["linked_families"] == [quotes["000d"].family_id]
    mission = rows.report(session, quotes["000d"].family_id or 0)
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
        base = rows.partition(rows.load_seeds(s1, items))
        s1.rollback()
    random.Random(seed).shuffle(items)
    with sessionmaker(engine)() as s2:
        assert _coarse(rows.partition(rows.load_seeds(s2, items))) == _coarse(base)
        s2.rollback()


def test_list_families(session: Session) -> None:
    rows.load_seeds(session, list(SEED_QUOTES))
    wide = [FamilySummarySchema().dump(f) for f in session.scalars(family_query(min_outlets=4))]
    assert len(wide) == 1 and wide[0]["canonical"].startswith("I think things")
    assert session.scalars(family_query(q="mission accomplished")).first()
    assert not session.scalars(family_query(seen=(datetime(2030, 1, 1, tzinfo=UTC), None))).first()


def test_gram_index_counts_families(session: Session) -> None:
    rows.load_seeds(session, list(SEED_QUOTES))
    posted = list(session.scalars(text("select gram from family_grams")))
    assert posted
    dfs = frequencies(session, posted)
    # A gram's frequency is the number of families posting it.
    assert all(dfs[g] == posted.count(g) for g in posted) and max(dfs.values()) >= 1


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
            arts = [rows.article(s, f"outlet{i}", f"ext{i}").id for i in range(8)]
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

"""Speakers in the database: cross-article matching, search, counts and corrections that stick."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from spacy.language import Language
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from schemas.speakers import SpeakerSchema
from service.engine.extract import extract_doc
from service.engine.names.keys import identity_key
from service.engine.names.persons import same_person
from service.engine.speakers import resolve_speakers
from service.engine.types import SpeakerKind, SpeakerRef
from service.store.articles.models import Article, Outlet, Quote
from service.store.speakers import (
    attach_speaker,
    counted_speaker,
    get_speaker,
    merge_speakers,
    quote_counts,
    rename_speaker,
    search_query,
    speaker_quotes_query,
    split_alias,
)
from service.store.speakers.models import Speaker, SpeakerPin

pytestmark = pytest.mark.store

DAY1 = datetime(2021, 7, 26, tzinfo=UTC)
DAY2 = datetime(2021, 7, 27, tzinfo=UTC)


@pytest.fixture
def articles(session: Session) -> list[int]:
    """Five article ids, one per seed outlet."""
    ids = []
    for i in range(5):
        outlet = Outlet(name=f"Outlet {i}", key=f"outlet{i}")
        art = Article(outlet=outlet, external_id=f"a{i}", text="", content_hash="x")
        session.add(art)
        session.flush()
        ids.append(art.id)
    return ids


def search(session: Session, q: str | None = None, kind: str | None = None) -> list[Speaker]:
    return list(session.scalars(search_query(q, kind)))


def person(name: str, *aliases: str, roles: tuple[str, ...] = ()) -> SpeakerRef:
    return ref(name, "person", aliases=[name, *aliases], roles=list(roles))


def ref(name: str, kind: SpeakerKind, aliases: list[str] | None = None, roles: list[str] | None = None) -> SpeakerRef:
    how = {"person": "named", "anonymous": "anonymous", "organization": "organization"}.get(kind, "unresolved")
    return SpeakerRef(
        name=name,
        kind=kind,
        how=how,  # type: ignore[arg-type]
        confidence=0.9,
        key=identity_key(name, kind),
        aliases=aliases or [name],
        roles=roles or [],
    )


def add_quote(session: Session, article_id: int, speaker: Speaker, mention: str) -> Quote:
    q = Quote(
        article_id=article_id,
        text="“words”",
        start=0,
        end=7,
        kind="direct",
        confidence=0.9,
        mention_text=mention,
        speaker_id=speaker.id,
    )
    session.add(q)
    session.flush()
    return q


def test_seed_people_are_one_speaker_each(session: Session, articles: list[int]) -> None:
    refs = [
        (articles[0], person("Biden", roles=("President",))),
        (articles[1], person("Joe Biden", "President Joe Biden", roles=("President",))),
        (articles[2], person("Joe Biden", "U.S. President Joe Biden", roles=("U.S. President",))),
        (articles[3], person("Joe Biden", "President Joe Biden")),
        (articles[4], person("Joe Biden", "Biden")),
        (
            articles[0],
            person("Mustafa al-Kadhimi", "Iraqi Prime Minister Mustafa al-Kadhimi", roles=("Iraqi Prime Minister",)),
        ),
        (articles[3], person("Mustafa al-Kadhemi", "Kadhemi")),
        (articles[4], person("Kadhimi", roles=("Prime Minister",))),
        (articles[2], person("Mustafa Al-Kadhimi")),
        (articles[2], person("Jen Psaki", roles=("White House Press Secretary",))),
        (articles[4], person("Psaki", roles=("Press Secretary",))),
        (articles[2], person("Lloyd Austin", "Austin", roles=("Secretary of Defense",))),
    ]
    attached = [(r, attach_speaker(session, r, article_id, DAY1).id) for article_id, r in refs]
    ids: dict[str, set[int]] = {}
    for r, sid in attached:
        live_speaker = get_speaker(session, sid)
        assert live_speaker is not None
        ids.setdefault(r.name.split()[-1].lower().replace("al-", ""), set()).add(live_speaker.id)
    assert {k: len(v) for k, v in ids.items()} == {
        "biden": 1,
        "kadhimi": 1,
        "kadhemi": 1,
        "psaki": 1,
        "austin": 1,
    }
    assert ids["kadhimi"] == ids["kadhemi"]
    biden = session.get(Speaker, next(iter(ids["biden"])))
    assert biden is not None
    assert biden.name == "Joe Biden"  # the fullest form seen, titles removed
    # The bare "Biden" of the first article was read before any full name: once "Joe Biden"
    # with the same title is stored, it links to him.
    assert biden.key == identity_key("Joe Biden", "person")
    assert {r.role for r in biden.roles} == {"President", "U.S. President"}
    assert {"biden", "president joe biden", "us president joe biden"} <= {a.norm for a in biden.aliases}
    people = session.scalars(search_query(kind="person")).all()
    assert len(people) == 4


def test_same_surname_different_first_names_stay_two(session: Session, articles: list[int]) -> None:
    joe = attach_speaker(session, person("Joe Biden"), articles[0], DAY1)
    hunter = attach_speaker(session, person("Hunter Biden"), articles[1], DAY1)
    assert joe.id != hunter.id
    # A bare surname chooses between no one while no role tells them apart...
    bare = attach_speaker(session, person("Biden", roles=("President",)), articles[2], DAY1)
    assert bare.id not in {joe.id, hunter.id} and SpeakerSchema().dump(counted_speaker(session, bare))["unlinked"]
    # ...and links to the one person whose title it shares once that is stored, in either order.
    joe2 = attach_speaker(session, person("Joe Biden", roles=("President",)), articles[3], DAY1)
    hunter2 = attach_speaker(session, person("Hunter Biden", roles=("businessman",)), articles[3], DAY1)
    assert joe2.id == joe.id and hunter2.id == hunter.id
    assert get_speaker(session, bare.id).id == joe.id  # type: ignore[union-attr]
    assert attach_speaker(session, person("Biden", roles=("President",)), articles[4], DAY1).id == joe.id


def test_austin_the_city_is_not_austin_the_person(session: Session, articles: list[int]) -> None:
    lloyd = attach_speaker(session, person("Lloyd Austin"), articles[0], DAY1)
    city = attach_speaker(session, ref("Austin", "organization"), articles[1], DAY1)
    assert city.id != lloyd.id and city.kind == "organization"
    # A bare "Austin" with nothing beyond the surname stays a person of its own article...
    bare = attach_speaker(session, person("Austin"), articles[2], DAY1)
    assert bare.id != lloyd.id and bare.kind == "person" and bare.key.startswith("article:")
    # ...and one with the title Lloyd Austin holds is him.
    lloyd = attach_speaker(session, person("Lloyd Austin", roles=("Secretary of Defense",)), articles[0], DAY1)
    secretary = person("Austin", "Defense Secretary Austin", roles=("Defense Secretary",))
    assert attach_speaker(session, secretary, articles[3], DAY1).id == lloyd.id


def test_anonymous_sources_are_per_article_and_found_by_description(session: Session, articles: list[int]) -> None:
    a = attach_speaker(session, ref("senior administration official", "anonymous"), articles[0], DAY1)
    a2 = attach_speaker(session, ref("senior administration official", "anonymous"), articles[0], DAY1)
    b = attach_speaker(session, ref("senior administration official", "anonymous"), articles[1], DAY2)
    c = attach_speaker(session, ref("senior US official", "anonymous"), articles[2], DAY2)
    council = attach_speaker(session, ref("spokesperson for the council", "anonymous"), articles[2], DAY2)
    assert a.id == a2.id and len({a.id, b.id, c.id}) == 3
    assert a.kind == "anonymous" and a.first_seen == DAY1 and a.last_seen == DAY1
    found = {s.id for s in search(session, q="senior official", kind="anonymous")}
    assert found == {a.id, b.id, c.id}
    assert [s.id for s in search(session, q="spokesperson council", kind="anonymous")] == [council.id]


def test_keyless_speakers_stay_in_their_article(session: Session, articles: list[int]) -> None:
    doc1 = attach_speaker(session, ref("joint statement", "organization"), articles[0], DAY1)
    doc1_again = attach_speaker(session, ref("joint statement", "organization"), articles[0], DAY1)
    doc2 = attach_speaker(session, ref("joint statement", "organization"), articles[1], DAY1)
    unknown = attach_speaker(session, ref("he", "unknown"), articles[0], DAY1)
    assert doc1.id == doc1_again.id != doc2.id
    assert unknown.kind == "unknown" and unknown.id not in {doc1.id, doc2.id}


def test_reingest_is_idempotent(session: Session, articles: list[int]) -> None:
    r = person("Jen Psaki", "Jen Psaki, the White House Press Secretary", roles=("White House Press Secretary",))
    first = attach_speaker(session, r, articles[0], DAY1)
    again = attach_speaker(session, r, articles[0], DAY1)
    assert first.id == again.id
    assert len(first.roles) == 1 and len(first.aliases) == 2


def test_search_and_counts(session: Session, articles: list[int]) -> None:
    biden = attach_speaker(session, person("Joe Biden", "President Joe Biden"), articles[0], DAY1)
    psaki = attach_speaker(session, person("Jen Psaki"), articles[0], DAY1)
    anon = attach_speaker(session, ref("senior administration official", "anonymous"), articles[0], DAY1)
    for _ in range(3):
        add_quote(session, articles[0], biden, "Biden")
    add_quote(session, articles[0], anon, "the official")
    assert [s.id for s in session.scalars(search_query(q="biden"))] == [biden.id]
    assert [s.id for s in session.scalars(search_query(q="President Joe"))] == [biden.id]  # by alias
    assert [s.id for s in search(session, q="official", kind="anonymous")] == [anon.id]
    assert search(session, q="official", kind="person") == []
    assert search(session, q="100%") == []
    assert quote_counts(session, [biden.id, psaki.id, anon.id]) == {biden.id: 3, psaki.id: 0, anon.id: 1}
    assert len(session.scalars(speaker_quotes_query(biden.id)).all()) == 3
    info = SpeakerSchema().dump(counted_speaker(session, biden))
    assert info["name"] == "Joe Biden" and info["quote_count"] == 3 and info["kind"] == "person"
    assert "President Joe Biden" in info["aliases"]


def test_merge_moves_quotes_and_survives_reingest(session: Session, articles: list[int]) -> None:
    # Two spellings the automatic matching cannot join: an editor merges them.
    a = attach_speaker(session, person("Mustafa al-Kadhimi"), articles[0], DAY1)
    b = attach_speaker(session, person("Mustafa Kazemi"), articles[1], DAY1)
    assert a.id != b.id
    q = add_quote(session, articles[1], b, "Kazemi")
    merged = merge_speakers(session, b.id, a.id)
    assert merged.id == a.id
    session.refresh(q)
    assert q.speaker_id == a.id
    assert get_speaker(session, b.id) is not None and get_speaker(session, b.id).id == a.id  # type: ignore[union-attr]
    assert b.id not in {s.id for s in search(session)}
    # Re-ingesting the article that said "Kazemi" lands on the merged speaker.
    assert attach_speaker(session, person("Mustafa Kazemi", "Kazemi"), articles[1], DAY2).id == a.id
    assert attach_speaker(session, person("Kazemi"), articles[3], DAY2).id == a.id
    assert quote_counts(session, [a.id]) == {a.id: 1}


def test_split_alias_moves_its_quotes_and_sticks(session: Session, articles: list[int]) -> None:
    # An editor wrongly merged "Hunter Biden" into Joe Biden's speaker.
    wrong = attach_speaker(session, person("Joe Biden", "Biden"), articles[0], DAY1)
    again = attach_speaker(session, person("Hunter Biden"), articles[1], DAY1)
    assert merge_speakers(session, again.id, wrong.id).id == wrong.id
    q_bare = add_quote(session, articles[0], wrong, "Biden")
    q_hunter = add_quote(session, articles[1], wrong, "Hunter Biden")
    hunter = split_alias(session, wrong.id, "Hunter Biden")
    assert hunter.id != wrong.id and hunter.name == "Hunter Biden"
    session.refresh(q_bare)
    session.refresh(q_hunter)
    assert (q_bare.speaker_id, q_hunter.speaker_id) == (wrong.id, hunter.id)
    assert session.scalar(select(SpeakerPin).where(SpeakerPin.match == "hunter biden")) is not None
    # Re-ingest: "Hunter Biden" follows the pin, "Joe Biden" does not join Hunter.
    assert attach_speaker(session, person("Hunter Biden"), articles[1], DAY2).id == hunter.id
    assert attach_speaker(session, person("Joe Biden"), articles[2], DAY2).id == wrong.id
    with pytest.raises(LookupError):
        split_alias(session, wrong.id, "Nobody")


def test_rename_sticks_through_fuller_names(session: Session, articles: list[int]) -> None:
    s = attach_speaker(session, person("Biden"), articles[0], DAY1)
    rename_speaker(session, s.id, "Joseph R. Biden Jr.")
    attach_speaker(session, person("Joe Biden", "President Joe Biden"), articles[1], DAY2)
    session.refresh(s)
    assert s.name == "Joseph R. Biden Jr." and s.name_locked
    assert attach_speaker(session, person("Joseph R. Biden Jr."), articles[2], DAY2).id == s.id
    with pytest.raises(ValueError):
        rename_speaker(session, s.id, "  ")


def test_lookup_uses_indexes(session: Session, articles: list[int], engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("reads SQLite's EXPLAIN QUERY PLAN; the indexes are the same on PostgreSQL")
    attach_speaker(session, person("Joe Biden"), articles[0], DAY1)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    attach_speaker(session, person("Biden"), articles[1], DAY1)
    lookups = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "FROM speakers" in s]
    assert lookups
    with engine.connect() as conn:
        for sql in lookups:
            plan = " ".join(str(r) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, _params(sql)))
            assert "SCAN speakers" not in plan, (sql, plan)


def _params(sql: str) -> tuple[object, ...]:
    return tuple("x" for _ in range(sql.count("?")))


@pytest.mark.model
def test_seed_articles_end_to_end(
    session: Session, articles: list[int], nlp: Language, seed_texts: dict[str, str]
) -> None:
    """The five seeds through extraction, resolution and the store: one speaker per person."""
    for article_id, text in zip(articles, (seed_texts[k] for k in sorted(seed_texts)), strict=True):
        doc = nlp(text)
        quotes = extract_doc(doc)
        resolve_speakers(doc, quotes)
        for q in quotes:
            if q.speaker is not None:
                attach_speaker(session, q.speaker, article_id, DAY1)
    people = search(session, kind="person")
    for who in ("Joe Biden", "Jen Psaki", "Lloyd Austin", "Mustafa al-Kadhimi"):
        hits = [s.name for s in people if same_person(s.name, who)]
        assert len(hits) == 1, (who, hits)
    assert "Joe Biden" in {s.name for s in people}
    anonymous = {s.name for s in search(session, kind="anonymous")}
    assert {"senior administration official", "senior US official"} <= anonymous


@pytest.mark.parametrize("near_first", [True, False], ids=["near-spelling-first", "near-spelling-last"])
def test_a_bare_surname_is_not_held_back_by_a_name_only_spelled_close(
    session: Session, articles: list[int], near_first: bool
) -> None:
    # "Scott Reed" (no role) is only close to "Reid": it must not keep the bare "Reid" of the
    # Minority Leader unlinked, whether it was stored before the bare surname or after.
    harry = attach_speaker(session, person("Harry Reid", roles=("Senate Minority Leader",)), articles[0], DAY1)
    if near_first:
        attach_speaker(session, person("Scott Reed"), articles[1], DAY1)
    bare = attach_speaker(session, person("Reid", roles=("Minority Leader",)), articles[2], DAY1)
    if not near_first:
        attach_speaker(session, person("Scott Reed"), articles[1], DAY1)
    assert get_speaker(session, bare.id).id == harry.id  # type: ignore[union-attr]

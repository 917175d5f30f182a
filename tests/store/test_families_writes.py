"""Assignment's plain SQL: rows written as the ORM would store them, members read in bounded rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from service.engine.families.candidates import MAX_VARIANTS
from service.engine.families.grams import RARE_DF, gram_hashes
from service.engine.families.prepared import keys_text, prepare, prepare_quote
from service.store.articles.models import Article, Outlet, Quote
from service.store.families.assign import assign_family
from service.store.families.index import candidates, frequencies, lookup_grams
from service.store.families.models import Family, FamilyGram
from service.store.families.state import load_members, refresh_family
from service.store.speakers.models import Speaker

pytestmark = pytest.mark.store

SAID = "We will not raise the fuel duty on working families in this parliament, whatever the deficit."
MISQUOTED = "We will raise the fuel duty on working families in this parliament, whatever the deficit."


def _setup(s: Session, outlets: int) -> tuple[int, list[int]]:
    person = Speaker(name="Ann Example", kind="person", key="ann example")
    keys = [f"w-outlet-{i}" for i in range(outlets)]
    s.add_all([person, *(Outlet(name=k, key=k) for k in keys)])
    s.flush()
    return person.id, [s.scalars(select(Outlet.id).where(Outlet.key == k)).one() for k in keys]


def _print(s: Session, outlet_id: int, day: int, text_: str, speaker_id: int, art: Article | None = None) -> Quote:
    if art is None:
        art = Article(
            outlet_id=outlet_id,
            external_id=f"w{outlet_id}-{day}",
            published_at=datetime(2024, 5, day, 9, tzinfo=UTC),
            text="",
            content_hash=f"w{outlet_id}-{day}",
        )
        s.add(art)
        s.flush()
    q = Quote(article_id=art.id, text=text_, start=0, end=1, kind="direct", confidence=1.0, speaker_id=speaker_id)
    s.add(q)
    s.flush()
    assign_family(s, q)
    return q


def test_written_membership_and_state_read_back_as_the_orm_would_store_them(engine: Engine) -> None:
    maker = sessionmaker(engine, expire_on_commit=False)
    with maker() as s, s.begin():
        person, (one, two) = _setup(s, 2)
        first = _print(s, one, 3, SAID, person)
        assert not s.dirty and not s.new  # the rows were written as they were set: nothing left to flush
        second = _print(s, two, 4, MISQUOTED, person)
        assert not s.dirty and not s.new
        fam_id = first.family_id
    with maker() as s:
        fam = s.get(Family, fam_id)
        assert fam is not None and fam.quote_count == 2 and fam.outlet_count == 2
        assert fam.first_seen == datetime(2024, 5, 3, 9, tzinfo=UTC)
        assert fam.last_seen == datetime(2024, 5, 4, 9, tzinfo=UTC)
        assert fam.updated_at.tzinfo is not None and fam.speaker_id == person
        quotes = {q.id: q for q in s.scalars(select(Quote).where(Quote.family_id == fam_id))}
        assert set(quotes) == {first.id, second.id} and all(q.norm_hash for q in quotes.values())
        assert quotes[second.id].meaning_change == ["not"]  # JSON, not its text


def test_a_founded_family_is_stored_with_the_state_its_members_give(engine: Engine) -> None:
    maker = sessionmaker(engine, expire_on_commit=False)
    with maker() as s, s.begin():
        person, (one,) = _setup(s, 1)
        first = _print(s, one, 3, SAID, person)
        fid = first.family_id or 0
    # Read back cold, then re-derived from the members: nothing differs from what was inserted.
    with maker() as s, s.begin():
        fam = s.get(Family, fid)
        assert fam is not None
        stored = {c: getattr(fam, c) for c in ("canonical_how", "speaker_id", "quote_count", "first_seen", "last_seen")}
        stored |= {"counts": (fam.article_count, fam.outlet_count), "conflict": fam.attribution_conflict}
        state = refresh_family(s, fam)
        assert stored == {
            "canonical_how": state.canonical.how,
            "speaker_id": state.speaker_id,
            "quote_count": state.quote_count,
            "first_seen": state.first_seen,
            "last_seen": state.last_seen,
            "counts": (state.article_count, state.outlet_count),
            "conflict": state.attribution_conflict,
        }
        assert (stored["canonical_how"], stored["quote_count"]) == ("only_wording", 1)
        assert stored["first_seen"] == datetime(2024, 5, 3, 9, tzinfo=UTC)


def test_postings_and_frequencies_follow_the_members(engine: Engine) -> None:
    maker = sessionmaker(engine, expire_on_commit=False)
    with maker() as s, s.begin():
        person, (one, two, three) = _setup(s, 3)
        first = _print(s, one, 3, SAID, person)
        _print(s, two, 4, SAID, person)  # a reprint: its grams are all posted already
        edited = _print(s, three, 5, SAID.replace("whatever the deficit", "whatever the deficit says"), person)
        assert first.family_id == edited.family_id
        fid = first.family_id or 0
        words = [SAID, edited.text]
        grams = {g for t in words for g in gram_hashes(prepare_quote(t, "direct").keys)}
        posted = set(s.scalars(select(FamilyGram.gram).where(FamilyGram.family_id == fid)))
        assert posted == grams  # the edit's new grams were posted, the reprint's none twice
        assert set(frequencies(s, sorted(grams)).values()) == {1}  # one family each, however often printed


def test_a_remark_printed_many_times_is_read_as_few_rows_and_counted_exactly(engine: Engine) -> None:
    maker = sessionmaker(engine, expire_on_commit=False)
    with maker() as s, s.begin():
        person, outlets = _setup(s, 3)
        printed = [_print(s, outlets[i % 3], 1 + i, SAID, person) for i in range(12)]
        # A misquote in the first article: one more quote, no more articles.
        _print(s, outlets[0], 1, MISQUOTED, person, s.get(Article, printed[0].article_id))
        loaded = load_members(s, printed[0].family_id or 0)
        # One row per wording and outlet (same kind, role and speaker), not one per quote.
        assert len(loaded.members) == 4 and loaded.articles == 12
        state = loaded.state()
        assert (state.quote_count, state.article_count, state.outlet_count) == (13, 12, 3)
        assert state.canonical.quote_id == printed[0].id and state.canonical.outlets == 3
        assert state.first_seen == datetime(2024, 5, 1, 9, tzinfo=UTC)
        assert state.last_seen == datetime(2024, 5, 12, 9, tzinfo=UTC)


def test_a_candidate_family_brings_only_its_fullest_verbatim_variants(engine: Engine) -> None:
    endings = [
        "whatever the deficit.",
        "whatever the debt is.",
        "whatever the deficit says.",
        "whatever it costs us.",
        "whatever the deficit may be.",
        "whatever the treasury thinks.",
        "whatever.",
    ]
    stem_ = "We will not raise the fuel duty on working families in this parliament, "
    maker = sessionmaker(engine, expire_on_commit=False)
    with maker() as s, s.begin():
        person, outlets = _setup(s, 4)
        printed = [_print(s, outlets[i], 1 + i, SAID, person) for i in range(3)]
        lead = printed[0]
        for i, end in enumerate(endings):
            _print(s, outlets[3], 10 + i, stem_ + end, person)
        fid = lead.family_id or 0
        fam = s.get(Family, fid)
        assert fam is not None and fam.canonical_quote_id == lead.id
        variants = s.scalars(
            select(Quote.text).where(Quote.family_id == fid, Quote.family_role == "verbatim", Quote.id != lead.id)
        ).all()
        assert len(variants) > MAX_VARIANTS
        (found,) = candidates(s, [], [fid])
        expected = sorted(variants, key=lambda t: (len(t), t), reverse=True)[:MAX_VARIANTS]
        assert [v.text for v in found.variants] == expected


def test_candidate_variants_arrive_with_the_keys_stored_at_assignment(engine: Engine) -> None:
    maker = sessionmaker(engine, expire_on_commit=False)
    with maker() as s, s.begin():
        person, (one, two, three) = _setup(s, 3)
        lead = _print(s, one, 3, SAID, person)
        stored = _print(s, two, 4, SAID.replace("the deficit", "the debt"), person)
        legacy = _print(s, three, 5, SAID.replace("the deficit", "the deficit is"), person)
        assert stored.match_keys == keys_text(prepare_quote(stored.text, "direct"))
        # The lookup reads the column rather than tokenising: keys stored in another order come back so.
        backwards = " ".join(reversed((stored.match_keys or "").split()))
        s.execute(update(Quote).where(Quote.id == stored.id).values(match_keys=backwards))
        # A quote assigned before its keys were stored is tokenised when compared, as before.
        s.execute(update(Quote).where(Quote.id == legacy.id).values(match_keys=None))
        (found,) = candidates(s, [], [lead.family_id or 0])
        variants = {v.text: v for v in found.variants}
        assert set(variants) == {stored.text, legacy.text}
        assert variants[stored.text].keys == backwards.split()
        assert variants[legacy.text].keys == prepare(legacy.text).keys


def test_a_gram_whose_postings_stopped_is_not_looked_up() -> None:
    # Grams 1 and 2 are rare; gram 3 reached RARE_DF postings and gets no more: its count means
    # "that many or more families", no evidence of one remark.  Gram 4 was never posted.
    dfs = {1: 1, 2: RARE_DF - 1, 3: RARE_DF}
    assert lookup_grams([3, 2, 1, 4], dfs) == [1, 2]

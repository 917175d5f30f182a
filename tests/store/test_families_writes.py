"""Assignment writes its rows in plain SQL: what the ORM reads back must be what it would have written."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from service.store.families.assign import assign_family
from service.store.families.models import Family
from service.store.models import Article, Outlet, Quote
from service.store.speaker_models import Speaker

pytestmark = pytest.mark.store

SAID = "We will not raise the fuel duty on working families in this parliament, whatever the deficit."
MISQUOTED = "We will raise the fuel duty on working families in this parliament, whatever the deficit."


def test_written_membership_and_state_read_back_as_the_orm_would_store_them(engine: Engine) -> None:
    maker = sessionmaker(engine, expire_on_commit=False)
    with maker() as s, s.begin():
        person = Speaker(name="Ann Example", kind="person", key="ann example")
        s.add_all([person, Outlet(name="One", key="one-w"), Outlet(name="Two", key="two-w")])
        s.flush()
        ids = []
        for day, (key, text_) in enumerate([("one-w", SAID), ("two-w", MISQUOTED)], start=3):
            outlet = s.scalars(select(Outlet).where(Outlet.key == key)).one()
            art = Article(
                outlet_id=outlet.id,
                external_id=f"w{day}",
                published_at=datetime(2024, 5, day, 9, tzinfo=UTC),
                text="",
                content_hash=f"w{day}",
            )
            s.add(art)
            s.flush()
            q = Quote(article_id=art.id, text=text_, start=0, end=1, kind="direct", confidence=1.0)
            q.speaker_id = person.id
            s.add(q)
            s.flush()
            done = assign_family(s, q)
            ids.append(q.id)
            # Nothing is left for the unit of work: the rows were written as they were set.
            assert not s.dirty and not s.new
        fam_id = done.family.id
    with maker() as s:
        fam = s.get(Family, fam_id)
        assert fam is not None and fam.quote_count == 2 and fam.outlet_count == 2
        assert fam.first_seen == datetime(2024, 5, 3, 9, tzinfo=UTC)
        assert fam.last_seen == datetime(2024, 5, 4, 9, tzinfo=UTC)
        assert fam.updated_at.tzinfo is not None and fam.speaker_id is not None
        quotes = {q.id: q for q in s.scalars(select(Quote).where(Quote.family_id == fam_id))}
        assert set(quotes) == set(ids)
        flagged = [q for q in quotes.values() if q.meaning_change]
        assert len(flagged) == 1 and flagged[0].meaning_change == ["not"]  # JSON, not its text
        assert all(q.norm_hash for q in quotes.values())

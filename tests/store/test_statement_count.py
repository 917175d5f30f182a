"""How many SQL statements one article's ingest costs, counted with SQLAlchemy events."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from spacy.language import Language
from sqlalchemy import event

from service.ingest import ArticleInput, ingest
from service.store.db import Database

pytestmark = [pytest.mark.model, pytest.mark.store]

# Measured on the seeds (5-21 quotes each): at most 65 statements on SQLite and 63 on PostgreSQL
# with the quotes inserted in one statement with their speakers, the events in one, the editors'
# pins and the speakers' names read once per article (206 and 184 before, 284 and 262 before
# that). A rise past this is a regression of the write path.
CEILING_PER_ARTICLE = 80


@contextmanager
def counting(db: Database) -> Iterator[list[str]]:
    """Collect every statement the engine sends while the block runs."""
    statements: list[str] = []

    def _count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", _count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", _count)


def test_statements_per_article_stay_under_the_ceiling(db: Database, nlp: Language, seed_texts: dict[str, str]) -> None:
    per_article = []
    for name, text in seed_texts.items():
        with counting(db) as statements:
            ingest(db, nlp, ArticleInput(outlet=f"outlet-{name[:3]}", external_id=name, text=text))
        per_article.append(len(statements))
    print(f"statements per article: {per_article}")
    assert max(per_article) <= CEILING_PER_ARTICLE, per_article
    with counting(db) as statements:
        name, text = next(iter(seed_texts.items()))
        assert (
            ingest(db, nlp, ArticleInput(outlet=f"outlet-{name[:3]}", external_id=name, text=text)).outcome
            == "unchanged"
        )
    # A re-post of unchanged content only looks the article up.
    assert len(statements) <= 4, statements

"""Lookups of an article's entities by position: the answers of a scan over every mention, at a cost
bounded by the mentions near the position (no model: a blank tokeniser)."""

from __future__ import annotations

import random

import spacy

from service.engine.speakers.antecedents import Antecedents
from service.engine.speakers.entity import Entity
from service.engine.speakers.registry import ArticleEntities


def _scan_overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < t for s, t in spans)


def test_mention_lookups_agree_with_a_scan_as_mentions_are_added() -> None:
    rng = random.Random(7)
    entity = Entity(kind="anonymous", name="an official")
    for _ in range(300):
        start = rng.randrange(0, 2000)
        # mostly short mentions, some long, a few empty or reversed: the index must not assume any
        entity.spans.append((start, start + rng.choice((0, 3, 8, 12, 150, -2))))
        lo = rng.randrange(-10, 2010)
        hi = lo + rng.randrange(0, 40)
        assert entity.mentioned_in(lo, hi) == _scan_overlaps(entity.spans, lo, hi)
        starts = sorted(s for s, _ in entity.spans)
        assert entity.starts_between(lo, hi) == [s for s in starts if lo <= s < hi]
        assert list(entity.starts_before(hi)) == sorted((s for s in starts if s < hi), reverse=True)
        assert entity.mentioned_before(hi) == max((s for s in starts if s < hi), default=-1)


class _CountingArticle(ArticleEntities):
    """The article's entities, counting the paragraph lookups a question costs."""

    lookups = 0

    def line_of(self, pos: int) -> int:
        self.lookups += 1
        return super().line_of(pos)


def _article(paragraphs: int) -> _CountingArticle:
    text = "\n\n".join("An official spoke to reporters." for _ in range(paragraphs))
    article = _CountingArticle(spacy.blank("en")(text), [])
    starts = [i * len("An official spoke to reporters.\n\n") for i in range(paragraphs)]
    for start in starts:
        article.anonymous("an official", start, start + len("An official"), plural=False)
    return article


def test_entity_at_finds_the_mention_at_a_position_among_many() -> None:
    article = _article(400)
    official = article.others[0]
    assert len(official.spans) == 400
    at = official.spans[250][0]
    assert article.entity_at(at + 3, at + 5) is official
    assert article.entity_at(at - 4, at - 1) is None  # the blank line before the mention


def test_recent_mention_reads_only_the_mentions_of_the_lines_above() -> None:
    costs = []
    for paragraphs in (50, 800):
        article = _article(paragraphs)
        pos = len(article.text) - len("spoke to reporters.")
        found = Antecedents(article)._recent_mention(pos, "she")
        assert found is article.others[0]
        costs.append(article.lookups)
    # the nearest mention outside quotations ends the walk, however many the article holds
    assert costs[0] == costs[1] <= 3

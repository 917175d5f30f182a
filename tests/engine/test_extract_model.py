"""Extraction with the spaCy model: the messy cases from the issue, and the seed articles."""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.language import Language

from service.engine.pipeline import analyse
from service.engine.types import Quote

pytestmark = pytest.mark.model

# (text, [(quote text, kind, cue text or None, mention text or None)])
CASES = [
    pytest.param(
        "Biden spoke. “We will be, by the end of the year, on a combat mission, “the President said later.",
        [("“We will be, by the end of the year, on a combat mission, “", "direct", "said", "the President")],
        id="closing-mark-typed-as-opening",
    ),
    pytest.param(
        "The mayor spoke at the rally.\n\n“We will rebuild the bridge and the school",
        [("“We will rebuild the bridge and the school", "direct", None, None)],
        id="unclosed-at-document-end",
    ),
    pytest.param(
        "“We will rebuild the bridge,” the mayor said. “And the school\n\nThe council met on Monday.",
        [
            ("“We will rebuild the bridge,”", "direct", "said", "the mayor"),
            ("“And the school", "direct", "said", "the mayor"),
        ],
        id="unclosed-at-paragraph-end",
    ),
    pytest.param(
        "The senator spoke.\n\n“We will fight for every family.\n\n“And we will not stop,” she said.",
        [
            ("“We will fight for every family.", "direct", "said", "she"),
            ("“And we will not stop,”", "direct", "said", "she"),
        ],
        id="multi-paragraph-reopened",
    ),
    pytest.param(
        "“No one will declare ‘mission accomplished,'” a senior administration official said.",
        [
            (
                "“No one will declare ‘mission accomplished,'”",
                "direct",
                "said",
                "a senior administration official",
            )
        ],
        id="nested-quote-straight-apostrophe",
    ),
    pytest.param(
        "“The plan is simple,” he said, “and it will work.”",
        [("“The plan is simple,”", "direct", "said", "he"), ("“and it will work.”", "direct", "said", "he")],
        id="split-quote",
    ),
    pytest.param(
        "“America is assisting Iraq. “We will battle, fight, and crush ISIS together,” he declared.",
        [
            (
                "“America is assisting Iraq. “We will battle, fight, and crush ISIS together,”",
                "direct",
                "declared",
                "he",
            )
        ],
        id="stray-mark-inside-quote",
    ),
    pytest.param(
        "Biden said: “We are going to stay the course.”",
        [("“We are going to stay the course.”", "direct", "said", "Biden")],
        id="colon-attribution",
    ),
    pytest.param(
        "The governor said this:\n\n“We will stay the course.”",
        [("“We will stay the course.”", "direct", "said", "The governor")],
        id="colon-in-previous-paragraph",
    ),
    pytest.param(
        "“Public health comes first.” — Commissioner Mary Jones",
        [("“Public health comes first.”", "direct", None, "Commissioner Mary Jones")],
        id="dash-attribution",
    ),
    pytest.param(
        "“The vote is set for Tuesday,” the clerk said.\n\n“Every ballot will be counted.”",
        [
            ("“The vote is set for Tuesday,”", "direct", "said", "the clerk"),
            ("“Every ballot will be counted.”", "direct", "said", "the clerk"),
        ],
        id="paragraph-without-cue-continues-speaker",
    ),
    pytest.param(
        "The mayor arrived late. “We have a plan,” she said on Friday. She looked tired.",
        [("“We have a plan,”", "direct", "said", "she")],
        id="attribution-in-same-sentence-after",
    ),
    pytest.param(
        "“The talks were productive,” a senior administration\nofficial said.",
        [("“The talks were productive,”", "direct", "said", "a senior administration\nofficial")],
        id="line-break-inside-speaker",
    ),
    pytest.param(
        "The US will send vaccines “quickly”, the president said.",
        [("“quickly”", "partial", "said", "the president")],
        id="partial-one-word",
    ),
    pytest.param(
        "The minister declared that ties had entered a “new phase” with the region.",
        [("“new phase”", "partial", "declared", "The minister")],
        id="partial-in-reported-clause",
    ),
    pytest.param(
        "Jen Psaki, the press secretary, explained to the media on Monday that the announcement is a shift.",
        [("that the announcement is a shift", "indirect", "explained", "Jen Psaki, the press secretary")],
        id="indirect-explained-that",
    ),
    pytest.param(
        "Lloyd Austin told a group of reporters in Alaska on Saturday that the forces are capable.",
        [("that the forces are capable", "indirect", "told", "Lloyd Austin")],
        id="indirect-told-reporters-that",
    ),
    pytest.param(
        "According to the ministry, the talks will resume next week.",
        [("the talks will resume next week", "indirect", "According to", "the ministry")],
        id="according-to",
    ),
    pytest.param(
        "The joint statement issued on Monday said that the role would change.",
        [("that the role would change", "indirect", "said", "The joint statement issued on Monday")],
        id="statement-said-that",
    ),
    pytest.param(
        "The economy is growing fast, the governor said.",
        [("The economy is growing fast", "indirect", "said", "the governor")],
        id="indirect-clause-before-cue",
    ),
    pytest.param(
        "The mayor told reporters on Friday about the new plan. “We will win this fight.”",
        [("“We will win this fight.”", "direct", "told", "The mayor")],
        id="attribution-in-previous-sentence",
    ),
    pytest.param(
        "The bigger risk, the admiral said, is a clash at sea.",
        [
            ("The bigger risk", "indirect", "said", "the admiral"),
            ("is a clash at sea", "indirect", "said", "the admiral"),
        ],
        id="parenthetical-cue-splits-the-report",
    ),
    pytest.param(
        "“The bridge will open in May,” said Ann Lee, the city engineer.",
        [("“The bridge will open in May,”", "direct", "said", "Ann Lee, the city engineer")],
        id="inverted-said-name",
    ),
    pytest.param(
        "The council released a statement saying that the vote was fair.",
        [("that the vote was fair", "indirect", "saying", "The council")],
        id="statement-issuer-is-the-speaker",
    ),
    pytest.param(
        "LEE: We will open the bridge in May.",
        [("We will open the bridge in May.", "indirect", ":", "LEE")],
        id="transcript-label",
    ),
    pytest.param(
        "Iraq’s army is back to ’90s levels and we’re ready. She read “War and Peace” last year.",
        [("“War and Peace”", "scare", None, None)],
        id="apostrophes-and-title-are-not-quotes",
    ),
    pytest.param(
        "The so-called “reform” passed on Tuesday.", [("“reform”", "scare", None, None)], id="scare-quote-reported"
    ),
    pytest.param("“We will win, “ he said. “Always.", [("“We will win, “", "direct", "said", "he")], id="odd-marks"),
    pytest.param(
        "“We will rebuild the bridge,” said the mayor, Jane Roe, on Tuesday.",
        [("“We will rebuild the bridge,”", "direct", "said", "the mayor, Jane Roe")],
        id="date-after-the-speaker-is-not-the-mention",
    ),
    pytest.param(
        "“The deal is off,” said a spokesman for the union on Thursday evening.",
        [("“The deal is off,”", "direct", "said", "a spokesman for the union")],
        id="time-phrase-ending-the-mention",
    ),
    pytest.param(
        "“Nobody called us,” said Ann Lee, who directs the March of Dimes.",
        [("“Nobody called us,”", "direct", "said", "Ann Lee, who directs the March of Dimes")],
        id="month-word-in-a-name-stays",
    ),
    pytest.param(
        "Talks resumed.\n\nIf the talks fail, the union warned, nurses will strike next month.",
        [
            ("If the talks fail", "indirect", "warned", "the union"),
            ("nurses will strike next month", "indirect", "warned", "the union"),
        ],
        id="inserted-cue-with-the-condition-hung-on-it",
    ),
    pytest.param(
        "Talks resumed.\n\nThis kind of spending, the auditor claimed, violates the state constitution.",
        [
            ("This kind of spending", "indirect", "claimed", "the auditor"),
            ("violates the state constitution", "indirect", "claimed", "the auditor"),
        ],
        id="inserted-cue-parsed-as-the-root",
    ),
    pytest.param(
        "Talks resumed.\n\nOf course, the mayor said, “we cannot pay for everything.”",
        [
            ("Of course", "indirect", "said", "the mayor"),
            ("“we cannot pay for everything.”", "direct", "said", "the mayor"),
        ],
        id="inserted-cue-before-a-quotation",
    ),
    pytest.param(
        "Talks resumed.\n\nIn an interview on Friday, the mayor said, “We are working on it.”",
        [("“We are working on it.”", "direct", "said", "the mayor")],
        id="occasion-before-an-inserted-cue-is-not-said",
    ),
    pytest.param(
        "Talks resumed.\n\nSince last spring, the governor and other officials have said cutting that spending "
        "must be a key part of their plan to restore growth.",
        [
            (
                "cutting that spending must be a key part of their plan to restore growth",
                "indirect",
                "said",
                "the governor and other officials",
            )
        ],
        id="gerund-subject-read-as-the-complement",
    ),
    pytest.param(
        "Talks resumed.\n\nThe union, which had complained for weeks, met the governor on Monday.",
        [],
        id="relative-clause-cue-is-not-inserted",
    ),
]


def rows(quotes: list[Quote]) -> list[tuple[str, str, str | None, str | None]]:
    return [(q.text, q.kind, q.cue.text if q.cue else None, q.mention.text if q.mention else None) for q in quotes]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_messy_cases(nlp: Language, text: str, expected: list[tuple[str, str, str | None, str | None]]) -> None:
    found = rows(analyse(text, nlp))
    for row in expected:
        assert row in found
    if not expected:
        assert found == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Talks resumed.\n\nIn an interview on Friday, the mayor said, “We are working on it.”", id="interview"
        ),
        pytest.param(
            "Talks resumed.\n\nAt a rally in Dayton yesterday, the mayor said, “We are not done yet.”",
            id="rally-and-day",
        ),
        pytest.param("Talks resumed.\n\nOn Tuesday, the mayor said, “We are not done yet.”", id="day"),
    ],
)
def test_the_occasion_before_an_inserted_cue_is_not_said(nlp: Language, text: str) -> None:
    assert [q.text for q in analyse(text, nlp)] == [text[text.index("“") :]]


def test_split_quote_pieces_share_an_utterance(nlp: Language) -> None:
    first, second = analyse("“The plan is simple,” he said, “and it will work.”", nlp)
    assert first.utterance is not None and first.utterance == second.utterance


def test_multi_paragraph_pieces_share_an_utterance(nlp: Language) -> None:
    text = "“We will fight for every family.\n\n“And we will not stop,” she said."
    first, second = analyse(text, nlp)
    assert first.utterance == second.utterance


_DIRECT = re.compile(r"[“\"]")


def test_seeds_every_direct_quote_found(nlp: Language, seed_texts: dict[str, str]) -> None:
    for name, text in seed_texts.items():
        quotes = analyse(text, nlp)
        for q in quotes:
            assert text[q.start : q.end] == q.text
            assert 0.0 <= q.confidence <= 1.0
        starts = {q.start for q in quotes}
        covered = [(q.start, q.end) for q in quotes]
        for m in _DIRECT.finditer(text):
            # an opening mark before a capital starts a direct quotation ("new phase" is a fragment)
            opening = m.start() == 0 or text[m.start() - 1].isspace()
            if opening and text[m.end() : m.end() + 1].isupper():
                assert m.start() in starts or any(a <= m.start() < b for a, b in covered), (name, m.start())


def test_seed_broken_quotes_found(nlp: Language, seed_texts: dict[str, str]) -> None:
    text = seed_texts["000_964fe5a4d2fd6793"]
    quotes = analyse(text, nlp)
    broken = next(q for q in quotes if q.text.startswith("“I think things are going well"))
    assert broken.text.endswith("on a combat mission, “")
    assert broken.mention is not None and broken.mention.text == "the President"
    stray = analyse(seed_texts["003_a199db54cc65b35e"], nlp)
    assert any(q.text.startswith("“America is assisting Iraq.") and q.kind == "direct" for q in stray)


def test_seed_002_indirect_statements(nlp: Language, seed_texts: dict[str, str]) -> None:
    quotes = analyse(seed_texts["002_70f2c1d17fadd3be"], nlp)
    by_speaker = {q.mention.text: q for q in quotes if q.mention and q.kind == "indirect"}
    psaki = next(q for name, q in by_speaker.items() if name.startswith("Jen Psaki"))
    austin = next(q for name, q in by_speaker.items() if name.startswith("Lloyd Austin"))
    assert psaki.cue is not None and psaki.cue.text == "explained"
    assert psaki.text.startswith("that")
    assert austin.cue is not None and austin.cue.text == "told"


def test_partial_fragments_keep_the_reporters_clause_as_context(nlp: Language, seed_texts: dict[str, str]) -> None:
    text = seed_texts["003_a199db54cc65b35e"]
    quotes = analyse(text, nlp)
    security = next(q for q in quotes if "dedicated to our security cooperation" in q.text)
    train = next(q for q in quotes if q.text.startswith("“continue to train"))
    assert security.kind == train.kind == "partial"
    assert security.text.startswith("“") and security.text.endswith("”")
    assert security.context is not None and security.context == train.context
    assert text[security.context.start : security.context.end].startswith("that the US is")
    assert security.context.start < security.start and train.end <= security.context.end
    assert security.speaker is not None and security.speaker.name == train.speaker.name == "Joe Biden"


def test_site_pipeline_components_write_doc_quotes(nlp: Language) -> None:
    from service.engine.components import EXTRACTOR, SPEAKERS, quotes_of

    site = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    site.add_pipe(EXTRACTOR)
    site.add_pipe(SPEAKERS)
    doc = site("“We will rebuild the bridge,” the mayor said.")
    (quote,) = quotes_of(doc)
    assert quote.kind == "direct" and quote.speaker is not None and quote.mention is not None
    assert quote.mention.text == "the mayor"
    # analyse on a pipeline holding the components runs them once, on the selective annotation
    assert [q.text for q in analyse(doc.text, site)] == [quote.text]


def test_a_fragment_in_nested_clauses_is_one_quote_in_the_innermost(nlp: Language, seed_texts: dict[str, str]) -> None:
    # "said that …, adding that … “quickly”": both reported clauses hold the fragment.
    quickly = [q for q in analyse(seed_texts["001_99f007b3683dc969"], nlp) if q.text == "“quickly”"]
    assert len(quickly) == 1
    assert quickly[0].context is not None and quickly[0].context.text.startswith("that the US will maintain")

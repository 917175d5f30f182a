"""Things and abstractions the parse offers as a cue's subject: not speakers (issues 9 and 11)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from service.engine.pipeline import analyse
from service.engine.speakers.speakable import cannot_speak, is_source
from tests.engine.speaker_cases import Q, resolve


def _nouns(words: list[str], tags: list[str], lemmas: list[str]) -> Doc:
    pos = ["NOUN" if t.startswith("NN") else "X" for t in tags]
    return Doc(spacy.blank("en").vocab, words=words, tags=tags, pos=pos, lemmas=lemmas)


@pytest.mark.parametrize(
    ("word", "tag", "lemma", "thing"),
    [
        pytest.param("platform", "NN", "platform", True, id="a-thing"),
        pytest.param("awkwardness", "NN", "awkwardness", True, id="abstract-ness-is-no-actress"),
        pytest.param("appointment", "NN", "appointment", True, id="abstract-ment-is-no-agent"),
        pytest.param("mayor", "NN", "mayor", False, id="title"),
        pytest.param("protesters", "NNS", "protester", False, id="anonymous-head"),
        pytest.param("organizer", "NN", "organizer", False, id="agent-ending"),
        pytest.param("committee", "NN", "committee", False, id="organisation"),
        pytest.param("statement", "NN", "statement", False, id="document"),
        pytest.param("poll", "NN", "poll", False, id="source"),
        pytest.param("majority", "NN", "majority", False, id="share-of-people"),
        pytest.param("hands", "NNS", "hand", False, id="plural-no-list-knows"),
        pytest.param("primary", "NN", "primary", True, id="ary-is-a-thing"),
        pytest.param("adversary", "NN", "adversary", False, id="listed-ary-person"),
    ],
)
def test_cannot_speak(word: str, tag: str, lemma: str, thing: bool) -> None:
    (tok,) = _nouns([word], [tag], [lemma])
    assert cannot_speak(tok) is thing


def test_a_capitalised_common_noun_inside_a_sentence_is_a_name() -> None:
    _, tok = _nouns(["Later", "Hannity"], ["RB", "NN"], ["later", "hannity"])
    assert not cannot_speak(tok)


def test_plurals_count_as_things_only_when_asked() -> None:
    (tok,) = _nouns(["deadlines"], ["NNS"], ["deadline"])
    assert not cannot_speak(tok)
    assert cannot_speak(tok, plurals=True)


def test_sources_are_known() -> None:
    poll, platform = _nouns(["poll", "platform"], ["NN", "NN"], ["poll", "platform"])
    assert is_source(poll) and not is_source(platform)


# (text, quote text it starts with, mention expected)
MENTIONS = [
    pytest.param(
        "The governor said on Monday that she wants a budget that calls for “relief for every working family"
        " in the state.”",
        "“relief for every",
        "The governor",
        id="inside-the-content-of-an-outer-report",
    ),
    pytest.param(
        "The decision falls to Judge Maria Lopez, whose job is to recommend a sentence by Friday.",
        "a sentence",
        "whose",
        id="whose-noun-is-the-relative-pronoun",
    ),
    pytest.param(
        "The change would avoid the awkwardness of Mr. Harper flying around the country asking for donations"
        " while his wife is governor.",
        "donations",
        "Mr. Harper",
        id="gerund-subject-in-of-phrase",
    ),
    pytest.param(
        "Ellis summed up the budget as “reckless,” denounced her record as treasurer and said she should resign.",
        "“reckless,”",
        "Ellis",
        id="inverted-object-is-no-speaker-the-shared-subject-is",
    ),
    pytest.param(
        "The verdict will force Mayor Ellen Ruiz to acknowledge a painful truth about the city budget.",
        "a painful truth",
        "Mayor Ellen Ruiz",
        id="a-thing-forcing-someone-to-speak",
    ),
    pytest.param(
        "The end of the Cold War also left many small nations feeling that they faced no obvious threat.",
        "that they faced",
        "many small nations",
        id="a-thing-leaving-people-feeling",
    ),
    pytest.param(
        "Union leaders were angered by the decision and predicted it would hurt workers across the state.",
        "it would hurt",
        "Union leaders",
        id="conjoined-to-a-passive-the-thing-acting-is-no-speaker",
    ),
    pytest.param(
        "The Green Party platform explicitly recognizes farm workers, outlining several areas in which the"
        " party wants change.",
        "several areas",
        "The Green Party platform",
        id="a-participle-after-a-comma-keeps-the-subject",
    ),
    pytest.param(
        "The council's decision will increase the pressure on the mayor to explain why the contract was signed.",
        "why the contract",
        "the mayor",
        id="pressure-on-someone-to-speak",
    ),
    pytest.param(
        "Senator Wells is pushing fellow Republicans to reject the spending deal reached last week.",
        "the spending deal",
        "Senator Wells",
        id="a-person-pushing-others-keeps-the-report",
    ),
    pytest.param(
        "According to a new poll, most voters in the county support the plan.",
        "most voters",
        "a new poll",
        id="according-to-names-its-source",
    ),
]


@pytest.mark.parametrize(("text", "start", "mention"), MENTIONS)
def test_mention_of_a_thing_goes_to_who_speaks(nlp: Language, text: str, start: str, mention: str) -> None:
    quotes = [q for q in analyse(text, nlp) if q.text.startswith(start)]
    assert quotes, [q.text for q in analyse(text, nlp)]
    assert quotes[0].mention is not None and quotes[0].mention.text == mention


def test_owned_thing_speaks_for_its_owner_not_for_a_body_in_it(nlp: Language) -> None:
    text = (
        "Senator Mark Ellis met the press on Monday. His appointment of Jane Ross, the president of the Farm"
        " Institute, to the drafting committee suggests that he wants a deal."
    )
    mention = "His appointment of Jane Ross, the president of the Farm Institute, to the drafting committee"
    (ref,) = resolve(nlp, text, [Q("that he wants a deal", mention)])
    assert ref.kind == "person" and ref.name == "Mark Ellis"


def test_whose_is_the_one_the_relative_clause_is_about(nlp: Language) -> None:
    text = "The decision falls to Judge Maria Lopez, whose job is to recommend a sentence by Friday."
    (ref,) = resolve(nlp, text, [Q("a sentence by Friday", "whose")])
    assert ref.kind == "person" and ref.name == "Maria Lopez"

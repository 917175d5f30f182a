"""Rules on speaker names that need no model: honorifics and initials, organisation names,
descriptions with their affiliation, and ties that do not depend on arrival."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from service.engine import names
from service.engine.names.mention_text import description_core, description_head
from service.engine.names.persons import bare_person_name, known_given
from service.engine.speakers.groups import names_people


def test_no_honorific_or_lone_initial_as_a_first_name() -> None:
    assert bare_person_name("Mr Trump") == "Trump"
    assert bare_person_name("Mrs. Clinton") == "Clinton"
    assert bare_person_name("X. Trump") == "Trump"
    assert bare_person_name("George W. Bush") == "George W. Bush"
    assert bare_person_name("Donald Trump") == "Donald Trump"


def test_an_organisation_keeps_its_head_noun_phrase() -> None:
    # "State" and "Post" are also verbs; after a determiner they are never cut as one.
    assert names.normalize_organization("the State Department") == "State Department"
    assert names.normalize_organization("The Post") == "Post"
    assert names.normalize_organization("Even China") == "China"  # a focus adverb says how, not who
    assert names.clean_mention("Biden Vowed") == "Biden"


def test_descriptions_keep_their_affiliation() -> None:
    assert description_core("spokesperson for the council") == "spokesperson"
    assert description_head("spokesperson for the council") == "spokesperson"
    assert description_head("senior administration official") == "official"


def test_fuller_name_does_not_depend_on_order() -> None:
    pairs = [("Martin O’Malley", "Martin O'Malley"), ("Kadhimi", "Kadhemi"), ("Joe Biden", "Biden")]
    for a, b in pairs:
        assert names.fuller_name(a, b) == names.fuller_name(b, a)
    assert names.fuller_name("Biden", "Joe Biden") == "Joe Biden"


def test_relatives_are_not_one_person() -> None:
    assert not names.same_person("Michelle Obama", "Barack Obama")
    assert not names.same_person("Mrs. Clinton", "Bill Clinton")  # a nickname's gender counts
    assert not names.same_person("Mr. Obama", "Mrs. Obama")
    assert names.same_person("Mr. Obama", "Barack Obama")
    assert names.same_person("Hillary Rodham Clinton", "Hillary Clinton")
    assert known_given("Donald") and not known_given("Billionaire")


@pytest.mark.parametrize(
    ("word", "tag", "people"),
    [
        ("allies", "NNS", True),
        ("farmers", "NNS", True),
        ("senators", "NNS", True),
        ("ally", "NN", False),
        ("comments", "NNS", False),  # an agent-like ending on a message noun
        ("departments", "NNS", False),  # and on an organisation head
    ],
)
def test_a_plural_people_noun_is_known_without_a_lemma(word: str, tag: str, people: bool) -> None:
    # the production pipeline runs no lemmatizer: the plural is undone by hand
    doc = Doc(spacy.blank("en").vocab, words=[word], tags=[tag])
    assert names_people(doc[0]) is people

"""Organisations as speakers: a person NER took for one, and descriptions that name no organisation seen."""

from __future__ import annotations

from spacy.language import Language

from service.engine.pipeline import analyse

_CAMPAIGN = (
    'Donald Trump told a news conference that Hillary Clinton was playing "the woman\'s card."\n\n'
    '"What\'s shaping up is a battle for the ages," said David Brock, who heads the super PAC '
    "Correct the Record.\n\n"
    "Clinton allies and the campaign itself have been startled by what some call Trump's unsubtle "
    "line of attack.\n\n"
    "\"They might make flashy headlines, but Trump's comments aren't a joke,\" the campaign wrote Wednesday."
)


def test_the_campaign_is_no_organisation_whose_name_lacks_the_word(nlp: Language) -> None:
    # neither "Trump" (a person NER may tag ORG) nor the PAC named before is "the campaign"
    quote = next(q for q in analyse(_CAMPAIGN, nlp) if q.text.startswith('"They might'))
    assert quote.speaker is not None and quote.speaker.kind == "organization"
    assert quote.speaker.name == "Campaign" and quote.speaker.key == ""


def test_the_campaign_named_before_is_the_campaign(nlp: Language) -> None:
    text = (
        "The Sanders campaign filed a complaint against the party on Friday.\n\n"
        '"We will not be silenced," the campaign said in a statement.'
    )
    quote = next(q for q in analyse(text, nlp) if q.kind == "direct")
    assert quote.speaker is not None and quote.speaker.name == "Sanders campaign"


def test_a_subject_split_at_the_comma_of_a_name_is_one_subject(nlp: Language) -> None:
    text = (
        "In their new book, Stephen S. Cohen and J. Bradford DeLong of the University of California, "
        "Berkeley suggest that it was the fault of American policy choices."
    )
    quote = next(q for q in analyse(text, nlp) if q.kind == "indirect")
    assert quote.mention is not None and quote.mention.text.startswith("Stephen S. Cohen")


def test_a_capitalised_common_noun_is_the_articles_own_organisation(nlp: Language) -> None:
    # "Police" at a sentence start shares no key with other articles' police; a name keeps its own
    text = (
        "Police said the suspect was armed.\n\n"
        "The Washington Post reported that the suspect had bought the guns legally."
    )
    speakers = [q.speaker for q in analyse(text, nlp) if q.speaker is not None]
    assert [(s.name, s.key) for s in speakers] == [("Police", ""), ("Washington Post", "org:washington post")]


def test_a_news_outlet_is_an_organisation_and_only_an_outlet_is_the_magazine(nlp: Language) -> None:
    text = (
        "“The race is over in the west,” wrote Harbor magazine on Friday.\n\n"
        "Shares of Acme Bank fell after the merger was called off.\n\n"
        "“Nobody saw this coming,” the magazine said."
    )
    first, last = (q for q in analyse(text, nlp) if q.kind == "direct")
    assert first.speaker is not None and (first.speaker.name, first.speaker.kind) == ("Harbor magazine", "organization")
    assert first.speaker.key  # a named outlet is one speaker across articles
    assert last.speaker is not None and last.speaker.name != "Acme Bank"

"""Speaker resolution rules inside one article: groups, unnamed sources, relatives sharing a surname."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from service.engine import names
from service.engine.pipeline import analyse
from service.engine.speakers.groups import unnamed
from service.engine.speakers.registry import ArticleEntities
from tests.engine.speaker_cases import Q, resolve

pytestmark = pytest.mark.model

# (text, quotes, expected per quote: (name, kind)); name "" means "any".
CASES = {
    "a-couple-sharing-a-surname-is-a-group": (
        "Amir and Leila Hassan, the parents of a soldier killed in the war, spoke at the convention on Thursday. "
        "Amir and Leila Hassan, the parents of the fallen soldier, said the remarks “hurt us deeply.”",
        [Q("“hurt us deeply.”", "Amir and Leila Hassan, the parents of the fallen soldier")],
        [("Amir and Leila Hassan", "anonymous")],
    ),
    "a-conjunct-after-a-name-and-its-apposition-is-the-apposition-s": (
        "“Great crowd, great people here,” Garcia, the party’s frontrunner nationally and current polling "
        "leader in Iowa by a wide margin, said when a reporter asked him about the rally.",
        [
            Q(
                "“Great crowd, great people here,”",
                "Garcia, the party’s frontrunner nationally and current polling leader in Iowa by a wide margin",
            )
        ],
        [("Garcia", "person")],
    ),
    "a-share-of-a-speech-is-its-speaker-s-words": (
        "Gov. Ann Lutz spoke in Denver on Friday. More than half of Lutz’s address in Denver was devoted "
        "to criticizing the senator’s record on water rights.",
        [Q("the senator’s record on water rights", "More than half of Lutz’s address in Denver", cue="criticizing")],
        [("Ann Lutz", "person")],
    ),
    "names-joined-before-a-plural-relative-are-a-group": (
        "The senator refrained from attacking his rivals, particularly Govs. Ann Lutz and Ray Kolb, who say the "
        "senator lacks the experience needed.",
        [Q("the senator lacks the experience needed", "Ray Kolb, who", cue="say")],
        [("Ann Lutz and Ray Kolb", "anonymous")],
    ),
    "a-name-joined-to-another-before-a-singular-relative-is-that-person": (
        "The board heard from Ann Lutz and Ray Kolb, who has said for years that the plant is unsafe.",
        [Q("the plant is unsafe", "Ray Kolb, who", cue="said")],
        [("Ray Kolb", "person")],
    ),
    "an-example-before-a-plural-relative-is-the-group-it-exemplifies": (
        "Jane Roe, 24, waited in line for an hour. Lutz is trying to cut into the lead by appealing to younger "
        "voters such as Roe, who are drawn to his message and feel that the old trade deals hurt their towns.",
        [Q("that the old trade deals hurt their towns", "Roe, who are drawn to his message and", cue="feel")],
        [("younger voters", "anonymous")],
    ),
    "a-relative-with-its-auxiliary-is-its-antecedent": (
        "Lutz now has to convince enough of the delegates who’ve already said they back Kolb to switch sides.",
        [Q("they back Kolb to switch sides", "who’ve", cue="said")],
        [("", "anonymous")],
    ),
    "a-possessor-before-people-read-as-a-compound-is-no-speaker": (
        "Senator Ray Kolb has clashed with his colleagues for years. Kolb’s allies bristle at the suggestion that "
        "he’s entirely to blame for the feud between him and other senators — it’s a two-way street, they insist.",
        [
            Q(
                "it’s a two-way street",
                "Kolb’s allies bristle at the suggestion that he’s entirely to blame for the feud between him and "
                "other senators",
                cue="insist",
            )
        ],
        [("Kolb’s allies", "anonymous")],
    ),
    "plural-they-after-a-body-coordinated-with-people-is-the-group": (
        "In meetings, the Justice Department and senior police officials agreed that the move could sway the "
        "race. But waiting, they acknowledged, could open them up to criticism from the mayor.",
        [
            Q("that the move could sway the race", "the Justice Department and senior police officials", cue="agreed"),
            Q("could open them up to criticism from the mayor", "they", cue="acknowledged"),
        ],
        [("", "anonymous"), ("", "anonymous")],
    ),
    "plural-they-is-the-nearest-people-even-unregistered": (
        "“I’m so happy to be back,” Lutz said to cheers from some 4,000 supporters who had crammed into the "
        "hall. Lutz’s top aides, meanwhile, sought to play down the visit. Their job at this point, they "
        "argued, was to lock down the states they need.",
        [Q("was to lock down the states they need", "they", cue="argued")],
        [("Lutz’s top aides", "anonymous")],
    ),
    "plural-they-skips-people-of-a-participle": (
        "Lutz has grown skeptical of arming the rebels, officials say. With foreign fighters playing a bigger "
        "role in the rebellion, they said, the plan could backfire.",
        [Q("the plan could backfire", "they", cue="said")],
        [("officials", "anonymous")],
    ),
    "plural-they-after-a-relative-is-the-people-it-stands-for": (
        "Senator Ray Kolb moved to the right on trade last year. The turn angered farmers who saw it as a betrayal. "
        "They also have criticized Kolb for staying silent on tariffs.",
        [Q("Kolb for staying silent on tariffs", "They", cue="criticized")],
        [("farmers", "anonymous")],
    ),
    "people-named-with-their-states-are-a-group": (
        "Two senators broke with the leadership on Tuesday. Sens. Mary Dunn of Ohio and Paul Frey of Iowa, both "
        "up for reelection, said the bill “goes too far.”",
        [Q("“goes too far.”", "Sens. Mary Dunn of Ohio and Paul Frey of Iowa, both up for reelection")],
        [("", "anonymous")],
    ),
    "an-indefinite-thing-is-no-unnamed-source": (
        "The delegates met in Denver on Monday. A platform adopted in May says the party owes its voters a say.",
        [Q("the party owes its voters a say", "A platform adopted in May")],
        [("", "unknown")],
    ),
    "an-indefinite-person-word-is-an-unnamed-source": (
        "The dinner ran past midnight. A guest at the dinner said the speech ran long.",
        [Q("the speech ran long", "A guest at the dinner")],
        [("", "anonymous")],
    ),
    "a-possessed-collective-is-a-group-not-its-possessor": (
        "Governor Ray Kolb lost the vote on Tuesday. Kolb's inner circle said he was furious at the result.",
        [Q("he was furious at the result", "Kolb's inner circle")],
        [("Kolb's inner circle", "anonymous")],
    ),
    "a-demonstrative-plural-is-a-group": (
        "The mine won its permit on Monday.\n\nThose greens say the permit ignores the river downstream.",
        [Q("the permit ignores the river downstream", "Those greens")],
        [("those greens", "anonymous")],
    ),
    "a-share-of-a-body-is-a-group-of-its-members": (
        "The delegates met in Cleveland on Thursday. Only half of the rules committee said it backed the change.",
        [Q("it backed the change", "Only half of the rules committee")],
        [("", "anonymous")],
    ),
    "a-body-coordinated-with-people-is-a-group": (
        "The inquiry reopened on Friday. The Justice Department and senior police officials argued that the "
        "letter broke the rules.",
        [Q("the letter broke the rules", "The Justice Department and senior police officials", cue="argued")],
        [("", "anonymous")],
    ),
    "coordinated-people-are-a-group": (
        "John Smith and Mary Jones met farmers in Ohio on Monday. "
        "John Smith and Mary Jones said the bill “would help every farm in the state.”",
        [Q("“would help every farm in the state.”", "John Smith and Mary Jones", nth_mention=1)],
        [("John Smith and Mary Jones", "anonymous")],
    ),
    "a-person-named-in-a-modifier-is-not-the-speaker": (
        "Democratic pollster Anna Reyes, who once worked for Senator John Smith, said the race was “wide open.”",
        [Q("“wide open.”", "Democratic pollster Anna Reyes, who once worked for Senator John Smith")],
        [("Anna Reyes", "person")],
    ),
    "an-adviser-to-someone-is-one-person": (
        "Susan Palmer, a former adviser to John Smith and a longtime ally, said the plan was “a mistake.”",
        [Q("“a mistake.”", "Susan Palmer, a former adviser to John Smith and a longtime ally")],
        [("Susan Palmer", "person")],
    ),
    "group-word-is-an-unnamed-source": (
        "The mayor is 74 and in good health. Those around him said a new run was “unlikely.”",
        [Q("“unlikely.”", "Those around him")],
        [("those around him", "anonymous")],
    ),
    "indefinite-common-noun-is-an-unnamed-source": (
        "The studio dropped the sequel last week, according to a film producer familiar with the talks.",
        [Q("The studio dropped the sequel last week", "a film producer familiar with the talks")],
        [("film producer", "anonymous")],
    ),
    "that-person-refers-back-to-the-source": (
        "John Smith will rethink his approach, a source close to him said. "
        "That person said the criticism had “hurt the campaign badly.”",
        [
            Q("John Smith will rethink his approach", "a source close to him"),
            Q("“hurt the campaign badly.”", "That person"),
        ],
        [("", "anonymous"), ("", "anonymous")],
    ),
    "bare-surname-stays-with-the-person-the-article-calls-so": (
        "Senator Ann Carter spoke first at the rally. Carter said the bill “must pass this year.” "
        "Later her husband, Paul Carter, joined her on stage. “We are proud of this state,” Carter said.",
        [Q("“must pass this year.”", "Carter", nth_mention=1), Q("“We are proud of this state,”", "Carter", 3)],
        [("Ann Carter", "person"), ("Ann Carter", "person")],
    ),
    "spouse-named-by-given-name-takes-the-surname": (
        "Senator Tom Becker toured the plant on Monday. His wife, Laura, told reporters that he “never stops working.”",
        [Q("“never stops working.”", "His wife, Laura")],
        [("Laura Becker", "person")],
    ),
    "spouse-takes-the-surname-of-the-nearest-possessor-not-of-the-last-person-named": (
        "Governor Paul Hendry spoke in Dayton on Monday. His chief strategist, Tom Alvarez, said the race was "
        "close. Hendry, whose base includes farmers, said the plan would help. On Tuesday, his wife, Maria, "
        "called for calm.",
        [Q("called for calm", "his wife, Maria")],
        [("Maria Hendry", "person")],
    ),
    "a-plural-surname-is-the-family-not-one-of-them": (
        "Ray Kolb and his wife, Ann Kolb, spoke at the convention on Monday. "
        "The Kolbs said the candidate “has never sacrificed anything.”",
        [Q("“has never sacrificed anything.”", "The Kolbs")],
        [("the Kolbs", "anonymous")],
    ),
    "relative-of-a-named-possessor": (
        "Becker's daughter, Emma, said the family was “ready for the campaign.”",
        [Q("“ready for the campaign.”", "Becker's daughter, Emma")],
        [("Emma Becker", "person")],
    ),
    "a-common-noun-before-a-name-is-cut": (
        "Billionaire Donald Trump spoke in Iowa on Monday. “We will win,” Billionaire Donald Trump said.",
        [Q("“We will win,”", "Billionaire Donald Trump", nth_mention=1)],
        [("Donald Trump", "person")],
    ),
    "a-late-relative-does-not-take-the-bare-surname": (
        "Carter spoke first at the rally. Carter said the bill “must pass this year.” "
        "Later her son, Paul Carter, joined Senator Ann Carter on stage. “We are proud,” Carter said.",
        [Q("“must pass this year.”", "Carter", nth_mention=1), Q("“We are proud,”", "Carter", 4)],
        [("Carter", "person"), ("Carter", "person")],
    ),
    "reflexive-after-a-name": (
        "John Smith met donors in Miami on Friday. Smith himself said the deal was “done.”",
        [Q("“done.”", "Smith himself")],
        [("John Smith", "person")],
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_group_and_unnamed_cases(nlp: Language, case: str) -> None:
    text, specs, expected = CASES[case]
    refs = resolve(nlp, text, specs)
    for ref, (name, kind) in zip(refs, expected, strict=True):
        assert ref.kind == kind, ref
        if name and kind == "person":
            assert names.same_person(ref.name, name) and ref.name.split()[0] == name.split()[0], ref
        elif name:
            assert ref.name.lower() == name.lower(), ref


def test_a_relative_named_by_a_kinship_apposition_never_takes_the_bare_surname() -> None:
    text = "Sen. Tom Becker spoke. His wife, Laura Becker, spoke too. Becker left."
    article = ArticleEntities(spacy.blank("en")(text), [])
    tom = article.add_person("Tom Becker", text.index("Tom"), text.index("Tom") + 10)
    laura = article.add_person("Laura Becker", text.index("Laura"), text.index("Laura") + 12, relative=True)
    assert laura is not tom
    # Laura is the nearer; the bare surname still belongs to the person whose relative she is.
    assert article.find_person("Becker", before=text.rindex("Becker")) is tom


def test_a_known_name_the_tagger_calls_a_plural_noun_is_no_group(nlp: Language) -> None:
    # "Sanders’ only path ..." where the tagger reads "Sanders" as a plural common noun
    words = ["Bernie", "Sanders", "spoke", ".", "Sanders", "’", "only", "path", "is", "narrow", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[True, True, False, True, False, True, True, True, True, False, False],
        pos=["PROPN", "PROPN", "VERB", "PUNCT", "NOUN", "PUNCT", "ADJ", "NOUN", "AUX", "ADJ", "PUNCT"],
        tags=["NNP", "NNP", "VBD", ".", "NNS", "''", "JJ", "NN", "VBZ", "JJ", "."],
        deps=["compound", "nsubj", "ROOT", "punct", "nsubj", "punct", "amod", "appos", "ROOT", "acomp", "punct"],
        heads=[1, 2, 2, 2, 8, 4, 7, 4, 8, 8, 8],
        ents=["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "O", "O", "O", "O"],
    )
    article = ArticleEntities(doc, [])
    start = doc[4].idx
    text = doc[4:8].text
    ref, entity = unnamed(article, text, text, "sanders", doc[4], start, start + len(text))
    assert entity is None and ref.kind == "unknown"


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # a list of names is one group, named whole (its first comma is no apposition)
        (
            "“We will stand together,” said Ann Lutz, Ray Kolb and party chairman Tom Reed, who met on Monday.",
            "Ann Lutz, Ray Kolb and party chairman Tom Reed",
            "anonymous",
        ),
        # names inside the description of one person are no second speaker
        (
            "“You can aim for a lot of policies,” said Mary Soto, a former adviser to Governor Ann Lutz "
            "and Senator Ray Kolb.",
            "Mary Soto",
            "person",
        ),
    ],
)
def test_a_coordination_is_a_group_only_when_it_is_the_mention_s_own(
    nlp: Language, text: str, name: str, kind: str
) -> None:
    (quote,) = analyse(text, nlp)
    assert quote.speaker is not None and (quote.speaker.name, quote.speaker.kind) == (name, kind)

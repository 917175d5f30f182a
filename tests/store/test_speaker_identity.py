"""Who said it, through the real ingest path: relatives apart, bare surnames only on evidence,
names from the parse, anonymous sources per article, and the same answer in either order."""

from __future__ import annotations

import pytest
from spacy.language import Language
from sqlalchemy import select

from schemas.speakers import SpeakerSchema
from service.ingest import ArticleInput, ingest
from service.store.articles.models import Article, Quote
from service.store.db import Database
from service.store.speakers import counted_speaker, live, search_query
from service.store.speakers.models import Speaker

pytestmark = [pytest.mark.model, pytest.mark.store]

FIRST_LADY = (
    "First lady Michelle Obama visited an elementary school in Richmond on Tuesday.\n\n"
    "“Every child in this country deserves a great teacher,” Mrs. Obama told the students.\n\n"
    "She later met with parents. “We owe them that much,” she said."
)
PRESIDENT = (
    "President Barack Obama defended his trade agenda at a factory in Ohio on Monday.\n\n"
    "“We are not going to back down from this fight,” Mr. Obama said.\n\n"
    "“The economy is growing again,” he added."
)
BARE_PRESIDENT = (
    "The White House pushed back on the report on Friday.\n\n"
    "“We are making real progress on this,” President Obama said in a short statement."
)
CLINTONS = (
    "Hillary Clinton campaigned in Des Moines on Saturday alongside her husband, former President Bill Clinton.\n\n"
    "“We need an economy that works for everyone,” Mrs. Clinton said.\n\n"
    "“She is the best prepared candidate I have ever seen,” Mr. Clinton told the crowd."
)
SANDERS = (
    "Felicia Sanders, who survived the church shooting, spoke at the memorial on Sunday.\n\n"
    "“I forgive him, but I will never forget,” she said.\n\n"
    "Later, Senator Bernie Sanders of Vermont addressed the same crowd.\n\n"
    "“The system is rigged against working families,” Mr. Sanders said."
)
BARE_SANDERS = "Protesters gathered outside the arena.\n\n“This is about our future,” Sanders said."
MODIFIERS = (
    "Billionaire Donald Trump rallied supporters in Iowa on Monday.\n\n"
    "“We are going to win so much, you will get tired of winning,” Billionaire Donald Trump said.\n\n"
    "“Nobody builds walls better than me,” Mr Trump said later."
)
ANONYMOUS = (
    "The administration is weighing new sanctions, a senior administration official said on Tuesday.\n\n"
    "“No decision has been made,” the official said.\n\n"
    "“The council will meet again next week,” a spokesperson for the council said."
)
ANONYMOUS_2 = "“Talks with the allies are continuing,” a senior administration official said on Wednesday."

ARTICLES = {
    "first-lady": FIRST_LADY,
    "president": PRESIDENT,
    "bare-president": BARE_PRESIDENT,
    "clintons": CLINTONS,
    "sanders": SANDERS,
    "bare-sanders": BARE_SANDERS,
    "modifiers": MODIFIERS,
    "anonymous": ANONYMOUS,
    "anonymous-2": ANONYMOUS_2,
}


def speakers_by_fragment(db: Database, nlp: Language, order: list[str]) -> dict[str, Speaker]:
    """Ingest the articles in ``order``; return the live speaker of each quote by its first words."""
    for external_id in order:
        ingest(db, nlp, ArticleInput(outlet="Test Wire", external_id=external_id, text=ARTICLES[external_id]))
    out: dict[str, Speaker] = {}
    with db.sessions() as session:
        for text, speaker_id in session.execute(
            select(Quote.text, Quote.speaker_id).join(Article, Quote.article_id == Article.id)
        ):
            speaker = live(session, session.get(Speaker, speaker_id)) if speaker_id is not None else None
            if speaker is not None:
                session.expunge(speaker)
                out[" ".join(text.strip('“”"').split()[:3])] = speaker
    return out


@pytest.mark.parametrize("reverse", [False, True], ids=["corpus-order", "reversed"])
def test_relatives_apart_and_bare_surnames_on_evidence(db: Database, nlp: Language, reverse: bool) -> None:
    order = list(ARTICLES)[::-1] if reverse else list(ARTICLES)
    by = speakers_by_fragment(db, nlp, order)
    # Two Obamas: Mrs. and she are Michelle, Mr. and he are Barack, across articles.
    assert by["Every child in"].name == "Michelle Obama"
    assert by["We owe them"].id == by["Every child in"].id
    assert by["We are not"].name == "Barack Obama"
    assert by["The economy is"].id == by["We are not"].id
    # "President Obama" of an article that never expands him: the title is evidence.
    assert by["We are making"].id == by["We are not"].id
    # Two Clintons in one article, told apart by Mrs. and Mr.
    assert by["We need an"].name == "Hillary Clinton"
    assert by["She is the"].name == "Bill Clinton"
    # Two Sanders in one article: she is Felicia, Mr. Sanders is Bernie.
    assert by["I forgive him,"].name == "Felicia Sanders"
    assert by["The system is"].name == "Bernie Sanders"
    # A bare "Sanders" with nothing beyond the surname joins neither: a person of its article.
    bare = by["This is about"]
    assert (
        bare.name == "Sanders"
        and bare.kind == "person"
        and bare.id
        not in {
            by["I forgive him,"].id,
            by["The system is"].id,
        }
    )
    # Names from the parse: no modifier, no honorific as a first name.
    assert by["We are going"].name == "Donald Trump"
    assert by["Nobody builds walls"].id == by["We are going"].id
    # Anonymous sources: one per article, affiliation kept, found by description.
    official = by["No decision has"]
    assert official.kind == "anonymous" and official.name == "senior administration official"
    other = by["Talks with the"]
    assert other.kind == "anonymous" and other.id != official.id
    assert by["The council will"].name == "spokesperson for the council"
    with db.sessions() as session:
        found = {s.id for s in session.scalars(search_query("senior official", "anonymous"))}
        assert {official.id, other.id} <= found
        bare_row = session.get(Speaker, bare.id)
        assert bare_row is not None and SpeakerSchema().dump(counted_speaker(session, bare_row))["unlinked"] is True


def test_groups_and_possessives_are_anonymous_sources(nlp: Language) -> None:
    from service.engine.pipeline import analyse

    text = (
        "Donald Trump held a rally in Ohio on Tuesday.\n\n"
        "“He cannot win the general election,” some Republicans said.\n\n"
        "“This campaign is over,” Trump's rivals said after the rally.\n\n"
        "“We are not worried,” another New Hampshire Democrat said."
    )
    by = {" ".join(q.text.strip("“”").split()[:2]): q.speaker for q in analyse(text, nlp)}
    for fragment in ("He cannot", "This campaign", "We are"):
        speaker = by[fragment]
        assert speaker is not None and speaker.kind == "anonymous", (fragment, speaker)
        assert speaker.name != "Trump"


FATHER = (
    "Former President George H.W. Bush spoke at his library in College Station on Monday.\n\n"
    "“We have been blessed,” George H.W. Bush said."
)
SON = (
    "Former President George W. Bush painted portraits of veterans for a new book.\n\n"
    "“They are the bravest people I know,” George W. Bush said."
)


@pytest.mark.parametrize("reverse", [False, True], ids=["father-first", "son-first"])
def test_namesakes_of_one_family_keep_their_own_keys_in_either_order(
    db: Database, nlp: Language, reverse: bool
) -> None:
    # The key holds surname and given name; namesakes differ by their middle initials only, and
    # a key told apart by arrival ("#2") would name each differently in the other order.
    order = [("father", FATHER), ("son", SON)][:: -1 if reverse else 1]
    for external_id, text in order:
        ingest(db, nlp, ArticleInput(outlet="Test Wire", external_id=external_id, text=text))
    with db.sessions() as session:
        keys = {s.name: s.key for s in session.scalars(select(Speaker).where(Speaker.kind == "person"))}
    assert keys == {"George H.W. Bush": "person:bush:giurgi:hw", "George W. Bush": "person:bush:giurgi:w"}


def test_an_unresolved_mention_is_no_speaker(db: Database, nlp: Language) -> None:
    # A row per unresolved mention would list "one" and "another" among the speakers (and make two
    # unresolved "he" of one article one speaker); each quote keeps its mention and no speaker.
    text = (
        "City to weigh ‘historic’ bridge vote.\n\n"
        "The council meets on Tuesday. Residents have filled two earlier hearings.\n\n"
        "“We will listen to everyone,” Mayor Tom Reyes said.\n\n"
        "Two men at the back of the hall shouted. “He is lying,” one said. “Sit down,” another said."
    )
    ingest(db, nlp, ArticleInput(outlet="Test Wire", external_id="bridge", text=text))
    with db.sessions() as session:
        speakers = {s.name: s.kind for s in session.scalars(select(Speaker))}
        headline = session.scalars(select(Quote).where(Quote.text == "‘historic’")).one()
        # a scare quote no one is credited with has no speaker at all, not an unresolved one
        assert headline.speaker_id is None and headline.speaker_how is None
        kept = session.scalars(select(Quote).where(Quote.speaker_id.is_(None), Quote.mention_text.is_not(None)))
        assert {q.mention_text for q in kept} == {"one", "another"}
    assert speakers == {"Tom Reyes": "person"}

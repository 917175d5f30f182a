"""Speaker resolution on news-style sentences: subjects read by the parse, descriptions of the article's
person, coordinated speakers and names NER calls organisations (hand-built quotes, the real model)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from service.engine import names
from service.engine.names.titles import contradicts, office, past_office, role_matches, same_head, same_office
from service.engine.speakers.entity import plausible_name
from service.engine.speakers.registry import ArticleEntities
from tests.engine.speaker_cases import Q, annotated, build, resolve

# (text, quotes, expected per quote: (name, kind, how)); name "" means "any".
CASES = {
    "pronoun-skips-the-possessor": (
        "Sanders's campaign manager, Jeff Weaver, appeared on MSNBC on Tuesday night. "
        "He said the campaign could still close the delegate gap.",
        [Q("the campaign could still close the delegate gap", "He")],
        [("Jeff Weaver", "person", "pronoun")],
    ),
    "pronoun-takes-the-possessor-of-a-thing-as-subject": (
        "Governor Rick Garcia skipped the debate on Thursday. “The race is tight,” said Dan Kowalski, director of "
        "the Riverside Poll. Garcia's feud with the network was aimed at a host, Lynn Park, who he claims has "
        "treated him unfairly.",
        [
            Q("“The race is tight,”", "Dan Kowalski, director of the Riverside Poll"),
            Q("has treated him unfairly", "he", nth_mention=4, cue="claims"),
        ],
        [("Dan Kowalski", "person", "named"), ("Rick Garcia", "person", "pronoun")],
    ),
    "pronoun-follows-the-same-pronoun-before-a-name-in-a-subordinate-clause": (
        "Governor Rick Garcia leads the race. Mark Hale, a delegate who opposes Garcia, said he called the "
        "chairman earlier this month. Hale said he is prepared to challenge any attempt by party leaders to "
        "declare support for Garcia at the convention. But during roll call votes, states are called "
        "alphabetically, he noted, so it may already be clear whether Garcia will be the nominee by the time it "
        "is his state's turn. He said states like Texas and Utah will clarify the situation first.\n\n"
        "“If we cannot get another nominee, we might abstain,” he said.",
        [Q("“If we cannot get another nominee, we might abstain,”", "he", nth_mention=12)],
        [("Mark Hale", "person", "pronoun")],
    ),
    "a-description-in-apposition-to-a-name-is-that-person-not-an-unnamed-source": (
        "Senator Ray Kolb drew a small crowd at the barn. One local woman, Karen Lutz, pulled the senator aside "
        "after the event.\n\n“I’m so glad you came back,” she told him.",
        [Q("“I’m so glad you came back,”", "she")],
        [("Karen Lutz", "person", "pronoun")],
    ),
    "a-first-cue-less-quote-is-of-the-person-its-paragraph-names": (
        "Ann Lutz to call the budget ‘a turning point’ for the city.\n\nDENVER – Mayor Ann Lutz will present her "
        "budget on Monday, aides said.",
        [Q("‘a turning point’", None)],
        [("Ann Lutz", "person", "continuation")],
    ),
    "a-lower-case-plural-title-before-names-is-each-one-s-role": (
        "WASHINGTON — Senator Helen Ward does not recognise the candidate she used to know.\n\n"
        "In an interview with Morning Show hosts Tom Brandt and Lisa Moore, Ward said the remarks “do not fit” "
        "the man she knew.\n\nWard and her husband attended his wedding in 2005. She has said she went because it "
        "would be fun.\n\n“He is fun, he is an interesting guy,” the host said.",
        [Q("“He is fun, he is an interesting guy,”", "the host")],
        [("Tom Brandt", "person", "title")],
    ),
    "a-cue-less-quote-is-of-its-own-sentence-s-subject-before-the-previous-speaker": (
        "Governor Ray Kolb is getting advice from a veteran on how to deal with the generals.\n\n"
        "After saying he was nervous, the man stood with his arm around Kolb. “You are doing fine,” the man said.\n\n"
        "Kolb jokingly offered the man a job, then said he would welcome advice from anyone.\n\n"
        "He adds, “that is how you get smart.”",
        [Q("“You are doing fine,”", "the man", nth_mention=1), Q("“that is how you get smart.”", None)],
        [("", "anonymous", "anonymous"), ("Ray Kolb", "person", "continuation")],
    ),
    "a-gendered-pronoun-skips-an-unnamed-thing": (
        "Campaign spokeswoman Jennifer Lane wrote to the chairman in March. An email said the schedule “had to "
        "change.” In the message, she wrote that the team was “ready for anything.”",
        [Q("“had to change.”", "An email"), Q("“ready for anything.”", "she")],
        [("", "anonymous", "anonymous"), ("Jennifer Lane", "person", "pronoun")],
    ),
    "a-possessed-thing-speaks-for-its-owner": (
        "Former Governor Ray Kolb spoke for half an hour in Tulsa on Monday. His speech defended his record, "
        "including his response to the floods, which he called “the hardest week of my life.”",
        [Q("his record, including his response to the floods", "His speech", cue="defended")],
        [("Ray Kolb", "person", "named")],
    ),
    "a-possessed-group-of-people-is-not-its-owner": (
        "Senator Ann Lutz toured the plant. Her family said the trip was “long overdue.”",
        [Q("“long overdue.”", "Her family")],
        [("her family", "anonymous", "anonymous")],  # a group of unnamed people of this article
    ),
    "a-time-the-parse-ran-into-a-name-is-cut-off": (
        "Karen Lutz went on the radio this week. “I was never asked,” Lutz told the host. "
        "In a second interview, Lutz Sunday night said the claims were “simply false.”",
        [Q("“simply false.”", "Lutz Sunday night")],
        [("Karen Lutz", "person", "named")],
    ),
    "an-age-is-no-time-to-cut-off": (
        "The candidate’s wife Melania Lutz spoke on the opening night. “He is a leader,” said the 46-year-old.",
        [Q("“He is a leader,”", "the 46-year-old")],
        [("Melania Lutz", "person", "title")],
    ),
    "a-possessed-thing-that-is-no-subject-speaks-for-no-one": (
        "Senator Ann Lutz toured the plant. Governor Ray Kolb attacked her record as mayor, which he called "
        "“a failure.”",
        [Q("“a failure.”", "her record as mayor")],
        [("", "unknown", "unresolved")],
    ),
    "pronoun-skips-a-prepositional-object": (
        "“Those are some very small towns,” Eric Woolson said.\n\n"
        "The good news for Ted Cruz, Woolson said, is that he will attract a media horde. "
        "“He'll still get coverage,” he said.",
        [Q("“Those are some very small towns,”", "Eric Woolson"), Q("“He'll still get coverage,”", "he", 2)],
        [("Eric Woolson", "person", "named"), ("Eric Woolson", "person", "pronoun")],
    ),
    "title-and-name-after-a-possessor": (
        "Hillary Clinton spoke in Ohio on Monday. “This is dangerous,” said Clinton campaign manager Robby Mook.",
        [Q("“This is dangerous,”", "Clinton campaign manager Robby Mook")],
        [("Robby Mook", "person", "named")],
    ),
    "possessed-name-is-the-named-one": (
        "Hillary Clinton spoke in Ohio on Monday. "
        "“This has gone from being a matter of curiosity to a security issue,” said Clinton’s top foreign "
        "policy aide Jake Sullivan.",
        [
            Q(
                "“This has gone from being a matter of curiosity to a security issue,”",
                "Clinton’s top foreign policy aide Jake Sullivan",
            )
        ],
        [("Jake Sullivan", "person", "named")],
    ),
    "person-and-organisation-together": (
        "Bernie Sanders accused Hillary Clinton of violating fundraising laws. "
        "Clinton and the Democratic National Committee rejected the allegation.",
        [Q("rejected the allegation", "Clinton and the Democratic National Committee")],
        [("", "anonymous", "anonymous")],
    ),
    "descriptor-stands-for-the-person": (
        "Donald Trump has traded his usual rallies for a town hall in Salem. "
        "The billionaire businessman said that heroin is now cheaper than candy.",
        [Q("that heroin is now cheaper than candy", "The billionaire businessman")],
        [("Donald Trump", "person", "title")],
    ),
    "descriptor-gender-picks-the-man": (
        "Hillary Clinton told Fox that Donald Trump had praised Vladimir Putin. Clinton spoke for an hour, "
        "and Clinton took questions.\n\n"
        "The New York businessman said that Putin was a stronger leader than Barack Obama.",
        [Q("that Putin was a stronger leader than Barack Obama", "The New York businessman")],
        [("Donald Trump", "person", "title")],
    ),
    "same-office-with-other-modifiers": (
        "Sen. Bernie Sanders spoke in Burlington on Friday.\n\n"
        "The weather was cold.\n\nThe state's economy is growing.\n\n"
        "“We will win this nomination,” the Vermont senator said.",
        [Q("“We will win this nomination,”", "the Vermont senator")],
        [("Bernie Sanders", "person", "title")],
    ),
    "definite-party-member-is-the-person": (
        "Republican Sen. John McCain says the loose talk about waterboarding skips over the facts.\n\n"
        "The Arizona Republican said that such techniques are inhumane.",
        [Q("that such techniques are inhumane", "The Arizona Republican")],
        [("John McCain", "person", "title")],
    ),
    "age-stands-for-the-person": (
        "Melania Trump delivered a defense of her husband on the opening night. "
        "“Donald is an amazing leader,” said the 46-year-old.",
        [Q("“Donald is an amazing leader,”", "the 46-year-old")],
        [("Melania Trump", "person", "title")],
    ),
    "a-person-noun-of-trade-stands-for-the-person": (
        "Senator Ruth Adler spent the weekend in Ohio.\n\n"
        "“We will build the houses this city needs,” the real estate developer said at a rally on Sunday.",
        [Q("“We will build the houses this city needs,”", "the real estate developer")],
        [("Ruth Adler", "person", "title")],
    ),
    "a-person-noun-of-conviction-stands-for-the-person": (
        "Mark Dillon has run every one of his campaigns as an independent.\n\n"
        "The self-described socialist said the party owes its voters a fair contest.",
        [Q("the party owes its voters a fair contest", "The self-described socialist")],
        [("Mark Dillon", "person", "title")],
    ),
    "a-descriptor-reaches-the-subject-a-dateline-hides-from-ner": (
        "DENVER - Tom Becker painted a dark picture of the state as he accepted the nomination on Thursday, "
        "promising to fix what he called a broken system.\n\n"
        "Declaring that he alone can fix it, the billionaire mogul offered himself as the candidate of order "
        "and made an appeal to workers who feel left behind.",
        [Q("offered himself as the candidate of order", "the billionaire mogul")],
        [("Tom Becker", "person", "title")],
    ),
    "a-who-the-parse-hangs-on-a-place-is-the-person-before-it": (
        "“The plan is a mistake,” said Ruth Adler, a nurse from Dayton, Ohio, who said she has voted in every "
        "primary since 1980.",
        [Q("she has voted in every primary since 1980", "Dayton, Ohio, who")],
        [("Ruth Adler", "person", "apposition")],
    ),
    "named-after-an-apposition-of-a-person-noun": (
        "“If a candidate was going into a convention, they have their votes counted,” said Kendal Unruh, "
        "a delegate serving on the rules committee. “He has no clue how many delegates he has,” said Unruh.",
        [
            Q("“If a candidate was going into a convention, they have their votes counted,”", "Kendal Unruh"),
            Q("“He has no clue how many delegates he has,”", "Unruh", 1),
        ],
        [("Kendal Unruh", "person", "named"), ("Kendal Unruh", "person", "named")],
    ),
    "a-description-after-a-clause-on-a-named-subject-is-the-other-person-named": (
        "Ann Lutz and Tom Brandt campaigned across the state on Monday.\n\n"
        "Entering the final contests, Lutz leads Brandt by 271 pledged delegates according to a new count, "
        "but the self-described democratic socialist has vowed to soldier on until the convention.",
        [Q("to soldier on until the convention", "the self-described democratic socialist")],
        [("Tom Brandt", "person", "title")],
    ),
    "a-subject-inside-the-description-s-own-subordinate-clause-is-still-that-person": (
        "Tom Brandt spoke to reporters in Ohio on Monday.\n\n"
        "As far as whether Brandt still senses anger toward Lutz among his supporters, the democratic socialist "
        "acknowledged that some people still feel that way.",
        [Q("that some people still feel that way", "the democratic socialist")],
        [("Tom Brandt", "person", "title")],
    ),
    "a-headline-title-is-the-person-the-article-introduces-with-that-office": (
        "Judge rejects request to unseal divorce file.\n\n"
        "A state judge has rejected a media request to make public a court file on a developer's divorce.\n\n"
        "Superior Court Justice Mary Hale rejected that argument in a ruling released Thursday.",
        [Q("request to unseal divorce file", "Judge")],
        [("Mary Hale", "person", "title")],
    ),
    "a-headline-title-is-the-one-person-later-given-that-title-as-an-honorific": (
        "Lutz Hid Health Problems From Public, Former White House Doctor Says.\n\n"
        "Dr. Jane Roe, who was the White House physician for six years, said that in 1998 Ann Lutz hid a "
        "blood clot from her staff.",
        [Q("Lutz Hid Health Problems From Public", "Former White House Doctor")],
        [("Jane Roe", "person", "title")],
    ),
    "an-age-descriptor-is-the-person-the-article-gives-that-age": (
        "Tom Brandt spoke at the rally on Monday. Jane Roe, 46, waited outside with a sign.\n\n"
        "Tom Brandt thanked the crowd and left.\n\n"
        "“We need better jobs here,” said the 46-year-old.",
        [Q("“We need better jobs here,”", "the 46-year-old")],
        [("Jane Roe", "person", "apposition")],
    ),
    "the-former-holder-of-an-office-is-the-one-the-article-titles-with-it": (
        "Jeb Hale brought his older brother, George W. Hale, to the rally on Monday.\n\n"
        "“Labels are for soup cans,” the former president told a crowd at the civic center.\n\n"
        "Mr. Trump's critique of President Hale's record on terrorism has startled some voters.",
        [Q("“Labels are for soup cans,”", "the former president")],
        [("George W. Hale", "person", "title")],
    ),
}


# Cases the analysis does not resolve yet, kept so that a fix shows.
_UNREAD = frozenset(
    {
        "same-office-with-other-modifiers",
        "the-former-holder-of-an-office-is-the-one-the-article-titles-with-it",
    }
)
_NOT_READ_THERE = pytest.mark.xfail(
    strict=True,
    reason="the analysis reads entities only in paragraphs with a cue or a quotation and the one before",
)


@pytest.mark.model
@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=_NOT_READ_THERE) if c in _UNREAD else c for c in CASES],
    ids=list(CASES),
)
def test_description_cases(nlp: Language, case: str) -> None:
    text, specs, expected = CASES[case]
    refs = resolve(nlp, text, specs)
    for ref, (name, kind, how) in zip(refs, expected, strict=True):
        assert (ref.kind, ref.how) == (kind, how), ref
        if name:
            assert names.same_person(ref.name, name), ref


@pytest.mark.model
def test_descriptions_inside_quotations_are_no_sources(nlp: Language) -> None:
    text = "“He was a great president and a great brother,” Jeb Bush said on Monday."
    quotes = build(text, [Q("“He was a great president and a great brother,”", "Jeb Bush")])
    article = ArticleEntities(annotated(nlp, text), quotes)
    assert not [e for e in article.others if e.kind == "anonymous"]


def test_abbreviated_titles_hold_the_office() -> None:
    assert role_matches("the New Jersey governor", "New Jersey Gov.")
    assert office("Sen.") == "senator"
    assert same_office("the Independent Vermont senator", "Sen.")
    assert not same_office("the former senator", "Sen.")
    assert office("the billionaire businessman") == ""
    # military and diplomatic abbreviations are titles, not first names
    assert names.split_title("Adm. Harry B. Harris Jr") == ("Adm.", "Harry B. Harris Jr")
    assert names.split_title("Lt. Col. Jane Roe") == ("Lt. Col.", "Jane Roe")


def test_a_former_office_is_held_by_the_one_titled_with_it() -> None:
    assert past_office("the former president", "President")
    assert past_office("the former senator", "Sen.")
    assert not past_office("the president", "President")  # no dated changer: an exact match
    assert not past_office("the former president", "Vice President")
    assert not past_office("the former businessman", "businessman")  # a descriptor names no office


def test_an_age_fits_only_the_same_age() -> None:
    assert role_matches("the 46-year-old", "46-year-old")
    assert not role_matches("the 46-year-old", "52-year-old")


def test_a_loose_head_fit_ignores_modifiers_and_dating_only() -> None:
    assert same_head("Former White House Doctor", "Dr.")
    assert same_head("the former Texas governor", "Gov.")
    assert not same_head("the former vice president", "President")
    assert not same_head("the businessman", "Sen.")


def test_offices_contradict_descriptors_never() -> None:
    assert contradicts("the President", ["Prime Minister"])
    assert contradicts("the president", ["Vice President"])
    assert not contradicts("the president", ["U.S. President"])
    assert not contradicts("the nominee", ["Sen.", "Prime Minister"])
    assert not contradicts("the senator", ["Republican presidential candidate"])


NAME_CASES = {
    "fronted-preposition-before-the-speaker": (
        "Eric Levine met Ben Carson last year. Of Carson, Levine, who has given money to Marco Rubio, said "
        "that the candidate was vapid.",
        [Q("that the candidate was vapid", "Of Carson, Levine, who has given money to Marco Rubio")],
        [("Eric Levine", "person", "named")],
    ),
    "name-in-apposition-to-a-description": (
        "One pastor supporting Mr. Cruz, Darran Whiting of Liberty Baptist Church in Marion, said that he "
        "had made more than 150 phone calls.",
        [
            Q(
                "that he had made more than 150 phone calls",
                "One pastor supporting Mr. Cruz, Darran Whiting of Liberty Baptist Church in Marion",
            )
        ],
        [("Darran Whiting", "person", "named")],
    ),
    "description-in-apposition-to-a-name": (
        "“Hispanic Republicans do not believe him,” said Lionel Sosa, a Texas media consultant and an "
        "influential Hispanic Republican who said he would not vote for Mr. Cruz.",
        [Q("he would not vote for Mr. Cruz", "an influential Hispanic Republican who")],
        [("Lionel Sosa", "person", "apposition")],
    ),
    "possessor-before-the-name": (
        "Debates are not likely to alter the campaign, noted NBC’s Dante Chinni.",
        [Q("Debates are not likely to alter the campaign", "NBC’s Dante Chinni")],
        [("Dante Chinni", "person", "named")],
    ),
    "possessor-and-role-before-the-name": (
        "The Sierra Club’s president Maria Gonzalez said the pipeline would poison the river.",
        [Q("the pipeline would poison the river", "The Sierra Club’s president Maria Gonzalez")],
        [("Maria Gonzalez", "person", "named")],
    ),
    "two-word-surname-after-the-full-name": (
        "Florida Rep. Debbie Wasserman Schultz chose four members of the committee. "
        "Wasserman Schultz said at the hearing that drafting the platform is an open process.",
        [Q("that drafting the platform is an open process", "Wasserman Schultz", 1)],
        [("Debbie Wasserman Schultz", "person", "named")],
    ),
    "possessed-relative-stays-anonymous": (
        "Adm. Harry Harris grew up in Tennessee. His mother refused to teach him Japanese, saying that "
        "her son was American.",
        [Q("that her son was American", "His mother")],
        [("", "anonymous", "anonymous")],
    ),
    "person-whose-apposition-mentions-a-campaign": (
        "“It is embarrassing,” said Alex Conant, a senior aide with Sen. Marco Rubio's presidential campaign.",
        [Q("“It is embarrassing,”", "Alex Conant, a senior aide with Sen. Marco Rubio's presidential campaign")],
        [("Alex Conant", "person", "named")],
    ),
    "organisation-named-by-its-apposition": (
        "''It is a bit unkind,'' Xinhua, the official Chinese news agency, wrote of the admiral.",
        [Q("''It is a bit unkind,''", "Xinhua, the official Chinese news agency")],
        [("", "organization", "organization")],
    ),
}


@pytest.mark.model
@pytest.mark.parametrize("case", list(NAME_CASES), ids=list(NAME_CASES))
def test_name_cases(nlp: Language, case: str) -> None:
    text, specs, expected = NAME_CASES[case]
    refs = resolve(nlp, text, specs)
    for ref, (name, kind, how) in zip(refs, expected, strict=True):
        assert (ref.kind, ref.how) == (kind, how), ref
        if name:
            assert names.same_person(ref.name, name) and ref.name == names.fuller_name(ref.name, name), ref


@pytest.mark.model
def test_a_given_name_inside_running_text_is_kept(nlp: Language) -> None:
    text = (
        "Ted Cruz spoke in Iowa, aides said. Mr. Cruz changed his Spanish-sounding name, Rafael Edward Cruz, "
        "as a teenager."
    )
    article = ArticleEntities(annotated(nlp, text), [])
    found = {p.name for p in article.persons}
    assert "Edward Cruz" not in found and "Rafael Edward Cruz" in found


@pytest.mark.model
def test_a_possessor_and_one_word_are_no_person(nlp: Language) -> None:
    text = (
        "Ted Cruz toured Iowa. For instance, Cruz’s Iowa director, Bryan English, is spending much of his time "
        "on the bus."
    )
    article = ArticleEntities(annotated(nlp, text), [])
    assert not [p for p in article.persons if p.name in ("Iowa", "Cruz’s Iowa")]


@pytest.mark.model
def test_a_lone_word_opening_an_organisation_name_is_no_person(nlp: Language) -> None:
    text = (
        "Ann Lutz spoke in an interview with “Fox News Sunday.”\n\n"
        "“We will win this state,” Lutz told Fox in the interview, taped Saturday."
    )
    article = ArticleEntities(annotated(nlp, text), [])
    assert "Fox" not in {p.name for p in article.persons}
    assert "Ann Lutz" in {p.name for p in article.persons}


@pytest.mark.model
def test_a_headline_runs_no_words_into_a_name(nlp: Language) -> None:
    text = (
        "Lutz Hid Past Health Problems From Public, Former Aide Says.\n\n"
        "Secrecy is no stranger when it comes to Ann Lutz’s health, a former aide maintains."
    )
    article = ArticleEntities(annotated(nlp, text), [])
    assert {p.name for p in article.persons} == {"Ann Lutz"}


def test_two_word_surnames_and_initials_join_the_full_name() -> None:
    assert names.same_person("Wasserman Schultz", "Debbie Wasserman Schultz")
    assert names.same_person("Mr. Vander Plaats", "Bob Vander Plaats")
    assert not names.same_person("Hunter Biden", "Joe Biden")


@pytest.mark.model
def test_a_pronoun_gives_the_person_a_gender(nlp: Language) -> None:
    text = "Pat Quinn arrived in Springfield on Monday. He said the budget would be late."
    (ref,) = resolve(nlp, text, [Q("the budget would be late", "He")])
    assert names.same_person(ref.name, "Pat Quinn") and ref.gender == "m"


@pytest.mark.model
def test_a_relative_named_again_is_the_same_relative(nlp: Language) -> None:
    text = (
        "Donald Trump spoke in Cleveland on Thursday. Trump thanked the delegates, and Trump thanked his family. "
        "His daughter Ivanka Trump introduced him. Trump smiled. Trump waved. "
        "Later, Ivanka Trump said that her father would fight for workers."
    )
    article = ArticleEntities(annotated(nlp, text), [])
    assert len([p for p in article.persons if p.name == "Ivanka Trump"]) == 1


def test_a_surname_that_is_a_common_noun_stays_a_name() -> None:
    # person nouns are no name's last word, so the list leaves out those that are surnames
    for name in ("Mark Singer", "Jane Farmer", "Tom Banker", "Ann Priest"):
        assert plausible_name(name), name

"""Rules read from the parse: which objects are content, refusals, headlines, explicit attribution."""

from __future__ import annotations

import pytest
from spacy.language import Language

from service.engine.pipeline import analyse
from service.engine.types import Quote

pytestmark = pytest.mark.model


def _said(quotes: list[Quote]) -> list[tuple[str, str | None]]:
    return [(q.text, q.mention.text if q.mention else None) for q in quotes if q.kind != "scare"]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        pytest.param("The governor announced a statewide tour on Monday.", "a statewide tour", id="time-adjunct-out"),
        pytest.param(
            "The mayor praised the firefighters for their quick response.",
            "the firefighters for their quick response",
            id="praise-for",
        ),
        pytest.param("The senator urged voters to turn out early.", "voters to turn out early", id="urge-to"),
        pytest.param(
            "Hillary Clinton promised on Tuesday to refrain from the phrase.",
            "to refrain from the phrase",
            id="adjunct-before",
        ),
        pytest.param("She called the bill a disgrace.", "the bill a disgrace", id="call-predicate"),
        pytest.param("The senator called for her resignation.", "her resignation", id="call-for-preposition-out"),
        pytest.param(
            "Before the visit, a group of pastors called for a boycott of his speech.",
            "a boycott of his speech",
            id="call-for-after-a-group",
        ),
        pytest.param(
            "The result may come as no surprise to some, as the senator called for a recount last week.",
            "a recount",
            id="as-clause-reports-its-own-object",
        ),
        pytest.param("Reporters asked about the missing emails.", "the missing emails", id="ask-about-preposition-out"),
        pytest.param(
            "He accused the agency of hiding the records.", "the agency of hiding the records", id="accuse-of"
        ),
        pytest.param(
            "The company denied the allegation that it had misled investors.",
            "that it had misled investors",
            id="deny-with-words",
        ),
        pytest.param(
            "The general ordered the troops to withdraw from the city.",
            "the troops to withdraw from the city",
            id="order-to",
        ),
        pytest.param(
            "In her speech the governor mentioned the new tax credit for families.",
            "the new tax credit for families",
            id="mention-np",
        ),
        pytest.param(
            "Health officials told residents not to drink the tap water.",
            "residents not to drink the tap water",
            id="tell-to",
        ),
        pytest.param(
            "The council called on residents to conserve water.", "residents to conserve water", id="call-on-to"
        ),
        pytest.param(
            "She posted a photo of the rally on Instagram.", "a photo of the rally", id="post-a-photo-on-a-platform"
        ),
        pytest.param(
            "Critics questioned the timing of the announcement.",
            "the timing of the announcement",
            id="question-a-matter",
        ),
        pytest.param(
            "Economists have warned the central bank not to raise rates this year.",
            "the central bank not to raise rates this year",
            id="warn-to",
        ),
        pytest.param("He called the senator the “Devil” at the rally.", "“Devil”", id="call-quoted-epithet-is-no-name"),
    ],
)
def test_objects_that_carry_content(nlp: Language, text: str, content: str) -> None:
    assert content in [q.text for q in analyse(text, nlp)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The company denied the allegations.", id="deny-bare-noun"),
        pytest.param("Border guards were denying them entry at the crossing.", id="deny-two-objects"),
        pytest.param("The former president ordered a strike on the airfield.", id="order-an-act"),
        pytest.param("The hospital withheld the names, citing privacy rules.", id="cite-a-reason"),
        pytest.param("The town has been asking taxes from the farmers for years.", id="ask-for-goods"),
        pytest.param("She tweeted to her followers late at night.", id="tweet-to-someone"),
        pytest.param("The mayor told reporters about the storm on Monday.", id="tell-a-listener"),
        pytest.param("He called the office twice.", id="call-telephone"),
        pytest.param("The visitors listed their country as Canada.", id="list-a-form"),
        pytest.param("The rebels attacked the convoy at dawn.", id="attack-military"),
        pytest.param("The state closed the border crossing.", id="close"),
        pytest.param("She joined a resistance movement called the Workers Party.", id="naming-participle"),
        pytest.param("She founded a charity called Open Doors in 2010.", id="naming-participle-founded"),
        pytest.param("Longtime members called the ship the Sea Cloud for decades.", id="naming-active-proper-name"),
        pytest.param(
            "A conservative super PAC called Our Future is ramping up its spending in Ohio.",
            id="naming-misparsed-as-the-verb",
        ),
        pytest.param(
            "The mayor conceded shortly after she called her rival to congratulate him.",
            id="call-telephone-purpose",
        ),
        pytest.param("Detectives questioned three suspects on Sunday.", id="question-people"),
        pytest.param("The startup posted a loss of $2 million in its first quarter.", id="post-a-result"),
        pytest.param("The challenger posted an overwhelming victory in the primary.", id="post-a-win"),
        pytest.param("He teaches economics and tweets @econprof42 most days.", id="tweet-a-handle"),
        pytest.param("The mayor closed the road, citing safety concerns.", id="cite-a-reason-after-a-comma"),
        pytest.param("Investigators questioned him for hours.", id="question-a-pronoun"),
    ],
)
def test_objects_that_are_not_content(nlp: Language, text: str) -> None:
    assert _said(analyse(text, nlp)) == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        pytest.param(
            "The mayor said on Monday that the bridge would reopen.", "that the bridge would reopen", id="said-that"
        ),
        pytest.param("Police would not say whether the suspect was armed.", None, id="would-not-say"),
        pytest.param("Officials declined to say how that number would change.", None, id="declined-to-say"),
        pytest.param("The senator refused to comment on the report.", None, id="refused-to-comment"),
        pytest.param("On Tuesday the president will highlight the new trade deal.", None, id="will-highlight"),
        pytest.param(
            "The report states that the agency ignored the warnings.",
            "that the agency ignored the warnings",
            id="report-states",
        ),
        pytest.param("The judge observed that the law was unclear.", "that the law was unclear", id="observed-that"),
        pytest.param("It should be noted that the mayor was absent.", None, id="it-should-be-noted"),
        pytest.param("The union plans to demand a new contract.", None, id="plans-to-demand"),
        pytest.param("The paper is expected to endorse the governor.", None, id="expected-to-endorse"),
        pytest.param("It is worth mentioning that the vote was close.", None, id="worth-mentioning"),
        pytest.param(
            "The mayor is not saying which roads will close.", "which roads will close", id="not-saying-is-a-report"
        ),
        pytest.param("All this is to say that the race has barely moved.", None, id="this-is-to-say"),
        pytest.param("The jury found him guilty of second-degree murder.", None, id="found-him-guilty"),
        pytest.param("Many readers found it offensive.", None, id="found-it-offensive"),
        pytest.param(
            "The study found that the drug reduced symptoms.", "that the drug reduced symptoms", id="found-that"
        ),
        pytest.param("Suffice it to say the talks did not go well.", None, id="suffice-it-to-say"),
        pytest.param("That said, the senator cannot win the nomination outright.", None, id="that-said"),
        pytest.param("Having said that, the deal still faces a vote in June.", None, id="having-said-that"),
        pytest.param(
            "Her spokesman said that the visit was private.", "that the visit was private", id="said-that-subject"
        ),
    ],
)
def test_reported_clauses_and_acts_that_did_not_happen(nlp: Language, text: str, content: str | None) -> None:
    found = [q.text for q in analyse(text, nlp) if q.kind != "scare"]
    assert found == ([content] if content else [])


def test_headline_marks_are_scare_quotes_without_speaker(nlp: Language) -> None:
    text = "Mayor Announces A ‘Fresh Start’ For The City, Saying ‘Old Rules’ Are Gone.\n\nThe mayor spoke on Monday."
    quotes = analyse(text, nlp)
    assert [(q.text, q.kind, q.mention) for q in quotes] == [
        ("‘Fresh Start’", "scare", None),
        ("‘Old Rules’", "scare", None),
    ]


def test_headline_with_a_named_whole_quote_is_attributed(nlp: Language) -> None:
    quotes = analyse("Graham: ‘This Rhetoric Is Destroying Our Chances.’\n\nThe senator spoke in Ohio.", nlp)
    assert _said(quotes) == [("‘This Rhetoric Is Destroying Our Chances.’", "Graham")]


def test_dash_attribution_beats_the_running_speaker(nlp: Language) -> None:
    text = (
        "“We will reopen the schools in May,” the governor said.\n\n"
        "“Public health has to come first.” — Commissioner Mary Jones\n\n"
        "“And we will test every child.”"
    )
    assert [m for _, m in _said(analyse(text, nlp))] == [
        "the governor",
        "Commissioner Mary Jones",
        "Commissioner Mary Jones",
    ]


def test_colon_attribution_beats_the_previous_sentence_cue(nlp: Language) -> None:
    text = "The governor said the schools would reopen. And from Chairwoman Ruth Diaz: “We are not ready for that.”"
    quotes = [q for q in analyse(text, nlp) if q.kind == "direct"]
    assert [(q.mention.text if q.mention else None) for q in quotes] == ["Chairwoman Ruth Diaz"]


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        pytest.param(
            "The plan has been criticized by several senators as too costly.", "several senators", id="passive-agent"
        ),
        pytest.param(
            "The mayor surprised the council by proposing that the tax be cut.", "The mayor", id="gerund-after-by"
        ),
        pytest.param(
            "After hinting that changes were coming, the coach said nothing more.", "the coach", id="gerund-after-after"
        ),
        pytest.param(
            "The governor launched a campaign to tell voters that the bridge is safe.",
            "The governor",
            id="infinitive-after-a-plan-noun",
        ),
        pytest.param(
            "The senator, who is trailing in the polls, was quick to point out that the bill had failed twice.",
            "The senator, who is trailing in the polls",
            id="infinitive-after-an-adjective",
        ),
        pytest.param(
            "At the county fair, Democratic candidate Rep. Jane Roe (D-Ohio) called the new tariff a disaster.",
            "Democratic candidate Rep. Jane Roe (D-Ohio",
            id="party-and-state-in-brackets-before-the-verb",
        ),
        pytest.param(
            "Council member Ann Lee posted the photo on Monday, writing “This is the bridge we were promised.”",
            "Council member Ann Lee",
            id="gerund-after-a-comma-shares-the-subject",
        ),
        pytest.param(
            "Miller thanked the volunteers for their work, then says he will keep the shelter open.",
            "Miller",
            id="then-says-after-a-clause-of-the-same-subject",
        ),
        pytest.param(
            "Miller paused for a moment, then revealed why the shelter had closed.", "Miller", id="then-revealed"
        ),
        pytest.param(
            "Garcia, meanwhile, who has no endorsements so far, said that the race is far from over.",
            "Garcia",
            id="relative-clause-between-subject-and-verb",
        ),
        pytest.param(
            "“Great coach, great coach this man,” Miller, the athletic director at the college, said on Monday.",
            "Miller, the athletic director at the college",
            id="name-after-the-quotation-parsed-as-its-apposition",
        ),
        pytest.param(
            "Voters in the county were more likely to say they trusted the mayor.",
            "Voters in the county",
            id="adjective-before-an-infinitive-cue",
        ),
        pytest.param(
            "The mayor was quick to add that the budget would not include new taxes.", "The mayor", id="quick-to-add"
        ),
        pytest.param(
            "In addition to stating that the audit was flawed, the governor has promised to fire the auditor.",
            "the governor",
            id="gerund-of-a-prepositional-phrase-on-a-noun",
        ),
        pytest.param(
            "The union took the unusual step of criticizing the state's pension board.",
            "The union",
            id="gerund-on-the-object-noun",
        ),
        pytest.param(
            "Garcia says he would sit the owners down and tell them to pay up and tells the crowd he was first.",
            "Garcia",
            id="conjoined-cue-in-the-reporters-tense-past-a-conjunct-chain",
        ),
        pytest.param(
            "Many officials believe a bailout is possible only in court and have been calling on lawmakers to act.",
            "Many officials",
            id="conjoined-cue-after-a-belief-verb-tense-from-its-auxiliary",
        ),
        pytest.param(
            "Residents say the limits are meant to silence them, and the civil liberties union has sued the city, "
            "saying they violate free speech.",
            "the civil liberties union",
            id="gerund-after-a-conjoined-clause-with-its-own-subject",
        ),
        pytest.param(
            "In a statewide Marist poll, 58 percent of likely voters said they approved of the governor.",
            "a statewide Marist poll",
            id="poll-reports-what-a-share-of-respondents-said",
        ),
        pytest.param(
            "Speaking in Dayton, Garcia, without naming him, also accused the mayor of ignoring the east side.",
            "Garcia",
            id="name-before-a-comma-delimited-aside",
        ),
        pytest.param(
            "On Friday, Ohio, leading a group of nine states, asked a federal judge to block the rule.",
            "Ohio",
            id="state-before-a-participle-aside",
        ),
    ],
)
def test_speaker_mention_from_the_parse(nlp: Language, text: str, mention: str) -> None:
    mentions = [q.mention.text for q in analyse(text, nlp) if q.mention is not None]
    assert mention in mentions


@pytest.mark.parametrize(
    ("text", "content", "mention"),
    [
        pytest.param(
            "The fund, which according to federal records holds $40 million, has grown quickly.",
            "holds $40 million",
            "federal records",
            id="according-inside-relative-clause",
        ),
        pytest.param(
            "According to the police, the suspect fled on foot.",
            "the suspect fled on foot",
            "the police",
            id="according",
        ),
        pytest.param(
            "The candidate shook hands and asked workers if they planned to vote on Tuesday.",
            "if they planned to vote on Tuesday",
            "The candidate",
            id="asked-if",
        ),
        pytest.param(
            "In a statement, the agency said:\n\nThe program will end in June and no new applicants will be accepted.",
            "The program will end in June and no new applicants will be accepted",
            "the agency",
            id="colon-then-next-paragraph",
        ),
        pytest.param(
            "The talks collapsed late on Friday, reported the Associated Press.",
            "The talks collapsed late on Friday",
            "the Associated Press",
            id="inverted-source-after-a-comma",
        ),
        pytest.param(
            "The plant will close in June, announced the chief executive on Monday.",
            "The plant will close in June",
            "the chief executive",
            id="inverted-source-then-a-time",
        ),
    ],
)
def test_reports_the_parse_introduces_elsewhere(nlp: Language, text: str, content: str, mention: str) -> None:
    assert (content, mention) in _said(analyse(text, nlp))


def test_according_to_reads_its_own_paragraph_only(nlp: Language) -> None:
    # the next paragraph has no cue word, so it is not parsed and the parse's sentence runs into it
    text = (
        "The mayor left the meeting early, according to an aide.\n\n"
        "The meeting was held in the basement of the old county courthouse downtown, next to the river, "
        "for most of the afternoon."
    )
    assert ("The mayor left the meeting early", "an aide") in _said(analyse(text, nlp))


@pytest.mark.parametrize(
    ("text", "quote", "mention"),
    [
        pytest.param(
            "“I disagree with the claim,” she said. “We feel good about the schedule.” She noted a rally on Saturday.",
            "“We feel good about the schedule.”",
            "she",
            id="cue-after-a-full-stop-opens-the-next-sentence",
        ),
        pytest.param(
            "“We have the votes,” Garcia said. She then turned to us: “Here is what I fear. They stay home.”",
            "“Here is what I fear. They stay home.”",
            "She",
            id="clause-before-a-colon-names-the-speaker",
        ),
        pytest.param(
            "When the plant closed, Governor Ann Lee released the following statement: “Our thoughts are with them.”",
            "“Our thoughts are with them.”",
            "Governor Ann Lee",
            id="statement-introduced-by-a-colon",
        ),
        pytest.param(
            "“Having two people who know the file is valuable,” said Skelly, explaining he had worked with both.",
            "“Having two people who know the file is valuable,”",
            "Skelly",
            id="surname-after-an-inverted-cue-tagged-as-an-adverb",
        ),
        pytest.param(
            "“The bridge is a serious project,” the mayor told a crowd that the organizers estimated at 2,000 people. "
            "“It needs sound judgment.”",
            "“It needs sound judgment.”",
            "the mayor",
            id="previous-sentence-cue-nearest-its-root-not-in-a-relative-clause",
        ),
        pytest.param(
            "“We need a warrant,” Lee said, though prosecutors have not said the case is open. "
            "“And we had good reason to get one.”",
            "“And we had good reason to get one.”",
            "Lee",
            id="previous-sentence-cue-not-in-a-concessive-clause",
        ),
        pytest.param(
            "“It is not the position that all is well,” Jane Roe, a top adviser to the mayor, said at a forum.",
            "“It is not the position that all is well,”",
            "Jane Roe, a top adviser to the mayor",
            id="name-between-the-quotation-and-its-cue",
        ),
        pytest.param(
            "“We cannot say what we think anymore,” tweeted a user from Leipzig going by the handle Pfeffer.",
            "“We cannot say what we think anymore,”",
            "a user from Leipzig going by the handle Pfeffer",
            id="inverted-object-verb-after-the-quotation",
        ),
    ],
)
def test_direct_quote_speaker_in_its_own_sentence(nlp: Language, text: str, quote: str, mention: str) -> None:
    found = {q.text: q.mention.text if q.mention else None for q in analyse(text, nlp) if q.kind == "direct"}
    assert found.get(quote) == mention


@pytest.mark.parametrize(
    ("text", "quote", "mention"),
    [
        pytest.param(
            "After the governor criticized the mayor at the debate, the mayor's wife shot back, "
            "“I could have stayed home, but I chose to run a business.”",
            "I could have stayed home, but I chose to run a business.",
            "the mayor's wife",
            id="shot-back-after-a-subordinate-cue",
        ),
        pytest.param(
            "“They are only here because he promises free tuition,” Miller shot back with a laugh.",
            "They are only here because he promises free tuition,",
            "Miller",
            id="shot-back-after-the-quote",
        ),
        pytest.param(
            "“We are not going to wait for Washington,” the commissioner chimed in.",
            "We are not going to wait for Washington,",
            "the commissioner",
            id="chimed-in",
        ),
    ],
)
def test_phrasal_speech_verbs_are_cues(nlp: Language, text: str, quote: str, mention: str) -> None:
    said = _said(analyse(text, nlp))
    assert any(quote.strip(",.") in q and m == mention for q, m in said), said


def test_a_phrasal_verb_without_its_particle_is_no_cue(nlp: Language) -> None:
    text = "The officer shot the suspect twice. “Drop the weapon,” he had shouted a moment earlier."
    assert [m for _, m in _said(analyse(text, nlp))] == ["he"]


def test_a_phrasal_cue_reports_no_clause(nlp: Language) -> None:
    text = (
        "After the governor left the stage to loud applause, the mayor’s wife shot back, "
        "“I could have stayed home, but I chose to run a business.”"
    )
    assert [q.kind for q in analyse(text, nlp)] == ["direct"]


def test_a_title_in_marks_has_no_speaker_even_after_a_quote(nlp: Language) -> None:
    # the running speaker of the paragraph before does not reach a book title
    text = (
        "“We will rebuild the bridge by spring,” Gov. Jane Miller said.\n\n"
        "Her memoir, “A Long Road Home,” was published in 2015 and sold well."
    )
    quotes = analyse(text, nlp)
    title = next(q for q in quotes if "Long Road" in q.text)
    assert (title.kind, title.speaker) == ("scare", None)
    assert quotes[0].speaker is not None and quotes[0].speaker.kind == "person"


def test_a_crowd_chanting_is_an_unnamed_group_and_reports_no_clause(nlp: Language) -> None:
    text = "As the mayor attacked the council, the crowd chanted, “Vote them out!”"
    quotes = [q for q in analyse(text, nlp) if q.kind != "scare"]
    assert [(q.kind, q.mention.text if q.mention else None) for q in quotes] == [("direct", "the crowd")]
    assert quotes[0].speaker is not None and quotes[0].speaker.kind == "anonymous"


def test_a_cue_inside_an_aside_after_a_quotation_is_not_its_cue(nlp: Language) -> None:
    text = (
        "Earlier, Sheriff Dan Ortiz vouched for the plan.\n\n"
        'He said, "The mayor will build the bridge" - at which point the crowd chanted "Build the bridge!" '
        '- "and bring jobs back to this county."'
    )
    quotes = analyse(text, nlp)
    first = quotes[0]
    assert first.mention is not None and first.mention.text == "He"
    assert first.speaker is not None and first.speaker.name == "Dan Ortiz"
    # the chant is the crowd's, not a fragment of what he said; his sentence resumes after the aside
    chant = next(q for q in quotes if q.text.startswith('"Build'))
    assert chant.speaker is not None and chant.speaker.kind == "anonymous"
    resumed = next(q for q in quotes if q.text.startswith('"and bring'))
    assert resumed.speaker is not None and resumed.speaker.name == "Dan Ortiz"
    assert not any("at which point" in q.text for q in quotes)


def test_a_chant_inside_a_reported_clause_is_the_crowds_and_ends_the_clause(nlp: Language) -> None:
    text = 'The governor said that the budget would pass on Friday as the marchers chanted "Not one cent!"'
    quotes = analyse(text, nlp)
    clause = next(q for q in quotes if q.kind == "indirect")
    assert clause.text.endswith("the budget would pass on Friday")
    assert clause.mention is not None and clause.mention.text == "The governor"
    chant = next(q for q in quotes if "Not one cent" in q.text)
    assert chant.cue is not None and chant.cue.text == "chanted"
    assert chant.mention is not None and chant.mention.text == "the marchers"


def test_markup_left_in_the_text_is_in_no_quote(nlp: Language) -> None:
    text = (
        "Traffic was heavy all morning.\n\n"
        '<tweet id="67213" author="@CityDesk" datetime="2016-05-02">scanner: two lanes closed #traffic</tweet>.\n\n'
        '<tweet id="67214" author="@CityDesk" datetime="2016-05-02">Breaking: the mayor says the bridge will '
        "reopen in June</tweet>."
    )
    quotes = analyse(text, nlp)
    assert [q.text for q in quotes if q.kind == "indirect"] == ["the bridge will reopen in June"]
    assert not any("<" in q.text or '="' in q.text for q in quotes)
    assert all(text[q.start : q.end] == q.text for q in quotes)


@pytest.mark.parametrize(
    ("text", "topic", "said"),
    [
        (
            "Two officials, who spoke on the condition of anonymity because they were not authorized to discuss "
            "the inquiry, said the server had been breached.",
            "the inquiry",
            "the server had been breached",
        ),
        (
            "A city official, speaking on the condition of anonymity to discuss the mayor's schedule, said the "
            "mayor would meet both candidates.",
            "the mayor's schedule",
            "the mayor would meet both candidates",
        ),
    ],
)
def test_why_a_source_goes_unnamed_is_not_what_it_said(nlp: Language, text: str, topic: str, said: str) -> None:
    texts = [q.text for q in analyse(text, nlp)]
    assert said in texts and topic not in texts


@pytest.mark.parametrize(
    ("text", "pieces", "not_said"),
    [
        (
            'Instead, the governor told CNN, her plan would simply be "to wait them out" if the strike goes on.',
            ["Instead", '"to wait them out"'],
            [],
        ),
        (
            'However, as the bishop told the Associated Press, "We have suffered together."',
            ['"We have suffered together."'],
            ["However"],
        ),
    ],
)
def test_a_cue_set_off_inside_the_report_addressing_someone(
    nlp: Language, text: str, pieces: list[str], not_said: list[str]
) -> None:
    # "told reporters": the addressed object does not make the inserted cue a report of its own
    texts = [q.text for q in analyse(text, nlp) if q.kind != "scare"]
    assert all(p in texts for p in pieces) and not any(n in texts for n in not_said)


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        (
            "She hoped, the mayor said, that the paper would shy away from similar reports.",
            ["She hoped", "that the paper would shy away from similar reports"],
        ),
        ("He believed, he said, that the vote had been rigged.", ["He believed", "that the vote had been rigged"]),
    ],
)
def test_a_cue_set_off_at_the_start_of_a_complement_reports_the_whole_sentence(
    nlp: Language, text: str, pieces: list[str]
) -> None:
    # the inserted "he said" is not part of what was hoped; the opening "She hoped" is the report's first piece
    found = [(q.text, q.cue.text if q.cue else None) for q in analyse(text, nlp)]
    assert sorted(t for t, _ in found) == sorted(pieces) and {c for _, c in found} == {"said"}


@pytest.mark.parametrize(
    ("text", "context"),
    [
        (
            "The mayor called the new budget “much, much better” than the old one, since it saves money.",
            "the new budget “much, much better” than the old one",
        ),
        (
            '"We can hold the line, but it looks very unlikely" that the council will pass the budget, said one aide.',
            '"We can hold the line, but it looks very unlikely" that the council will pass the budget',
        ),
    ],
)
def test_a_clause_runs_on_past_a_closing_mark(nlp: Language, text: str, context: str) -> None:
    # a lower-case word after the closing mark goes on with the reporter's sentence
    found = [q for q in analyse(text, nlp) if q.kind == "partial"]
    assert [q.context.text for q in found if q.context] == [context]


@pytest.mark.parametrize(
    "text",
    [
        "“No one will declare ‘mission accomplished,'” a senior administration official said.",
        "The senator called the waterboarding “peanuts,” compared to what the militants do.",
        "“We will win this state” he said on Monday.",
    ],
)
def test_a_closing_mark_ends_the_clause_before_a_tag_or_an_inner_stop(nlp: Language, text: str) -> None:
    for q in analyse(text, nlp):
        end = q.context.end if q.context else q.end
        assert text[end - 1] in "”\"'’", (q.text, q.context)


def test_a_quotation_inside_the_subject_does_not_take_the_cue(nlp: Language) -> None:
    # the mark closing right before "said" closed a quotation in the subject's relative clause;
    # the mention is the speaker, not the clause the quotation cut in two
    text = "Smith, who calls the governor a “coward,” said he would vote against the budget."
    said = [q for q in analyse(text, nlp) if q.text == "he would vote against the budget"]
    assert [q.mention.text if q.mention else None for q in said] == ["Smith"]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Acme has struck a provisional agreement with unions representing 40,000 workers, according to the "
            "Labor Department, taking a step toward ending the strike.",
            "Acme has struck a provisional agreement with unions representing 40,000 workers",
        ),
        (
            "According to the FBI summary, two aides asked the employee to delete emails in December.",
            "two aides asked the employee to delete emails in December",
        ),
    ],
)
def test_according_to_reports_the_clause_it_modifies(nlp: Language, text: str, content: str) -> None:
    # the clause the phrase hangs on, not whichever side of it is longer; a speech verb there is
    # the source's report too
    assert content in [q.text for q in analyse(text, nlp)]


def test_a_tensed_verb_taken_for_the_cues_open_complement_is_its_report(nlp: Language) -> None:
    text = "They backed the principle of common standards, which he argued help ease disruptions for students."
    assert "help ease disruptions for students" in [q.text for q in analyse(text, nlp)]


def test_the_subject_the_parser_took_for_the_object_opens_the_report(nlp: Language) -> None:
    text = "Clinton admitted the server most likely did not meet the department's standards."
    assert "the server most likely did not meet the department's standards" in [q.text for q in analyse(text, nlp)]


def test_the_source_after_a_quotation_is_not_the_content_of_its_verb(nlp: Language) -> None:
    # the object verb right after the closing mark has its speaker as object, inverted
    text = (
        "“We don't have freedom of opinion anymore. #Leipzig,” tweeted a German user from Halle "
        "going by the handle Pfeffer."
    )
    assert [q.kind for q in analyse(text, nlp) if q.kind != "scare"] == ["direct"]


def test_a_scare_quote_nobody_is_credited_with_has_no_speaker(nlp: Language) -> None:
    # not an "unknown" speaker with no name: a one-word title in marks is nobody's words
    (title,) = analyse("The documentary “Blackfish” changed how people see marine parks.", nlp)
    assert (title.kind, title.speaker) == ("scare", None)

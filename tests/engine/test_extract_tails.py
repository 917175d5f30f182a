"""Where reported content ends and who reports it: asides, framing phrases, inserted cues, participles."""

from __future__ import annotations

import pytest
from spacy.language import Language

from service.engine.pipeline import analyse

pytestmark = pytest.mark.model


def _contents(text: str, nlp: Language) -> list[str]:
    return [q.text for q in analyse(text, nlp) if q.kind != "scare"]


def _mention(text: str, content: str, nlp: Language) -> str | None:
    quote = next(q for q in analyse(text, nlp) if q.text == content)
    return quote.mention.text if quote.mention else None


@pytest.mark.parametrize(
    ("text", "content"),
    [
        pytest.param(
            "She said the deal would pass – a claim her rivals dispute.", "the deal would pass", id="dash-summary"
        ),
        pytest.param(
            "The mayor said the money would go to the port, a project that has stalled for years.",
            "the money would go to the port",
            id="comma-summary-noun",
        ),
        pytest.param(
            "The governor said the bridge would reopen, saying it was safe.",
            "the bridge would reopen",
            id="second-report",
        ),
        pytest.param(
            "The minister claimed that rebels were behind the attack, without offering any evidence.",
            "that rebels were behind the attack",
            id="without-evidence",
        ),
        pytest.param(
            "He said he left the restaurant without paying the bill.",
            "he left the restaurant without paying the bill",
            id="without-inside-the-report",
        ),
        pytest.param(
            "The senator affirmed that he likes the governor to the radio talk show host.",
            "that he likes the governor",
            id="audience-misattached",
        ),
        pytest.param(
            "The actor thanked his fans for their support in a video posted online.",
            "his fans for their support",
            id="object-content-in-a-video",
        ),
        pytest.param(
            "Defenders pointed to earlier examples of plagiarism in political speech.",
            "earlier examples of plagiarism in political speech",
            id="bare-event-noun-is-a-topic",
        ),
        pytest.param(
            "She said she would speak to reporters after the vote.",
            "she would speak to reporters after the vote",
            id="audience-of-a-reported-speech-act",
        ),
        pytest.param(
            "The council said the city needs a new stadium, a project backed by the owners of the team.",
            "the city needs a new stadium",
            id="comma-summary-participle",
        ),
        pytest.param(
            "One survey says rents rose fastest in the capital, while another says the suburbs led.",
            "rents rose fastest in the capital",
            id="second-report-of-another-speaker",
        ),
        pytest.param(
            "Officials said turnout rose sharply, pushing the count past a million.",
            "turnout rose sharply, pushing the count past a million",
            id="consequence-kept",
        ),
        pytest.param("He said the plan was sound at the town hall.", "the plan was sound", id="event-out"),
        pytest.param(
            "The chairman said the company would cut 400 jobs in a statement.",
            "the company would cut 400 jobs",
            id="medium-out",
        ),
        pytest.param(
            "The governor said the bridge would reopen in early September.",
            "the bridge would reopen in early September",
            id="time-kept",
        ),
        pytest.param(
            "He said that he did not know during the debate that the candidate had invited the women.",
            "that he did not know during the debate that the candidate had invited the women",
            id="setting-with-a-clause-kept",
        ),
        pytest.param(
            "The mayor said the budget was balanced and criticized the council for its delays.",
            "the budget was balanced",
            id="second-report-out",
        ),
        pytest.param(
            "The author said she was proud of the book and expected it to sell well.",
            "she was proud of the book and expected it to sell well",
            id="conjoined-belief-kept",
        ),
        pytest.param(
            "The chairman said during a call with investors that the company would cut jobs.",
            "that the company would cut jobs",
            id="that-clause-read-as-relative",
        ),
        pytest.param(
            "The governor insisted at the dinner that voters will reject the new tax on fuel.",
            "that voters will reject the new tax on fuel",
            id="that-clause-after-setting",
        ),
        pytest.param(
            "Analysts reviewed the losses that company executives said could affect second-quarter earnings.",
            "could affect second-quarter earnings",
            id="relative-word-before-cue",
        ),
        pytest.param(
            "Many investors assumed that the mill had the backing of the governor, but that wasn't the case.",
            "that the mill had the backing of the governor",
            id="reporters-verdict-after-but-out",
        ),
        pytest.param(
            "He admits that the protesters are decent people, but ultimately Kessler thinks their logic is flawed.",
            "that the protesters are decent people",
            id="another-believer-after-but-out",
        ),
        pytest.param(
            "Most of the voters said they were worried about the economy, and more than 4 in 10 said the governor "
            "would be best at handling it.",
            "they were worried about the economy",
            id="side-by-side-report-of-others-out",
        ),
    ],
)
def test_content_ends_where_the_speaker_stops(nlp: Language, text: str, content: str) -> None:
    assert content in _contents(text, nlp)


def test_both_pieces_around_an_inserted_cue_are_reported(nlp: Language) -> None:
    found = _contents("Rather, the mayor said, the bridge will reopen in May.", nlp)
    assert found == ["Rather", "the bridge will reopen in May"]


def test_a_demonstrative_subject_before_the_cue_is_no_relative_clause(nlp: Language) -> None:
    text = "That could help the city balance its budget, the treasurer said."
    assert _contents(text, nlp) == ["That could help the city balance its budget"]


def test_a_second_report_has_the_reporting_verbs_speaker(nlp: Language) -> None:
    text = "The coach said his team had played well and thanked the fans for their support."
    assert _mention(text, "the fans for their support", nlp) == "The coach"


def test_a_relative_clause_after_a_setting_is_not_content(nlp: Language) -> None:
    assert _contents("She wrote about the town that her family left.", nlp) == []


def test_a_relative_clause_before_the_cue_is_not_reported(nlp: Language) -> None:
    text = "Sanders, meanwhile, who has no such endorsements, said that fact speaks volumes about the race."
    assert _contents(text, nlp) == ["that fact speaks volumes about the race"]


def test_a_phrase_the_inserted_cue_interrupts_is_not_reported(nlp: Language) -> None:
    text = (
        "Mr. King set himself apart from Mr. Stone, who works for the channel and, Mr. King said, "
        "has recently seemed supportive of the candidate."
    )
    assert _contents(text, nlp) == ["has recently seemed supportive of the candidate"]


def test_pledged_delegates_are_not_a_pledge(nlp: Language) -> None:
    assert _contents("The figures include the party's pledged delegates and superdelegates.", nlp) == []
    assert _contents("The figures include pledged delegates and superdelegates.", nlp) == []
    assert _contents("She will arrive with enough pledged delegates to file minority reports.", nlp) == []
    assert _contents("Two of them have already pledged their support to the governor.", nlp) == ["their support"]
    assert _contents("Two in three said they are less likely to vote for the party.", nlp) == [
        "they are less likely to vote for the party"
    ]


@pytest.mark.parametrize(
    ("text", "content", "mention"),
    [
        pytest.param(
            "The governor said the bridge would reopen, saying it was safe.", "it was safe", "The governor", id="saying"
        ),
        pytest.param(
            "Bennett denied the notion that a shakeup is coming, explaining that he was unaware of the interview.",
            "that he was unaware of the interview",
            "Bennett",
            id="explaining",
        ),
        pytest.param(
            "In the 1980s, the agency planted newspaper articles alleging that the virus was made in a lab.",
            "that the virus was made in a lab",
            "the agency",
            id="articles-issuer",
        ),
        pytest.param(
            "As one strategist put it, “The race is over and everyone knows it.”",
            "“The race is over and everyone knows it.”",
            "one strategist",
            id="as-x-put-it",
        ),
        pytest.param(
            "“Our support for these schools is based on our own experience,” the letter reads.",
            "“Our support for these schools is based on our own experience,”",
            "the letter",
            id="the-letter-reads",
        ),
    ],
)
def test_who_reports(nlp: Language, text: str, content: str, mention: str) -> None:
    assert _mention(text, content, nlp) == mention


def test_a_share_of_those_polled_reports(nlp: Language) -> None:
    text = "About 4 in 10 say they want the next president to have more liberal policies."
    assert _mention(text, "they want the next president to have more liberal policies", nlp) == "About 4 in 10"


def test_an_object_after_a_comma_is_not_the_speaker(nlp: Language) -> None:
    text = "Friday, Texas, leading a coalition of 13 states, asked a federal judge to block the rules."
    assert _mention(text, "a federal judge to block the rules", nlp) != "a federal judge"


def test_a_headline_reports_only_what_a_speech_verb_s_clause_holds(nlp: Language) -> None:
    said = "Mayor Says Bridge Will Reopen By The End Of Next Month."
    assert [(q.text, q.mention.text if q.mention else None) for q in analyse(said, nlp)] == [
        ("Bridge Will Reopen By The End Of Next Month", "Mayor")
    ]
    assert _contents("Governor Praises Firefighters For Quick Response To Warehouse Fire.", nlp) == []


def test_according_to_after_a_report_names_its_source_only(nlp: Language) -> None:
    text = '"What does that plan mean for families?" Clinton asked, according to a transcript of the interview.'
    assert [q.kind for q in analyse(text, nlp)] == ["direct"]


def test_a_title_in_marks_nobody_says_is_scare(nlp: Language) -> None:
    text = "''Tales From the Crypt,'' an HBO series that first aired in 1989, will be resurrected on cable."
    assert [q.kind for q in analyse(text, nlp)] == ["scare"]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        pytest.param("It's fair to say that one reason for that is the lack of attacks.", None, id="fair-to-say"),
        pytest.param("It is too soon to say how severe the damage to the campaign might be.", None, id="too-soon"),
        pytest.param(
            "The papers have strong protections, not to mention that truth is a defense against libel claims.",
            None,
            id="not-to-mention",
        ),
        pytest.param("She went on to say that the plan would fail.", "that the plan would fail", id="went-on-to-say"),
    ],
)
def test_the_reporter_s_hedges_report_nothing(nlp: Language, text: str, content: str | None) -> None:
    assert _contents(text, nlp) == ([content] if content else [])


def test_a_title_the_sentence_runs_past_is_scare(nlp: Language) -> None:
    text = "In his memoir, ''A Time for Truth,'' published in 2015, the senator described how he grew up."
    assert [(q.kind, q.text) for q in analyse(text, nlp)][:2] == [
        ("scare", "''A Time for Truth,''"),
        ("indirect", "how he grew up"),
    ]
    said = "“Thank You, America,” he said as he left the stage."
    assert [q.kind for q in analyse(said, nlp)] == ["direct"]


def test_a_fragment_belongs_to_the_speech_verb_before_the_belief_inside_its_clause(nlp: Language) -> None:
    text = "The candidate says he feels he did “great” in the debate and expects to win the state."
    great = next(q for q in analyse(text, nlp) if q.kind == "partial")
    assert great.cue is not None and great.cue.text == "says"
    assert great.context is not None and great.context.text.startswith("he feels he did")

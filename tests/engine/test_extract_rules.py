"""Extraction rules without the model: classification, dash speakers, lexicon, hand-built parses."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from service.engine.annotate import needs_parse
from service.engine.attribution import Context, mention_of, trim
from service.engine.direct import classify, dash_speaker, signature_line
from service.engine.extract import extract_doc
from service.engine.indirect import reported_clauses
from service.engine.lexicon import belief_forms, object_forms, speech_forms
from service.engine.marks import paragraphs, scan


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("“We will win the vote,” he said.", "direct", id="sentence-quote"),
        pytest.param("He said: “we will win the vote.”", "direct", id="after-colon-lowercase"),
        pytest.param("The US will send vaccines “quickly”.", "partial", id="one-word-fragment"),
        pytest.param("Ties had entered a “new phase” on Monday.", "partial", id="two-word-fragment"),
        pytest.param("He called it “A Disaster” twice.", "partial", id="capitalised-short-fragment"),
        pytest.param("“”", "partial", id="empty"),
        pytest.param("The ad, titled “Unifier,” ends with a rally.", "scare", id="titled"),
        pytest.param("A column headlined “Why We Lost” ran on Sunday.", "scare", id="headlined"),
        pytest.param("He said it was entitled to “a fair hearing.”", "partial", id="entitled-to-a-fragment"),
    ],
)
def test_classify(text: str, kind: str) -> None:
    (q,) = scan(text)
    assert classify(text, q, 0) == kind


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param("“Public health comes first.” — Commissioner Mary Jones", "Commissioner Mary Jones", id="em"),
        pytest.param("“Stay home.” – Dr. Lee", "Dr. Lee", id="en-dash-abbreviation"),
        pytest.param("“Stay home.” — Mary Jones, who runs the agency", "Mary Jones", id="stops-at-comma"),
        pytest.param("“Stay home,” she said.", None, id="no-dash"),
    ],
)
def test_dash_speaker(text: str, speaker: str | None) -> None:
    (q,) = scan(text)
    found = dash_speaker(text, q, len(text))
    assert (found.text if found else None) == speaker


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("said", speech_forms()),
        ("tells", speech_forms()),
        ("admitted", speech_forms()),
        ("tweeting", speech_forms()),
        ("agreeing", speech_forms()),
        ("believes", belief_forms()),
        ("praised", object_forms()),
    ],
)
def test_lexicon_forms(word: str, forms: frozenset[str]) -> None:
    assert word in forms


@pytest.mark.parametrize("word", ["suggested", "predicts", "acknowledged", "concluding"])
def test_a_verb_listed_for_belief_and_speech_counts_as_speech(word: str) -> None:
    # Their lemmas stand in both data files; reporting them as belief would lose the quote.
    assert word in speech_forms()
    assert word not in belief_forms()


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("The senator said no.", True),
        ("According to the mayor, it rained.", True),
        ("The bridge opened in 1932.", False),
        ("", False),
    ],
)
def test_needs_parse(paragraph: str, expected: bool) -> None:
    assert needs_parse(paragraph) is expected


def test_trim_strips_marks_and_punctuation() -> None:
    text = " “Hello, world.” "
    start, end = trim(text, 0, len(text))
    assert text[start:end] == "Hello, world"


def _parsed(words: list[str], heads: list[int], deps: list[str], tags: list[str]) -> Doc:
    # a blank English vocab supplies the lexical attributes (lower_) the rules read
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, tags=tags)


def test_reported_clause_on_hand_built_parse() -> None:
    # "The mayor said that taxes will fall ."
    doc = _parsed(
        ["The", "mayor", "said", "that", "taxes", "will", "fall", "."],
        [1, 2, 2, 6, 6, 6, 2, 2],
        ["det", "nsubj", "ROOT", "mark", "nsubj", "aux", "ccomp", "punct"],
        ["DT", "NN", "VBD", "IN", "NNS", "MD", "VB", "."],
    )
    ctx = Context(doc.text, 0, ())
    (found,) = reported_clauses(doc[:], ctx)
    assert doc.text[found.start : found.end] == "that taxes will fall"
    assert found.cue.text == "said"
    mention = mention_of(found.cue, ctx)
    assert mention is not None and mention.text == "The mayor"


@pytest.mark.parametrize(
    ("words", "heads", "deps", "tags", "mention"),
    [
        pytest.param(
            ["Speaking", "in", "Salem", ",", "Ohio", ",", "Smith", "said", "that", "taxes", "will", "fall", "."],
            [7, 0, 1, 7, 7, 7, 7, 7, 11, 11, 11, 7, 7],
            [
                "advcl",
                "prep",
                "pobj",
                "punct",
                "nsubj",
                "punct",
                "nsubj",
                "ROOT",
                "mark",
                "nsubj",
                "aux",
                "ccomp",
                "punct",
            ],
            ["VBG", "IN", "NNP", ",", "NNP", ",", "NNP", "VBD", "IN", "NNS", "MD", "VB", "."],
            "Smith",
            id="a-comma-closes-the-opening-phrase",
        ),
        pytest.param(
            ["Obama", "the", "realist", "said", "that", "taxes", "will", "fall", "."],
            [3, 2, 3, 3, 7, 7, 7, 3, 3],
            ["nsubj", "det", "nsubj", "ROOT", "mark", "nsubj", "aux", "ccomp", "punct"],
            ["NNP", "DT", "NN", "VBD", "IN", "NNS", "MD", "VB", "."],
            "Obama",
            id="one-noun-phrase-split-in-two",
        ),
    ],
)
def test_two_subjects_of_one_cue(
    words: list[str], heads: list[int], deps: list[str], tags: list[str], mention: str
) -> None:
    doc = _parsed(words, heads, deps, tags)
    ctx = Context(doc.text, 0, ())
    (found,) = reported_clauses(doc[:], ctx)
    found_mention = mention_of(found.cue, ctx)
    assert found_mention is not None and found_mention.text == mention


def test_a_speech_verb_tagged_as_a_noun_with_a_clause_is_a_cue() -> None:
    # "Ortiz predicts that rents will rise .", the tagger taking "predicts" for a plural noun
    doc = _parsed(
        ["Ortiz", "predicts", "that", "rents", "will", "rise", "."],
        [1, 1, 5, 5, 5, 1, 1],
        ["compound", "ROOT", "mark", "nsubj", "aux", "ccomp", "punct"],
        ["NN", "NNS", "IN", "NNS", "MD", "VB", "."],
    )
    (found,) = reported_clauses(doc[:], Context(doc.text, 0, ()))
    assert doc.text[found.start : found.end] == "that rents will rise"
    assert found.cue.text == "predicts"


def test_a_speech_noun_with_a_determiner_is_no_cue() -> None:
    # "The claims that rents will rise spread .": a noun, whatever clause the parser gives it
    doc = _parsed(
        ["The", "claims", "that", "rents", "will", "rise", "spread", "."],
        [1, 6, 5, 5, 5, 1, 6, 6],
        ["det", "nsubj", "mark", "nsubj", "aux", "ccomp", "ROOT", "punct"],
        ["DT", "NNS", "IN", "NNS", "MD", "VB", "VBD", "."],
    )
    assert reported_clauses(doc[:], Context(doc.text, 0, ())) == []


def test_according_to_on_hand_built_parse() -> None:
    # "According to police , the road is closed ."
    doc = _parsed(
        ["According", "to", "police", ",", "the", "road", "is", "closed", "."],
        [6, 0, 1, 6, 5, 6, 6, 6, 6],
        ["prep", "prep", "pobj", "punct", "det", "nsubj", "ROOT", "acomp", "punct"],
        ["VBG", "IN", "NNS", ",", "DT", "NN", "VBZ", "JJ", "."],
    )
    ctx = Context(doc.text, 0, ())
    (found,) = reported_clauses(doc[:], ctx)
    assert doc.text[found.start : found.end] == "the road is closed"
    mention = mention_of(found.cue, ctx)
    assert mention is not None and mention.text == "police"


def test_extract_doc_without_a_parse_still_pairs_marks() -> None:
    doc = spacy.blank("en")("“We will rebuild the bridge,” she said. “Public health comes first.” — Dr. Ann Lee")
    quotes = extract_doc(doc)
    assert [q.text for q in quotes] == ["“We will rebuild the bridge,”", "“Public health comes first.”"]
    assert quotes[1].mention is not None and quotes[1].mention.text == "Dr. Ann Lee"


def _parsed_with_pos(rows: list[tuple[str, int, str, str, str]]) -> Doc:
    # (word, head, dep, tag, pos): the rules on a speaker's words read the coarse class too
    words, heads, deps, tags, pos = (list(column) for column in zip(*rows, strict=True))
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos)


def test_name_between_a_quotation_and_its_cue_hung_inside_the_quotation() -> None:
    # '“ It is the plan , ” Jane Roe , an adviser , said .': the parser hangs the name on the quoted verb
    doc = _parsed_with_pos(
        [
            ("“", 13, "punct", "``", "PUNCT"),
            ("It", 2, "nsubj", "PRP", "PRON"),
            ("is", 13, "ccomp", "VBZ", "AUX"),
            ("the", 4, "det", "DT", "DET"),
            ("plan", 2, "attr", "NN", "NOUN"),
            (",", 13, "punct", ",", "PUNCT"),
            ("”", 13, "punct", "''", "PUNCT"),
            ("Jane", 8, "compound", "NNP", "PROPN"),
            ("Roe", 2, "npadvmod", "NNP", "PROPN"),
            (",", 8, "punct", ",", "PUNCT"),
            ("an", 11, "det", "DT", "DET"),
            ("adviser", 8, "appos", "NN", "NOUN"),
            (",", 8, "punct", ",", "PUNCT"),
            ("said", 13, "ROOT", "VBD", "VERB"),
            (".", 13, "punct", ".", "PUNCT"),
        ]
    )
    ctx = Context(doc.text, 0, ((0, doc[6].idx + 1),))
    mention = mention_of(doc[13], ctx)
    assert mention is not None and mention.text == "Jane Roe , an adviser"


def test_surname_after_an_inverted_cue_tagged_as_an_adverb() -> None:
    # '“ Fine , ” said Skelly .': the tagger reads the surname as an adverb
    doc = _parsed_with_pos(
        [
            ("“", 4, "punct", "``", "PUNCT"),
            ("Fine", 4, "ccomp", "JJ", "ADJ"),
            (",", 4, "punct", ",", "PUNCT"),
            ("”", 4, "punct", "''", "PUNCT"),
            ("said", 4, "ROOT", "VBD", "VERB"),
            ("Skelly", 4, "advmod", "RB", "ADV"),
            (".", 4, "punct", ".", "PUNCT"),
        ]
    )
    ctx = Context(doc.text, 0, ((0, doc[3].idx + 1),))
    mention = mention_of(doc[4], ctx)
    assert mention is not None and mention.text == "Skelly"


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        pytest.param(
            'Notes.\n\n"Great speech. She is ready."\n\n-Senator Jane Roe, writing after the speech.\n\nMore.',
            "Senator Jane Roe",
            id="dash-signature-on-the-next-line",
        ),
        pytest.param(
            'Notes.\n\n"Everyone backs the treaty until they start losing.\nAlan Berg, a historian, on the race."',
            "Alan Berg",
            id="signature-inside-marks-left-open-at-the-line-end",
        ),
        pytest.param('Notes.\n\n"We will win this."\n\nThe mayor left early.', None, id="a-sentence-is-no-signature"),
    ],
)
def test_signature_line_after_a_quotation(text: str, mention: str | None) -> None:
    (q,) = scan(text)
    paras = paragraphs(text)
    para = paras[q.paragraph]
    found = signature_line(text, q, para.end, paras[q.paragraph + 1])
    assert (found.text if found else None) == mention

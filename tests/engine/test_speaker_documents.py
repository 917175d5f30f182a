"""Documents and unnamed organisations as speakers: a document is credited to the issuer the article
names, else kept as a document; no organisation speaker is named by a lower-case common noun or by
markup (hand-built quotes, the real model)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from service.engine import names
from tests.engine.speaker_cases import Q, resolve

pytestmark = pytest.mark.model

# (text, quotes, expected per quote: (name, kind)); a person's name is compared with ``same_person``.
CASES = {
    "a-document-released-earlier-by-a-person": (
        "Senator Rita Moreno released a statement on Tuesday. “We will not back down,” the statement said.",
        [Q("“We will not back down,”", "the statement")],
        [("Rita Moreno", "person")],
    ),
    "a-document-is-credited-to-who-issued-that-kind-of-document": (
        "The Energy Department released a report on Monday. Senator Ann Walsh issued a statement on the budget."
        "\n\nThe report said the program had failed.",
        [Q("the program had failed", "The report")],
        [("Energy Department", "organization")],
    ),
    "a-document-released-by-a-named-person": (
        "“We will not back down,” said a statement released by Senator Rita Moreno.",
        [Q("“We will not back down,”", "a statement released by Senator Rita Moreno")],
        [("Rita Moreno", "person")],
    ),
    "a-document-from-a-named-organisation": (
        "Protesters gathered outside on Friday. “The plant is safe,” said a statement from Acme Chemicals.",
        [Q("“The plant is safe,”", "a statement from Acme Chemicals")],
        [("Acme Chemicals", "organization")],
    ),
    "an-organisation-spoke-in-a-document": (
        "The Sierra Club said in a report that the river was polluted. “Fish are dying,” the report said.",
        [Q("“Fish are dying,”", "the report")],
        [("Sierra Club", "organization")],
    ),
    "a-document-with-no-issuer-keeps-a-proper-description": (
        "The council met on Monday. “The budget is balanced,” the report said.",
        [Q("“The budget is balanced,”", "the report")],
        [("Report", "organization")],
    ),
    "a-possessed-campaign-is-named-by-its-owner": (
        "Mayor Tom Ruiz spoke in Reno on Sunday. “We are ready,” his campaign said.",
        [Q("“We are ready,”", "his campaign")],
        [("Tom Ruiz's campaign", "organization")],
    ),
    "an-indefinite-organisation-is-an-unnamed-source": (
        "Voters were angry on Monday. “This is wrong,” a civil rights group said.",
        [Q("“This is wrong,”", "a civil rights group")],
        [("civil rights group", "anonymous")],
    ),
    "an-organisation-is-named-by-its-proper-name-not-its-description": (
        "“It is a mistake,” said the conservative think tank Heritage Foundation.",
        [Q("“It is a mistake,”", "the conservative think tank Heritage Foundation")],
        [("Heritage Foundation", "organization")],
    ),
    "markup-is-no-speaker": (
        'Kaine spoke in Ohio. <time datetime="2016-07-22">July 22</time> “We will win,” he said.',
        [Q("“We will win,”", 'datetime="2016')],
        [("", "")],
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_document_and_organisation_cases(nlp: Language, case: str) -> None:
    text, specs, expected = CASES[case]
    refs = resolve(nlp, text, specs)
    for ref, (name, kind) in zip(refs, expected, strict=True):
        assert ref.name[:1].isupper() or ref.kind in ("anonymous", "unknown"), ref
        assert "=" not in ref.name, ref
        if kind:
            assert ref.kind == kind, ref
        if kind == "person":
            assert names.same_person(ref.name, name), ref
        elif name:
            assert ref.name.lower() == name.lower(), ref


def test_an_organisation_described_not_named_is_its_article_s_only(nlp: Language) -> None:
    text = "The vote is on Tuesday. “We are ready,” her campaign said. “The count is fair,” the report said."
    refs = resolve(nlp, text, [Q("“We are ready,”", "her campaign"), Q("“The count is fair,”", "the report")])
    assert [(r.name, r.kind) for r in refs] == [("Campaign", "organization"), ("Report", "organization")]
    assert [r.key for r in refs] == ["", ""]  # no cross-article identity for a description

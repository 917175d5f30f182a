"""Who a pronoun stands for, read by the parse: the running speaker and the subjects the reporter wrote,
never sentences inside quotations (hand-built quotes, the real model)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from service.engine import names
from tests.engine.speaker_cases import Q, resolve

pytestmark = pytest.mark.model

# (text, quotes, expected per quote: (name, kind, how)); name "" means "any".
CASES = {
    "the-window-skips-sentences-inside-the-quotation": (
        "Ellen Marsh has run the shelter on Pine Street for a decade. "
        "“She never turns anyone away,” said Mayor Tom Reed. "
        "On Monday, she described the night of the fire, which Governor Ann Pike has called the worst in years. "
        "“The smoke came in through the vents. We woke everyone up. "
        "Then we carried the children out one by one,” she said.",
        [
            Q("“She never turns anyone away,”", "Mayor Tom Reed"),
            Q("“The smoke came in through the vents. We woke everyone up. Then we carried", "she", 2),
        ],
        [("Tom Reed", "person", "named"), ("Ellen Marsh", "person", "pronoun")],
    ),
    "a-speaker-quoted-since-the-subjects-paragraph-runs-on": (
        "Governor Ann Pike has since apologized for the delay.\n\n"
        "Any decision on the funds would involve Treasurer Mary Soto, who told the council last week: "
        "“The money is there. It will be released when the audit is done.”\n\n"
        "She added, “We will not cut corners.”",
        [
            Q("“The money is there. It will be released when the audit is done.”", "Treasurer Mary Soto, who"),
            Q("“We will not cut corners.”", "She"),
        ],
        [("Mary Soto", "person", "named"), ("Mary Soto", "person", "pronoun")],
    ),
    "the-subject-of-the-same-paragraph-beats-a-speaker-in-its-relative-clause": (
        "Speaking on Monday, Senator Mark Hale refrained from attacking his rivals, among them "
        "Governor Jim Wells, who says the senator lacks experience. "
        "He dismissed the criticism as noise.",
        [Q("the senator lacks experience", "Governor Jim Wells, who"), Q("the criticism as noise", "He")],
        [("Jim Wells", "person", "named"), ("Mark Hale", "person", "pronoun")],
    ),
    "a-message-as-subject-stands-for-its-sender": (
        "An email sent on Monday by campaign manager Laura Diaz to the finance team shows that "
        "Senator Carol Penn knew about the audit.\n\n"
        "“We need to get ahead of this story before Friday,” she wrote.",
        [
            Q("Senator Carol Penn knew about the audit", "An email sent on Monday by campaign manager Laura Diaz"),
            Q("“We need to get ahead of this story before Friday,”", "she"),
        ],
        [("", "", ""), ("Laura Diaz", "person", "pronoun")],
    ),
    "someone-made-the-topic-since-the-previous-quote-takes-the-pronoun": (
        "“We will not back down,” said Rachel Kim, the group’s director.\n\n"
        "Just who can broker a deal is a question party leaders are beginning to ask. One possibility is "
        "Governor Sandra Lowe, who until March led the state party. She has refrained from endorsing either "
        "candidate.",
        [Q("“We will not back down,”", "Rachel Kim"), Q("from endorsing either candidate", "She")],
        [("Rachel Kim", "person", "named"), ("Sandra Lowe", "person", "pronoun")],
    ),
    "someone-merely-mentioned-since-the-previous-quote-leaves-the-pronoun-to-its-speaker": (
        "“We will rebuild the bridge,” Mayor Karen Bass said on Monday.\n\n"
        "The old bridge was praised by Linda Park, an engineer who studied it for years.\n\n"
        "“It will take a year,” she added.",
        [Q("“We will rebuild the bridge,”", "Mayor Karen Bass"), Q("“It will take a year,”", "she")],
        [("Karen Bass", "person", "named"), ("Karen Bass", "person", "pronoun")],
    ),
    "a-cue-less-quote-in-a-new-paragraph-is-its-sentences-subject": (
        "“We need new schools,” said Mayor Tom Reed.\n\n"
        "There is still time for Governor Ann Pike to win back teachers, even after repeatedly calling "
        "their union “a cartel” in March.",
        [Q("“We need new schools,”", "Mayor Tom Reed"), Q("“a cartel”", None)],
        [("Tom Reed", "person", "named"), ("Ann Pike", "person", "continuation")],
    ),
    "the-one-the-quotation-names-is-not-its-speaker": (
        "Dan Cole appears again in the memos, in an exchange in which Paul Mast seems unhappy with the "
        "lawyer’s promise.\n\n"
        "“We need to cut Dan loose. I can’t believe he promised a review on TV,” he wrote.",
        # the fourth "he" of the text (after "the memos", "the lawyer", "he promised"): "he wrote"
        [Q("“We need to cut Dan loose. I can’t believe he promised a review on TV,”", "he", 3)],
        [("Paul Mast", "person", "pronoun")],
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_pronoun_cases(nlp: Language, case: str) -> None:
    text, specs, expected = CASES[case]
    refs = resolve(nlp, text, specs)
    for ref, (name, kind, how) in zip(refs, expected, strict=True):
        if kind:
            assert (ref.kind, ref.how) == (kind, how), ref
        if name:
            assert names.same_person(ref.name, name), ref

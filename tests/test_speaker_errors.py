"""The evaluator's miss classes: what a labelled quote's stored speaker was instead of the truth."""

from __future__ import annotations

from service.speaker_errors import format_errors, miss_class
from service.speaker_evaluation import Label, StoredQuote


def _label(person: str, kind: str = "person") -> Label:
    return Label("doc", 0, 10, person, kind)


def test_miss_classes_name_what_went_wrong() -> None:
    majority = {1: "hillary clinton", 2: "bill clinton"}
    right = StoredQuote(0, 10, 1, "Hillary Rodham Clinton", "person", "named", "Mrs. Clinton")
    assert miss_class(_label("Hillary Clinton"), right, majority) == ""
    wrong = StoredQuote(0, 10, 2, "Bill Clinton", "person", "pronoun", "he")
    assert miss_class(_label("Hillary Clinton"), wrong, majority) == "person as another person (pronoun)"
    unknown = StoredQuote(0, 10, 3, "the senator", "unknown", "unresolved", "the senator")
    assert miss_class(_label("Bernie Sanders"), unknown, majority) == "person as unknown (unresolved)"
    assert miss_class(_label("Bernie Sanders"), StoredQuote(0, 10, None, "", ""), majority) == "person as no speaker"
    merged = StoredQuote(0, 10, 2, "Clinton", "person", "named", "Clinton")
    assert miss_class(_label("Hillary Clinton"), merged, majority) == "person in a speaker mostly someone else's"
    anon = StoredQuote(0, 10, 4, "Chris Christie", "person", "named", "Chris Christie, who")
    group = _label("Jeb Bush and Chris Christie", "anonymous")
    assert miss_class(group, anon, majority) == "anonymous as person (named)"


def test_errors_print_counts_then_examples() -> None:
    out = format_errors({"person as unknown (unresolved)": ["a", "b", "c"]}, 2)
    assert out.splitlines() == ["     3  person as unknown (unresolved)", "          a", "          b"]

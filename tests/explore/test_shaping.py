"""The explorer's page-shaping helpers: diff runs, marked search words, article runs, filters."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from service.engine.families.diff import word_diff
from service.explore.articleview import pieces
from service.explore.diffview import diff_runs
from service.explore.filters import read_filters
from service.explore.marks import mark_terms


def runs(canonical: str, variant: str) -> list[tuple[str, str]]:
    return diff_runs(canonical, variant, word_diff(canonical, variant))


def test_inserted_missing_and_replaced_words() -> None:
    assert runs("We will not raise taxes.", "We will raise taxes now.") == [
        ("same", "We will "),
        ("del", "not"),
        ("same", " raise taxes "),
        ("ins", "now"),
        ("same", "."),
    ]
    assert runs("The plan costs five million.", "The plan costs six million.") == [
        ("same", "The plan costs "),
        ("del", "five"),
        ("ins", "six"),
        ("same", " million."),
    ]


def test_a_missing_last_word_keeps_its_space() -> None:
    assert runs("the bridge opens in May", "the bridge opens in") == [("same", "the bridge opens in "), ("del", "May")]


def test_a_fragment_is_diffed_against_the_stretch_it_covers() -> None:
    canonical = "We will rebuild the school, and we will do it before winter."
    part = "rebuild the schools"
    start = canonical.index("rebuild")
    ops = word_diff(canonical[start : start + len("rebuild the school")], part)
    assert diff_runs(canonical, part, ops, base=start) == [
        ("same", "rebuild the "),
        ("del", "school"),
        ("ins", "schools"),
    ]


def test_search_words_are_marked_with_their_inflections() -> None:
    marked = mark_terms("Nobody declared the mission accomplished, missions go on.", ["mission", "declare"])
    assert [text for text, hit in marked if hit] == ["declared", "mission", "missions"]
    assert "".join(text for text, _ in marked) == "Nobody declared the mission accomplished, missions go on."
    assert mark_terms("a cat and a category", ["cat"]) == [("a ", False), ("cat", True), (" and a category", False)]


def quote(qid: int, start: int, end: int, cue: tuple[int, int] | None = None) -> dict[str, object]:
    return {
        "id": qid,
        "start": start,
        "end": end,
        "kind": "direct",
        "cue": {"start": cue[0], "end": cue[1], "text": ""} if cue else None,
        "speaker": None,
    }


def test_article_runs_follow_the_offsets_and_skip_overlaps() -> None:
    text = "“We won,” she said. “We won big,” she added."
    first, second = quote(1, 0, 9, cue=(14, 18)), quote(2, 20, 33)
    overlapping = quote(3, 5, 25)
    out = pieces(text, [second, overlapping, first])
    assert "".join(p["text"] for p in out) == text
    assert [(p["type"], p["text"]) for p in out if p["type"] != "text"] == [
        ("quote", "“We won,”"),
        ("cue", "said"),
        ("quote", "“We won big,”"),
    ]


def test_filters_read_days_in_utc_and_report_bad_values() -> None:
    filters, errors = read_filters(MultiDict({"q": " river ", "since": "2021-07-26", "until": "2021-07-26"}))
    assert errors == [] and filters["q"] == "river"
    assert filters["since"].isoformat() == "2021-07-26T00:00:00+00:00"
    assert filters["until"].isoformat() == "2021-07-27T00:00:00+00:00"
    _, errors = read_filters(MultiDict({"since": "26/07/2021", "kind": "shouted"}))
    assert len(errors) == 2


def test_only_quoted_words_get_quotation_marks() -> None:
    from service.explore.pages import quoted

    assert quoted("We will win", "direct") == "“We will win”"
    assert quoted("“We will win,”", "direct") == "“We will win,”"
    assert quoted("that they would win", "indirect") == "that they would win"


def test_family_page_shapes_optional_fields_when_present() -> None:
    from service.explore.familyview import family_page

    canonical = "We will rebuild the school before winter."
    occurrence = {"quote_id": 5, "outlet": "Courier", "speaker_id": None}
    fragment = {
        "text": "rebuild the schools",
        "kind": "fragment",
        "covers": [8, 26],
        "diff": [],
        "covered_diff": word_diff(canonical[8:26], "rebuild the schools"),
        "occurrences": [occurrence],
    }
    report = {
        "canonical": {"text": canonical, "how": "fullest_direct", "how_explained": "the fullest direct wording"},
        "variants": [fragment],
        "paraphrases": [],
        "linked_families": [{"id": 9, "canonical": "The school opens in spring."}],
    }
    page = family_page(report)
    assert page["how"] == "the fullest direct wording" and page["linked"] == report["linked_families"]
    (wording,) = page["variants"]
    assert wording["context"] == ("We will ", "rebuild the school", " before winter.")
    assert ("ins", "schools") in wording["runs"] and wording["role_label"] == "Fragment"
    assert page["outlets"] == ["Courier"] and page["split_choices"] == [(5, "Courier: rebuild the schools")]

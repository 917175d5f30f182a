"""Name cleaning, titles and cross-article identity keys: pure functions, no model needed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.engine import names


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Biden Vowed", "Biden"),
        ("Official Emphasized", "Official"),
        ("Mustafa al-Kadhemi.@SaroyaHem", "Mustafa al-Kadhemi"),
        ("@JoeBiden", ""),
        ("Merkel Says", "Merkel"),
        ("Angela Merkel Warns", "Angela Merkel"),
        ("Macron’s", "Macron"),
        ("Boris Johnson,", "Boris Johnson"),
        ("Saddam Hussein-led", "Saddam Hussein"),
        ("the White House pic.twitter.com/abc123", "the White House"),
        ("a senior administration\nofficial", "a senior administration official"),
        ("U.S. President Joe Biden", "US President Joe Biden"),
        # A capitalised word that is not a reporting verb stays.
        ("Ted Said", "Ted"),
        ("Jean Stated", "Jean"),
        # A reflexive after the name is no part of it.
        ("Sanders himself", "Sanders"),
        ("Maria Lopez herself", "Maria Lopez"),
        # A verb's base form ends a name as a noun.
        ("the Washington Post", "the Washington Post"),
        ("Associated Press", "Associated Press"),
        ("Correct the Record", "Correct the Record"),
    ],
)
def test_clean_mention(raw: str, clean: str) -> None:
    assert names.clean_mention(raw) == clean


def test_handle_to_name_splits_camel_case() -> None:
    assert names.handle_to_name("@JoeBiden") == "Joe Biden"
    assert names.handle_to_name("@POTUS") == "POTUS"


@pytest.mark.parametrize(
    ("text", "role", "rest"),
    [
        ("U.S. President Joe Biden", "U.S. President", "Joe Biden"),
        ("Iraqi Prime Minister Mustafa al-Kadhimi", "Iraqi Prime Minister", "Mustafa al-Kadhimi"),
        ("White House Press Secretary Jen Psaki", "White House Press Secretary", "Jen Psaki"),
        ("then-President George W. Bush", "then-President", "George W. Bush"),
        ("Defense Secretary Lloyd Austin", "Defense Secretary", "Lloyd Austin"),
        ("Stephen King", "", "Stephen King"),  # the last word is always the name
        ("President", "", "President"),
        ("Joe Biden", "", "Joe Biden"),
    ],
)
def test_split_title(text: str, role: str, rest: str) -> None:
    assert names.split_title(text) == (role, rest)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Biden", "Joe Biden"),
        ("Joe Biden", "President Joe Biden"),
        ("U.S. President Joe Biden", "Biden"),
        ("Joseph R. Biden Jr.", "Joe Biden"),
        ("Mustafa al-Kadhimi", "Kadhemi"),
        ("Al-Kadhimi", "Mustafa al-Kadhemi"),
        ("Mustafa Al-Kadhimi", "al-Kadhimi"),
        ("Jen Psaki", "Psaki"),
        ("Jennifer Psaki", "Jen Psaki"),
        ("Lloyd Austin, the Secretary of Defense", "Austin"),
        ("Muhammad Ali", "Mohammed Ali"),
        ("Mr. Putin", "Vladimir Putin"),
        ("J. Smith", "John Smith"),
        ("Abdel Fattah el-Sisi", "Sisi"),
        ("Moammar Gadhafi", "Moamar Gadafi"),
    ],
)
def test_same_person(a: str, b: str) -> None:
    assert names.same_person(a, b)
    assert names.same_person(b, a)
    assert names.person_block(a) == names.person_block(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Joe Biden", "Hunter Biden"),  # same surname, different given names
        ("Beau Biden", "Joe Biden"),
        ("George W. Bush", "George H. W. Bush"),
        ("Biden", "Boden"),  # short names tolerate no vowel change
        ("Lloyd Austin", "Jane Austin"),
        ("Mr. Smith", "Mrs. Smith"),
        ("Fuad Hussein", "Saddam Hussein"),
        ("Martin Luther King Jr.", "Martin Luther King Sr."),
        ("Jen Psaki", "Kadhimi"),
    ],
)
def test_different_people(a: str, b: str) -> None:
    assert not names.same_person(a, b)


def test_identity_keys() -> None:
    key = names.identity_key
    assert key("Mustafa al-Kadhimi", "person") == key("Mustafa Al-Kadhemi", "person")
    assert names.identity_key("Joe Biden", "person") == names.identity_key("Joseph Biden", "person")
    assert names.identity_key("Joe Biden", "person") != names.identity_key("Hunter Biden", "person")
    assert names.identity_key("Biden", "person").startswith("person:")
    assert names.identity_key("a senior administration official", "anonymous") == (
        "anon:senior administration official"
    )
    assert names.identity_key("A senior U.S. official", "anonymous") == names.identity_key(
        "a senior United States official who did not want to be identified", "anonymous"
    )
    assert names.identity_key("the White House", "organization") == "org:white house"
    assert names.identity_key("whoever", "unknown") == ""
    # A city and a person of the same name never share a key: kinds are part of the key.
    assert names.identity_key("Austin", "organization") != names.identity_key("Austin", "person")


@pytest.mark.parametrize(
    ("raw", "description"),
    [
        ("a senior administration official", "senior administration official"),
        ("A senior US official who did not want to be identified", "senior US official"),
        ("A senior United States official", "senior US official"),
        ("two officials familiar with the talks", "officials"),
        ("a White House spokesperson, speaking on condition of anonymity", "White House spokesperson"),
        ("The official", "official"),
    ],
)
def test_normalize_description(raw: str, description: str) -> None:
    assert names.normalize_description(raw) == description


def test_normalize_organization() -> None:
    assert names.normalize_organization("the US and Iraqi governments") == "US and Iraqi governments"
    assert names.normalize_organization("The joint statement") == "joint statement"


@pytest.mark.parametrize(
    ("title", "role", "ok"),
    [
        ("the President", "U.S. President", True),
        ("the president", "President", True),
        ("the President", "Vice President", False),
        ("the President", "then-President", False),
        ("the Secretary of Defense", "the Secretary of Defense", True),
        ("the Defence Secretary", "Secretary of Defense", True),
        ("the Press Secretary", "the White House Press Secretary", True),
        ("the Prime Minister", "Iraqi Prime Minister", True),
        ("the Foreign Minister", "Iraqi Prime Minister", False),
        ("the Secretary of State", "Secretary of Defense", False),
    ],
)
def test_role_matches(title: str, role: str, ok: bool) -> None:
    assert names.role_matches(title, role) is ok


def test_head_title_prefers_longest() -> None:
    assert names.head_title("the White House Press Secretary") == "press secretary"
    assert names.head_title("the Secretary of Defense") == "secretary of defense"
    assert names.head_title("the joint statement") == ""


def test_fuller_name_keeps_the_fullest_form_without_titles() -> None:
    assert names.fuller_name("Biden", "U.S. President Joe Biden") == "Joe Biden"
    assert names.fuller_name("Mustafa al-Kadhimi", "Kadhemi") == "Mustafa al-Kadhimi"


def test_gender_cues() -> None:
    assert names.parse_person_name("Mrs. Smith").gender == "f"
    assert names.parse_person_name("Joe Biden").gender == "m"
    assert names.parse_person_name("Spokeswoman Anna Lee").gender == "f"
    assert names.parse_person_name("Alex Kim").gender == ""


def test_verb_forms_inflect_the_lexicon() -> None:
    forms = names.verb_forms()
    assert {"vowed", "emphasized", "says", "told", "announces", "declared"} <= forms


@given(st.text(max_size=40))
def test_clean_mention_never_raises_and_is_idempotent(text: str) -> None:
    once = names.clean_mention(text)
    assert names.clean_mention(once) == once


@given(st.from_regex(r"[A-Z][a-z]{2,8}( [A-Z][a-z]{2,10})?", fullmatch=True))
def test_same_person_is_reflexive(name: str) -> None:
    assert names.same_person(name, name)


@pytest.mark.parametrize(
    ("title", "role", "fits"),
    [
        ("the Republican lawmaker", "Texas Rep.", True),
        ("the lawmaker", "Sen.", True),
        ("the veteran lawmaker", "Congresswoman", True),
        ("the lawmaker", "Gov.", False),
        ("the lawmaker", "former Sen.", False),
        ("the senator", "Rep.", False),
    ],
)
def test_office_of_kind(title: str, role: str, fits: bool) -> None:
    assert names.titles.office_of_kind(title, role) is fits


@pytest.mark.parametrize(
    ("mention", "cleaned"),
    [
        ("MOSCOW - Russia's main satellite network", "Russia's main satellite network"),
        ("NEW YORK (AP) — Mayor Jane Roe", "Mayor Jane Roe"),
        ("BRUSSELS – European leaders", "European leaders"),
        ("AFL-CIO", "AFL-CIO"),  # no dateline without the spaced dash
        ("CNN", "CNN"),
    ],
)
def test_a_dateline_is_no_part_of_a_mention(mention: str, cleaned: str) -> None:
    assert names.clean_mention(mention) == cleaned

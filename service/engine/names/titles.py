"""Titles and roles: splitting a leading title off a name, finding a description's title, matching roles."""

from __future__ import annotations

import functools
import re

from service.engine.names.mention_text import ascii_fold, normalize_countries
from service.engine.names.word_lists import descriptors, titles

# Modifiers that turn a title into a different office: "vice president" is not "president".
_TITLE_CHANGERS = frozenset({"vice", "deputy", "assistant", "former", "ex", "then", "acting", "under", "co"})


def _title_key(token: str) -> str:
    """A token as matched against the title lexicon: lower case, without then-/ex- prefixes."""
    t = ascii_fold(token).lower().strip(",;:")
    return re.sub(r"^(?:then|ex|former)-", "", t)


@functools.lru_cache(maxsize=8192)  # pure; called for every pair of mentions
def split_title(text: str) -> tuple[str, str]:
    """Split a leading role off a name: "U.S. President Joe Biden" → ("U.S. President", "Joe Biden")."""
    words = text.split()
    keys = [_title_key(w) for w in words]
    lex = titles()
    end = 0
    i = 0
    while i < len(words) - 1:  # the last word is always part of the name
        matched = 0
        for n in range(min(4, len(words) - 1 - i), 0, -1):
            if " ".join(keys[i : i + n]) in lex:
                matched = n
                break
        if matched:
            end = i + matched
            i += matched
        else:
            i += 1
    # Only capitalised titles introduce a name ("President Biden", not "the president Biden met").
    last = re.sub(r"^(?:then|ex|former)-", "", words[end - 1], flags=re.IGNORECASE) if end else ""
    if end and last[:1].isupper() and words[end][:1].isupper():
        return " ".join(words[:end]), " ".join(words[end:])
    return "", text


def ends_with_title(text: str, title: str) -> bool:
    """Whether ``text`` ends with ``title``, in the singular or the plural ("Labour MPs")."""
    lowered = text.lower().rstrip(".")
    return bool(title) and (lowered.endswith(title) or lowered.endswith(title + "s"))


# Abbreviated titles, spelled out so that "Gov. Chris Christie" holds "the New Jersey governor".
_ABBREVIATIONS = {
    "gov": "governor",
    "govs": "governor",
    "sen": "senator",
    "sens": "senator",
    "rep": "representative",
    "reps": "representative",
    "lt": "lieutenant",
    "gen": "general",
    "adm": "admiral",
    "sec": "secretary",
    "pres": "president",
    "amb": "ambassador",
    "dr": "doctor",
}


def role_tokens(role: str) -> list[str]:
    """Lower-case words of a role, spelled one way ("Defence" → "defense", "U.S." → "us", "Gov." → "governor")."""
    text = ascii_fold(normalize_countries(role)).lower().replace("defence", "defense")
    words = [w for w in re.split(r"[^a-z]+", text) if w and w not in {"the", "of", "a", "an", "s"}]
    return [_ABBREVIATIONS.get(w, w) for w in words]


def _changers(role: str) -> set[str]:
    return {w for w in role_tokens(role) if w in _TITLE_CHANGERS}


# Offices held under another name: a court's justices are its judges.
_SAME_OFFICES = {"justice": "judge"}


def office(role: str) -> str:
    """The office a role names, spelled out and singular ("Sen." → "senator"), '' for a descriptor."""
    title = head_title(" ".join(role_tokens(role)))
    return "" if not title or title in descriptors() else _SAME_OFFICES.get(title, title)


def same_office(title: str, role: str) -> bool:
    """Whether a description ("the Independent Vermont senator") names the office of ``role``
    ("Sen."): the same office with the same changers, whatever the other modifiers."""
    return bool(office(title)) and office(title) == office(role) and _changers(title) == _changers(role)


# Descriptions that name a kind of office, and the offices of that kind: "the Republican lawmaker"
# is the senator or representative the article named, whatever their party or state.
_GENERA = {"lawmaker": frozenset({"senator", "representative", "congressman", "congresswoman", "mp"})}


def office_of_kind(title: str, role: str) -> bool:
    """Whether a description naming a kind of office ("the lawmaker") fits ``role`` ("Sen."), of that kind."""
    kind = _GENERA.get(office(title))
    return kind is not None and office(role) in kind and _changers(title) == _changers(role)


# Changers that date an office rather than change it: "the former president" once held "President".
_TEMPORAL = frozenset({"former", "ex", "then"})


def past_office(title: str, role: str) -> bool:
    """Whether a dated description ("the former president") names the office of ``role``
    ("President", as articles keep titling past holders: "President Bush's tenure")."""
    dated = _changers(title) & _TEMPORAL
    return (
        bool(dated)
        and bool(office(title))
        and office(title) == office(role)
        and _changers(title) - _TEMPORAL == _changers(role) - _TEMPORAL
    )


def same_head(title: str, role: str) -> bool:
    """Whether a description and a role end in the same title, whatever their other modifiers
    and dating ("Former White House Doctor" and "Dr."): a loose fit, for when nothing else tells."""
    head = final_title(" ".join(role_tokens(title)))
    return (
        bool(head)
        and head == final_title(" ".join(role_tokens(role)))
        and _changers(title) - _TEMPORAL == _changers(role) - _TEMPORAL
    )


def contradicts(title: str, roles: list[str]) -> bool:
    """Whether a person holding ``roles`` cannot be "the <title>": the title names an office and
    the person is known by another office only ("the President" is not the Prime Minister)."""
    own = office(title)
    held = [r for r in roles if office(r)]
    return bool(own) and bool(held) and not any(role_matches(title, r) or same_office(title, r) for r in held)


def role_matches(title: str, role: str) -> bool:
    """Whether a bare title ("the Press Secretary") can denote the holder of ``role``."""
    if not set(re.findall(r"\d+", title)) <= set(re.findall(r"\d+", role)):
        return False  # "the 46-year-old" is not the one the article gives as 52
    t, r = role_tokens(title), role_tokens(role)
    # a plural role names each of its holders: "the host" of "Morning Joe hosts A and B"
    if not t or not set(t) <= set(r) | {w[:-1] for w in r if w.endswith("s")}:
        return False
    # "the president" is not the vice president, nor a former one.
    return not ({w for w in r if w in _TITLE_CHANGERS} - set(t))


def head_title(text: str) -> str:
    """The longest title in ``text`` ("the White House Press Secretary" → "press secretary"), or ''."""
    lex = titles()
    # Plural titles head groups ("two Labour MPs", "ministers"): match their singular.
    keys = [
        k if k in lex else k[:-1] if k.endswith("s") and k[:-1] in lex else k.rstrip(".")
        for k in map(_title_key, text.split())
    ]
    best = ""
    for i in range(len(keys)):
        for n in range(min(4, len(keys) - i), 0, -1):
            phrase = " ".join(keys[i : i + n])
            # The longest wins; of equal ones the last, nearer the head ("billionaire businessman").
            if phrase in lex and len(phrase) >= len(best):
                best = phrase
                break
    return best


def titles_gender(role: str) -> str:
    """The gender a role's title implies ("First lady" → "f"), '' when none does."""
    return titles().get(head_title(role), "")


def final_title(text: str) -> str:
    """The title ``text`` ends with, the longest ("the billionaire real estate mogul" → "mogul",
    where ``head_title`` gives "billionaire"), else ``head_title``'s answer."""
    lex = titles()
    keys = [k.rstrip(".") for k in map(_title_key, text.split())]
    for n in range(min(4, len(keys)), 0, -1):
        phrase = " ".join(keys[-n:])
        for form in (phrase, phrase[:-1] if phrase.endswith("s") else ""):
            if form and form in lex:
                return form
    return head_title(text)

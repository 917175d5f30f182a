"""Speaker names: cleaning noisy mentions, splitting titles off, and cross-article identity keys.

Pure functions, no spaCy. A person's identity key is ``person:<surname skeleton>[:<given>]``;
the *block* (``person:<consonants>``) is the coarse, indexed part the store looks candidates up
by before comparing them with :func:`same_person`. Key equality means "same speaker"; two
different keys may still be the same person ("Biden" vs "Joe Biden"), which only
:func:`same_person` decides.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from service.engine.lexicon import read_list
from service.engine.types import SpeakerKind

# Modifiers that turn a title into a different office: "vice president" is not "president".
_TITLE_CHANGERS = frozenset({"vice", "deputy", "assistant", "former", "ex", "then", "acting", "under", "co"})
# Name particles dropped from the identity key: "al-Kadhimi" and "Kadhimi" are one surname.
_PARTICLES = frozenset({"al", "el", "ul", "bin", "ibn", "van", "von", "de", "da", "di", "du", "del", "der", "la", "le"})
_POSSESSIVES = frozenset({"his", "her", "their", "its", "our", "my", "your"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_DETERMINERS = frozenset({"a", "an", "the", "one", "two", "three", "another", "some", "several", "other"})
_COUNTRY_ABBREVIATIONS = (
    (re.compile(r"\bU\.\s?S\.?(?:\s?A\.)?(?=\W|$)|\bUnited States(?: of America)?\b|\bUSA\b"), "US"),
    (re.compile(r"\bU\.\s?K\.(?=\W|$)|\bUnited Kingdom\b"), "UK"),
    (re.compile(r"\bU\.\s?N\.(?=\W|$)|\bUnited Nations\b"), "UN"),
)
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*|\b\S+\.(?:com|org|net|co)/\S*", re.IGNORECASE)
_HANDLE = re.compile(r"\.?@\w+")
_DESCRIPTION_CUT = re.compile(
    r"\s*(?:,|\(|\b(?:who|whom|whose|that|which|speaking|familiar|briefed|told|said|says)\b).*$",
    re.IGNORECASE | re.DOTALL,
)
_EDGE_PUNCT = "\"'“”‘’«»()[]{},.;:!?-–—… \t\r\n"


def _gendered(name: str) -> dict[str, str]:
    """Phrase → gender ('' when none) from a list with optional ``| m`` / ``| f`` tags."""
    out: dict[str, str] = {}
    for line in read_list(name, lower=False):
        phrase, _, gender = line.partition("|")
        out[phrase.strip().lower()] = gender.strip()
    return out


@functools.cache
def titles() -> dict[str, str]:
    """Title lexicon (lower case) → gender implied by the title ('' for none)."""
    return _gendered("titles.txt")


@functools.cache
def honorifics() -> dict[str, str]:
    """Honorifics ("Mr", "Ms", "Dr") → gender ('' for none)."""
    return _gendered("speaker_honorifics.txt")


@functools.cache
def anonymous_heads() -> frozenset[str]:
    """Nouns that head anonymous-source descriptions ("official", "source")."""
    return frozenset(read_list("speaker_anonymous.txt", lower=False))


@functools.cache
def organization_heads() -> frozenset[str]:
    """Nouns and phrases that head organisation or document speakers ("statement")."""
    return frozenset(_gendered("speaker_organizations.txt"))


@functools.cache
def document_heads() -> frozenset[str]:
    """Organisation heads that name a one-off document ("statement"), never a lasting speaker."""
    return frozenset(k for k, tag in _gendered("speaker_organizations.txt").items() if tag == "doc")


@functools.cache
def first_name_genders() -> dict[str, str]:
    """Given name (lower case) → usual gender, a weak cue only."""
    return dict(tuple(ln.lower().split()[:2]) for ln in read_list("speaker_first_names.txt", lower=False))  # type: ignore[misc]


@functools.cache
def _nicknames() -> dict[str, str]:
    """Nickname or variant → canonical given name."""
    out: dict[str, str] = {}
    for line in read_list("speaker_nicknames.txt", lower=False):
        words = line.lower().split()
        for w in words:
            out[w] = words[0]
    return out


@functools.cache
def verb_forms() -> frozenset[str]:
    """Inflected forms of reporting/headline verbs ("vowed", "emphasized", "says")."""
    forms: set[str] = set()
    for line in read_list("speaker_verbs.txt", lower=False):
        words = line.lower().split()
        base = words[0]
        forms.update(words)
        stem = base[:-1] if base.endswith("e") else base
        forms.update({base + "s", base + "es", stem + "ed", stem + "ing"})
        if re.search(r"[^aeiou][aeiou][bdgmnpt]$", base) and len(base) <= 4:
            forms.update({base + base[-1] + "ed", base + base[-1] + "ing"})  # "stopped"
        if base.endswith("y") and base[-2:-1] not in "aeiou":
            forms.update({base[:-1] + "ied", base[:-1] + "ies"})
    return frozenset(forms)


def ascii_fold(text: str) -> str:
    """Strip accents and unify typographic apostrophes and dashes."""
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def handle_to_name(handle: str) -> str:
    """Split a social-media handle into words: "@JoeBiden" → "Joe Biden" (a guess, not a name)."""
    core = handle.lstrip(".@").strip()
    return " ".join(re.findall(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+", core))


def clean_mention(text: str) -> str:
    """Remove NER noise from a mention: URLs, @handles, headline-case verbs, possessives, edge punctuation."""
    text = normalize_countries(_URL.sub(" ", text))
    text = _HANDLE.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip(_EDGE_PUNCT)
    text = re.sub(r"['’]s?$", "", text).strip(_EDGE_PUNCT)
    text = re.sub(r"-(?:led|backed|based|born|era)$", "", text, flags=re.IGNORECASE)
    words = text.split(" ")
    # Headline case glues verbs onto names ("Biden Vowed"); a capitalised reporting verb after
    # the first word is never part of a name.
    for i, w in enumerate(words[1:], start=1):
        if w[:1].isupper() and w.lower().strip(_EDGE_PUNCT) in verb_forms():
            words = words[:i]
            break
    return " ".join(words).strip(_EDGE_PUNCT)


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


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name split into parts; ``surname`` is the last name word without particles."""

    given: str
    middles: tuple[str, ...]
    surname: str
    suffix: str
    gender: str  # "m", "f" or "" when no honorific, title or given name tells


def _letters(word: str) -> str:
    return re.sub(r"[^a-z]", "", ascii_fold(word).lower())


def split_apposition(text: str) -> tuple[str, str]:
    """Split "Lloyd Austin, the Secretary of Defense" into the name and its apposition."""
    head, sep, tail = text.partition(",")
    first = tail.split()[0] if tail.split() else ""
    if sep and _letters(first) not in _SUFFIXES:
        return head.strip(), tail.strip(_EDGE_PUNCT)
    return text, ""


@functools.lru_cache(maxsize=8192)  # pure; called for every pair of mentions
def parse_person_name(text: str) -> PersonName:
    """Parse "Mr. Joseph R. Biden Jr." into given, middles, surname, suffix and a gender cue."""
    role, rest = split_title(clean_mention(split_apposition(text)[0]))
    gender = ""
    for w in role.lower().split():
        gender = gender or titles().get(w.strip(".,"), "")
    words = [w.strip(",") for w in rest.split() if w.strip(",")]
    while words and words[0].lower() in honorifics() and len(words) > 1:
        gender = gender or honorifics()[words[0].lower()]
        words = words[1:]
    suffix = ""
    if len(words) > 1 and _letters(words[-1]) in _SUFFIXES:
        suffix, words = _letters(words[-1]), words[:-1]
    if not words:
        return PersonName("", (), "", suffix, gender)
    surname = words[-1]
    # "al-Kadhimi" → "Kadhimi"; a detached particle ("al Kadhimi") is dropped the same way.
    surname = re.sub(r"^(?:al|el|ul|ad|ash|as|at|az)[-']", "", ascii_fold(surname), flags=re.IGNORECASE)
    body = [w for w in words[:-1] if _letters(w) not in _PARTICLES]
    given = body[0] if body else ""
    middles = tuple(body[1:])
    gender = gender or first_name_genders().get(_letters(given), "")
    return PersonName(given, middles, surname, suffix, gender)


@functools.lru_cache(maxsize=8192)  # pure; called for every pair of mentions
def skeleton(word: str) -> str:
    """Transliteration-tolerant spelling: Kadhimi, Kadhemi and Al-Kadhimi all give "kadimi"."""
    s = _letters(re.sub(r"^(?:al|el)[-' ]", "", ascii_fold(word).lower()))
    for pattern, repl in (("ph", "f"), ("ck", "k"), ("q", "k"), ("dh", "d"), ("kh", "k"), ("gh", "g")):
        s = s.replace(pattern, repl)
    s = s.replace("ou", "u").replace("ee", "i").replace("oo", "u")
    # Vowel classes that transliterations swap freely: e/i/y and o/u.
    s = s[:1] + s[1:].translate(str.maketrans("eyo", "iiu"))
    return re.sub(r"(.)\1+", r"\1", s)


def consonants(word: str) -> str:
    """First letter plus the consonants of the skeleton: the coarse, indexable block of a surname."""
    s = skeleton(word)
    return s[:1] + re.sub(r"[aeiou]", "", s[1:])


def surnames_match(a: str, b: str) -> bool:
    """Same surname up to transliteration; one vowel edit is tolerated only in long names."""
    sa, sb = skeleton(a), skeleton(b)
    if not sa or not sb:
        return False
    if sa == sb:
        return True
    # "Muhammad"/"Mohammed" differ by a vowel; "Biden"/"Boden" (short) must not merge.
    return min(len(sa), len(sb)) >= 6 and consonants(a) == consonants(b) and Levenshtein.distance(sa, sb) <= 1


def canonical_given(given: str) -> str:
    """Canonical form of a given name: "Joe" → "joseph", "Jen" → "jennifer"."""
    g = _letters(given)
    return _nicknames().get(g, g)


def givens_compatible(a: str, b: str) -> bool:
    """Given names that may denote one person: equal, nickname, initial, or one of them missing."""
    ga, gb = _letters(a), _letters(b)
    if not ga or not gb:
        return True
    if len(ga) == 1 or len(gb) == 1:
        return ga[0] == gb[0]
    return canonical_given(ga) == canonical_given(gb) or skeleton(ga) == skeleton(gb)


@functools.lru_cache(maxsize=8192)  # pure; called for every pair of mentions
def same_person(a: str, b: str) -> bool:
    """Whether two person names can be one person ("Biden" ~ "Joe Biden", not "Hunter Biden")."""
    pa, pb = parse_person_name(a), parse_person_name(b)
    if not surnames_match(pa.surname, pb.surname) or not givens_compatible(pa.given, pb.given):
        return False
    if pa.suffix and pb.suffix and pa.suffix != pb.suffix:
        return False
    if pa.gender and pb.gender and pa.gender != pb.gender:
        return False
    # "George W. Bush" vs "George H. W. Bush": differing middle initials mean different people.
    ma = "".join(_letters(m)[:1] for m in pa.middles)
    mb = "".join(_letters(m)[:1] for m in pb.middles)
    return not (ma and mb and ma != mb)


def name_weight(name: str) -> tuple[int, int]:
    """How full a person name is: (name words without titles, length)."""
    _, rest = split_title(name)
    return (len(rest.split()), len(rest))


def fuller_name(a: str, b: str) -> str:
    """The fuller of two forms of one name, titles removed: "Joe Biden" over "Biden"."""
    ra, rb = split_title(a)[1], split_title(b)[1]
    return ra if name_weight(ra) >= name_weight(rb) else rb


def normalize_countries(text: str) -> str:
    """Write country names one way: "U.S.", "United States" → "US"."""
    for pattern, repl in _COUNTRY_ABBREVIATIONS:
        text = pattern.sub(repl, text)
    return text


def normalize_description(text: str) -> str:
    """Anonymous-source description without determiners or relative clauses: "senior US official"."""
    text = re.sub(r"\s+", " ", normalize_countries(clean_mention(text)))
    words = text.split(" ")
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    text = _DESCRIPTION_CUT.sub("", " ".join(words))
    return text.strip(_EDGE_PUNCT)


def normalize_organization(text: str) -> str:
    """Organisation or document name without a leading article: "US and Iraqi governments"."""
    text = re.sub(r"\s+", " ", normalize_countries(clean_mention(text)))
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE).strip(_EDGE_PUNCT)


def person_block(name: str) -> str:
    """Coarse, indexed lookup key of a person: "person:" + surname consonants."""
    surname = parse_person_name(name).surname
    return f"person:{consonants(surname)}" if surname else ""


def identity_key(name: str, kind: SpeakerKind) -> str:
    """Cross-article identity key of a resolved speaker; '' for unknown speakers (never merged)."""
    if kind == "person":
        p = parse_person_name(name)
        if not p.surname:
            return ""
        given = canonical_given(p.given) if len(_letters(p.given)) > 1 else ""
        return f"person:{skeleton(p.surname)}" + (f":{skeleton(given)}" if given else "")
    if kind == "anonymous":
        return "anon:" + normalize_description(name).lower()
    if kind == "organization":
        org = normalize_organization(name).lower()
        # "the joint statement" or "his government" differ from article to article: no key.
        if not org or org.split()[0] in _POSSESSIVES or any(org.endswith(h) for h in document_heads()):
            return ""
        return "org:" + org
    return ""


def block_key(name: str, kind: SpeakerKind) -> str:
    """Indexed candidate-lookup key: the person block, or the identity key for other kinds."""
    return person_block(name) if kind == "person" else identity_key(name, kind)


def ends_with_title(text: str, title: str) -> bool:
    """Whether ``text`` ends with ``title``, in the singular or the plural ("Labour MPs")."""
    lowered = text.lower().rstrip(".")
    return bool(title) and (lowered.endswith(title) or lowered.endswith(title + "s"))


def role_tokens(role: str) -> list[str]:
    """Lower-case words of a role, spelled one way ("Defence" → "defense", "U.S." → "us")."""
    text = ascii_fold(normalize_countries(role)).lower().replace("defence", "defense")
    return [w for w in re.split(r"[^a-z]+", text) if w and w not in {"the", "of", "a", "an", "s"}]


def role_matches(title: str, role: str) -> bool:
    """Whether a bare title ("the Press Secretary") can denote the holder of ``role``."""
    t, r = role_tokens(title), role_tokens(role)
    if not t or not set(t) <= set(r):
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
            if phrase in lex and len(phrase) > len(best):
                best = phrase
                break
    return best

"""Verify whether two quotes are the same utterance: verbatim variant, fragment, paraphrase or none.

Comparison runs on comparison keys (``normalize.match_keys``), one key per word, aligned word by
word (``align``):

* ``glob``  -- Indel similarity of the whole texts, ``2*LCS/(n+m)``;
* ``local`` -- the shorter text aligned into its best window of the longer one
  (``partial_ratio_alignment`` finds the window, ``Indel.opcodes`` trims it to the matched words).

Thresholds (chosen on ``tests/data/merge_pairs.jsonl``; reasoning in ``service/merge_evaluation.py``):

* Fewer than ``MIN_WORDS`` (4) words: never merged by text alone -- one- to three-word partials
  ("quickly", "new phase") recur across unrelated remarks.
* Identical normalised words merge only when ``distinctive`` (>= 4 content words); idioms and
  boilerplate ("by the end of the year", "leave no stone unturned") need the same speaker
  (enforced by ``cluster``).
* Short side under ``SHORT_WORDS`` (8): needs >= 3 content words, every content word matched, at
  most one unmatched word (none under 6 words) and local similarity >= ``SHORT_LOCAL`` (0.7).
* Longer quotes: verbatim when the alignment spans >= 85 % of the longer text, ``glob >=
  VERBATIM`` (0.6) and >= 60 % of content words present; fragment when ``local >= FRAGMENT``
  (0.66) with >= ``RECALL`` (0.7) of words and of content words matched, or -- for reordered
  clauses ("by the end of the year" first or last) -- >= 85 % of words present in the window
  in any order with ``local >= 0.55``.
* Paraphrase (only for indirect quotes, where the reporter rewrites the frame): a contiguous
  shared run of >= 5 words holding >= 3 content words that sit in word 3-grams which are not
  boilerplate (grams seen in many families, learnt from the store), with content recall >= 0.4
  (the reporter adds a frame: "as they always said from the start, no one is going to ..."),
  and no negation or number disagreeing.
* Meaning change: a negation or number count differing inside the aligned region flags the
  match (it still joins the family) with the differing words -- unless other content words
  differ too, which is the same template on another occasion, not a misquote.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz.distance import Indel

from service.engine.families.align import Alignment, align, char_range, encode, overlap
from service.engine.families.grams import GRAM, gram_hash
from service.engine.families.prepared import Prepared
from service.engine.families.words import NEGATIONS, is_content, is_number

MatchKind = Literal["verbatim", "fragment", "paraphrase"]

MIN_WORDS = 4
DISTINCTIVE_CONTENT = 4
SHORT_WORDS = 8
SHORT_LOCAL = 0.7
VERBATIM = 0.6
VERBATIM_SPAN = 0.85
FRAGMENT = 0.66
RECALL = 0.7
CONTENT_RECALL = 0.7
VERBATIM_CONTENT = 0.6
BAG_LOCAL = 0.55
BAG_RECALL = 0.85
PARA_RUN = 5
PARA_CONTENT_RECALL = 0.4
PARA_RUN_CONTENT = 3
PREFILTER = 0.4


@dataclass(slots=True)
class Verdict:
    """Outcome of comparing ``a`` (the family's canonical) with ``b`` (the candidate).

    ``a_range``/``b_range`` are the character ranges of the aligned region in each text; when
    ``b_contains_a`` the canonical is the fragment and ``b`` is the fuller wording.
    """

    kind: MatchKind | None
    score: float
    a_range: tuple[int, int] = (0, 0)
    b_range: tuple[int, int] = (0, 0)
    b_contains_a: bool = False
    meaning_change: list[str] = field(default_factory=list)
    via_variant: bool = False  # matched one of the family's other verbatim wordings, not the canonical

    @property
    def matched(self) -> bool:
        """Whether the pair is the same utterance."""
        return self.kind is not None


NO_MATCH = Verdict(None, 0.0)


def _meaning_change(short: Prepared, long: Prepared, al: Alignment) -> list[str]:
    # Compare negations and numbers inside the aligned region only: text outside a fragment's
    # window is not a contradiction.
    s_keys = short.keys[al.s0 : al.s1]
    l_keys = long.keys[al.l0 : al.l1]
    words: set[str] = set()
    s_neg = [i for i in range(al.s0, al.s1) if short.keys[i] in NEGATIONS]
    l_neg = [i for i in range(al.l0, al.l1) if long.keys[i] in NEGATIONS]
    if len(s_neg) != len(l_neg):
        words.update(_surface(short, i) for i in s_neg if not al.equal_s[i])
        words.update(_surface(long, i) for i in l_neg if i not in al.equal_l)
    s_num = sorted(k for k in s_keys if is_number(k))
    l_num = sorted(k for k in l_keys if is_number(k))
    if s_num != l_num:
        words.update(_surface(short, i) for i in range(al.s0, al.s1) if is_number(short.keys[i]) and not al.equal_s[i])
        words.update(_surface(long, i) for i in range(al.l0, al.l1) if is_number(long.keys[i]) and i not in al.equal_l)
    return sorted(words)


def _content_differs(short: Prepared, long: Prepared, al: Alignment) -> bool:
    def other(k: str) -> bool:
        return is_content(k) and not is_number(k)

    s_miss = any(other(short.keys[i]) and not al.equal_s[i] for i in range(al.s0, al.s1))
    l_miss = any(other(long.keys[i]) and i not in al.equal_l for i in range(al.l0, al.l1))
    return s_miss or l_miss


def _surface(p: Prepared, key_index: int) -> str:
    tok = p.tokens[p.owners[key_index]]
    return p.text[tok.start : tok.end]


def verify(
    a: Prepared, b: Prepared, *, indirect: bool = False, common: Collection[int] = (), same_speaker: bool = False
) -> Verdict:
    """Compare canonical ``a`` with candidate ``b``; ``indirect`` allows a paraphrase match.

    ``common``: hashes of word grams seen in many families; they never count as paraphrase evidence.
    ``same_speaker``: both name one identified speaker, so a short fragment may differ by one word
    (outlets transcribe a word differently: "committed"/"dedicated to our security cooperation").
    """
    if a.keys == b.keys and a.norm == b.norm and distinctive(a):
        full_a, full_b = (0, len(a.text)), (0, len(b.text))
        return Verdict("verbatim", 1.0, full_a, full_b)
    swap = len(b.keys) > len(a.keys)
    short, long = (a, b) if swap else (b, a)
    n, m = len(short.keys), len(long.keys)
    if n < MIN_WORDS:
        return NO_MATCH
    # Cheap reject before aligning: every rule below needs well over 40 % of the shorter
    # quote's distinct words present in the longer one.
    if overlap(short, long) < PREFILTER:
        return NO_MATCH
    s, lng = encode(short.keys, long.keys)
    al = align(s, lng)
    if al.matched == 0:
        return NO_MATCH
    span = al.l1 - al.l0
    local = 2 * al.matched / (n + span)
    recall = al.matched / n
    content = [i for i, k in enumerate(short.keys) if is_content(k)]
    content_hit = sum(1 for i in content if al.equal_s[i])
    content_recall = content_hit / len(content) if content else 0.0
    bag_recall = sum(al.bag.values()) / n
    content_chars = Counter(s[i] for i in content)
    content_bag = sum((content_chars & al.bag).values()) / len(content) if content else 0.0
    kind: MatchKind | None = None
    score = local
    if n < SHORT_WORDS:
        misses = n - al.matched
        slack = 1 if same_speaker and n >= 5 else 0
        if (
            len(content) >= 3
            and content_hit >= len(content) - slack
            and misses <= (1 if n >= 6 else 0) + slack
            and local >= SHORT_LOCAL
        ):
            kind = "verbatim" if span >= VERBATIM_SPAN * m else "fragment"
    else:
        glob = Indel.normalized_similarity(s, lng)
        if span >= VERBATIM_SPAN * m and glob >= VERBATIM and content_bag >= VERBATIM_CONTENT:
            kind, score = "verbatim", glob
        elif (local >= FRAGMENT and recall >= RECALL and content_bag >= CONTENT_RECALL) or (
            local >= BAG_LOCAL and bag_recall >= BAG_RECALL and content_bag >= BAG_RECALL
        ):
            kind = "verbatim" if span >= VERBATIM_SPAN * m else "fragment"
    if (
        kind is None
        and indirect
        and al.longest_run >= PARA_RUN
        and content_recall >= PARA_CONTENT_RECALL
        and _run_content(short, al, common) >= PARA_RUN_CONTENT
    ):
        kind = "paraphrase"
    if kind is None:
        return NO_MATCH
    change = _meaning_change(short, long, al)
    if change and kind == "paraphrase":
        return NO_MATCH  # a rendering whose negation or numbers disagree is not verified
    if change and _content_differs(short, long, al):
        # A number or negation differing *and* other details differing is the same template on
        # another occasion ("contained forty percent ... northern ridge" / "eighty ... southern").
        return NO_MATCH
    short_range = char_range(short, al.s0, al.s1) if kind != "verbatim" else (0, len(short.text))
    long_range = char_range(long, al.l0, al.l1) if kind != "verbatim" else (0, len(long.text))
    a_range, b_range = (short_range, long_range) if swap else (long_range, short_range)
    return Verdict(kind, round(score, 4), a_range, b_range, swap and kind == "fragment", change)


def content_words(p: Prepared) -> int:
    """Return how many comparison keys of ``p`` are content words."""
    return sum(1 for k in p.keys if is_content(k))


def distinctive(p: Prepared) -> bool:
    """Whether wording alone identifies the remark: >= ``DISTINCTIVE_CONTENT`` content words."""
    # Idioms and boilerplate ("leave no stone unturned", "the light at the end of the tunnel",
    # "cost of living crisis") have at most three content words whatever their length.
    return len(p.keys) >= MIN_WORDS and content_words(p) >= DISTINCTIVE_CONTENT


def _run_content(short: Prepared, al: Alignment, common: Collection[int]) -> int:
    # Content words inside the best run of consecutive matched words of the short side that sit
    # in at least one word gram that is not boilerplate (common across families).
    keys = short.keys
    runs: list[tuple[int, int]] = []
    start = None
    for i, hit in enumerate([*al.equal_s, False]):
        if hit and start is None:
            start = i
        elif not hit and start is not None:
            runs.append((start, i))
            start = None
    best = 0
    for r0, r1 in runs:
        if r1 - r0 < PARA_RUN:
            continue
        rare = [False] * (r1 - r0)
        for g in range(r0, r1 - GRAM + 1):
            if gram_hash(tuple(keys[g : g + GRAM])) not in common:
                for k in range(g, g + GRAM):
                    rare[k - r0] = True
        best = max(best, sum(1 for i in range(r0, r1) if rare[i - r0] and is_content(keys[i])))
    return best

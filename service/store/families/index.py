"""The rare-gram index of families: postings, gram document frequencies, and candidate lookup.

A family posts its rare grams (``family_grams``); a gram's document frequency is its number of
postings, counted on the posting index itself.  A new quote's rarest grams find the few families
worth verifying, with their canonicals and variants in one read, so nothing scans all stored
quotes.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from service.engine.families.candidates import MAX_VARIANTS, Candidate
from service.engine.families.grams import RARE_DF
from service.engine.families.prepared import Prepared, prepare_quote, prepared_from_keys
from service.store.families.models import Family, FamilyGram
from service.store.families.queries import marks, raw

# Families verified per new quote, best-posting-overlap first.
MAX_CANDIDATES = 6
# Postings one lookup may read (sum of the document frequencies of the grams it uses).
POSTINGS_BUDGET = 300
# A gram seen in this many families is boilerplate ("the Islamic State, also known as"): it is
# never evidence that an indirect quote renders a remark.
BOILERPLATE_DF = 5
# A gram already in two families recurs: an idiom-sized fragment made only of such grams is a
# slogan ("make America great again"), not evidence of one remark.
RECURRING_DF = 2


def lookup_grams(grams: list[int], dfs: dict[int, int]) -> list[int]:
    """Return the rare grams a lookup uses, rarest first, within ``POSTINGS_BUDGET``."""
    # Rarest grams first until the postings to read reach POSTINGS_BUDGET: the rare ones identify
    # the remark as well as all of them do, and the budget bounds the lookup's cost as the index
    # grows (grams seen in one or two families cost almost nothing and are always kept).  A gram
    # with RARE_DF postings gets no more, so its count says "RARE_DF or more families": too
    # common to identify a remark, and its postings are only the first families that used it.
    out: list[int] = []
    budget = POSTINGS_BUDGET
    for g in sorted((g for g in grams if 0 < dfs.get(g, 0) < RARE_DF), key=lambda g: (dfs[g], g)):
        budget -= dfs[g]
        if budget < 0 and dfs[g] > 2:
            break
        out.append(g)
    return out


# A gram's postings are adjacent in the posting index (gram first), and a common gram stops
# getting postings at RARE_DF: counting them reads a few entries of one leaf page, where a
# separate table of counts would be one more B-tree written at random on every new posting.
_FREQUENCIES = "SELECT gram, count(*) FROM family_grams WHERE gram IN ({marks}) GROUP BY gram"


def frequencies(session: Session, grams: list[int]) -> dict[int, int]:
    """Return the document frequency (families posting it, at most ``RARE_DF``) of each posted gram."""
    if not grams:
        return {}
    return dict(raw(session, _FREQUENCIES.format(marks=marks(len(grams))), grams))


# The frequencies and the postings in one read: a gram's families come back as one aggregated
# text, so a common gram's postings (never looked up) cross to Python as a single string.
_POSTED = "SELECT gram, count(*), {agg} FROM family_grams WHERE gram IN ({marks}) GROUP BY gram"
_AGGREGATE = {"postgresql": "string_agg(family_id::text, ',')"}


@dataclass(frozen=True, slots=True)
class Postings:
    """Of each posted gram, its document frequency and the families posting it (comma-separated)."""

    dfs: dict[int, int]
    families: dict[int, str]

    def of(self, gram: int) -> list[int]:
        """Return the families posting ``gram``."""
        text = self.families.get(gram)
        return [int(f) for f in text.split(",")] if text else []


def read_postings(session: Session, grams: list[int]) -> Postings:
    """Return the document frequencies of ``grams`` and their postings, in one read."""
    if not grams:
        return Postings({}, {})
    agg = _AGGREGATE.get(session.get_bind().dialect.name, "group_concat(family_id)")
    rows = raw(session, _POSTED.format(agg=agg, marks=marks(len(grams))), grams)
    return Postings({g: n for g, n, _ in rows}, {g: str(fs) for g, _, fs in rows})


# The postings of the looked-up grams: ranked here, they name the candidates and tell which of
# the grams each already posts.  Common grams were filtered out by document frequency, so the
# scan reads at most ~RARE_DF rows per gram.
_POSTINGS = "SELECT gram, family_id FROM family_grams WHERE gram IN ({marks})"

# The candidates' canonicals and fullest verbatim variants, and their canonicals' links, in one
# read; a family printed thousands of times returns only its MAX_VARIANTS fullest variants.
# Each candidate's whole row comes along, so the family chosen is not read again.
_FAMILY_COLUMNS = [c.name for c in Family.__table__.columns]
_CANDIDATES = (
    f"SELECT {', '.join('f.' + n for n in _FAMILY_COLUMNS)}, v.text, v.kind, v.match_keys, NULL"
    " FROM families f LEFT JOIN quotes v ON v.id IN (SELECT q.id FROM quotes q"
    " WHERE q.family_id = f.id AND q.family_role = 'verbatim' AND q.id <> f.canonical_quote_id"
    f" ORDER BY length(q.text) DESC, q.text DESC LIMIT {MAX_VARIANTS})"
    " WHERE f.id IN ({ids})"
    f" UNION ALL SELECT f.id, {', '.join(['NULL'] * (len(_FAMILY_COLUMNS) + 2))}, l.family_id"
    " FROM families f JOIN family_links l ON l.quote_id = f.canonical_quote_id WHERE f.id IN ({ids})"
)
_FAMILY = {n: i for i, n in enumerate(_FAMILY_COLUMNS)}
_HEAD = ("canonical_text", "canonical_keys", "canonical_kind")


@dataclass(frozen=True, slots=True)
class Found:
    """The candidate families of a lookup, and the looked-up grams each of them already posts."""

    candidates: list[Candidate]
    posted: dict[int, set[int]]  # of the candidates only
    rows: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # the candidates' family rows, as stored


def candidates(session: Session, rare: list[int], same: Sequence[int] = ()) -> list[Candidate]:
    """Return the families posting these grams (at most ``MAX_CANDIDATES``) and the ``same``-words families."""
    return find_candidates(session, rare, same).candidates


def find_candidates(
    session: Session, rare: list[int], same: Sequence[int] = (), postings: Postings | None = None
) -> Found:
    """Return the candidate families (as ``candidates``) with the grams of ``rare`` each posts.

    ``postings``: the grams' postings when already read (``read_postings``).
    """
    ids, posted = _ranked(session, rare, same, postings)
    if not ids:
        return Found([], posted)
    rows = raw(session, _CANDIDATES.format(ids=marks(len(ids))), ids * 2)
    heads: dict[int, tuple[Prepared, int | None, bool, str]] = {}
    variants: dict[int, list[Prepared]] = {}
    links: dict[int, list[int]] = {}
    stored: dict[int, tuple[Any, ...]] = {}
    width = len(_FAMILY_COLUMNS)
    for row in rows:
        fid, family, (text_, kind, text_keys, linked) = row[0], row[:width], row[width:]
        if linked is not None:
            links.setdefault(fid, []).append(linked)
            continue
        if fid not in heads:
            stored[fid] = tuple(family)
            canonical, keys, canonical_kind = (family[_FAMILY[n]] for n in _HEAD)
            partial = canonical_kind == "partial"
            lead = prepared_from_keys(canonical, keys, partial) if keys else prepare_quote(canonical, canonical_kind)
            speaker_id, locked = family[_FAMILY["speaker_id"]], family[_FAMILY["locked"]]
            heads[fid] = (lead, speaker_id, bool(locked), canonical_kind)
        if text_ is not None:
            variants.setdefault(fid, []).append(_variant(text_, kind, text_keys))
    out = []
    for fid in sorted(heads):
        lead, speaker_id, locked, kind = heads[fid]
        vs = sorted(variants.get(fid, []), key=lambda p: (len(p.text), p.text), reverse=True)[:MAX_VARIANTS]
        out.append(Candidate(fid, lead, speaker_id, locked, tuple(vs), kind, fid in same, tuple(links.get(fid, ()))))
    return Found(out, posted, stored)


def _ranked(
    session: Session, rare: list[int], same: Sequence[int], postings: Postings | None
) -> tuple[list[int], dict[int, set[int]]]:
    # The families to verify, and which of the looked-up grams each already posts.
    # No floor on shared grams: a fragment's family shares few grams with a fuller new wording,
    # yet must be a candidate so the new canonical can absorb it.
    by_gram: dict[int, list[int]] = {}
    if postings is not None:
        by_gram = {g: postings.of(g) for g in rare}
    elif rare:
        for gram, fid in raw(session, _POSTINGS.format(marks=marks(len(rare))), rare):
            by_gram.setdefault(gram, []).append(fid)
    shared = Counter(f for fids in by_gram.values() for f in fids)
    # Most shared grams first, ties to the older family.
    ranked = heapq.nsmallest(MAX_CANDIDATES, shared, key=lambda f: (-shared[f], f))
    ids = sorted({*ranked, *same})
    posted: dict[int, set[int]] = {f: set() for f in ids}
    for gram, fids in by_gram.items():
        for f in fids:
            if f in posted:
                posted[f].add(gram)
    return ids, posted


def _variant(text: str, kind: str, keys: str | None) -> Prepared:
    # Variants are compared on their whole text, a partial quote's too, so the stored keys (a
    # partial's are its quoted words only) stand in for all but partials.  Whatever a comparison
    # needs beyond the keys (offsets, the normal form) is tokenised on first use, mostly never.
    if keys is None or kind == "partial":
        return Prepared(text)
    return prepared_from_keys(text, keys)


def index_grams(
    session: Session,
    family_id: int,
    grams: Iterable[int],
    dfs: dict[int, int] | None = None,
    *,
    posted: Collection[int] = (),
) -> None:
    """Post a family's rare grams (which counts the family in their document frequencies).

    ``dfs``: the grams' frequencies when already read; ``posted``: grams the family is known to
    post already (its lookup read them), not written again.
    """
    # Grams already common (df >= RARE_DF) get no further postings: lookups ignore them, so their
    # exact frequency no longer matters.
    wanted = sorted(set(grams).difference(posted))  # sorted: a stable lock order against concurrent inserts
    if not wanted:
        return
    if dfs is None:
        dfs = frequencies(session, wanted)
    rare = [g for g in wanted if dfs.get(g, 0) < RARE_DF]
    if not rare:
        return
    # One statement for all (its text cached per batch size); postings the family has are kept.
    values = ", ".join(["(?, ?)"] * len(rare))
    raw(
        session,
        f"INSERT INTO family_grams (gram, family_id) VALUES {values} ON CONFLICT DO NOTHING",
        [x for g in rare for x in (g, family_id)],
    )


def unindex_family(session: Session, family_id: int) -> None:
    """Drop a family's postings (which takes it out of its grams' document frequencies)."""
    session.execute(delete(FamilyGram).where(FamilyGram.family_id == family_id))


def move_postings(session: Session, from_id: int, to_id: int) -> None:
    """Move one family's postings to another, dropping those it already has (one family, counted once)."""
    grams = list(session.scalars(select(FamilyGram.gram).where(FamilyGram.family_id == from_id)))
    session.execute(delete(FamilyGram).where(FamilyGram.family_id == from_id))
    index_grams(session, to_id, grams)

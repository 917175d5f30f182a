"""Reading families: the family report with its variants, and the listing query.

The report is plain objects over rows (``FamilyReport``); ``schemas.families`` says how they look.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from service.engine.families.diff import word_diff
from service.engine.families.normalize import norm_hash
from service.errors import NotFoundError
from service.store.articles.models import Article, Outlet, Quote
from service.store.families.models import Family, FamilyLink
from service.store.families.state import load_members
from service.store.speakers.models import Speaker

_HOW = {
    "attested": "the verbatim wording printed by the most outlets ({outlets} of them, against {runner_up})",
    "earliest": "the verbatim wordings tie at {outlets} outlets each: the earliest published",
    "fullest": "the verbatim wordings tie at {outlets} outlets and date: the fullest",
    "only_wording": "the only verbatim wording ({outlets} outlets)",
    "only_fragments": "only fragments so far: the most attested of them",
    "only_indirect": "no direct quote yet: an indirect rendering",
    "editor": "chosen when an editor split this quote into its own family",
}


@dataclass(frozen=True)
class Occurrence:
    """One printing of a wording: the quote row with its article and outlet."""

    quote: Quote
    article: Article
    outlet: Outlet


@dataclass
class Variant:
    """One wording of the utterance (quotes with the same normalised text) and where it was printed."""

    text: str
    kind: str | None
    similarity: float | None
    covers: list[int | None] | None
    meaning_change: list[Any]
    diff: list[Any]
    is_canonical: bool = False
    occurrences: list[Occurrence] = field(default_factory=list)


@dataclass(frozen=True)
class Canonical:
    """The canonical wording and how it was chosen."""

    text: str
    quote_id: int | None
    how: str
    how_explained: str
    outlets: int


@dataclass(frozen=True)
class SpeakerCount:
    """A speaker the family's quotes are attributed to (None: unattributed), with how many."""

    speaker_id: int | None
    name: str | None
    kind: str | None
    count: int


@dataclass(frozen=True)
class FamilyReport:
    """A family with its canonical, speakers, variants and paraphrases, and the families it links."""

    family: Family
    canonical: Canonical
    speakers: list[SpeakerCount]
    variants: list[Variant]
    paraphrases: list[Variant]
    linked_families: list[int]

    @property
    def meaning_change(self) -> bool:
        """Whether some wording differs from the canonical in a negation or a number."""
        return any(v.meaning_change for v in [*self.variants, *self.paraphrases])


def family_report(session: Session, family_id: int) -> FamilyReport:
    """Return a family with its canonical, speakers, and variants grouped with occurrences and diffs."""
    fam = session.get(Family, family_id)
    if fam is None:
        raise NotFoundError(f"There is no family {family_id}.")
    rows = session.execute(
        select(Quote, Article, Outlet)
        .join(Article, Article.id == Quote.article_id)
        .join(Outlet, Outlet.id == Article.outlet_id)
        .where(Quote.family_id == family_id)
        .order_by(Article.published_at, Quote.id)
    ).all()
    speakers: dict[int | None, int] = {}
    groups: dict[str, Variant] = {}
    for quote, article, outlet in rows:
        speakers[quote.speaker_id] = speakers.get(quote.speaker_id, 0) + 1
        key = quote.norm_hash or norm_hash(quote.text)
        group = groups.get(key)
        if group is None:
            group = groups[key] = Variant(
                text=quote.text,
                kind=quote.family_role,
                similarity=quote.similarity,
                covers=[quote.covers_start, quote.covers_end] if quote.covers_start is not None else None,
                meaning_change=quote.meaning_change or [],
                diff=word_diff(fam.canonical_text, quote.text, _covers(quote)),
            )
        group.is_canonical = group.is_canonical or quote.id == fam.canonical_quote_id
        group.occurrences.append(Occurrence(quote, article, outlet))
    state = load_members(session, family_id).state()
    how = fam.canonical_how if fam.canonical_how == "editor" else state.canonical.how
    explained = _HOW.get(how, how).format(outlets=state.canonical.outlets, runner_up=state.canonical.runner_up_outlets)
    ordered = sorted(groups.values(), key=lambda g: (not g.is_canonical, -(g.similarity or 0.0)))
    known = [s for s in speakers if s is not None]
    found = session.execute(select(Speaker.id, Speaker.name, Speaker.kind).where(Speaker.id.in_(known)))
    who = {sid: (name, kind) for sid, name, kind in found}
    return FamilyReport(
        family=fam,
        canonical=Canonical(fam.canonical_text, fam.canonical_quote_id, how, explained, state.canonical.outlets),
        speakers=[
            SpeakerCount(s, *who.get(s, (None, None)), c)
            for s, c in sorted(speakers.items(), key=lambda x: (-x[1], x[0] or 0))
        ],
        variants=[g for g in ordered if g.kind != "paraphrase"],
        paraphrases=[g for g in ordered if g.kind == "paraphrase"],
        linked_families=linked_families(session, family_id),
    )


def _covers(quote: Quote) -> tuple[int, int] | None:
    if quote.family_role in ("fragment", "paraphrase") and quote.covers_start is not None:
        return (quote.covers_start, quote.covers_end or quote.covers_start)
    return None


def linked_families(session: Session, family_id: int) -> list[int]:
    """Return the families linked to this one by a quote that runs both remarks together."""
    members = select(Quote.id).where(Quote.family_id == family_id)
    out = set(session.scalars(select(FamilyLink.family_id).where(FamilyLink.quote_id.in_(members))))
    linking = select(FamilyLink.quote_id).where(FamilyLink.family_id == family_id)
    out |= {f for f in session.scalars(select(Quote.family_id).where(Quote.id.in_(linking))) if f is not None}
    out.discard(family_id)
    return sorted(out)


def family_query(
    *,
    speaker_id: int | None = None,
    q: str | None = None,
    seen: tuple[datetime | None, datetime | None] = (None, None),
    min_outlets: int | None = None,
) -> Select[tuple[Family]]:
    """Return the select of families filtered by speaker, canonical words, time seen (since, until) and reach."""
    since, until = seen
    stmt = select(Family)
    if speaker_id is not None:
        # Any speaker the family's quotes are attributed to, anonymous sources included.
        stmt = stmt.where(Family.id.in_(select(Quote.family_id).where(Quote.speaker_id == speaker_id)))
    if q:
        # A substring match on the canonical text: editors search a few words of the remark.
        stmt = stmt.where(func.lower(Family.canonical_text).contains(q.lower(), autoescape=True))
    if since is not None:
        stmt = stmt.where(Family.last_seen >= since)
    if until is not None:
        stmt = stmt.where(Family.first_seen <= until)
    if min_outlets is not None:
        stmt = stmt.where(Family.outlet_count >= min_outlets)
    return stmt

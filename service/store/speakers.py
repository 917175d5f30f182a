"""Speaker repository: cross-article matching, search, quote counts and editors' corrections.

Every function takes the caller's ``Session`` and never commits: ingest owns one transaction
per article, the API one per request. Matching order in :func:`attach_speaker`:
correction pins, then the exact identity key, then (people only) the indexed surname block
compared with ``names.same_person``; otherwise a new speaker is created.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Select, or_, select, update
from sqlalchemy.orm import Session

from service.engine import names
from service.engine.types import SpeakerKind, SpeakerRef
from service.store.base import Base
from service.store.models import Quote
from service.store.quotes import count_quotes
from service.store.speaker_models import Speaker, SpeakerAlias, SpeakerPin, SpeakerRole

_MAX_CHAIN = 20  # merged_into hops followed before giving up (a cycle would be a bug)


def normalize_alias(text: str) -> str:
    """The form aliases and pins are matched by: cleaned, accents folded, lower case, one space."""
    cleaned = names.normalize_countries(names.clean_mention(text))
    return re.sub(r"\s+", " ", names.ascii_fold(cleaned)).strip().lower()


def live(session: Session, speaker: Speaker | None) -> Speaker | None:
    """Follow ``merged_into`` to the speaker that now stands for ``speaker``."""
    for _ in range(_MAX_CHAIN):
        if speaker is None or speaker.merged_into_id is None:
            return speaker
        speaker = session.get(Speaker, speaker.merged_into_id)
    raise RuntimeError("merged_into chain too long")


def get_speaker(session: Session, speaker_id: int) -> Speaker | None:
    """Return the speaker with this id, or the one it was merged into; None when absent."""
    return live(session, session.get(Speaker, speaker_id))


def _pinned(session: Session, ref: SpeakerRef) -> Speaker | None:
    """The speaker an editor's pin sends this ref to: its name first, then its key, then aliases."""
    matches = [normalize_alias(ref.name), ref.key, *(normalize_alias(a) for a in ref.aliases)]
    matches = [m for m in matches if m]
    if not matches:
        return None
    pins = {p.match: p for p in session.scalars(select(SpeakerPin).where(SpeakerPin.match.in_(matches)))}
    for m in matches:
        if m in pins:
            return live(session, session.get(Speaker, pins[m].speaker_id))
    return None


def _by_key(session: Session, key: str) -> Speaker | None:
    return live(session, session.scalar(select(Speaker).where(Speaker.key == key)))


def _person_candidates(session: Session, ref: SpeakerRef) -> Speaker | None:
    """The best existing person for ``ref`` among those sharing its surname block."""
    block = names.person_block(ref.name)
    if not block:
        return None
    rows = session.scalars(
        select(Speaker).where(Speaker.block == block, Speaker.kind == "person", Speaker.merged_into_id.is_(None))
    ).all()
    fitting = [s for s in rows if _compatible(s, ref.name)]
    if not fitting:
        return None
    given = names.canonical_given(names.parse_person_name(ref.name).given)
    ref_roles = {r.lower() for r in ref.roles}

    def score(s: Speaker) -> tuple[int, int, int]:
        same_given = int(bool(given) and names.canonical_given(names.parse_person_name(s.name).given) == given)
        shared_roles = len(ref_roles & {r.role.lower() for r in s.roles})
        return (same_given, shared_roles, -s.id)

    return max(fitting, key=score)


def _compatible(speaker: Speaker, name: str) -> bool:
    """Whether ``name`` can be this person: compatible with the name and every alias."""
    forms = [speaker.name, *(a.alias for a in speaker.aliases)]
    return all(names.same_person(f, name) for f in forms if names.parse_person_name(f).surname)


def _scoped_key(ref: SpeakerRef, article_id: int) -> str:
    """A key for speakers never merged across articles (unknown, documents): unique per article."""
    return f"article:{article_id}:{ref.kind}:{normalize_alias(ref.name)}"[:300]


def find_speaker(session: Session, ref: SpeakerRef) -> Speaker | None:
    """Return the existing speaker ``ref`` denotes, or None; creates nothing."""
    pinned = _pinned(session, ref)
    if pinned is not None:
        return pinned
    if ref.key:
        exact = _by_key(session, ref.key)
        if exact is not None:
            return exact
    if ref.kind == "person":
        return _person_candidates(session, ref)
    return None


def attach_speaker(session: Session, ref: SpeakerRef, article_id: int, seen_at: datetime) -> Speaker:
    """Return the speaker for ``ref`` seen in ``article_id`` (matched or created), updated with its forms."""
    speaker = find_speaker(session, ref)
    if speaker is None and not ref.key:
        speaker = session.scalar(select(Speaker).where(Speaker.key == _scoped_key(ref, article_id)))
    if speaker is None:
        key = ref.key or _scoped_key(ref, article_id)
        block = names.block_key(ref.name, ref.kind) if ref.kind == "person" else key
        speaker = Speaker(name=_display_name(ref), kind=ref.kind, key=key, block=block)
        session.add(speaker)
    _absorb(session, speaker, ref, article_id, seen_at)
    session.flush()
    return speaker


def _display_name(ref: SpeakerRef) -> str:
    return names.split_title(ref.name)[1] if ref.kind == "person" else ref.name


def _absorb(session: Session, speaker: Speaker, ref: SpeakerRef, article_id: int, seen_at: datetime) -> None:
    """Record what ``ref`` adds: a fuller name, aliases, this article's roles, first/last seen."""
    if speaker.kind == "person" and ref.kind == "person" and not speaker.name_locked:
        fuller = names.fuller_name(speaker.name, ref.name)
        if fuller != speaker.name:
            speaker.name = fuller
            _upgrade_key(session, speaker, ref)
    for alias in [ref.name, *ref.aliases]:
        add_alias(speaker, alias)
    have = {(r.role, r.article_id) for r in speaker.roles}
    for role in dict.fromkeys(ref.roles):
        if (role, article_id) not in have:
            speaker.roles.append(SpeakerRole(role=role[:300], article_id=article_id))
    speaker.first_seen = min(speaker.first_seen or seen_at, seen_at)
    speaker.last_seen = max(speaker.last_seen or seen_at, seen_at)


def _upgrade_key(session: Session, speaker: Speaker, ref: SpeakerRef) -> None:
    """Give a person the more specific key of a fuller name ("person:bidin" → "…:jusif") if free."""
    key = names.identity_key(speaker.name, "person")
    if key and key != speaker.key and key.startswith(speaker.key + ":") and _by_key(session, key) is None:
        speaker.key = key


def add_alias(speaker: Speaker, alias: str) -> None:
    """Add a form of the speaker's name unless one normalising the same way is there."""
    norm = normalize_alias(alias)
    if norm and all(a.norm != norm for a in speaker.aliases):
        speaker.aliases.append(SpeakerAlias(alias=alias.strip()[:300], norm=norm[:300]))


def search_query(q: str | None = None, kind: str | None = None) -> Select[tuple[Speaker]]:
    """Return the query of live speakers matching ``q`` (name or alias) and ``kind``, by name."""
    query = select(Speaker).where(Speaker.merged_into_id.is_(None)).order_by(Speaker.name, Speaker.id)
    if kind:
        query = query.where(Speaker.kind == kind)
    if q and q.strip():
        norm = normalize_alias(q)
        alias_hit = select(SpeakerAlias.speaker_id).where(SpeakerAlias.norm.contains(norm, autoescape=True))
        query = query.where(or_(Speaker.name.icontains(q.strip(), autoescape=True), Speaker.id.in_(alias_hit)))
    return query


def quote_counts(session: Session, speaker_ids: Iterable[int]) -> dict[int, int]:
    """Return the number of stored quotes per speaker id (0 for speakers without quotes)."""
    return count_quotes(session, Quote.speaker_id, speaker_ids)


def describe_speakers(session: Session, speakers: Sequence[Speaker]) -> list[dict[str, Any]]:
    """Speakers as plain data for the API: names, roles with their articles, counts (one query), dates."""
    counts = quote_counts(session, [s.id for s in speakers])
    out = []
    for speaker in speakers:
        roles: dict[str, list[int]] = {}
        for r in speaker.roles:
            ids = roles.setdefault(r.role, [])
            if r.article_id is not None and r.article_id not in ids:
                ids.append(r.article_id)
        out.append(
            {
                "id": speaker.id,
                "name": speaker.name,
                "kind": speaker.kind,
                "key": speaker.key,
                "aliases": [a.alias for a in speaker.aliases],
                "roles": [{"role": role, "article_ids": ids} for role, ids in roles.items()],
                "quote_count": counts[speaker.id],
                "first_seen": speaker.first_seen,
                "last_seen": speaker.last_seen,
                "name_locked": speaker.name_locked,
            }
        )
    return out


def speaker_quotes_query(speaker_id: int) -> Select[tuple[Quote]]:
    """Return the query of a speaker's quotes, newest first (by id, so pages stay stable)."""
    return select(Quote).where(Quote.speaker_id == speaker_id).order_by(Quote.id.desc())


def _pin(session: Session, match: str, speaker_id: int, reason: str) -> None:
    """Point ``match`` at ``speaker_id``, replacing any earlier pin of the same match."""
    if not match:
        return
    pin = session.scalar(select(SpeakerPin).where(SpeakerPin.match == match))
    if pin is None:
        session.add(SpeakerPin(match=match[:300], speaker_id=speaker_id, reason=reason))
    else:
        pin.speaker_id, pin.reason = speaker_id, reason


def _speaker_fk_columns() -> Sequence[tuple[str, str]]:
    """(table, column) of every foreign key to ``speakers.id`` outside the speaker tables."""
    own = {"speakers", "speaker_aliases", "speaker_roles", "speaker_pins"}
    return [
        (table.name, fk.parent.name)
        for table in Base.metadata.sorted_tables
        if table.name not in own
        for fk in table.foreign_keys
        if fk.column.table.name == "speakers"
    ]


def _repoint(session: Session, source_id: int, target_id: int, quote_ids: Sequence[int] | None = None) -> None:
    """Move references to ``source_id`` (quotes, families...) to ``target_id``."""
    for table_name, column in _speaker_fk_columns():
        table = Base.metadata.tables[table_name]
        stmt = update(table).where(table.c[column] == source_id)
        if quote_ids is not None:
            if table_name != Quote.__tablename__:
                continue
            stmt = stmt.where(table.c.id.in_(quote_ids))
        session.execute(stmt.values({column: target_id}))


def merge_speakers(session: Session, source_id: int, target_id: int) -> Speaker:
    """Merge ``source`` into ``target``: quotes, aliases and roles move, and pins keep it so."""
    source, target = get_speaker(session, source_id), get_speaker(session, target_id)
    if source is None or target is None:
        raise LookupError("speaker not found")
    if source.id == target.id:
        return target
    for alias in list(source.aliases):
        add_alias(target, alias.alias)
        _pin(session, alias.norm, target.id, "merge")
        if source.kind == "person":
            # The bare surname of a merged spelling ("Kazemi") follows too; full names with
            # another given name do not, as their keys differ.
            surname = names.parse_person_name(alias.alias).surname
            _pin(session, names.identity_key(surname, "person") if surname else "", target.id, "merge")
    _pin(session, source.key, target.id, "merge")
    _pin(session, normalize_alias(source.name), target.id, "merge")
    have = {(r.role, r.article_id) for r in target.roles}
    for role in source.roles:
        if (role.role, role.article_id) not in have:
            target.roles.append(SpeakerRole(role=role.role, article_id=role.article_id))
    source.aliases.clear()
    source.roles.clear()
    seen = [d for d in (source.first_seen, target.first_seen) if d]
    target.first_seen = min(seen) if seen else None
    last = [d for d in (source.last_seen, target.last_seen) if d]
    target.last_seen = max(last) if last else None
    source.merged_into_id = target.id
    session.flush()
    _repoint(session, source.id, target.id)
    # Earlier merges into the source now lead straight to the target.
    session.execute(update(Speaker).where(Speaker.merged_into_id == source.id).values(merged_into_id=target.id))
    session.execute(update(SpeakerPin).where(SpeakerPin.speaker_id == source.id).values(speaker_id=target.id))
    session.flush()
    return target


def split_alias(session: Session, speaker_id: int, alias: str) -> Speaker:
    """Split ``alias`` off ``speaker_id`` into a new speaker; its quotes and future mentions follow."""
    speaker = get_speaker(session, speaker_id)
    if speaker is None:
        raise LookupError("speaker not found")
    norm = normalize_alias(alias)
    row = next((a for a in speaker.aliases if a.norm == norm), None)
    if row is None:
        raise LookupError("alias not found")
    name = names.split_title(row.alias)[1] if speaker.kind == "person" else row.alias
    kind = cast(SpeakerKind, speaker.kind)
    speaker.aliases.remove(row)
    _recompute(session, speaker)
    session.flush()  # frees the key the split-off name may need
    key = names.identity_key(name, kind)
    if not key or _by_key(session, key) is not None:
        key = f"{key or speaker.key}#split"
        n = 1
        while _by_key(session, f"{key}{n}") is not None:
            n += 1
        key = f"{key}{n}"
    block = names.person_block(name) if speaker.kind == "person" else key
    new = Speaker(
        name=name,
        kind=speaker.kind,
        key=key,
        block=block,
        first_seen=speaker.first_seen,
        last_seen=speaker.last_seen,
    )
    session.add(new)
    session.flush()
    add_alias(new, row.alias)
    _pin(session, norm, new.id, "split")
    _pin(session, normalize_alias(name), new.id, "split")
    if key == names.identity_key(name, kind):
        _pin(session, key, new.id, "split")
    # The quotes whose mention was this very alias move with it; pronoun and title quotes stay
    # until their article is re-ingested, when resolution will follow the pins.
    moved = [
        qid
        for qid, mention in session.execute(
            select(Quote.id, Quote.mention_text).where(Quote.speaker_id == speaker.id, Quote.mention_text.is_not(None))
        )
        if mention is not None and normalize_alias(names.split_apposition(mention)[0]) == norm
    ]
    if moved:
        _repoint(session, speaker.id, new.id, moved)
    session.flush()
    return new


def _recompute(session: Session, speaker: Speaker) -> None:
    """After an alias left: the fullest remaining name (unless renamed) and its key if free."""
    if speaker.kind != "person" or speaker.name_locked:
        return
    forms = [a.alias for a in speaker.aliases if names.parse_person_name(a.alias).surname]
    if not forms:
        return
    name = forms[0]
    for form in forms[1:]:
        name = names.fuller_name(name, form)
    speaker.name = names.split_title(name)[1]
    key = names.identity_key(speaker.name, "person")
    if key and key != speaker.key and _by_key(session, key) is None:
        speaker.key = key


def rename_speaker(session: Session, speaker_id: int, name: str) -> Speaker:
    """Give a speaker an editor's name; automatic "fullest form" updates then leave it alone."""
    speaker = get_speaker(session, speaker_id)
    if speaker is None:
        raise LookupError("speaker not found")
    if not name.strip():
        raise ValueError("empty name")
    add_alias(speaker, speaker.name)
    speaker.name = name.strip()[:300]
    speaker.name_locked = True
    add_alias(speaker, speaker.name)
    _pin(session, normalize_alias(speaker.name), speaker.id, "rename")
    session.flush()
    return speaker

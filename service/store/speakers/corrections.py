"""Editors' corrections of speakers (merge, split, rename), kept as pins so re-ingesting keeps them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.engine import names
from service.engine.types import SpeakerKind
from service.errors import InvalidValueError, NotFoundError
from service.store.articles.models import Quote
from service.store.base import Base
from service.store.speakers.models import Speaker, SpeakerPin, SpeakerRole
from service.store.speakers.repository import add_alias, by_key, get_speaker, normalize_alias, pin


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


def fold_into(session: Session, source: Speaker, target: Speaker) -> None:
    """Move everything of ``source`` (quotes, aliases, roles, dates) to ``target``; source then leads there."""
    for alias in list(source.aliases):
        add_alias(target, alias.alias)
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


def merge_speakers(session: Session, source_id: int, target_id: int) -> Speaker:
    """Merge ``source`` into ``target``: quotes, aliases and roles move, and pins keep it so."""
    source, target = get_speaker(session, source_id), get_speaker(session, target_id)
    if source is None or target is None:
        raise NotFoundError(f"There is no speaker {target_id if source else source_id}.")
    if source.id == target.id:
        return target
    for alias in source.aliases:
        pin(session, alias.norm, target.id, "merge")
        if source.kind == "person":
            # The bare surname of a merged spelling ("Kazemi") follows too; full names with
            # another given name do not, as their keys differ.
            surname = names.parse_person_name(alias.alias).surname
            pin(session, names.identity_key(surname, "person") if surname else "", target.id, "merge")
    pin(session, source.key, target.id, "merge")
    pin(session, normalize_alias(source.name), target.id, "merge")
    fold_into(session, source, target)
    return target


def _free_key(session: Session, name: str, kind: SpeakerKind, fallback: str) -> str:
    """The identity key of ``name`` if no speaker holds it, else a numbered "#split" variant."""
    key = names.identity_key(name, kind)
    if key and by_key(session, key) is None:
        return key
    base = f"{key or fallback}#split"
    n = 1
    while by_key(session, f"{base}{n}") is not None:
        n += 1
    return f"{base}{n}"


def split_alias(session: Session, speaker_id: int, alias: str) -> Speaker:
    """Split ``alias`` off ``speaker_id`` into a new speaker; its quotes and future mentions follow."""
    speaker = get_speaker(session, speaker_id)
    if speaker is None:
        raise NotFoundError(f"There is no speaker {speaker_id}.")
    norm = normalize_alias(alias)
    row = next((a for a in speaker.aliases if a.norm == norm), None)
    if row is None:
        raise NotFoundError(f"Speaker {speaker_id} has no alias {alias!r}.")
    name = names.split_title(row.alias)[1] if speaker.kind == "person" else row.alias
    kind = cast(SpeakerKind, speaker.kind)
    speaker.aliases.remove(row)
    _recompute(session, speaker)
    session.flush()  # frees the key the split-off name may need
    key = _free_key(session, name, kind, speaker.key)
    block = names.person_block(name) if speaker.kind == "person" else key
    new = Speaker(
        name=name, kind=speaker.kind, key=key, block=block, first_seen=speaker.first_seen, last_seen=speaker.last_seen
    )
    session.add(new)
    session.flush()
    add_alias(new, row.alias)
    pin(session, norm, new.id, "split")
    pin(session, normalize_alias(name), new.id, "split")
    if key == names.identity_key(name, kind):
        pin(session, key, new.id, "split")
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
    if key and key != speaker.key and by_key(session, key) is None:
        speaker.key = key


def rename_speaker(session: Session, speaker_id: int, name: str) -> Speaker:
    """Give a speaker an editor's name; automatic "fullest form" updates then leave it alone."""
    speaker = get_speaker(session, speaker_id)
    if speaker is None:
        raise NotFoundError(f"There is no speaker {speaker_id}.")
    if not name.strip():
        raise InvalidValueError("The name is empty.")
    add_alias(speaker, speaker.name)
    speaker.name = name.strip()[:300]
    speaker.name_locked = True
    add_alias(speaker, speaker.name)
    pin(session, normalize_alias(speaker.name), speaker.id, "rename")
    session.flush()
    return speaker

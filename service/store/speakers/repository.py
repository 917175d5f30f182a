"""Speaker rows by id, key and pin, and the normalised forms aliases and pins are matched by."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.engine import names
from service.engine.types import SpeakerRef
from service.store.speakers.models import Speaker, SpeakerAlias, SpeakerPin

_MAX_CHAIN = 20  # merged_into hops followed before giving up (a cycle would be a bug)
SCOPED_PREFIX = "article:"  # keys of speakers that belong to one article only


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


def by_key(session: Session, key: str) -> Speaker | None:
    """The live speaker stored under an identity key, or None."""
    return live(session, session.scalar(select(Speaker).where(Speaker.key == key)))


def is_scoped(speaker: Speaker) -> bool:
    """Whether the speaker belongs to one article (never matched from another one)."""
    return speaker.key.startswith(SCOPED_PREFIX)


def scoped_key(ref: SpeakerRef, article_id: int) -> str:
    """The key of a speaker kept inside one article: unique per article, kind and name."""
    return f"{SCOPED_PREFIX}{article_id}:{ref.kind}:{normalize_alias(ref.name)}"[:300]


def pin_matches(ref: SpeakerRef) -> list[str]:
    """The forms of a ref an editor's pin may match, in the order they decide: name, key, aliases."""
    matches = [normalize_alias(ref.name), ref.key, *(normalize_alias(a) for a in ref.aliases)]
    return [m for m in matches if m]


def pins_for(session: Session, refs: Iterable[SpeakerRef]) -> dict[str, int]:
    """The speaker id each pinned form of these refs points at, read in one statement."""
    matches = sorted({m for ref in refs for m in pin_matches(ref)})
    if not matches:
        return {}
    return dict(
        session.execute(select(SpeakerPin.match, SpeakerPin.speaker_id).where(SpeakerPin.match.in_(matches)))
        .tuples()
        .all()
    )


def pinned(session: Session, ref: SpeakerRef, pins: dict[str, int] | None = None) -> Speaker | None:
    """The speaker an editor's pin sends this ref to: its name first, then its key, then aliases.

    ``pins``: the pins of this ref's forms read beforehand (:func:`pins_for`), else read here.
    """
    matches = pin_matches(ref)
    if not matches:
        return None
    if pins is None:
        pins = pins_for(session, [ref])
    for m in matches:
        if m in pins:
            return live(session, session.get(Speaker, pins[m]))
    return None


def pin(session: Session, match: str, speaker_id: int, reason: str) -> None:
    """Point ``match`` at ``speaker_id``, replacing any earlier pin of the same match."""
    if not match:
        return
    row = session.scalar(select(SpeakerPin).where(SpeakerPin.match == match))
    if row is None:
        session.add(SpeakerPin(match=match[:300], speaker_id=speaker_id, reason=reason))
    else:
        row.speaker_id, row.reason = speaker_id, reason


def add_alias(speaker: Speaker, alias: str) -> None:
    """Add a form of the speaker's name unless one normalising the same way is there."""
    norm = normalize_alias(alias)
    if norm and all(a.norm != norm for a in speaker.aliases):
        speaker.aliases.append(SpeakerAlias(alias=alias.strip()[:300], norm=norm[:300]))

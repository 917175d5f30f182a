"""Cross-article speaker matching: which stored speaker a ref of one article is, or a new one.

Order of decisions in :func:`find_speaker`: an editor's pin; then, for people, the full name
(given name and surname, with their variants) against the people of the same surname block; a
surname-only ref links only on evidence beyond the surname (see :func:`bare_target`), else it
stays a person of its own article (*unlinked*). Anonymous sources, documents and unknown speakers
are always kept inside their article; named organisations match by identity key.

Decisions depend on what the store holds, never on row ids or arrival: ties break on keys, and
a person stored under a full name re-examines the unlinked speakers of its surname block, so an
article read before that person's first full-name mention ends as it would have after it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.engine import names
from service.engine.types import SpeakerRef
from service.store.speakers.corrections import fold_into
from service.store.speakers.models import Speaker, SpeakerRole
from service.store.speakers.repository import (
    SCOPED_PREFIX,
    add_alias,
    by_key,
    is_scoped,
    live,
    pinned,
    pins_for,
    scoped_key,
)


def has_full_name(name: str) -> bool:
    """Whether a person name carries a given name of two letters or more beside the surname."""
    p = names.parse_person_name(name)
    return bool(p.surname) and len(names.letters(p.given)) > 1


def _forms(speaker: Speaker) -> list[str]:
    """The forms of a person's name a new name must agree with (a lone given name says nothing)."""
    # Only forms that agree with the name itself: a form read with noise ("Said Comey", "a Donald
    # Trump") or a lone given name must not keep the person's own full name out.
    given = names.parse_person_name(speaker.name).given.lower()
    forms = [
        a.alias
        for a in speaker.aliases
        if a.alias.strip().lower() != given and names.same_person(speaker.name, a.alias)
    ]
    return [f for f in [speaker.name, *forms] if names.parse_person_name(f).surname]


def _gender(forms: list[str]) -> str:
    """The gender the forms of a name imply (honorific, title, given name), '' when none or mixed."""
    return _one({names.parse_person_name(f).gender for f in forms} - {""})


def speaker_gender(speaker: Speaker) -> str:
    """The gender a stored person's forms or titles imply ("Mrs. Obama", "First lady"), or ''."""
    from_titles = [names.titles_gender(r.role) for r in speaker.roles]
    return _gender(_forms(speaker)) or _one({g for g in from_titles if g})


def _one(found: set[str]) -> str:
    return found.pop() if len(found) == 1 else ""


def fits_every_form(speaker: Speaker, name: str, gender: str = "") -> bool:
    """Whether ``name`` (of ``gender``) can be this person: compatible with every form and its gender."""
    forms = _forms(speaker)
    own = speaker_gender(speaker)
    if gender and own and gender != own:
        return False
    return all(names.same_person(f, name) for f in forms)


def shares_role(speaker_roles: list[str], roles: list[str]) -> bool:
    """Whether one of ``roles`` can denote one of the speaker's ("President" and "U.S. President")."""
    return any(names.role_matches(a, b) or names.role_matches(b, a) for a in roles for b in speaker_roles)


def _linked_people(session: Session, block: str) -> list[Speaker]:
    """Live people of a surname block known by a full name, in key order."""
    rows = session.scalars(
        select(Speaker)
        .where(Speaker.block == block, Speaker.kind == "person", Speaker.merged_into_id.is_(None))
        .order_by(Speaker.key)
    ).all()
    return [s for s in rows if not is_scoped(s) and has_full_name(s.name)]


def _ref_gender(ref: SpeakerRef) -> str:
    return ref.gender or _gender([ref.name, *ref.aliases])


def _full_name_match(session: Session, ref: SpeakerRef) -> Speaker | None:
    """The person a full-name ref is: its exact key if compatible, else the closest compatible full name."""
    gender = _ref_gender(ref)
    fitting = [s for s in _linked_people(session, names.person_block(ref.name)) if fits_every_form(s, ref.name, gender)]
    if not fitting:
        return None
    given = names.canonical_given(names.parse_person_name(ref.name).given)

    def rank(s: Speaker) -> tuple[bool, bool, str]:
        same_given = names.canonical_given(names.parse_person_name(s.name).given) == given
        return (s.key != ref.key, not same_given, s.key)

    return min(fitting, key=rank)


def bare_target(people: list[Speaker], name: str, gender: str, roles: list[str]) -> Speaker | None:
    """The one person a surname-only name links to, or None.

    It links only when exactly one person of the block who could bear the name (compatible
    name and gender) shares a role or title with it, and every other such person is known by
    roles that are not it; a surname alone never chooses between people.
    """
    could = [s for s in people if fits_every_form(s, name, gender)]
    # A surname spelled as written ("Reid") is told apart from one only close to it ("Scott Reed"):
    # else the role-less "Reed" kept "Reid" unlinked when it was stored first, but not after.
    surname = names.letters(names.parse_person_name(name).surname)
    spelled = [s for s in could if names.letters(names.parse_person_name(s.name).surname) == surname]
    could = spelled or could
    sharing = [s for s in could if shares_role([r.role for r in s.roles], roles)]
    if len(sharing) != 1:
        return None
    if any(not s.roles for s in could if s is not sharing[0]):
        return None
    return sharing[0]


def find_speaker(session: Session, ref: SpeakerRef, pins: dict[str, int] | None = None) -> Speaker | None:
    """Return the existing speaker ``ref`` denotes across articles, or None; creates nothing.

    ``pins``: the editors' pins of the ref's forms when read beforehand (see ``pins_for``).
    """
    found = pinned(session, ref, pins)
    if found is not None:
        return found
    if ref.kind == "person":
        if has_full_name(ref.name):
            return _full_name_match(session, ref)
        block = names.person_block(ref.name)
        people = _linked_people(session, block) if block else []
        return bare_target(people, ref.name, _ref_gender(ref), ref.roles)
    if ref.kind == "organization" and ref.key:
        return by_key(session, ref.key)
    return None


def _own_key(session: Session, ref: SpeakerRef, article_id: int) -> str:
    """The key a new speaker for ``ref`` is stored under: its identity key when shared, else its article's."""
    if ref.kind == "person" and has_full_name(ref.name):
        key = ref.key or names.identity_key(ref.name, "person")
        n = 1
        candidate = key
        while by_key(session, candidate) is not None:  # the same key, an incompatible person
            n += 1
            candidate = f"{key}#{n}"
        return candidate
    if ref.kind == "organization" and ref.key:
        return ref.key
    return scoped_key(ref, article_id)


def attach_speaker(
    session: Session, ref: SpeakerRef, article_id: int, seen_at: datetime, pins: dict[str, int] | None = None
) -> Speaker:
    """Return the speaker for ``ref`` seen in ``article_id`` (matched or created), updated with its forms."""
    speaker = find_speaker(session, ref, pins)
    if speaker is None:
        speaker = by_key(session, scoped_key(ref, article_id))
    if speaker is None:
        key = _own_key(session, ref, article_id)
        # An anonymous source's block is its description ("anon:senior administration official"):
        # the sources of different articles described alike, for whoever compares them.
        block = names.block_key(ref.name, ref.kind) if ref.kind in ("person", "anonymous") else key
        speaker = Speaker(name=_display_name(ref), kind=ref.kind, key=key, block=block)
        session.add(speaker)
    _absorb(session, speaker, ref, article_id, seen_at)
    session.flush()
    if speaker.kind == "person" and not is_scoped(speaker):
        _relink_unlinked(session, speaker.block)
    return speaker


def _relink_unlinked(session: Session, block: str) -> None:
    """Link the unlinked people of a block that the people now stored there give evidence for."""
    unlinked = session.scalars(
        select(Speaker)
        .where(
            Speaker.block == block,
            Speaker.kind == "person",
            Speaker.merged_into_id.is_(None),
            Speaker.key.startswith(SCOPED_PREFIX),
        )
        .order_by(Speaker.key)
    ).all()
    if not unlinked:
        return
    people = _linked_people(session, block)
    for scoped in unlinked:
        target = bare_target(people, scoped.name, speaker_gender(scoped), [r.role for r in scoped.roles])
        if target is not None:
            fold_into(session, scoped, target)


def _display_name(ref: SpeakerRef) -> str:
    return names.split_title(ref.name)[1] if ref.kind == "person" else ref.name


def _absorb(session: Session, speaker: Speaker, ref: SpeakerRef, article_id: int, seen_at: datetime) -> None:
    """Record what ``ref`` adds: a fuller name, aliases, this article's roles, first/last seen."""
    if speaker.kind == "person" and ref.kind == "person" and not speaker.name_locked:
        fuller = names.fuller_name(speaker.name, ref.name)
        if fuller != speaker.name:
            speaker.name = fuller
            _upgrade_key(session, speaker)
    elif speaker.kind == ref.kind == "organization" and not speaker.name_locked:
        # The capitalised spelling wins, whichever article came first ("Supreme Court").
        speaker.name = max((speaker.name, ref.name), key=lambda n: (sum(w[:1].isupper() for w in n.split()), n))
    for alias in [ref.name, *ref.aliases]:
        add_alias(speaker, alias)
    have = {(r.role, r.article_id) for r in speaker.roles}
    for role in dict.fromkeys(ref.roles):
        if (role, article_id) not in have:
            speaker.roles.append(SpeakerRole(role=role[:300], article_id=article_id))
    speaker.first_seen = min(speaker.first_seen or seen_at, seen_at)
    speaker.last_seen = max(speaker.last_seen or seen_at, seen_at)


def _upgrade_key(session: Session, speaker: Speaker) -> None:
    """Give a person the more specific key of a fuller name ("person:bidin" → "…:jusif") if free."""
    key = names.identity_key(speaker.name, "person")
    if key and key != speaker.key and key.startswith(speaker.key + ":") and by_key(session, key) is None:
        speaker.key = key


def names_someone(ref: SpeakerRef | None) -> bool:
    """Whether a ref is someone a stored speaker can stand for: an unresolved mention is no one yet."""
    # A row per unresolved mention would list "he" or "the 46-year-old" among the speakers and
    # make two unresolved "he" of one article one speaker; the quote keeps its mention instead.
    return ref is not None and ref.kind != "unknown"


def speaker_identity(ref: SpeakerRef) -> tuple[str, str, str]:
    """What makes two refs of one article the same speaker: kind, name and key."""
    return (ref.kind, ref.name, ref.key)


def attach_article_speakers(
    session: Session, refs: list[SpeakerRef], article_id: int, seen_at: datetime
) -> dict[tuple[str, str, str], int]:
    """Attach each distinct speaker of one article once (forms and roles of all its refs together);
    return the live speaker id per :func:`speaker_identity`."""
    merged: dict[tuple[str, str, str], SpeakerRef] = {}
    for ref in refs:
        who = speaker_identity(ref)
        if who not in merged:
            merged[who] = replace(ref, aliases=list(ref.aliases), roles=list(ref.roles))
            continue
        into = merged[who]
        into.aliases.extend(a for a in ref.aliases if a not in into.aliases)
        into.roles.extend(r for r in ref.roles if r not in into.roles)
        into.gender = into.gender or ref.gender
    # Attaching never pins: the pins of all the refs are read once, beforehand.
    pins = pins_for(session, merged.values())
    attached = {who: attach_speaker(session, ref, article_id, seen_at, pins) for who, ref in sorted(merged.items())}
    # A later attachment may have linked an earlier unlinked one: hand out the live ids.
    out: dict[tuple[str, str, str], int] = {}
    for who, speaker in attached.items():
        current = live(session, speaker)
        assert current is not None
        out[who] = current.id
    return out

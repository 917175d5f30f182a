"""The persons of one article filed by the keys a name lookup needs, so a lookup reads a few, not all."""

from __future__ import annotations

from service.engine.names.persons import consonants, parse_person_name
from service.engine.speakers.entity import Entity


def surname_block(name: str) -> str:
    """The consonant block of the name's surname: names whose surnames match share it ('' for none)."""
    surname = parse_person_name(name).surname
    return consonants(surname) if surname else ""


def given_key(name: str) -> str:
    """The name's given name, lower-cased."""
    return parse_person_name(name).given.lower()


class PersonIndex:
    """Persons by surname block and by given name; lookups answer in the order persons were added."""

    def __init__(self) -> None:
        self._by_surname: dict[str, list[Entity]] = {}
        self._by_given: dict[str, list[Entity]] = {}
        self._order: dict[int, int] = {}

    def add(self, person: Entity, old_name: str | None = None) -> None:
        """File ``person`` under its name's keys; ``old_name``: the name it was filed under until now."""
        self._order.setdefault(id(person), len(self._order))
        for index, key in ((self._by_surname, surname_block), (self._by_given, given_key)):
            if old_name is not None:
                index[key(old_name)].remove(person)
            index.setdefault(key(person.name), []).append(person)

    def same_surname(self, name: str) -> list[Entity]:
        """The persons whose surname may match the one of ``name`` (``same_person`` requires it)."""
        block = surname_block(name)
        return self._ordered(self._by_surname.get(block, [])) if block else []

    def given(self, name: str) -> list[Entity]:
        """The persons whose given name is ``name``."""
        return self._ordered(self._by_given.get(name.lower(), []))

    def _ordered(self, found: list[Entity]) -> list[Entity]:
        return sorted(found, key=lambda p: self._order[id(p)])

"""The model's ``attribute_ruler`` with its single-token rules found by table lookup.

The model's ruler holds ~180 rules (the tag map and its exceptions) and runs them all through a
``Matcher``: about a tenth of the analysis' CPU. Nearly all of them name one token by its tag,
lower-case form, dependency label or being a space, so a dictionary keyed on one of these finds
the candidates and the rest of the rule is checked on them; the few rules over several tokens
still go through a ``Matcher``. The matches are applied as the ruler applies them, in rule order,
so the tokens come out the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import StringStore
from spacy.tokens import Doc, Span
from spacy.tokens._retokenize import set_token_attrs

# the token attributes a single-token rule may test, in the column order of ``Doc.to_array``
_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_IDS = (TAG, LOWER, DEP, IS_SPACE)


@dataclass(frozen=True, slots=True)
class _Test:
    """One attribute's condition: its value among ``values``, or (``negated``) not among them."""

    column: int
    values: frozenset[int]
    negated: bool

    def holds(self, row: list[int]) -> bool:
        return (row[self.column] in self.values) != self.negated


def _test(column: int, spec: Any, strings: StringStore) -> _Test | None:
    """The condition ``spec`` sets on one attribute, or None when it is no plain choice of values."""

    def coded(value: Any) -> int | None:
        if isinstance(value, bool):
            return int(value) if column == _ATTRS.index("IS_SPACE") else None
        return strings.add(value) if isinstance(value, str) and value else 0 if value == "" else None

    if not isinstance(spec, dict):
        spec = {"IN": [spec]}
    if len(spec) != 1 or next(iter(spec)) not in ("IN", "NOT_IN"):
        return None
    ((op, values),) = spec.items()
    codes = [coded(v) for v in values] if isinstance(values, list) else [None]
    if any(c is None for c in codes):
        return None
    return _Test(column, frozenset(c for c in codes if c is not None), op == "NOT_IN")


class TableRuler:
    """Applies an ``AttributeRuler``'s rules to a ``Doc``, the single-token ones by lookup."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.matcher = Matcher(ruler.vocab, validate=False)
        # (column, value) to the rules whose token has that value there, with their other tests
        self.table: dict[tuple[int, int], list[tuple[int, tuple[_Test, ...]]]] = {}
        for i, rule in enumerate(ruler.patterns):
            patterns: list[list[dict[str, Any]]] = rule["patterns"]  # type: ignore[assignment]
            entries = self._entries(patterns, ruler.vocab.strings)
            if entries is None:
                self.matcher.add(str(i), patterns)
                continue
            for key, rest in entries:
                self.table.setdefault(key, []).append((i, rest))
        self.columns = sorted({column for column, _ in self.table})

    @staticmethod
    def _entries(
        patterns: list[list[dict[str, Any]]], strings: StringStore
    ) -> list[tuple[tuple[int, int], tuple[_Test, ...]]] | None:
        """The table entries of a rule, or None when a lookup cannot decide it."""
        entries: list[tuple[tuple[int, int], tuple[_Test, ...]]] = []
        for pattern in patterns:
            if len(pattern) != 1 or not pattern[0] or not set(pattern[0]) <= set(_ATTRS):
                return None
            tests = [_test(_ATTRS.index(name), spec, strings) for name, spec in pattern[0].items()]
            if any(t is None for t in tests):
                return None
            found = [t for t in tests if t is not None]
            keyed = next((t for t in found if not t.negated), None)
            if keyed is None:
                return None
            rest = tuple(t for t in found if t is not keyed)
            entries.extend(((keyed.column, value), rest) for value in keyed.values)
        return entries

    def __call__(self, doc: Doc) -> Doc:
        """Set the rules' attributes on ``doc``, as the ``AttributeRuler`` would."""
        matches = [(int(doc.vocab.strings[m]), s, e) for m, s, e in self.matcher(doc, allow_missing=True)]
        matches.extend(self._looked_up(doc))
        # in rule order, as the ruler sorts them; a rule matching a token twice sets it once
        for i, start, end in sorted(set(matches)):
            index = self.ruler.indices[i]
            token = doc[start] if end - start == 1 and index in (0, -1) else Span(doc, start, end)[index]
            set_token_attrs(token, self.ruler.attrs[i])
        return doc

    def _looked_up(self, doc: Doc) -> Iterator[tuple[int, int, int]]:
        table, columns = self.table, self.columns
        for at, row in enumerate(doc.to_array(list(_IDS)).tolist()):
            for column in columns:
                for i, rest in table.get((column, row[column]), ()):
                    if all(t.holds(row) for t in rest):
                        yield i, at, at + 1

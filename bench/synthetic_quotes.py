"""Synthetic multi-outlet coverage for the family benchmark: Zipf-vocabulary remarks and their printings."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

VOCAB = 30_000
OUTLETS = 60
QUOTES_PER_ARTICLE = 10
BOILERPLATE = 300


@dataclass
class Rendering:
    """One printed quote of a synthetic remark."""

    remark: int
    text: str
    role: str


class Corpus:
    """Synthetic remarks and their renderings, deterministic per seed."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.py = random.Random(seed)
        syll = ["ka", "lo", "mi", "ra", "te", "su", "vo", "ne", "pi", "da", "gu", "re", "sho", "an", "el", "tor"]
        words: set[str] = set()
        while len(words) < VOCAB:
            words.add("".join(self.py.choice(syll) for _ in range(self.py.randint(1, 4))))
        self.vocab = np.array(sorted(words))
        weights = 1.0 / np.arange(1, VOCAB + 1) ** 1.05
        self.p = weights / weights.sum()
        self.boiler = [" ".join(self._words(self.py.randint(3, 6))) for _ in range(BOILERPLATE)]

    def _words(self, n: int) -> list[str]:
        return [str(w) for w in self.rng.choice(self.vocab, size=n, p=self.p)]

    def remark(self) -> str:
        """Return a new remark's full wording."""
        words = self._words(self.py.randint(10, 40))
        if self.py.random() < 0.3:  # shared boilerplate: common grams, never a reason to merge
            at = self.py.randint(0, len(words))
            words[at:at] = self.boiler[self.py.randrange(BOILERPLATE)].split()
        return " ".join(words).capitalize() + "."

    def render(self, full: str) -> tuple[str, str]:
        """Return (text, role): a typographic variant, an edited variant or a fragment."""
        words = full.rstrip(".").split()
        r = self.py.random()
        if r < 0.35:
            return "“" + full.upper() if self.py.random() < 0.2 else full.replace(" ", ", ", 1) + "”", "verbatim"
        if r < 0.7:
            for _ in range(self.py.randint(1, 2)):
                i = self.py.randrange(len(words))
                if self.py.random() < 0.5:
                    words[i] = self._words(1)[0]
                elif len(words) > 10:
                    del words[i]
            return " ".join(words), "verbatim"
        n = self.py.randint(8, max(8, min(16, len(words) - 1)))
        at = self.py.randint(0, max(0, len(words) - n))
        return " ".join(words[at : at + n]), "fragment"

    def coverage(self, total: int) -> Iterator[list[Rendering]]:
        """Yield remarks with their renderings until ``total`` quotes have been produced."""
        made, rid = 0, 0
        while made < total:
            full = self.remark()
            group = [Rendering(rid, full, "verbatim")]
            for _ in range(min(total - made - 1, self.py.choice([0, 0, 1, 1, 2, 3, 5]))):
                text, role = self.render(full)
                group.append(Rendering(rid, text, role))
            made += len(group)
            rid += 1
            yield group

"""Synthetic multi-outlet coverage for bench_families, bulk-loaded into SQLite as assign_family builds it.

Remarks of 10-40 words over a Zipf vocabulary with shared boilerplate, each printed 1-6 times as
typographic variants, edited variants and fragments; families and rare-gram postings are written
in bulk (executemany), a common gram's postings stopping at ``RARE_DF`` as assignment's do.
"""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from service.engine.families.grams import GRAM, RARE_DF, gram_hash, gram_hashes
from service.engine.families.normalize import hash_norm, match_keys, normalize_tokens, tokenize
from service.engine.families.numbers import NUMBER_WORDS
from service.store.base import Base
from service.store.db import make_engine

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
            w = "".join(self.py.choice(syll) for _ in range(self.py.randint(1, 4)))
            if w not in NUMBER_WORDS and w not in ("per", "cent", "point"):
                words.add(w)  # no number words: each word's keys are then its own (see _keys_and_hash)
        self.vocab = np.array(sorted(words))
        weights = 1.0 / np.arange(1, VOCAB + 1) ** 1.05
        # Inverse-CDF sampling: rng.choice(p=...) rebuilds the CDF on every call, which made
        # generating a million quotes take minutes.
        self.cdf = np.cumsum(weights / weights.sum())
        self.boiler = [" ".join(self._words(self.py.randint(3, 6))) for _ in range(BOILERPLATE)]

    def _words(self, n: int) -> list[str]:
        at = np.minimum(np.searchsorted(self.cdf, self.rng.random(n)), VOCAB - 1)
        return self.vocab[at].tolist()

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


class _Keys:
    """Comparison keys and normalised hash of synthetic texts, word by word (as assign computes them).

    The synthetic words hold no number words, contractions or brackets, so a text's keys are its
    words' keys; every 97th text is checked against the full tokenisation.
    """

    def __init__(self) -> None:
        self.words: dict[str, tuple[str, list[str]]] = {}
        self.grams: dict[tuple[str, ...], int] = {}
        self.done = 0

    def gram_hashes(self, keys: list[str]) -> list[int]:
        """Return ``grams.gram_hashes(keys)``, each gram hashed once per load (renderings share them)."""
        out: dict[int, None] = {}
        for i in range(len(keys) - GRAM + 1):
            g = tuple(keys[i : i + GRAM])
            h = self.grams.get(g)
            if h is None:
                h = self.grams[g] = gram_hash(g)
            out.setdefault(h, None)
        if self.done % 97 == 0:
            assert list(out) == gram_hashes(keys)
        return list(out)

    def of(self, text: str) -> tuple[list[str], str]:
        """Return the keys and the normalised-text hash of ``text``."""
        norms: list[str] = []
        keys: list[str] = []
        for piece in text.split():
            got = self.words.get(piece)
            if got is None:
                tokens = tokenize(piece)
                got = self.words[piece] = (normalize_tokens(tokens), match_keys(tokens)[0])
            if got[0]:
                norms.append(got[0])
            keys.extend(got[1])
        self.done += 1
        h = hash_norm(" ".join(norms))
        if self.done % 97 == 0:
            tokens = tokenize(text)
            assert (keys, h) == (match_keys(tokens)[0], hash_norm(normalize_tokens(tokens))), text
        return keys, h


def load(path: Path, corpus: Corpus, total: int) -> list[str]:
    """Bulk-load ``total`` quotes with their families and index; return each family's full text."""
    engine = make_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    engine.dispose()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    # Secondary indexes are built once after the bulk insert, not maintained row by row.
    indexes = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall()
    for name, _ in indexes:
        con.execute(f"DROP INDEX {name}")
    con.executemany(
        "INSERT INTO outlets (id, name, key, created_at) VALUES (?, ?, ?, '2024-01-01 00:00:00')",
        [(i, f"Outlet {i}", f"outlet{i}") for i in range(1, OUTLETS + 1)],
    )
    fulls: list[str] = []
    quotes: list[tuple[object, ...]] = []
    fams: list[tuple[object, ...]] = []
    posts: list[tuple[int, int]] = []
    seen: set[str] = set()
    qid = 0
    article = 0
    keyed = _Keys()
    for group in corpus.coverage(total):
        fid = len(fulls) + 1
        fulls.append(group[0].text)
        grams: set[int] = set()
        lead_keys = ""
        for r in group:
            qid += 1
            if (qid - 1) % QUOTES_PER_ARTICLE == 0:
                article += 1
            keys, h = keyed.of(r.text)
            lead_keys = lead_keys or " ".join(keys)
            grams.update(keyed.gram_hashes(keys))
            quotes.append((qid, article, r.text, r.role, fid, h, " ".join(keys)))
        h = quotes[-len(group)][5]
        key = h if h not in seen else f"{h}:{fid}"
        fams.append((fid, group[0].text, lead_keys, qid - len(group) + 1, key, len(group)))
        seen.add(h)
        posts.extend((g, fid) for g in grams)
    articles = [(a, (a % OUTLETS) + 1, f"ext{a}", f"https://x.example/{a}") for a in range(1, article + 1)]
    con.executemany(
        "INSERT INTO articles (id, outlet_id, external_id, url, published_at, language, text, content_hash,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, '2024-01-01 00:00:00', 'en', '', '', "
        "'2024-01-01 00:00:00', '2024-01-01 00:00:00')",
        articles,
    )
    con.executemany(
        "INSERT INTO families (id, canonical_text, canonical_keys, canonical_quote_id, canonical_how, canonical_kind,"
        " norm_hash,"
        " attribution_conflict, locked, quote_count, article_count, outlet_count, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, 'fullest_direct', 'direct', ?, 0, 0, ?, 1, 1, '2024-01-01 00:00:00',"
        " '2024-01-01 00:00:00')",
        fams,
    )
    con.executemany(
        "INSERT INTO quotes (id, article_id, text, start, end, kind, confidence, family_id, family_role,"
        " similarity, norm_hash, match_keys, created_at) VALUES (?, ?, ?, 0, 0, 'direct', 1.0, ?, ?, 1.0, ?, ?,"
        " '2024-01-01 00:00:00')",
        [(q[0], q[1], q[2], q[4], q[3], q[5], q[6]) for q in quotes],
    )
    # As assignment posts them: a gram's first RARE_DF families (in arrival order) get postings,
    # later ones none (its frequency, counted on the postings, stops there); inserted in index
    # order, appending to the B-tree rather than scattering.
    kept: Counter[int] = Counter()
    ordered = []
    for g, fid in sorted(posts):
        kept[g] += 1
        if kept[g] <= RARE_DF:
            ordered.append((g, fid))
    con.executemany("INSERT INTO family_grams (gram, family_id) VALUES (?, ?)", ordered)
    for _, sql in indexes:
        con.execute(sql)
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return fulls

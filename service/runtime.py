"""What a running app holds: its settings, database and language model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import current_app

from service.config import Config
from service.store.db import Database

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass
class Runtime:
    """The per-app services the views and the worker use."""

    config: Config
    db: Database
    nlp: Language | None

    def require_nlp(self) -> Language:
        """Return the loaded model, or fail loudly if the app was built without one."""
        if self.nlp is None:
            raise RuntimeError("the spaCy model is not loaded (QUOTES_LOAD_MODEL=0)")
        return self.nlp


def runtime() -> Runtime:
    """Return the current app's runtime."""
    rt: Runtime = current_app.extensions["quotes"]
    return rt

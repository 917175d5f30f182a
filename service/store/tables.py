"""Every table of the store, imported in one place so the metadata is complete."""

from service.store import job_models, models, speaker_models
from service.store.base import Base
from service.store.families import models as family_models

metadata = Base.metadata

__all__ = ["family_models", "job_models", "metadata", "models", "speaker_models"]

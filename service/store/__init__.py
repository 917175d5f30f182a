"""The store: one package per aggregate (articles, speakers, families, access, outbox, jobs), each
with its tables (``models``), rows (``repository`` or named modules) and reads (``queries``).

Every function takes the caller's ``Session`` and never commits. Importing the package registers
every table, so ``Base.metadata`` is complete for the mappers and for Alembic.
"""

from service.store.access import models as access_models
from service.store.articles import models as article_models
from service.store.families import models as family_models
from service.store.jobs import models as job_models
from service.store.outbox import models as outbox_models
from service.store.speakers import models as speaker_models

__all__ = ["access_models", "article_models", "family_models", "job_models", "outbox_models", "speaker_models"]

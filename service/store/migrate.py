"""Running Alembic migrations from code, for the CLI, the server start and the tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    """Render app column types as plain SQLAlchemy ones, so migrations import nothing of ours."""
    from service.store.base import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave the full-text objects (``quotes_fts*``), made by hand in revision 0002, out of autogenerate."""
    return not (name or "").startswith("quotes_fts")


def alembic_config(url: str) -> AlembicConfig:
    """Return an Alembic configuration pointing at the packaged migrations and ``url``."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at ``url`` to ``revision``."""
    from service.store.db import make_url_dirs

    make_url_dirs(url)
    command.upgrade(alembic_config(url), revision)

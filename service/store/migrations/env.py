"""Alembic environment: migrates the URL the service is configured with."""

from alembic import context

from service.store.base import Base
from service.store.db import make_engine
from service.store.migrate import include_name, render_item

config = context.config


OPTIONS = {
    "target_metadata": Base.metadata,
    "render_as_batch": True,
    "render_item": render_item,
    "include_name": include_name,
}


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        context.configure(connection=connectable, **OPTIONS)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        context.configure(connection=connection, **OPTIONS)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

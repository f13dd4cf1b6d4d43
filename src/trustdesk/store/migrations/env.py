"""Alembic environment: the URL comes from trustdesk's settings, or from the caller's connection."""

from __future__ import annotations

from alembic import context

from trustdesk.settings import Settings
from trustdesk.store.db import make_engine
from trustdesk.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(Settings().database_url)
    with engine.connect() as fresh:
        _run(fresh)
    engine.dispose()


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("trustdesk migrations run online only: use `trustdesk db upgrade`")
run_migrations_online()

"""The schema comes only from Alembic: the migrations build exactly what the tables declare."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from desk_support import postgres_url
from trustdesk.store.db import make_engine
from trustdesk.store.migrate import current_revision, head_revision, upgrade
from trustdesk.store.tables import Base


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_migrations_match_the_declared_tables_on_sqlite(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert _differences(engine) == []
    upgrade(engine)  # a second run changes nothing
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


@pytest.mark.postgres
def test_migrations_match_the_declared_tables_on_postgres(postgres_engine: Engine) -> None:
    assert postgres_url() is not None
    assert current_revision(postgres_engine) == head_revision()
    assert _differences(postgres_engine) == []
    assert "audit_log" in inspect(postgres_engine).get_table_names()


def test_a_bad_url_is_one_clear_error() -> None:
    from trustdesk.store.db import DatabaseError

    with pytest.raises(DatabaseError, match="not a database URL"):
        make_engine("not a url at all")


def test_the_newest_migration_downgrades_and_upgrades_again(tmp_path: Path) -> None:
    from alembic import command

    from trustdesk.store.migrate import alembic_config

    engine = make_engine(f"sqlite:///{tmp_path / 'down.db'}")
    upgrade(engine)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert current_revision(engine) == "0001"
    tables = set(inspect(engine).get_table_names())
    assert "tickets" in tables
    assert not tables & {"policy_revisions", "lead_requests"}
    indexes = {index["name"] for index in inspect(engine).get_indexes("messages")}
    assert "ix_messages_policy_revision" not in indexes
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert _differences(engine) == []
    engine.dispose()

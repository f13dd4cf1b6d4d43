"""The desk's database as an operator handles it: upgraded in place, a demo file started afresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustdesk.desk.database import remove_sqlite_file, upgrade_database
from trustdesk.settings import Settings
from trustdesk.store.db import DatabaseError, sqlite_file
from trustdesk.store.migrate import head_revision


def test_upgrade_brings_a_new_database_to_the_newest_schema_and_runs_again(
    tmp_path: Path,
) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'desk.db'}")
    assert upgrade_database(settings) == head_revision()
    assert upgrade_database(settings) == head_revision()


def test_a_demo_file_starts_afresh_in_a_folder_made_for_it(tmp_path: Path) -> None:
    path = tmp_path / "new" / "desk.db"
    url = f"sqlite:///{path}"
    remove_sqlite_file(url)
    assert path.parent.is_dir()
    for name in ("desk.db", "desk.db-wal", "desk.db-shm", "other.db"):
        (path.parent / name).write_text("stale")
    remove_sqlite_file(url)
    assert sorted(p.name for p in path.parent.iterdir()) == ["other.db"]


@pytest.mark.parametrize(
    "url", ["sqlite://", "sqlite:///:memory:", "postgresql+psycopg://u@localhost/desk"]
)
def test_only_a_sqlite_file_is_removed(url: str) -> None:
    assert sqlite_file(url) is None
    remove_sqlite_file(url)  # nothing to do, nothing raised


def test_a_url_that_is_no_url_is_one_clear_error() -> None:
    with pytest.raises(DatabaseError, match="not a database URL"):
        remove_sqlite_file("no url at all")

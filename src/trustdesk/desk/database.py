"""The desk's database as an operator handles it: its schema brought up to date, and a SQLite
file started afresh for the demo."""

from __future__ import annotations

from pathlib import Path

from trustdesk.settings import Settings
from trustdesk.store.db import make_engine, sqlite_file
from trustdesk.store.migrate import current_revision, upgrade


def upgrade_database(settings: Settings) -> str | None:
    """Apply the schema migrations to the configured database (safe to run again); the
    schema revision it is at afterwards."""
    db = make_engine(settings.database_url)
    try:
        upgrade(db)
        return current_revision(db)
    finally:
        db.dispose()


def remove_sqlite_file(database_url: str) -> None:
    """Delete a SQLite database file and its WAL files, and make its folder, so that a desk
    opened on it next starts empty; any other database is left as it is."""
    path = sqlite_file(database_url)
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)

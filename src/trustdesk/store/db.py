"""Connecting to the desk's database: SQLite (WAL) by default, PostgreSQL by URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from trustdesk.errors import TrustdeskError

# How long a writer waits for SQLite's lock before giving up (concurrent requests queue here).
SQLITE_BUSY_TIMEOUT_MS = 10_000


READ_ONLY = "trustdesk_read_only"


class DatabaseError(TrustdeskError):
    """The database URL is unusable or the database cannot be reached."""


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        raise DatabaseError(f"not a database URL: {url!r}") from None


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names; None for an in-memory SQLite or another database."""
    parsed = _parse(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get WAL, foreign keys and a busy timeout."""
    parsed = _parse(url)
    kwargs: dict[str, Any] = {}
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite:
        kwargs["connect_args"] = {"check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **kwargs)
    except (ArgumentError, ModuleNotFoundError) as exc:
        raise DatabaseError(f"cannot use {parsed.render_as_string()}: {exc}") from None
    if is_sqlite:
        in_memory = parsed.database in (None, "", ":memory:")

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # SQLAlchemy's `begin` event below issues BEGIN itself, instead of pysqlite.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            if not in_memory:
                # Readers never wait for the writer; one file, crash-safe.
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            # Text a change removes or replaces is overwritten with zeros, not left behind in
            # free space of the file (an erased customer's words must leave the disk).
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            # A writing use case takes the write lock at BEGIN, so two writers queue instead of
            # one failing later with "database is locked"; readers never wait (WAL).
            if connection.get_execution_options().get(READ_ONLY):
                connection.exec_driver_sql("BEGIN")
            else:
                connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def session_factory(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    """Sessions for use cases; `read_only` ones never take SQLite's write lock."""
    bind = engine.execution_options(**{READ_ONLY: True}) if read_only else engine
    return sessionmaker(bind, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One use case, one transaction: committed when the block ends, rolled back on error."""
    with factory.begin() as session:
        yield session


def purge_erased(engine: Engine) -> bool:
    """After an erase: have SQLite copy the WAL into the database file and empty the WAL, so
    the erased text is in neither file (secure_delete already zeroed it in the database file).
    False when a reader held an older snapshot past the busy timeout: the text then stays in
    the WAL until its next checkpoint. PostgreSQL keeps old row versions until VACUUM (see
    docs/desk.md); nothing is done here for it.
    """
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect() as connection:
        # Outside a transaction (a checkpoint cannot run inside one).
        dbapi = connection.connection.driver_connection
        assert dbapi is not None
        busy, _, _ = dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return bool(busy == 0)

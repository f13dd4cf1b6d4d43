"""The desk: the database, the policy, the engine and the clock that every use case shares."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ParamSpec, TypeVar

from sqlalchemy import Engine as SqlEngine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from trustdesk.desk.roles import Actor
from trustdesk.engine import Engine
from trustdesk.policy import Policy, load_policy
from trustdesk.settings import Settings
from trustdesk.store.db import make_engine, session_factory
from trustdesk.store.migrate import upgrade

Clock = Callable[[], datetime]
P = ParamSpec("P")
T = TypeVar("T")


def once_more_on_duplicate(use_case: Callable[P, T]) -> Callable[P, T]:
    """For use cases keyed by an external id (a helpdesk's webhook, retried or sent twice).

    When a concurrent request stored the same ticket, message or customer first, the unique
    key refuses ours and the whole use case runs once more, in a new transaction, where it
    finds what the other stored: the second delivery changes nothing, as a repeat should.
    """

    @functools.wraps(use_case)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return use_case(*args, **kwargs)
        except IntegrityError:
            return use_case(*args, **kwargs)

    return run


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Desk:
    settings: Settings
    db: SqlEngine
    policy: Policy
    clock: Clock = system_clock
    engine: Engine = field(init=False)
    # Values the desk derives once per process (the survey signing key).
    cache: dict[str, str] = field(default_factory=dict, repr=False)
    # Tokens checked recently: digest -> (actor, trusted until); see auth.remembered_actor.
    tokens: dict[str, tuple[Actor, datetime]] = field(default_factory=dict, repr=False)
    _writer: sessionmaker[Session] = field(init=False, repr=False)
    _reader: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.engine = Engine(self.policy)
        self._writer = session_factory(self.db)
        self._reader = session_factory(self.db, read_only=True)

    @classmethod
    def open(cls, settings: Settings, *, clock: Clock = system_clock, migrate: bool = True) -> Desk:
        """Connect to the configured database (migrating it to the newest schema)."""
        db = make_engine(settings.database_url)
        if migrate:
            upgrade(db)
        return cls(settings=settings, db=db, policy=load_policy(settings.policy), clock=clock)

    def now(self) -> datetime:
        moment = self.clock()
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One use case, one transaction: committed at the end, rolled back on any error."""
        with self._writer.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A use case that only reads (it never takes SQLite's write lock)."""
        with self._reader.begin() as session:
            yield session

    def close(self) -> None:
        self.db.dispose()

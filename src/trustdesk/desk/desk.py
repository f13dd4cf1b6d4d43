"""The desk: the database, the policy in force and the clock that every use case shares.

A desk is opened by trustdesk.desk.opening.open_desk, which migrates the database and puts
the stored policy in force.
"""

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

from trustdesk.desk.policy_in_force import PolicyInForce
from trustdesk.desk.roles import Actor
from trustdesk.engine import Engine
from trustdesk.policy import Policy
from trustdesk.settings import Settings
from trustdesk.store.db import session_factory

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
    # The policy, its engine and its stored revision; see trustdesk.desk.policies.
    in_force: PolicyInForce
    clock: Clock = system_clock
    # The schema revision the database was at when the desk opened (see trustdesk.desk.health).
    schema_revision: str | None = None
    # Values the desk derives once per process (the survey signing key).
    cache: dict[str, str] = field(default_factory=dict, repr=False)
    # Tokens checked recently: digest -> (actor, trusted until); see auth.remembered_actor.
    tokens: dict[str, tuple[Actor, datetime]] = field(default_factory=dict, repr=False)
    _writer: sessionmaker[Session] = field(init=False, repr=False)
    _reader: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._writer = session_factory(self.db)
        self._reader = session_factory(self.db, read_only=True)

    @property
    def policy(self) -> Policy:
        return self.in_force.policy

    @property
    def engine(self) -> Engine:
        return self.in_force.engine

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

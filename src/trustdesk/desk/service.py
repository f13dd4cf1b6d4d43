"""The desk: the database, the policy, the engine and the clock that every use case shares."""

from __future__ import annotations

import functools
import threading
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
from trustdesk.policy import Policy
from trustdesk.settings import Settings
from trustdesk.store.db import make_engine, session_factory
from trustdesk.store.migrate import upgrade

Clock = Callable[[], datetime]
# How often, at most, a desk looks for a policy revision saved by another process (seconds).
POLICY_REFRESH_S = 5.0
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
    # The stored policy revision in force (None until the desk is opened on its database), and
    # how often to look for a newer one; see trustdesk.desk.policies.
    policy_revision_id: int | None = None
    policy_refresh_s: float = POLICY_REFRESH_S
    # time.monotonic() of the last look, and the lock that lets one thread look at a time.
    policy_checked_at: float = field(default=0.0, repr=False)
    policy_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _writer: sessionmaker[Session] = field(init=False, repr=False)
    _reader: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.engine = Engine(self.policy)
        self._writer = session_factory(self.db)
        self._reader = session_factory(self.db, read_only=True)

    @classmethod
    def open(cls, settings: Settings, *, clock: Clock = system_clock, migrate: bool = True) -> Desk:
        """Connect to the configured database (migrating it to the newest schema) and put the
        policy in force: the configured file's, recorded as a revision when it changed, or the
        newest revision saved in the desk (see trustdesk.desk.policies)."""
        db = make_engine(settings.database_url)
        if migrate:
            upgrade(db)
        # Imported here: the policies module builds on the Desk defined in this one.
        from trustdesk.desk.policies import configured_policy, start_policy

        try:
            yaml_text, policy = configured_policy(settings)
            desk = cls(settings=settings, db=db, policy=policy, clock=clock)
            start_policy(desk, yaml_text)
        except Exception:
            db.dispose()
            raise
        return desk

    def use_policy(self, policy: Policy, *, revision_id: int | None = None) -> None:
        """Judge with `policy` from now on (the engine is rebuilt, so a bad policy fails here).

        `revision_id` is the stored revision it is; with None, the next refresh puts the
        newest stored revision back in force (see trustdesk.desk.policies).
        """
        engine = Engine(policy)
        self.engine = engine
        self.policy = policy
        self.policy_revision_id = revision_id

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

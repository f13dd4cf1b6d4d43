"""The desk under test: a real database (SQLite file, or PostgreSQL when configured) and a clock
the test moves by hand."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from trustdesk.desk import auth, opening
from trustdesk.desk.desk import Desk
from trustdesk.desk.inputs import CustomerIn
from trustdesk.desk.roles import SYSTEM, Actor, Role
from trustdesk.desk.tickets import create_ticket
from trustdesk.desk.views import TicketView
from trustdesk.settings import Settings
from trustdesk.store.db import make_engine
from trustdesk.store.migrate import upgrade
from trustdesk.store.tables import Base

POSTGRES_ENV = "TRUSTDESK_TEST_POSTGRES_URL"
# Monday 2 March 2026, 10:00 UTC: inside the default policy's business hours.
START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@dataclass
class FakeClock:
    moment: datetime = START

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> datetime:
        self.moment += timedelta(**delta)
        return self.moment


def postgres_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


def worker_schema() -> str:
    """This test process's own schema: parallel workers share the database, never a table."""
    return f"trustdesk_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def in_schema(url: str, schema: str) -> str:
    """`url` with every connection's search_path set to `schema` (tables, Alembic's too)."""
    options = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return options.render_as_string(hide_password=False)


def recreate_schema(url: str, schema: str, *, drop_only: bool = False) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            if not drop_only:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    finally:
        engine.dispose()


def empty_all(engine: Engine) -> None:
    """Every table emptied and every id counting from 1 again.

    DELETE, not TRUNCATE: on tables this small it is several times faster, since TRUNCATE
    makes new files for every table and syncs them.
    """
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
        sequences = connection.execute(
            text(
                "SELECT sequence_name FROM information_schema.sequences"
                " WHERE sequence_schema = current_schema()"
            )
        )
        for name in sequences.scalars().all():
            connection.execute(text(f'ALTER SEQUENCE "{name}" RESTART'))


def sqlite_copy(template: Path, target: Path) -> str:
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def migrated_sqlite_template(directory: Path) -> Path:
    path = directory / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    # Closing the last connection checkpoints the WAL into the file, so a copy is complete.
    engine.dispose()
    return path


def open_desk(url: str, clock: FakeClock, **settings: object) -> Desk:
    config = Settings(database_url=url, scheduler_enabled=False, **settings)  # type: ignore[arg-type]
    return opening.open_desk(config, clock=clock, migrate=False)


@dataclass
class Staff:
    """One person of each role, in team "Support", and an agent of another team."""

    admin: Actor
    lead: Actor
    agent: Actor
    auditor: Actor
    other_agent: Actor
    passwords: dict[str, str] = field(default_factory=dict)


def make_staff(desk: Desk) -> Staff:
    people = {}
    passwords = {}
    for username, role, team in (
        ("ada", Role.ADMIN, None),
        ("lee", Role.LEAD, "Support"),
        ("ann", Role.AGENT, "Support"),
        ("aud", Role.AUDITOR, None),
        ("oto", Role.AGENT, "Billing"),
    ):
        password = f"{username}-password-1"
        user = auth.create_user(
            desk, SYSTEM, username=username, password=password, role=role, team=team
        )
        people[username] = Actor(user.id, username, role, user.team_id)
        passwords[username] = password
    return Staff(
        admin=people["ada"],
        lead=people["lee"],
        agent=people["ann"],
        auditor=people["aud"],
        other_agent=people["oto"],
        passwords=passwords,
    )


def new_ticket(
    desk: Desk,
    actor: Actor,
    text: str = "My parcel has not arrived and it was due last week. Where is it?",
    **kwargs: object,
) -> TicketView:
    customer = kwargs.pop("customer", CustomerIn(external_id="cus-1", name="Robin Shaw"))
    ticket, _ = create_ticket(desk, actor, customer=customer, text=text, **kwargs)  # type: ignore[arg-type]
    return ticket


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing() -> Iterator[None]:
    """Argon2 with the lowest cost: the tests check the flow, not the hash's strength."""
    original = auth._hasher
    auth._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    auth._hasher = original


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrated_sqlite_template(tmp_path_factory.mktemp("schema"))


@pytest.fixture(scope="session")
def postgres_engine() -> Iterator[Engine]:
    url = postgres_url()
    if url is None:
        pytest.skip(f"set {POSTGRES_ENV} to run the PostgreSQL lane")
    schema = worker_schema()
    recreate_schema(url, schema)
    engine = make_engine(in_schema(url, schema))
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        recreate_schema(url, schema, drop_only=True)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def desk(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock) -> Iterator[Desk]:
    """A migrated, empty desk on each backend."""
    if request.param == "postgres":
        engine: Engine = request.getfixturevalue("postgres_engine")
        empty_all(engine)
        url = engine.url.render_as_string(hide_password=False)
    else:
        template: Path = request.getfixturevalue("sqlite_template")
        url = sqlite_copy(template, tmp_path / "desk.db")
    opened = open_desk(url, clock)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def staff(desk: Desk) -> Staff:
    return make_staff(desk)

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
        # Erased text is overwritten, not left in free pages (some builds default to off).
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
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
    from trustdesk.store.migrate import downgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'down.db'}")
    upgrade(engine)
    downgrade(engine, "0001")
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


def test_a_customer_shared_by_two_teams_is_split_into_one_per_team(tmp_path: Path) -> None:
    from sqlalchemy import text

    from trustdesk.store.migrate import downgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'split.db'}")
    upgrade(engine, "0002")
    day = "2026-01-05 10:00:00"
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO teams (id, name, created_at) VALUES (1, 'A', :d), (2, 'B', :d)"),
            {"d": day},
        )
        connection.execute(
            text(
                "INSERT INTO customers (id, external_id, name, segment, preferences, created_at) "
                "VALUES (1, 'c-1', 'Robin', '{}', '{}', :d), (2, 'c-2', 'Sam', '{}', '{}', :d)"
            ),
            {"d": day},
        )
        connection.execute(
            text(
                "INSERT INTO tickets (id, external_id, team_id, customer_id, subject, status, "
                "created_at, updated_at) VALUES (1, 't-1', 1, 1, 's', 'open', :d, :d), "
                "(2, 't-2', 2, 1, 's', 'open', :d, :d), (3, 't-3', NULL, 2, 's', 'open', :d, :d)"
            ),
            {"d": day},
        )
        connection.execute(
            text(
                "INSERT INTO remedies (ticket_id, customer_id, kind, amount, currency, reason, "
                "status, created_at) VALUES (2, 1, 'goodwill', 5, 'GBP', 'late', 'approved', :d)"
            ),
            {"d": day},
        )
    upgrade(engine)
    with engine.connect() as connection:
        people = connection.execute(
            text("SELECT id, team_id, external_id, name FROM customers ORDER BY id")
        ).all()
        owners = connection.execute(
            text("SELECT id, team_id, customer_id FROM tickets ORDER BY id")
        ).all()
        remedy = connection.execute(text("SELECT customer_id FROM remedies")).scalar()
    assert people == [(1, 1, "c-1", "Robin"), (2, None, "c-2", "Sam"), (3, 2, "c-1", "Robin")]
    assert owners == [(1, 1, 1), (2, 2, 3), (3, None, 2)]
    assert remedy == 3
    assert _differences(engine) == []
    # Back to desk-wide ids would merge the two customers again: refused, nothing changed.
    with pytest.raises(RuntimeError, match="more than one team"):
        downgrade(engine, "0002")
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_findings_stored_before_confidences_get_a_null_confidence(tmp_path: Path) -> None:
    import json

    from sqlalchemy import text

    from trustdesk.store.migrate import downgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'confidence.db'}")
    upgrade(engine, "0004")
    day = "2026-01-05 10:00:00"
    old = {"check": "promises.vague", "severity": "warn", "quote": "soon"}
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO customers (id, name, segment, preferences, created_at) "
                "VALUES (1, 'Robin', '{}', '{}', :d)"
            ),
            {"d": day},
        )
        connection.execute(
            text(
                "INSERT INTO tickets (id, customer_id, subject, status, created_at, updated_at) "
                "VALUES (1, 1, 's', 'open', :d, :d)"
            ),
            {"d": day},
        )
        connection.execute(
            text(
                "INSERT INTO messages (id, ticket_id, role, at, text, redactions, findings, "
                "created_at) VALUES (1, 1, 'agent', :d, 'soon', '[]', :f, :d), "
                "(2, 1, 'customer', :d, 'hi', '[]', '[]', :d)"
            ),
            {"d": day, "f": json.dumps([old])},
        )

    def stored() -> list[object]:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT findings FROM messages ORDER BY id")).all()
        return [json.loads(row[0]) for row in rows]

    upgrade(engine)
    assert stored() == [[{**old, "confidence": None}], []]
    assert _differences(engine) == []
    downgrade(engine, "0004")
    assert stored() == [[old], []]
    engine.dispose()


def test_state_and_ledger_columns_are_filled_from_what_the_old_ones_said(tmp_path: Path) -> None:
    from sqlalchemy import text

    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    upgrade(engine, "0005")
    day = "2026-03-02 10:00:00"
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO customers (id, external_id, segment, preferences, created_at) "
                "VALUES (1, 'c-1', '{}', '{}', :d)"
            ),
            {"d": day},
        )
        connection.execute(
            text(
                "INSERT INTO tickets (id, customer_id, subject, status, created_at, updated_at, "
                "waiting_since) VALUES (1, 1, 's', 'open', :d, :d, :d), "
                "(2, 1, 's', 'resolved', :d, :d, NULL), (3, 1, 's', 'pending', :d, :d, NULL)"
            ),
            {"d": day},
        )
        connection.execute(
            text(
                "INSERT INTO messages (id, ticket_id, role, at, text, redactions, findings, "
                "created_at) VALUES (1, 3, 'agent', '2026-03-02 10:00:00', 'p', '[]', '[]', :d), "
                "(2, 3, 'agent', '2026-03-02 12:00:00', 'update', '[]', '[]', :d)"
            ),
            {"d": day},
        )
        connection.execute(
            text(
                "INSERT INTO commitments (id, ticket_id, message_id, text, kind, due_at, "
                "due_from_sla, status, note, created_at) VALUES "
                "(1, 3, 1, 'by 1pm', 'follow_up', '2026-03-02 13:00:00', 0, 'open', NULL, :d), "
                "(2, 3, 1, 'soon', 'follow_up', '2026-03-03 10:00:00', 1, 'open', NULL, :d), "
                "(3, 3, 1, 'by 11am', 'follow_up', '2026-03-02 11:00:00', 0, 'open', NULL, :d), "
                "(4, 3, 1, 'by 1pm', 'follow_up', '2026-03-02 13:00:00', 0, 'open', "
                "'renegotiated from commitment 3', :d)"
            ),
            {"d": day},
        )
    upgrade(engine)
    with engine.connect() as connection:
        states = connection.execute(
            text("SELECT id, state, status_declared FROM tickets ORDER BY id")
        ).all()
        rows = connection.execute(
            text(
                "SELECT id, status, source, settles_as, followed_up_at IS NOT NULL "
                "FROM commitments ORDER BY id"
            )
        ).all()
    assert states == [(1, "waiting_on_us", 0), (2, "solved", 1), (3, "waiting_on_customer", 0)]
    assert rows == [
        (1, "open", "engine", "kept", 1),  # the 12:00 update came by 1pm
        (2, "untimed", "engine", None, 0),
        (3, "open", "engine", "broken", 1),  # ... but after 11am
        (4, "open", "person", "kept", 1),
    ]
    assert _differences(engine) == []
    engine.dispose()

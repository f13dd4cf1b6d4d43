"""Whether a desk can serve: its database answers, at a known schema, with a policy in force."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import text

from trustdesk.desk.desk import Desk


@dataclass(frozen=True, slots=True)
class DeskHealth:
    database: Literal["ok"]
    # The schema revision the database was at when the desk opened (None: not migrated).
    schema_revision: str | None
    # The label of the policy in force.
    policy_revision: str


def check_health(desk: Desk) -> DeskHealth:
    """One cheap query proves the database answers; a database that does not raises its error."""
    with desk.reading() as session:
        session.execute(text("SELECT 1"))
    return DeskHealth(
        database="ok",
        schema_revision=desk.schema_revision,
        policy_revision=desk.policy.revision,
    )

"""A desk's health: its database answers, at the schema it opened with, under a policy."""

from __future__ import annotations

from trustdesk.desk.desk import Desk
from trustdesk.desk.health import check_health
from trustdesk.store.migrate import head_revision


def test_a_fresh_desk_is_healthy_at_the_newest_schema(desk: Desk) -> None:
    health = check_health(desk)
    assert health.database == "ok"
    assert health.schema_revision == head_revision()
    assert health.policy_revision == desk.policy.revision

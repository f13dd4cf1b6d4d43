"""Opening a desk: connect to the configured database, migrate it, put the policy in force."""

from __future__ import annotations

from trustdesk.desk.desk import Clock, Desk, system_clock
from trustdesk.desk.policies import configured_policy, start_policy
from trustdesk.desk.policy_in_force import PolicyInForce
from trustdesk.settings import Settings
from trustdesk.store.db import make_engine
from trustdesk.store.migrate import current_revision, upgrade


def open_desk(settings: Settings, *, clock: Clock = system_clock, migrate: bool = True) -> Desk:
    """The desk on the configured database (migrated to the newest schema unless `migrate` is
    False), with the policy in force: the configured file's, recorded as a revision when it
    changed, or the newest revision saved in the desk (see trustdesk.desk.policies)."""
    db = make_engine(settings.database_url)
    try:
        if migrate:
            upgrade(db)
        yaml_text, policy = configured_policy(settings)
        desk = Desk(
            settings=settings,
            db=db,
            in_force=PolicyInForce(policy, limits=settings.limits()),
            clock=clock,
            schema_revision=current_revision(db),
        )
        start_policy(desk, yaml_text)
    except Exception:
        db.dispose()
        raise
    return desk

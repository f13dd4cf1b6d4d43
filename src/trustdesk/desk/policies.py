"""The policy in force: every policy the desk has judged with, kept as a revision, editable in
the desk by an admin.

A revision holds the policy's YAML text in full, its SHA-256, its label (the policy's own
`revision` field, which every sent message stores), where it came from (`file`: the
TRUSTDESK_POLICY file; `default`: the bundled policy; `desk`: saved by an admin) and who saved
it when. Which policy is in force follows one rule:

- The newest revision is in force.
- When a desk opens (every server process on start-up), the configured policy's text is
  compared with the newest revision that came from a file or the default. If it differs (the
  file changed since the desk last saw it, or the desk has never seen it), it is recorded as
  a new revision, which is then the newest and in force. If it is the same, nothing is
  recorded, and the newest revision stays in force: possibly one an admin saved in the desk.
  So an edit in the desk survives restarts until someone changes the file.
- An admin saves a new revision with `save_policy`. It is validated first (a mistake is
  refused with its line and field, and the policy in force stays). Messages name the policy
  that judged them by its label, so a label already used by a different policy is refused;
  saving the text in force again changes nothing.
- Each server process of `serve --workers N` holds its own desk. `refresh_policy` looks for a
  revision saved by another process at most every `PolicyInForce.refresh_s` seconds, and puts
  it in force.

What is in force on a desk (the policy, its engine, its revision id) is `desk.in_force`, a
trustdesk.desk.policy_in_force.PolicyInForce; this module reads and records the revisions.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Literal

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from trustdesk.desk import audit_log
from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import SYSTEM, Actor, Permission
from trustdesk.desk.views import PolicyRevisionView
from trustdesk.engine import Engine
from trustdesk.errors import InputError, NotFoundError, PolicyError
from trustdesk.policy import Policy, default_policy, policy_from_yaml
from trustdesk.policy.loader import default_policy_text, policy_text
from trustdesk.settings import Settings
from trustdesk.store.tables import Message, PolicyRevision

Source = Literal["file", "default", "desk"]
MAX_POLICY_CHARS = 200_000
# Where a policy saved in the desk is said to come from, in its errors.
DESK_SOURCE = "policy"

log = logging.getLogger("trustdesk.policy")


def configured_policy(settings: Settings) -> tuple[str, Policy]:
    """The configured policy's YAML text and the policy it holds (file, or bundled default)."""
    if settings.policy is None:
        return default_policy_text(), default_policy()
    yaml_text = policy_text(settings.policy)
    return yaml_text, policy_from_yaml(yaml_text, source=str(settings.policy))


def start_policy(desk: Desk, yaml_text: str) -> None:
    """Record the configured policy (`yaml_text`, in force on `desk`) if it changed since the
    desk last saw it, then put the newest revision in force (see the module's rule)."""
    source: Source = "default" if desk.settings.policy is None else "file"
    digest = _sha256(yaml_text)
    with desk.transaction() as session:
        _lock_revisions(session)
        seen = session.scalar(
            select(PolicyRevision.sha256)
            .where(PolicyRevision.source.in_(("file", "default")))
            .order_by(PolicyRevision.id.desc())
            .limit(1)
        )
        if seen != digest:
            _record(session, desk, SYSTEM, desk.policy, yaml_text, digest, source)
            if _reused_label(session, desk.policy, digest):
                log.warning(
                    "the policy file changed but kept its revision label %r: give a changed "
                    "policy a new label, so each message names the policy that judged it",
                    desk.policy.revision,
                )
        newest = _newest(session)
        assert newest is not None
        newest_id, newest_digest, newest_text = newest.id, newest.sha256, newest.yaml_text
    if newest_digest == digest:
        desk.in_force.recognise(newest_id)
    else:
        desk.in_force.use(_policy_of(newest_text, newest_id), revision_id=newest_id)
    desk.in_force.checked()


def get_active_policy(desk: Desk, actor: Actor) -> PolicyRevisionView:
    """The revision in force (the newest), with its YAML text."""
    actor.require(Permission.READ)
    with desk.reading() as session:
        row = _newest(session)
        if row is None:
            raise NotFoundError("no policy is recorded yet")
        view = _view(session, row, active_id=row.id)
    if view.id != desk.in_force.revision_id:
        _adopt(desk, view.yaml, view.id)
    return view


def list_policy_revisions(
    desk: Desk, actor: Actor, *, limit: int = 100
) -> list[PolicyRevisionView]:
    """The revisions, newest (the one in force) first, each with the messages judged under its
    label."""
    actor.require(Permission.READ)
    with desk.reading() as session:
        rows = session.scalars(
            select(PolicyRevision).order_by(PolicyRevision.id.desc()).limit(limit)
        ).all()
        if not rows:
            return []
        counts = _messages_judged(session, {row.revision for row in rows})
        return [_view(session, row, active_id=rows[0].id, counts=counts) for row in rows]


def save_policy(desk: Desk, actor: Actor, *, yaml_text: str) -> PolicyRevisionView:
    """Validate `yaml_text`, store it as the newest revision and put it in force.

    A mistake raises PolicyError with its line and field (nothing is stored, the policy in
    force stays); a label already used by a different policy raises InputError on `revision`;
    the text already in force is not stored again.
    """
    actor.require(Permission.EDIT_POLICY)
    # A browser's form sends CRLF line ends: the same policy must hash the same.
    yaml_text = yaml_text.replace("\r\n", "\n").replace("\r", "\n")
    if not yaml_text.strip():
        raise InputError("the policy is empty", field="yaml")
    if len(yaml_text) > MAX_POLICY_CHARS:
        raise InputError(f"a policy is at most {MAX_POLICY_CHARS} characters", field="yaml")
    policy = policy_from_yaml(yaml_text, source=DESK_SOURCE)
    Engine(policy)  # every check's parameters, validated before anything is stored
    digest = _sha256(yaml_text)
    with desk.transaction() as session:
        _lock_revisions(session)
        newest = _newest(session)
        if newest is not None and newest.sha256 == digest:
            row = newest
        else:
            if _reused_label(session, policy, digest):
                raise InputError(
                    f"the revision label {policy.revision!r} already names a different policy; "
                    "messages name the policy that judged them by its label, so give this "
                    "one a new label",
                    field="revision",
                )
            row = _record(session, desk, actor, policy, yaml_text, digest, "desk")
        view = _view(session, row, active_id=row.id)
    _adopt(desk, yaml_text, view.id, policy)
    return view


def policy_refresh_due(desk: Desk) -> bool:
    """Whether `desk` should look for a newer revision now (no database query: cheap)."""
    return desk.in_force.refresh_due()


def refresh_policy(desk: Desk) -> bool:
    """Put in force a revision another process saved, looking at most every
    `desk.in_force.refresh_s` seconds; True when the policy changed.

    Sync code calls it before a use case; async code checks `policy_refresh_due` first and runs
    this on a worker thread, since it may query the database.
    """
    in_force = desk.in_force
    if not in_force.refresh_due() or not in_force.lock.acquire(blocking=False):
        return False
    try:
        if not in_force.refresh_due():
            return False  # another thread looked while this one waited for the lock
        in_force.checked()
        with desk.reading() as session:
            newest_id = session.scalar(select(func.max(PolicyRevision.id)))
            if newest_id is None or newest_id == in_force.revision_id:
                return False
            yaml_text = session.scalars(
                select(PolicyRevision.yaml_text).where(PolicyRevision.id == newest_id)
            ).one()
        try:
            policy = _policy_of(yaml_text, newest_id)
        except PolicyError as exc:
            # Saved by a process of another version, say: keep judging with the policy in force.
            log.error("policy revision %s cannot be used here: %s", newest_id, exc)
            return False
        return _swap(desk, policy, newest_id)
    finally:
        in_force.lock.release()


def _adopt(desk: Desk, yaml_text: str, revision_id: int, policy: Policy | None = None) -> None:
    with desk.in_force.lock:
        if desk.in_force.is_newer(revision_id):
            _swap(desk, policy or _policy_of(yaml_text, revision_id), revision_id)


def _swap(desk: Desk, policy: Policy, revision_id: int) -> bool:
    """Put `policy` in force unless a newer revision already is (ids only grow)."""
    if not desk.in_force.is_newer(revision_id):
        return False
    desk.in_force.use(policy, revision_id=revision_id)
    log.info("policy revision %s (%r) in force", revision_id, policy.revision)
    return True


def _policy_of(yaml_text: str, revision_id: int) -> Policy:
    return policy_from_yaml(yaml_text, source=f"policy revision {revision_id}")


def _record(
    session: Session,
    desk: Desk,
    actor: Actor,
    policy: Policy,
    yaml_text: str,
    digest: str,
    source: Source,
) -> PolicyRevision:
    row = PolicyRevision(
        revision=policy.revision,
        yaml_text=yaml_text,
        sha256=digest,
        source=source,
        created_at=desk.now(),
        created_by_user_id=actor.user_id,
    )
    session.add(row)
    session.flush()
    audit_log.record(
        session,
        desk,
        actor,
        "create",
        "policy_revision",
        row.id,
        revision=policy.revision,
        source=source,
        sha256=digest,
    )
    return row


def _reused_label(session: Session, policy: Policy, digest: str) -> bool:
    """Whether another revision with `policy`'s label holds a different policy (comments and
    layout aside)."""
    others = session.scalars(
        select(PolicyRevision.yaml_text).where(
            PolicyRevision.revision == policy.revision, PolicyRevision.sha256 != digest
        )
    )
    mine = policy.model_dump()
    for other in dict.fromkeys(others):
        try:
            if policy_from_yaml(other).model_dump() != mine:
                return True
        except PolicyError:
            return True
    return False


def _newest(session: Session) -> PolicyRevision | None:
    return session.scalar(select(PolicyRevision).order_by(PolicyRevision.id.desc()).limit(1))


def _messages_judged(session: Session, labels: set[str]) -> dict[str, int]:
    rows = session.execute(
        select(Message.policy_revision, func.count())
        .where(Message.policy_revision.in_(labels))
        .group_by(Message.policy_revision)
    )
    return {label: count for label, count in rows if label is not None}


def _view(
    session: Session,
    row: PolicyRevision,
    *,
    active_id: int,
    counts: dict[str, int] | None = None,
) -> PolicyRevisionView:
    if counts is None:
        counts = _messages_judged(session, {row.revision})
    return PolicyRevisionView(
        id=row.id,
        revision=row.revision,
        yaml=row.yaml_text,
        sha256=row.sha256,
        source=row.source,  # type: ignore[arg-type]
        created_at=row.created_at,
        created_by_user_id=row.created_by_user_id,
        created_by=row.created_by.username if row.created_by else None,
        active=row.id == active_id,
        messages_judged=counts.get(row.revision, 0),
    )


def _lock_revisions(session: Session) -> None:
    """One writer of revisions at a time, so two processes starting together record the file
    once. (SQLite's writers already queue: each write transaction begins IMMEDIATE.)"""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE policy_revisions IN SHARE ROW EXCLUSIVE MODE"))


def _sha256(yaml_text: str) -> str:
    return hashlib.sha256(yaml_text.encode("utf-8")).hexdigest()

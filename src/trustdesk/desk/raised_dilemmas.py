"""Dilemmas in the open: someone meets an ethical dilemma at work ("the customer asks me to
backdate a form") and raises it for their team, on a ticket or in general; the team discusses
it in a thread; a lead closes it with a decision, which can become a policy clarification or a
new team scenario (see trustdesk.desk.dilemma_outcomes).

A raised dilemma belongs to a team: the raiser's, or the ticket's when an admin raises one on
a ticket. The team's agents and leads read it and write in its thread; admins and auditors
read every team's, and admins write in any; another team's dilemma is "not found". Raising
and commenting change the desk, so auditors do neither. A lead of the team (or an admin)
closes it, once. The raiser must be able to see the ticket the dilemma is about. Secrets,
e-mail addresses, phone numbers and the ticket customer's name are taken out of every text
before it is stored, as when a ticket becomes a scenario. Every change has its audit entry.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trustdesk.desk import audit_log, dilemma_outcomes, policies
from trustdesk.desk.desk import Desk
from trustdesk.desk.dilemma_outcomes import Clarification, ScenarioPlan
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.tenancy import _team_holds as team_holds  # one rule for team tables
from trustdesk.desk.tenancy import load_ticket, may_see, owning_team
from trustdesk.desk.training import _anonymous as anonymous  # the ticket-to-scenario rule
from trustdesk.desk.training import store_scenario
from trustdesk.errors import ConflictError, InputError, NotFoundError
from trustdesk.store.tables import Ticket
from trustdesk.store.training_tables import DilemmaComment, RaisedDilemma

MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 5_000
Status = Literal["open", "closed"]
Outcome = Literal["decision", "policy", "scenario"]


class DilemmaCommentView(BaseModel):
    id: int
    username: str | None
    text: str
    created_at: datetime


class RaisedDilemmaSummary(BaseModel):
    id: int
    title: str
    status: Status
    ticket_id: int | None
    raised_by: str | None
    created_at: datetime
    comments: int


class RaisedDilemmaView(RaisedDilemmaSummary):
    situation: str
    thread: list[DilemmaCommentView]
    decision: str | None
    closed_by: str | None
    closed_at: datetime | None
    outcome: Outcome | None
    # The proposed policy entry (with its `revision` label) and its fate.
    clarification: dict[str, Any] | None
    clarification_status: Literal["proposed", "applied", "declined"] | None
    clarification_note: str | None
    policy_revision_id: int | None
    scenario_id: str | None


def _names(ticket: Ticket | None) -> list[str]:
    """The ticket customer's name as a whole (so "Robin Shaw" is one marker), then each part."""
    if ticket is None or ticket.customer is None:
        return []
    parts = [n for n in (ticket.customer.name or "").split() if len(n) > 1]
    return [" ".join(parts), *parts] if len(parts) > 1 else parts


def _clean(value: str, field: str, limit: int, names: list[str]) -> str:
    value = value.strip()
    if not value:
        raise InputError(f"the {field} is empty", field=field)
    if len(value) > limit:
        raise InputError(f"the {field} is over {limit} characters", field=field)
    return anonymous(value, names)


def raise_dilemma(
    desk: Desk, actor: Actor, *, title: str, situation: str, ticket_id: int | None = None
) -> RaisedDilemmaView:
    """Raise a dilemma for the team, on a ticket the actor can see or in general."""
    actor.require(Permission.WRITE)
    with desk.transaction() as session:
        ticket = load_ticket(session, actor, ticket_id) if ticket_id is not None else None
        # On a ticket, the dilemma is the ticket's team's (an admin may raise one on any).
        team_id = ticket.team_id if ticket is not None else owning_team(actor)
        names = _names(ticket)
        row = RaisedDilemma(
            team_id=team_id,
            ticket_id=ticket_id,
            title=_clean(title, "title", MAX_TITLE_CHARS, names),
            situation=_clean(situation, "situation", MAX_TEXT_CHARS, names),
            status="open",
            raised_by_user_id=actor.user_id,
            created_at=desk.now(),
        )
        session.add(row)
        session.flush()
        audit_log.record(session, desk, actor, "create", "raised_dilemma", row.id, ticket=ticket_id)
        return _view(session, row)


def list_raised(
    desk: Desk, actor: Actor, *, status: Status | None = None, limit: int = 100
) -> list[RaisedDilemmaSummary]:
    """The dilemmas raised in the actor's team (every team's for admins and auditors), open
    ones first, newest first."""
    actor.require(Permission.READ)
    counts = (
        select(DilemmaComment.dilemma_id, func.count().label("n"))
        .group_by(DilemmaComment.dilemma_id)
        .subquery()
    )
    with desk.reading() as session:
        query = (
            select(RaisedDilemma, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.dilemma_id == RaisedDilemma.id)
            .where(team_holds(RaisedDilemma.team_id, actor))
        )
        if status is not None:
            query = query.where(RaisedDilemma.status == status)
        rows = session.execute(
            query.order_by(RaisedDilemma.status.desc(), RaisedDilemma.id.desc()).limit(
                max(1, min(limit, 500))
            )
        ).all()
        return [_summary(row, count) for row, count in rows]


def get_raised(desk: Desk, actor: Actor, dilemma_id: int) -> RaisedDilemmaView:
    """The dilemma with its thread and, once closed, the decision and what came of it."""
    actor.require(Permission.READ)
    with desk.reading() as session:
        return _view(session, _load(session, actor, dilemma_id))


def comment(desk: Desk, actor: Actor, dilemma_id: int, *, text: str) -> RaisedDilemmaView:
    """Add to the thread of an open dilemma of the actor's team (admins: of any team)."""
    actor.require(Permission.WRITE)
    with desk.transaction() as session:
        row = _load(session, actor, dilemma_id, lock=True)
        if row.status != "open":
            raise ConflictError(f"dilemma {dilemma_id} is closed")
        item = DilemmaComment(
            team_id=row.team_id,
            dilemma_id=row.id,
            user_id=actor.user_id,
            text=_clean(text, "text", MAX_TEXT_CHARS, _names(_ticket(session, actor, row))),
            created_at=desk.now(),
        )
        session.add(item)
        session.flush()
        audit_log.record(session, desk, actor, "create", "dilemma_comment", item.id, dilemma=row.id)
        return _view(session, row)


def close(
    desk: Desk,
    actor: Actor,
    dilemma_id: int,
    *,
    decision: str,
    clarification: Clarification | None = None,
    revision: str | None = None,
    scenario: ScenarioPlan | None = None,
) -> RaisedDilemmaView:
    """A lead of the team (or an admin) closes the dilemma with `decision`, once; with a
    `clarification` it proposes a policy entry (an admin's is applied at once, see
    `apply_clarification`), with `scenario` it adds a team scenario made from it."""
    actor.require(Permission.DECIDE_DILEMMAS)
    if clarification is not None and scenario is not None:
        raise InputError("a decision becomes a clarification or a scenario, not both")
    with desk.reading() as session:
        row = _load(session, actor, dilemma_id)
        if row.status != "open":
            raise ConflictError(f"dilemma {dilemma_id} is already closed")
        names = _names(_ticket(session, actor, row))
        title, situation, ticket_id = row.title, row.situation, row.ticket_id
    decision = _clean(decision, "decision", MAX_TEXT_CHARS, names)
    proposal: dict[str, Any] | None = None
    if clarification is not None:
        active = policies.get_active_policy(desk, actor)
        label = revision or dilemma_outcomes.default_label(active.revision, dilemma_id)
        dilemma_outcomes.clarified_policy(active.yaml, clarification, revision=label)
        proposal = {**clarification.model_dump(mode="json", exclude_none=True), "revision": label}
    planned = None
    if scenario is not None:
        if scenario.customer_message is not None:
            scenario = scenario.model_copy(
                update={"customer_message": anonymous(scenario.customer_message, names)}
            )
        planned = dilemma_outcomes.plan_scenario(
            desk,
            actor,
            scenario,
            dilemma_id=dilemma_id,
            title=title,
            situation=situation,
            decision=decision,
            ticket_id=ticket_id,
        )
    with desk.transaction() as session:
        row = _load(session, actor, dilemma_id, lock=True)
        if row.status != "open":  # another lead closed it meanwhile
            raise ConflictError(f"dilemma {dilemma_id} is already closed")
        if planned is not None:
            store_scenario(session, desk, actor, planned, team_id=row.team_id)
            row.scenario_key = planned.id
        row.status = "closed"
        row.decision = decision
        row.closed_at = desk.now()
        row.closed_by_user_id = actor.user_id
        row.outcome = "policy" if proposal else "scenario" if planned else "decision"
        if proposal is not None:
            row.clarification = proposal
            row.clarification_status = "proposed"
        session.flush()
        session.expire(row, ["closed_by"])
        audit_log.record(
            session,
            desk,
            actor,
            "update",
            "raised_dilemma",
            row.id,
            status="closed",
            outcome=row.outcome,
            scenario=row.scenario_key,
        )
    if proposal is not None and actor.can(Permission.EDIT_POLICY):
        return apply_clarification(desk, actor, dilemma_id)
    return get_raised(desk, actor, dilemma_id)


def apply_clarification(
    desk: Desk, actor: Actor, dilemma_id: int, *, revision: str | None = None
) -> RaisedDilemmaView:
    """An admin puts a proposed clarification in force: the policy in force with the entry
    added is validated and saved as a new revision (`revision` overrides the proposed label)."""
    actor.require(Permission.EDIT_POLICY)
    proposal = _proposal(desk, actor, dilemma_id)
    label = revision or str(proposal["revision"])
    active = policies.get_active_policy(desk, actor)
    changed = dilemma_outcomes.clarified_policy(
        active.yaml, dilemma_outcomes.clarification_of(proposal), revision=label
    )
    saved = policies.save_policy(desk, actor, yaml_text=changed)
    return _settle(desk, actor, dilemma_id, "applied", revision_id=saved.id)


def decline_clarification(
    desk: Desk, actor: Actor, dilemma_id: int, *, note: str
) -> RaisedDilemmaView:
    """An admin declines a proposed clarification, saying why (the decision stands)."""
    actor.require(Permission.EDIT_POLICY)
    if not note.strip():
        raise InputError("say why the clarification is declined", field="note")
    _proposal(desk, actor, dilemma_id)
    return _settle(desk, actor, dilemma_id, "declined", note=note)


def _proposal(desk: Desk, actor: Actor, dilemma_id: int) -> dict[str, Any]:
    with desk.reading() as session:
        row = _load(session, actor, dilemma_id)
        if row.clarification is None:
            raise NotFoundError(f"dilemma {dilemma_id} proposes no policy clarification")
        if row.clarification_status != "proposed":
            raise ConflictError(f"the clarification was already {row.clarification_status}")
        return dict(row.clarification)


def _settle(
    desk: Desk,
    actor: Actor,
    dilemma_id: int,
    status: Literal["applied", "declined"],
    *,
    revision_id: int | None = None,
    note: str | None = None,
) -> RaisedDilemmaView:
    with desk.transaction() as session:
        row = _load(session, actor, dilemma_id, lock=True)
        if row.clarification_status != "proposed":
            raise ConflictError(f"the clarification was already {row.clarification_status}")
        if note is not None:
            row.clarification_note = _clean(
                note, "note", MAX_TEXT_CHARS, _names(_ticket(session, actor, row))
            )
        row.clarification_status = status
        row.policy_revision_id = revision_id
        session.flush()
        audit_log.record(
            session,
            desk,
            actor,
            "update",
            "raised_dilemma",
            row.id,
            clarification=status,
            policy_revision=revision_id,
        )
        return _view(session, row)


def _load(session: Session, actor: Actor, dilemma_id: int, *, lock: bool = False) -> RaisedDilemma:
    """The dilemma if the actor may see it: otherwise NotFound, so another team's dilemmas are
    not confirmed to exist."""
    query = select(RaisedDilemma).where(RaisedDilemma.id == dilemma_id)
    if lock:
        query = query.with_for_update(of=RaisedDilemma)
    row = session.scalar(query)
    if row is None or not may_see(actor, row.team_id):
        raise NotFoundError(f"no dilemma {dilemma_id}")
    return row


def _ticket(session: Session, actor: Actor, row: RaisedDilemma) -> Ticket | None:
    """The dilemma's ticket, if the actor still sees it (its customer's name is taken out of
    what they write)."""
    if row.ticket_id is None:
        return None
    try:
        return load_ticket(session, actor, row.ticket_id)
    except NotFoundError:  # moved to a team the actor does not see
        return None


def _summary(row: RaisedDilemma, comments: int) -> RaisedDilemmaSummary:
    return RaisedDilemmaSummary(
        id=row.id,
        title=row.title,
        status=row.status,  # type: ignore[arg-type]
        ticket_id=row.ticket_id,
        raised_by=row.raised_by.username if row.raised_by else None,
        created_at=row.created_at,
        comments=comments,
    )


def _view(session: Session, row: RaisedDilemma) -> RaisedDilemmaView:
    thread = session.scalars(
        select(DilemmaComment)
        .where(DilemmaComment.dilemma_id == row.id)
        .order_by(DilemmaComment.id)
    ).all()
    return RaisedDilemmaView(
        **_summary(row, len(thread)).model_dump(),
        situation=row.situation,
        thread=[
            DilemmaCommentView(
                id=c.id,
                username=c.user.username if c.user else None,
                text=c.text,
                created_at=c.created_at,
            )
            for c in thread
        ],
        decision=row.decision,
        closed_by=row.closed_by.username if row.closed_by else None,
        closed_at=row.closed_at,
        outcome=row.outcome,  # type: ignore[arg-type]
        clarification=row.clarification,
        clarification_status=row.clarification_status,  # type: ignore[arg-type]
        clarification_note=row.clarification_note,
        policy_revision_id=row.policy_revision_id,
        scenario_id=row.scenario_key,
    )

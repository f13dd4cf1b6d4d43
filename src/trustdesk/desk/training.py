"""Practice: scenarios (shipped and a team's own), attempts at them, and scenarios made from
real tickets.

Attempts belong to the team of the person who made them. An agent reads their own attempts;
a lead reads their team's; admins and auditors read every team's. A team's own scenarios are
seen by that team only. A lead turns a ticket into a scenario in one step: its history up to a
chosen customer message, with secrets (the desk's redaction), e-mail addresses, phone numbers
and the customer's name taken out, and the reply that was really sent kept as what happened.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from trustdesk.desk import audit_log
from trustdesk.desk.desk import Desk
from trustdesk.desk.inputs import check_text
from trustdesk.desk.redaction import redact_secrets
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.tenancy import _team_holds as team_holds  # one rule for every team table
from trustdesk.desk.tenancy import cross_team, load_ticket, owning_team
from trustdesk.desk.views import FindingView
from trustdesk.engine import engine_for
from trustdesk.errors import ConflictError, InputError, NotFoundError
from trustdesk.model import Principle, Role, input_error
from trustdesk.store.training_tables import PracticeAttempt, TeamScenario
from trustdesk.text.sensitive import find_sensitive
from trustdesk.training import Scenario, judge, policy_for, shipped_scenarios
from trustdesk.training.loader import SHIPPED

CONTACT_MARKERS = {"email": "[e-mail removed]", "phone": "[phone number removed]"}
NAME_MARKER = "[customer]"
# Where a scenario comes from: the scenarios added by a team say so.
TEAM = "team"


class AttemptView(BaseModel):
    id: int
    scenario_id: str
    user_id: int | None
    username: str | None
    reply: str
    decision: str
    passed: bool
    findings: list[FindingView]
    requirements: list[dict[str, Any]]
    created_at: datetime


class PracticeResult(BaseModel):
    """An attempt as the trainee sees it after submitting: the verdict with its evidence,
    what the reply covered, and what a good reply does, with the scenario's examples."""

    attempt: AttemptView
    reason: str
    good_reply: str
    exemplary: list[str]
    what_happened: str | None


def list_scenarios(desk: Desk, actor: Actor) -> list[Scenario]:
    """The shipped scenarios, then the team's own."""
    actor.require(Permission.READ)
    with desk.reading() as session:
        rows = session.scalars(
            select(TeamScenario)
            .where(team_holds(TeamScenario.team_id, actor))
            .order_by(TeamScenario.id)
        ).all()
        own = [Scenario.model_validate(row.body) for row in rows]
    shipped_ids = {s.id for s in shipped_scenarios()}
    return [*shipped_scenarios(), *(s for s in own if s.id not in shipped_ids)]


def find_scenario(desk: Desk, actor: Actor, scenario_id: str) -> Scenario:
    for scenario in list_scenarios(desk, actor):
        if scenario.id == scenario_id:
            return scenario
    raise NotFoundError(f"no scenario {scenario_id!r}")


def practise(desk: Desk, actor: Actor, *, scenario_id: str, reply: str) -> PracticeResult:
    """Judge `reply` to the scenario under the desk's policy, and keep the attempt."""
    actor.require(Permission.READ)
    check_text(reply, "reply", desk.settings.max_message_chars)
    scenario = find_scenario(desk, actor, scenario_id)
    judgement = judge(scenario, reply, desk.policy)
    with desk.transaction() as session:
        attempt = PracticeAttempt(
            team_id=owning_team(actor),
            user_id=actor.user_id,
            scenario_key=scenario.id,
            reply=reply,
            decision=judgement.verdict.decision.value,
            passed=judgement.passed,
            findings=[f.to_dict() for f in judgement.verdict.findings],
            requirements=[r.to_dict() for r in judgement.requirements],
            created_at=desk.now(),
        )
        session.add(attempt)
        session.flush()
        view = _view(attempt, actor.username)
    return PracticeResult(
        attempt=view,
        reason=judgement.verdict.reason,
        good_reply=scenario.good_reply,
        exemplary=[example.text for example in scenario.exemplary],
        what_happened=scenario.what_happened,
    )


def list_attempts(
    desk: Desk, actor: Actor, *, scenario_id: str | None = None, limit: int = 100
) -> list[AttemptView]:
    """Attempts newest first: an agent's own; a lead's team's; every team's for admins."""
    actor.require(Permission.READ)
    with desk.reading() as session:
        query = select(PracticeAttempt).where(team_holds(PracticeAttempt.team_id, actor))
        if not (actor.can(Permission.MANAGE_SCENARIOS) or cross_team(actor)):
            query = query.where(PracticeAttempt.user_id == actor.user_id)
        if scenario_id is not None:
            query = query.where(PracticeAttempt.scenario_key == scenario_id)
        rows = session.scalars(
            query.order_by(PracticeAttempt.id.desc()).limit(max(1, min(limit, 500)))
        ).all()
        return [_view(row, row.user.username if row.user else None) for row in rows]


def add_scenario(desk: Desk, actor: Actor, scenario: Scenario) -> Scenario:
    """Keep a scenario for the actor's team (its id must not be taken)."""
    actor.require(Permission.MANAGE_SCENARIOS)
    scenario = prepare_scenario(desk, scenario)
    team_id = owning_team(actor)
    with desk.transaction() as session:
        store_scenario(session, desk, actor, scenario, team_id=team_id)
    return scenario


def prepare_scenario(desk: Desk, scenario: Scenario) -> Scenario:
    """`scenario` as a team's own, refused if the desk's policy cannot take its snippet or a
    shipped scenario has its id."""
    if scenario.origin in (None, SHIPPED):
        scenario = scenario.model_copy(update={"origin": TEAM})
    # A policy snippet the desk's policy cannot take fails here, not at the first attempt.
    engine_for(policy_for(scenario, desk.policy))
    if any(s.id == scenario.id for s in shipped_scenarios()):
        raise ConflictError(f"the scenario id {scenario.id!r} is taken by a shipped scenario")
    return scenario


def store_scenario(
    session: Session, desk: Desk, actor: Actor, scenario: Scenario, *, team_id: int | None
) -> None:
    """Store a prepared scenario for `team_id` in the caller's transaction, with its audit
    entry (a team's ids are its own: a taken one is a conflict)."""
    taken = session.scalar(
        select(TeamScenario.id).where(
            TeamScenario.scenario_key == scenario.id,
            TeamScenario.team_id.is_(None) if team_id is None else TeamScenario.team_id == team_id,
        )
    )
    if taken is not None:
        raise ConflictError(f"the team already has a scenario {scenario.id!r}")
    row = TeamScenario(
        team_id=team_id,
        scenario_key=scenario.id,
        title=scenario.title,
        body=scenario.model_dump(mode="json", exclude_none=True),
        created_by_user_id=actor.user_id,
        created_at=desk.now(),
    )
    session.add(row)
    session.flush()
    audit_log.record(session, desk, actor, "create", "team_scenario", row.id)


def scenario_from_ticket(
    desk: Desk,
    actor: Actor,
    *,
    ticket_id: int,
    message_id: int,
    scenario_id: str,
    title: str,
    principles: list[Principle] | None = None,
    situation: str | None = None,
    good_reply: str | None = None,
    exemplary: str | None = None,
) -> Scenario:
    """A scenario from a real ticket, kept for the team (see `ticket_scenario`)."""
    scenario = ticket_scenario(
        desk,
        actor,
        ticket_id=ticket_id,
        message_id=message_id,
        scenario_id=scenario_id,
        title=title,
        principles=principles,
        situation=situation,
        good_reply=good_reply,
        exemplary=exemplary,
    )
    return add_scenario(desk, actor, scenario)


def ticket_scenario(
    desk: Desk,
    actor: Actor,
    *,
    ticket_id: int,
    message_id: int | None,
    scenario_id: str,
    title: str,
    principles: list[Principle] | None = None,
    situation: str | None = None,
    good_reply: str | None = None,
    exemplary: str | None = None,
) -> Scenario:
    """A scenario from a real ticket, not yet stored: its history up to the customer message
    `message_id` (None: the last one), personal data taken out, and the reply really sent next
    kept as `what_happened` (and, when the check flagged it, as the scenario's poor example)."""
    actor.require(Permission.MANAGE_SCENARIOS)
    with desk.reading() as session:
        ticket = load_ticket(session, actor, ticket_id)
        messages = list(ticket.messages)
        if message_id is None:
            asked = [i for i, m in enumerate(messages) if m.role == Role.CUSTOMER.value]
            cut = asked[-1] if asked else None
        else:
            cut = next((i for i, m in enumerate(messages) if m.id == message_id), None)
        if cut is None or messages[cut].role != Role.CUSTOMER.value:
            which = "" if message_id is None else f" {message_id}"
            raise InputError(
                f"ticket {ticket_id} has no customer message{which}", field="message_id"
            )
        names = [n for n in (ticket.customer.name or "").split() if len(n) > 1]
        history = [
            {
                "id": f"m{index}",
                "role": m.role,
                "at": m.at.isoformat(),
                "text": _anonymous(m.text, names),
            }
            for index, m in enumerate(messages[: cut + 1], 1)
            if m.role in ("customer", "agent", "bot")
        ]
        sent = next((m for m in messages[cut + 1 :] if m.role in ("agent", "bot")), None)
        sent_text = _anonymous(sent.text, names) if sent is not None else None
        flagged = [f for f in (sent.findings if sent is not None else []) if f.get("principle")]
        channel = ticket.channel
    chosen = principles or sorted({Principle(f["principle"]) for f in flagged}, key=str)
    if not chosen:
        raise InputError("say which principles the scenario trains", field="principles")
    body: dict[str, Any] = {
        "id": scenario_id,
        "title": title,
        "principles": [p.value for p in chosen],
        "situation": situation
        or f"A real case from ticket {ticket_id}, up to the customer's message to answer.",
        "good_reply": good_reply or "Answers the customer the way the principles trained ask.",
        "conversation": {"id": f"case-{ticket_id}", "channel": channel, "messages": history},
        "origin": f"ticket {ticket_id}",
        "exemplary": [{"text": exemplary}] if exemplary else [],
        "poor": [{"text": sent_text, "note": "what was sent"}] if sent_text and flagged else [],
        "what_happened": sent_text,
    }
    try:
        scenario = Scenario.model_validate(body)
    except ValidationError as exc:
        raise input_error(exc) from None
    return scenario


def _anonymous(text: str, names: list[str]) -> str:
    """`text` without secrets (the desk's redaction), contact details or the customer's name."""
    text = redact_secrets(text).text
    for item in reversed(find_sensitive(text)):
        marker = CONTACT_MARKERS.get(item.kind)
        if marker is not None:
            text = text[: item.start] + marker + text[item.end :]
    for name in names:
        text = _replace_word(text, name, NAME_MARKER)
    return text


def _replace_word(text: str, word: str, marker: str) -> str:
    return re.sub(rf"\b{re.escape(word)}\b", marker, text, flags=re.IGNORECASE)


def _view(row: PracticeAttempt, username: str | None) -> AttemptView:
    return AttemptView(
        id=row.id,
        scenario_id=row.scenario_key,
        user_id=row.user_id,
        username=username,
        reply=row.reply,
        decision=row.decision,
        passed=row.passed,
        findings=[FindingView.model_validate(f) for f in row.findings],
        requirements=row.requirements,
        created_at=row.created_at,
    )

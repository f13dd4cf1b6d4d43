"""What a raised dilemma's decision can become: a policy clarification or a team scenario.

A **policy clarification** is one entry added to the policy: a never-say phrase, a
must-disclose rule or a fact. The policy is the desk's (not a team's), and only admins change
it (`Permission.EDIT_POLICY`), so a lead's decision *proposes* the entry: it is written into the
policy in force as the policy form writes a new row (trustdesk.desk.policy_form.add_row) and
validated there and then, so a proposal the policy cannot take is refused when the lead
closes. An admin then applies it, which saves a new policy revision through the same path as
every edit (trustdesk.desk.policies.save_policy), or declines it with a note. An admin who
closes a dilemma applies their own proposal at once.

A **team scenario** is made from the dilemma's ticket (its history up to the last customer
message, personal data taken out, as `POST /v1/tickets/{id}/scenarios` does) or, without a
ticket, from the customer's message the lead writes; the decision is what a good reply does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from trustdesk.desk.desk import Desk
from trustdesk.desk.policies import DESK_SOURCE
from trustdesk.desk.policy_form import add_row
from trustdesk.desk.roles import Actor
from trustdesk.desk.training import prepare_scenario, ticket_scenario
from trustdesk.engine import Engine
from trustdesk.errors import InputError
from trustdesk.model import Principle, input_error
from trustdesk.policy import policy_from_yaml
from trustdesk.training import Scenario

Text = Annotated[str, Field(min_length=1, max_length=1_000)]
Words = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^,\n]+$")]
ScenarioKey = Annotated[str, Field(min_length=1, max_length=120, pattern=r"^[a-z0-9][a-z0-9._-]*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NeverSayClarification(_Strict):
    """A phrase no reply may use, with why and what to say instead."""

    kind: Literal["never_say"]
    phrase: Text
    reason: Text
    suggestion: str | None = Field(default=None, max_length=1_000)


class MustDiscloseClarification(_Strict):
    """When a reply says any of `when`, it must also say one of `mention`."""

    kind: Literal["must_disclose"]
    id: str = Field(min_length=1, max_length=120, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    when: list[Text] = Field(min_length=1, max_length=20)
    mention: list[Text] = Field(min_length=1, max_length=20)
    reason: Text
    suggestion: str | None = Field(default=None, max_length=1_000)


class FactClarification(_Strict):
    """A fact replies may not contradict: a duration, an amount, or something not provided."""

    kind: Literal["fact"]
    fact_kind: Literal["duration", "amount", "not_provided"]
    topic: Words
    triggers: list[Words] = Field(min_length=1, max_length=20)
    statement: Text
    min: float | None = Field(default=None, ge=0, le=1e9)
    max: float | None = Field(default=None, ge=0, le=1e9)
    unit: Literal["minutes", "hours", "days", "business_days", "weeks"] | None = None
    amount: float | None = Field(default=None, ge=0, le=1e12)
    currency: str | None = Field(default=None, min_length=3, max_length=3)


AnyClarification = NeverSayClarification | MustDiscloseClarification | FactClarification
Clarification = Annotated[
    NeverSayClarification | MustDiscloseClarification | FactClarification,
    Field(discriminator="kind"),
]
_CLARIFICATION: TypeAdapter[AnyClarification] = TypeAdapter(Clarification)
SECTIONS = {"never_say": "never_say", "must_disclose": "must_disclose", "fact": "facts"}


class ScenarioPlan(_Strict):
    """The team scenario a decision becomes (ids and words default from the dilemma)."""

    id: ScenarioKey | None = None
    title: str | None = Field(default=None, min_length=1, max_length=200)
    principles: list[Principle] | None = Field(default=None, min_length=1)
    # The customer's message the scenario answers; needed when the dilemma has no ticket.
    customer_message: str | None = Field(default=None, min_length=1, max_length=5_000)


def form_fields(clarification: AnyClarification) -> dict[str, str]:
    """The clarification as the policy form's fields for a new row of its section."""
    if isinstance(clarification, NeverSayClarification):
        return {
            "kind": "phrase",
            "text": clarification.phrase,
            "reason": clarification.reason,
            "suggestion": clarification.suggestion or "",
        }
    if isinstance(clarification, MustDiscloseClarification):
        return {
            "id": clarification.id,
            # One matcher a line, each a phrase (never read as a pattern).
            "when": "\n".join(f"phrase: {w}" for w in clarification.when),
            "mention": "\n".join(f"phrase: {m}" for m in clarification.mention),
            "reason": clarification.reason,
            "suggestion": clarification.suggestion or "",
        }
    numbers = {
        key: "" if value is None else repr(value)
        for key, value in (
            ("min", clarification.min),
            ("max", clarification.max),
            ("amount", clarification.amount),
        )
    }
    return {
        "kind": clarification.fact_kind,
        "topic": clarification.topic,
        "triggers": ", ".join(clarification.triggers),
        "statement": clarification.statement,
        "unit": clarification.unit or "",
        "currency": clarification.currency or "",
        **numbers,
    }


def clarification_of(stored: dict[str, Any]) -> AnyClarification:
    """A stored proposal (its `revision` label aside) as its model."""
    body = {key: value for key, value in stored.items() if key != "revision"}
    return _CLARIFICATION.validate_python(body)


def default_label(current: str, dilemma_id: int) -> str:
    return f"{current}+dilemma-{dilemma_id}"[:120]


def clarified_policy(
    yaml_text: str,
    clarification: AnyClarification,
    *,
    revision: str,
) -> str:
    """The policy's YAML with the clarification added and labelled `revision`, validated
    (every check built) as a saved policy is; a policy that cannot take it raises
    PolicyError naming the field."""
    changed = add_row(
        yaml_text, SECTIONS[clarification.kind], form_fields(clarification), revision=revision
    )
    Engine(policy_from_yaml(changed, source=DESK_SOURCE))
    return changed


def plan_scenario(
    desk: Desk,
    actor: Actor,
    plan: ScenarioPlan,
    *,
    dilemma_id: int,
    title: str,
    situation: str,
    decision: str,
    ticket_id: int | None,
) -> Scenario:
    """The team scenario the decision becomes, prepared (validated) but not stored."""
    scenario_id = plan.id or f"raised-dilemma-{dilemma_id}"
    scenario_title = plan.title or title
    if ticket_id is not None:
        scenario = ticket_scenario(
            desk,
            actor,
            ticket_id=ticket_id,
            message_id=None,
            scenario_id=scenario_id,
            title=scenario_title,
            principles=plan.principles,
            situation=situation,
            good_reply=decision,
        )
        return prepare_scenario(
            desk, scenario.model_copy(update={"origin": f"dilemma {dilemma_id}"})
        )
    if plan.customer_message is None:
        raise InputError(
            "the dilemma has no ticket: write the customer's message the scenario answers",
            field="customer_message",
        )
    if not plan.principles:
        raise InputError("say which principles the scenario trains", field="principles")
    now: datetime = desk.now()
    body: dict[str, Any] = {
        "id": scenario_id,
        "title": scenario_title,
        "principles": [p.value for p in plan.principles],
        "situation": situation,
        "good_reply": decision,
        "conversation": {
            "id": f"dilemma-{dilemma_id}",
            "messages": [
                {
                    "id": "c1",
                    "role": "customer",
                    "at": now.isoformat(),
                    "text": plan.customer_message,
                }
            ],
        },
        "origin": f"dilemma {dilemma_id}",
    }
    try:
        scenario = Scenario.model_validate(body)
    except ValidationError as exc:
        raise input_error(exc) from None
    return prepare_scenario(desk, scenario)

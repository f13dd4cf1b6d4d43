"""Practice: scenarios to reply to, the engine's verdict on the reply, and the exemplary one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query
from fastapi.responses import RedirectResponse, Response

from trustdesk.desk import training
from trustdesk.desk.roles import Permission
from trustdesk.desk.training import PracticeResult
from trustdesk.desk.training_progress import practice_progress
from trustdesk.errors import InputError
from trustdesk.model import Principle
from trustdesk.training import Scenario
from trustdesk.web.deps import Page, PathId, SignedIn
from trustdesk.web.highlight import pieces

router = APIRouter()
ScenarioPath = Annotated[str, Path(min_length=1, max_length=120)]


def _summary(scenario: Scenario, status: str) -> dict[str, Any]:
    return {
        "id": scenario.id,
        "title": scenario.title,
        "principles": [p.value for p in scenario.principles],
        "requires": [r.label for r in scenario.requires],
        "origin": scenario.origin,
        "status": status,
    }


@router.get("/practice")
def practice_list(
    page: SignedIn, principle: Annotated[Principle | None, Query()] = None
) -> Response:
    """Every scenario, with whether you have passed it, tried it or not yet."""
    actor = page.actor
    mine = training.list_attempts(page.desk, actor, limit=500)
    own = [a for a in mine if a.user_id == actor.user_id]
    passed = {a.scenario_id for a in own if a.passed}
    tried = {a.scenario_id for a in own}
    rows = [
        _summary(s, "passed" if s.id in passed else "tried" if s.id in tried else "new")
        for s in training.list_scenarios(page.desk, actor)
        if principle is None or principle in s.principles
    ]
    data: dict[str, Any] = {
        "scenarios": rows,
        "principle": principle.value if principle else None,
        "passed": len(passed),
    }
    leads = actor.can(Permission.MANAGE_SCENARIOS)
    extra = {
        "title": "Practice",
        "nav": "practice",
        "principles": [p.value for p in Principle],
        "team_attempts": mine[:20] if leads else [],
        "progress": practice_progress(page.desk, actor) if leads else [],
    }
    return page.render("practice.html", data, extra=extra)


def _scenario_page(
    page: Page,
    scenario: Scenario,
    *,
    reply: str = "",
    result: PracticeResult | None = None,
    error: str | None = None,
    notice: str | None = None,
    status: int = 200,
) -> Response:
    data: dict[str, Any] = {
        "scenario": _summary(scenario, "new")
        | {
            "situation": scenario.situation,
            "messages": [
                {"role": m.role.value, "text": m.text} for m in scenario.conversation.messages
            ],
        },
        "result": result,
    }
    extra = {
        "title": scenario.title,
        "nav": "practice",
        "reply": reply,
        "error": error,
        "notice": notice,
        "reply_pieces": pieces(reply, result.attempt.findings) if result else [],
    }
    return page.render("practice_scenario.html", data, extra=extra, status=status)


@router.get("/practice/{scenario_id}")
def practice_scenario(
    page: SignedIn,
    scenario_id: ScenarioPath,
    done: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    """A scenario: the situation, the conversation so far, and a box for your reply."""
    scenario = training.find_scenario(page.desk, page.actor, scenario_id)
    notice = "Scenario made from the ticket: this is how your team sees it." if done else None
    return _scenario_page(page, scenario, notice=notice)


@router.post("/practice/{scenario_id}")
def practice_reply(
    page: SignedIn,
    scenario_id: ScenarioPath,
    reply: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    """Judge the reply, keep the attempt, and show the verdict and the exemplary reply."""
    scenario = training.find_scenario(page.desk, page.actor, scenario_id)
    try:
        result = training.practise(page.desk, page.actor, scenario_id=scenario.id, reply=reply)
    except InputError as error:
        return _scenario_page(page, scenario, reply=reply, error=error.reason, status=422)
    return _scenario_page(page, scenario, reply=reply, result=result)


@router.post("/tickets/{ticket_id}/practice-scenario")
def scenario_from_ticket(
    page: SignedIn,
    ticket_id: PathId,
    message_id: Annotated[int, Form(ge=1, le=2_147_483_647)],
    title: Annotated[str, Form(min_length=1, max_length=200)],
    scenario_id: Annotated[str, Form(min_length=1, max_length=120)],
    principles: Annotated[list[Principle] | None, Form()] = None,
) -> Response:
    """A lead's "Make a practice scenario": the ticket up to the chosen customer message,
    personal data taken out; the new scenario opens."""
    scenario = training.scenario_from_ticket(
        page.desk,
        page.actor,
        ticket_id=ticket_id,
        message_id=message_id,
        scenario_id=scenario_id.strip(),
        title=title.strip(),
        principles=principles or None,
    )
    return RedirectResponse(f"/practice/{scenario.id}?done=made", status_code=303)

"""Assessments in the web desk: what a lead set, the judgement items to answer, the results."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from trustdesk.desk import assessments, training
from trustdesk.desk.roles import Permission
from trustdesk.errors import InputError
from trustdesk.training.judgement import judgement_items
from trustdesk.training.reliability import MIN_ITEMS, MIN_PEOPLE
from trustdesk.web.deps import Page, PathId, SignedIn

router = APIRouter()


def _list_page(
    page: Page, *, error: str | None = None, form: dict[str, Any] | None = None, status: int = 200
) -> Response:
    actor = page.actor
    data: dict[str, Any] = {"assessments": assessments.list_assessments(page.desk, actor)}
    leads = actor.can(Permission.MANAGE_SCENARIOS)
    extra = {
        "title": "Assessments",
        "nav": "practice",
        "may_set": leads,
        "scenarios": training.list_scenarios(page.desk, actor) if leads else [],
        "items": judgement_items() if leads else [],
        "error": error,
        "form": form or {},
    }
    return page.render("assessments.html", data, extra=extra, status=status)


@router.get("/assessments")
def assessments_page(page: SignedIn) -> Response:
    """The assessments set for you (your team's, for leads); leads set new ones here."""
    return _list_page(page)


@router.post("/assessments")
async def set_assessment(page: SignedIn, request: Request) -> Response:
    form = await request.form()
    scenario_ids = [str(v) for v in form.getlist("scenario_ids")]
    item_ids = [str(v) for v in form.getlist("item_ids")]
    title = str(form.get("title") or "")[:200]
    due = str(form.get("due_at") or "").strip()
    kept = {"title": title, "scenario_ids": scenario_ids, "item_ids": item_ids, "due_at": due}
    try:
        due_at = _due(due, page)
        made = assessments.create_assessment(
            page.desk,
            page.actor,
            title=title,
            scenario_ids=scenario_ids,
            item_ids=item_ids,
            due_at=due_at,
        )
    except InputError as error:
        return _list_page(page, error=error.reason, form=kept, status=422)
    return RedirectResponse(f"/assessments/{made.id}", status_code=303)


def _due(value: str, page: Page) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InputError("write the due time as a date and time", field="due_at") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=page.desk.policy.organisation.tz)
    return moment


def _detail(
    page: Page, assessment_id: int, *, error: str | None = None, status: int = 200
) -> Response:
    view = assessments.get_assessment(page.desk, page.actor, assessment_id)
    leads = page.actor.can(Permission.MANAGE_SCENARIOS)
    statistics = (
        assessments.full_statistics(page.desk, page.actor, assessment_id)
        if leads and view.item_list
        else None
    )
    data: dict[str, Any] = {"assessment": view, "statistics": statistics}
    extra = {
        "title": view.title,
        "nav": "practice",
        "error": error,
        "min_items": MIN_ITEMS,
        "min_people": MIN_PEOPLE,
    }
    return page.render("assessment.html", data, extra=extra, status=status)


@router.get("/assessments/{assessment_id}")
def assessment_page(page: SignedIn, assessment_id: PathId) -> Response:
    return _detail(page, assessment_id)


@router.post("/assessments/{assessment_id}/answers")
async def answer(page: SignedIn, assessment_id: PathId, request: Request) -> Response:
    form = await request.form()
    answers = {
        str(key).removeprefix("item:"): str(value)
        for key, value in form.items()
        if str(key).startswith("item:")
    }
    try:
        assessments.answer_items(page.desk, page.actor, assessment_id, answers)
    except InputError as error:
        return _detail(page, assessment_id, error=error.reason, status=422)
    return RedirectResponse(f"/assessments/{assessment_id}#items-h", status_code=303)

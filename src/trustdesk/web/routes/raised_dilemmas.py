"""Dilemmas in the open, in the web desk: the team's raised dilemmas with a form to raise one
(also reached from a ticket), a thread page to discuss it, and a lead's form to close it with a
decision that can become a policy clarification or a team scenario.

Included before the shipped dilemmas' routes, so /dilemmas/raised is this list."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query
from fastapi.responses import RedirectResponse, Response
from pydantic import TypeAdapter, ValidationError

from trustdesk.desk import raised_dilemmas
from trustdesk.desk.dilemma_outcomes import AnyClarification, Clarification, ScenarioPlan
from trustdesk.errors import InputError, PolicyError
from trustdesk.model import Principle, input_error
from trustdesk.web.deps import Page, PathId, SignedIn

router = APIRouter()
Outcome = Literal["decision", "never_say", "must_disclose", "fact", "scenario"]
_CLARIFICATION: TypeAdapter[AnyClarification] = TypeAdapter(Clarification)
Short = Annotated[str, Form(max_length=1_000)]
Long = Annotated[str, Form(max_length=10_000)]


def _list_page(
    page: Page,
    *,
    ticket: int | None = None,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    data: dict[str, Any] = {"dilemmas": raised_dilemmas.list_raised(page.desk, page.actor)}
    extra = {
        "title": "Raised dilemmas",
        "nav": "practice",
        "ticket": ticket,
        "error": error,
        "form": form or {},
    }
    return page.render("raised_dilemmas.html", data, extra=extra, status=status)


@router.get("/dilemmas/raised")
def raised_page(
    page: SignedIn, ticket: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None
) -> Response:
    """The team's raised dilemmas, open first, and the form to raise one (`ticket`: on it)."""
    return _list_page(page, ticket=ticket)


@router.post("/dilemmas/raised")
def raise_dilemma(
    page: SignedIn,
    title: Short = "",
    situation: Long = "",
    ticket_id: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    ticket = int(ticket_id) if ticket_id.strip().isdigit() else None
    try:
        raised = raised_dilemmas.raise_dilemma(
            page.desk, page.actor, title=title, situation=situation, ticket_id=ticket
        )
    except InputError as error:
        form = {"title": title, "situation": situation}
        return _list_page(page, ticket=ticket, error=error.reason, form=form, status=422)
    return RedirectResponse(f"/dilemmas/raised/{raised.id}", status_code=303)


def _thread_page(
    page: Page,
    dilemma_id: int,
    *,
    error: dict[str, str] | None = None,
    form: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    view = raised_dilemmas.get_raised(page.desk, page.actor, dilemma_id)
    extra = {
        "title": view.title,
        "nav": "practice",
        "error": error,
        "form": form or {},
        "principles": [p.value for p in Principle],
    }
    return page.render("raised_dilemma.html", {"dilemma": view}, extra=extra, status=status)


@router.get("/dilemmas/raised/{dilemma_id}")
def thread_page(page: SignedIn, dilemma_id: PathId) -> Response:
    return _thread_page(page, dilemma_id)


@router.post("/dilemmas/raised/{dilemma_id}/comments")
def comment(page: SignedIn, dilemma_id: PathId, text: Long = "") -> Response:
    try:
        raised_dilemmas.comment(page.desk, page.actor, dilemma_id, text=text)
    except InputError as error:
        problem = {"form": "comment", "message": error.reason}
        return _thread_page(page, dilemma_id, error=problem, form={"text": text}, status=422)
    return RedirectResponse(f"/dilemmas/raised/{dilemma_id}#thread-h", status_code=303)


@router.post("/dilemmas/raised/{dilemma_id}/close")
def close(
    page: SignedIn,
    dilemma_id: PathId,
    decision: Long = "",
    outcome: Annotated[Outcome, Form()] = "decision",
    revision: Short = "",
    ns_phrase: Short = "",
    ns_reason: Short = "",
    ns_suggestion: Short = "",
    md_id: Short = "",
    md_when: Long = "",
    md_mention: Long = "",
    md_reason: Short = "",
    fact_kind: Short = "duration",
    fact_topic: Short = "",
    fact_triggers: Short = "",
    fact_statement: Short = "",
    fact_min: Short = "",
    fact_max: Short = "",
    fact_unit: Short = "",
    fact_amount: Short = "",
    fact_currency: Short = "",
    sc_principles: Annotated[list[Principle] | None, Form()] = None,
    sc_message: Long = "",
) -> Response:
    """A lead's close: the decision, and what it becomes (the radio `outcome` says which of
    the form's parts is meant)."""
    fields: dict[str, dict[str, Any]] = {
        "never_say": {
            "kind": "never_say",
            "phrase": ns_phrase,
            "reason": ns_reason,
            "suggestion": ns_suggestion or None,
        },
        "must_disclose": {
            "kind": "must_disclose",
            "id": md_id,
            "when": _lines(md_when),
            "mention": _lines(md_mention),
            "reason": md_reason,
        },
        "fact": {
            "kind": "fact",
            "fact_kind": fact_kind,
            "topic": fact_topic,
            "triggers": [t.strip() for t in fact_triggers.split(",") if t.strip()],
            "statement": fact_statement,
            "min": fact_min or None,
            "max": fact_max or None,
            "unit": fact_unit or None,
            "amount": fact_amount or None,
            "currency": fact_currency or None,
        },
    }
    try:
        clarification = None
        scenario = None
        if outcome in fields:
            try:
                clarification = _CLARIFICATION.validate_python(
                    {k: v.strip() if isinstance(v, str) else v for k, v in fields[outcome].items()}
                )
            except ValidationError as exc:
                raise input_error(exc) from None
        elif outcome == "scenario":
            scenario = ScenarioPlan(
                principles=sc_principles or None, customer_message=sc_message.strip() or None
            )
        raised_dilemmas.close(
            page.desk,
            page.actor,
            dilemma_id,
            decision=decision,
            clarification=clarification,
            revision=revision.strip() or None,
            scenario=scenario,
        )
    except (InputError, PolicyError) as error:
        reason = error.reason if isinstance(error, InputError) else str(error)
        problem = {"form": "close", "message": reason}
        form = {"decision": decision, "outcome": outcome, "ns_phrase": ns_phrase}
        return _thread_page(page, dilemma_id, error=problem, form=form, status=422)
    return RedirectResponse(f"/dilemmas/raised/{dilemma_id}#decision-h", status_code=303)


@router.post("/dilemmas/raised/{dilemma_id}/clarification")
def answer_clarification(
    page: SignedIn,
    dilemma_id: PathId,
    apply: Annotated[str, Form(max_length=5)] = "",
    note: Long = "",
) -> Response:
    """An admin's "Apply to the policy" or "Decline" on a proposed clarification."""
    try:
        if apply == "true":
            raised_dilemmas.apply_clarification(page.desk, page.actor, dilemma_id)
        else:
            raised_dilemmas.decline_clarification(page.desk, page.actor, dilemma_id, note=note)
    except (InputError, PolicyError) as error:
        reason = error.reason if isinstance(error, InputError) else str(error)
        problem = {"form": "clarification", "message": reason}
        return _thread_page(page, dilemma_id, error=problem, status=422)
    return RedirectResponse(f"/dilemmas/raised/{dilemma_id}#decision-h", status_code=303)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]

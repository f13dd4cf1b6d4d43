"""The public survey form a customer reaches by the link sent after resolution."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import Response

from trustdesk.desk.surveys import open_survey, submit_survey
from trustdesk.errors import ConflictError, InputError
from trustdesk.web.deps import DeskDep, PagesDep, SessionDep

router = APIRouter()
Token = Annotated[str, Path(min_length=8, max_length=500)]


@router.get("/survey/{token}")
def survey_page(
    request: Request, token: Token, desk: DeskDep, pages: PagesDep, session: SessionDep
) -> Response:
    form = open_survey(desk, token)
    data: dict[str, Any] = {"answered": form.answered, "thanks": False, "error": None}
    return pages.render(request, desk, session, "survey.html", data, extra={"title": "Survey"})


@router.post("/survey/{token}")
def answer_survey(
    request: Request,
    token: Token,
    desk: DeskDep,
    pages: PagesDep,
    session: SessionDep,
    satisfaction: Annotated[int | None, Form(ge=1, le=5)] = None,
    treated_fairly: Annotated[Literal["yes", "no", ""], Form()] = "",
    comment: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    data: dict[str, Any] = {"answered": False, "thanks": False, "error": None}
    try:
        if satisfaction is None:
            raise InputError("choose how satisfied you are, from 1 to 5", field="satisfaction")
        submit_survey(
            desk,
            token,
            satisfaction=satisfaction,
            treated_fairly={"yes": True, "no": False}.get(treated_fairly),
            comment=comment or None,
        )
        data["thanks"] = True
    except ConflictError:
        data["answered"] = True
    except InputError as error:
        data["error"] = error.reason
        return pages.render(
            request, desk, session, "survey.html", data, extra={"title": "Survey"}, status=422
        )
    return pages.render(request, desk, session, "survey.html", data, extra={"title": "Survey"})

"""The public survey form a customer reaches by the link sent after resolution."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Path
from fastapi.responses import Response

from trustdesk.desk.surveys import open_survey, submit_survey
from trustdesk.errors import ConflictError, InputError
from trustdesk.web.deps import Page

router = APIRouter()
Token = Annotated[str, Path(min_length=8, max_length=500)]


@router.get("/survey/{token}")
def survey_page(page: Page, token: Token) -> Response:
    form = open_survey(page.desk, token)
    data: dict[str, Any] = {"answered": form.answered, "thanks": False, "error": None}
    return page.render("survey.html", data, extra={"title": "Survey"})


@router.post("/survey/{token}")
def answer_survey(
    page: Page,
    token: Token,
    satisfaction: Annotated[int | None, Form(ge=1, le=5)] = None,
    treated_fairly: Annotated[Literal["yes", "no", ""], Form()] = "",
    comment: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    data: dict[str, Any] = {"answered": False, "thanks": False, "error": None}
    try:
        if satisfaction is None:
            raise InputError("choose how satisfied you are, from 1 to 5", field="satisfaction")
        submit_survey(
            page.desk,
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
        return page.render(
            "survey.html",
            data,
            extra={"title": "Survey"},
            status=422,
        )
    return page.render("survey.html", data, extra={"title": "Survey"})

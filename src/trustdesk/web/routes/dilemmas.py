"""Dilemmas in the web desk: choose with a reason, then read the discussion and the team's
choices."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path
from fastapi.responses import RedirectResponse, Response

from trustdesk.desk import dilemmas
from trustdesk.errors import InputError
from trustdesk.web.deps import Page, SignedIn

router = APIRouter()
DilemmaPath = Annotated[str, Path(min_length=1, max_length=120)]


@router.get("/dilemmas")
def dilemmas_page(page: SignedIn) -> Response:
    """Every dilemma, and the ones you have answered."""
    data: dict[str, Any] = {"dilemmas": dilemmas.list_dilemmas(page.desk, page.actor)}
    return page.render("dilemmas.html", data, extra={"title": "Dilemmas", "nav": "practice"})


def _page(
    page: Page,
    dilemma_id: str,
    *,
    error: str | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    view = dilemmas.get_dilemma(page.desk, page.actor, dilemma_id)
    extra = {"title": view.title, "nav": "practice", "error": error, "form": form or {}}
    return page.render("dilemma.html", {"dilemma": view}, extra=extra, status=status)


@router.get("/dilemmas/{dilemma_id}")
def dilemma_page(page: SignedIn, dilemma_id: DilemmaPath) -> Response:
    return _page(page, dilemma_id)


@router.post("/dilemmas/{dilemma_id}")
def choose(
    page: SignedIn,
    dilemma_id: DilemmaPath,
    option: Annotated[str, Form(max_length=8)] = "",
    reason: Annotated[str, Form(max_length=4_000)] = "",
) -> Response:
    try:
        dilemmas.choose(page.desk, page.actor, dilemma_id, option=option, reason=reason)
    except InputError as error:
        form = {"option": option, "reason": reason}
        return _page(page, dilemma_id, error=error.reason, form=form, status=422)
    return RedirectResponse(f"/dilemmas/{dilemma_id}#discussion-h", status_code=303)

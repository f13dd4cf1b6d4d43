"""Signing in and out, and each role's home page."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from trustdesk.desk import auth
from trustdesk.desk.commitments import list_commitments
from trustdesk.desk.lead_requests import list_lead_requests
from trustdesk.desk.roles import Permission
from trustdesk.desk.tickets import list_tickets
from trustdesk.errors import AuthenticationError
from trustdesk.web.deps import DeskDep, PagesDep, SessionDep
from trustdesk.web.session import SESSION_COOKIE, is_https

router = APIRouter()


def _safe_next(target: str | None) -> str:
    # Only a path on this desk: never send someone on to another site after signing in.
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/sign-in")
def sign_in_page(
    request: Request, desk: DeskDep, pages: PagesDep, session: SessionDep, next: str = "/"
) -> Response:
    if session.actor is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    data = {"next": _safe_next(next), "username": "", "error": None}
    return pages.render(request, desk, session, "sign_in.html", data, extra={"title": "Sign in"})


@router.post("/sign-in")
async def sign_in(
    request: Request,
    desk: DeskDep,
    pages: PagesDep,
    session: SessionDep,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    try:
        created = await anyio.to_thread.run_sync(
            lambda: auth.sign_in(desk, username=username.strip(), password=password)
        )
    except AuthenticationError as error:
        data = {"next": _safe_next(next), "username": username, "error": str(error)}
        return pages.render(
            request, desk, session, "sign_in.html", data, extra={"title": "Sign in"}, status=401
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        created.token,
        max_age=int(desk.settings.session_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=is_https(request, desk.settings.public_url),
        path="/",
    )
    return response


@router.post("/sign-out")
async def sign_out(desk: DeskDep, session: SessionDep) -> Response:
    if session.token is not None:
        token = session.token
        await anyio.to_thread.run_sync(lambda: auth.sign_out(desk, token))
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
def home(request: Request, desk: DeskDep, pages: PagesDep, session: SessionDep) -> Response:
    actor = session.require()
    data: dict[str, Any] = {
        "role": actor.role.value,
        "waiting": list_tickets(desk, actor, waiting=True, limit=10),
        "overdue": list_commitments(desk, actor, overdue=True, limit=10),
    }
    if actor.can(Permission.OVERRIDE_BLOCK):
        data["reviews"] = list_lead_requests(desk, actor, status="pending")
    else:
        # An agent sees what became of the drafts they handed to a lead.
        data["asked"] = [
            r
            for r in list_lead_requests(desk, actor, status=None, limit=20)
            if r.requested_by_user_id == actor.user_id
        ]
    if actor.can(Permission.MANAGE_USERS):
        data["users"] = auth.list_users(desk, actor)
        data["teams"] = auth.list_teams(desk, actor)
    return pages.render(
        request, desk, session, "home.html", data, extra={"title": "Home", "nav": "home"}
    )

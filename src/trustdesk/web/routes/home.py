"""Signing in and out, and each role's home page."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from trustdesk.desk import auth
from trustdesk.desk.commitments import ledger_counts, list_commitments
from trustdesk.desk.lead_requests import list_lead_requests
from trustdesk.desk.roles import Permission
from trustdesk.desk.tickets import list_tickets, queue_counts
from trustdesk.errors import AuthenticationError, TooManyAttemptsError
from trustdesk.web.deps import Page, SignedIn
from trustdesk.web.session import SESSION_COOKIE, is_https

router = APIRouter()
LISTED = 10


def _safe_next(target: str | None) -> str:
    # Only a path on this desk: never send someone on to another site after signing in.
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/sign-in")
def sign_in_page(page: Page, next: str = "/") -> Response:
    if page.session.actor is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    data = {"next": _safe_next(next), "username": "", "error": None}
    return page.render("sign_in.html", data, extra={"title": "Sign in"})


@router.post("/sign-in")
async def sign_in(
    page: Page,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    client = page.request.client
    address = client.host if client else None
    try:
        created = await anyio.to_thread.run_sync(
            lambda: auth.sign_in(
                page.desk, username=username.strip(), password=password, address=address
            )
        )
    except (AuthenticationError, TooManyAttemptsError) as error:
        data = {"next": _safe_next(next), "username": username, "error": str(error)}
        locked = isinstance(error, TooManyAttemptsError)
        response = page.render(
            "sign_in.html", data, extra={"title": "Sign in"}, status=429 if locked else 401
        )
        if isinstance(error, TooManyAttemptsError):
            response.headers["Retry-After"] = str(error.retry_after)
        return response
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        created.token,
        max_age=int(page.desk.settings.session_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=is_https(page.request, page.desk.settings.public_url),
        path="/",
    )
    return response


@router.post("/sign-out")
async def sign_out(page: Page) -> Response:
    if page.session.token is not None:
        token = page.session.token
        await anyio.to_thread.run_sync(lambda: auth.sign_out(page.desk, token))
    response = RedirectResponse("/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
def home(page: SignedIn) -> Response:
    data: dict[str, Any] = {
        "role": page.actor.role.value,
        # Every ticket counted by state (trustdesk.service_level.state), waits past the SLA
        # measured as responsiveness.wait measures them, and promises as the audit counts them.
        "queue": queue_counts(page.desk, page.actor),
        "promises": ledger_counts(page.desk, page.actor),
        # The longest waits and the most overdue promises, listed.
        "waiting": list_tickets(page.desk, page.actor, waiting=True, limit=LISTED),
        "overdue": list_commitments(page.desk, page.actor, overdue=True, limit=LISTED),
    }
    if page.actor.can(Permission.OVERRIDE_BLOCK):
        data["reviews"] = list_lead_requests(page.desk, page.actor, status="pending")
    else:
        # An agent sees what became of the drafts they handed to a lead.
        data["asked"] = [
            r
            for r in list_lead_requests(page.desk, page.actor, status=None, limit=20)
            if r.requested_by_user_id == page.actor.user_id
        ]
    if page.actor.can(Permission.MANAGE_USERS):
        data["users"] = auth.list_users(page.desk, page.actor)
        data["teams"] = auth.list_teams(page.desk, page.actor)
    return page.render(
        "home.html",
        data,
        extra={"title": "Home", "nav": "home"},
    )

"""People and teams, managed by an admin in the page: create a user with a role and a team,
change a user's role or team, deactivate or bring back a user, create a team. The desk's own
use cases (trustdesk.desk.auth) check the permission and write the audit log."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from trustdesk.desk.auth import (
    MIN_PASSWORD_CHARS,
    assign_team,
    change_role,
    create_team,
    create_user,
    generate_password,
    list_teams,
    list_users,
    set_active,
)
from trustdesk.desk.roles import Permission, Role
from trustdesk.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from trustdesk.web.deps import Page, PathId, SignedIn

router = APIRouter()
_MISTAKES = (InputError, ConflictError, NotFoundError)
_STATUS = {InputError: 422, ConflictError: 409, NotFoundError: 404}


def _page(
    page: Page,
    *,
    error: str | None = None,
    notice: str | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    data: dict[str, Any] = {
        "users": list_users(page.desk, page.actor),
        "teams": list_teams(page.desk, page.actor),
    }
    extra = {
        "title": "People and teams",
        "nav": "people",
        "roles": [r.value for r in Role],
        "error": error,
        "notice": notice,
        "form": form or {},
        "min_password": MIN_PASSWORD_CHARS,
        "me_id": page.actor.user_id,
    }
    return page.render("people.html", data, extra=extra, status=status)


def _refused(page: Page, mistake: Exception, form: dict[str, str] | None = None) -> Response:
    status = next(code for kind, code in _STATUS.items() if isinstance(mistake, kind))
    reason = getattr(mistake, "reason", None) or str(mistake)
    return _page(page, error=reason, form=form, status=status)


def _admin(page: Page) -> None:
    if not page.actor.can(Permission.MANAGE_USERS):
        raise PermissionDeniedError("only an admin can manage people and teams")


@router.get("/people")
def people_page(page: SignedIn) -> Response:
    _admin(page)
    notice = page.request.query_params.get("done")
    return _page(page, notice=_NOTICES.get(notice or ""))


_NOTICES = {
    "team": "Team created.",
    "role": "Role changed.",
    "moved": "Team changed.",
    "off": "User deactivated: their sign-ins and tokens no longer work.",
    "on": "User active again.",
}


@router.post("/people/users")
def new_user(
    page: SignedIn,
    username: Annotated[str, Form(max_length=120)],
    role: Annotated[str, Form(max_length=16)],
    display_name: Annotated[str, Form(max_length=200)] = "",
    team: Annotated[str, Form(max_length=120)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    _admin(page)
    form = {"username": username, "display_name": display_name, "role": role, "team": team}
    chosen = password or generate_password()
    try:
        user = create_user(
            page.desk,
            page.actor,
            username=username,
            password=chosen,
            role=role,
            team=team.strip() or None,
            display_name=display_name.strip() or None,
        )
    except _MISTAKES as mistake:
        return _refused(page, mistake, form)
    notice = f"User {user.username} created as {user.role}."
    if not password:
        # Shown once, on this page only: the desk keeps only its hash.
        notice += f" Their password, shown only now: {chosen}"
    return _page(page, notice=notice, status=201)


@router.post("/people/teams")
def new_team(page: SignedIn, name: Annotated[str, Form(max_length=120)]) -> Response:
    _admin(page)
    try:
        create_team(page.desk, page.actor, name=name)
    except _MISTAKES as mistake:
        return _refused(page, mistake)
    return RedirectResponse("/people?done=team", status_code=303)


@router.post("/people/users/{user_id}/role")
def new_role(
    page: SignedIn, user_id: PathId, role: Annotated[str, Form(max_length=16)]
) -> Response:
    _admin(page)
    try:
        change_role(page.desk, page.actor, user_id=user_id, role=role)
    except _MISTAKES as mistake:
        return _refused(page, mistake)
    return RedirectResponse("/people?done=role", status_code=303)


@router.post("/people/users/{user_id}/team")
def new_team_of_user(
    page: SignedIn, user_id: PathId, team: Annotated[str, Form(max_length=120)] = ""
) -> Response:
    _admin(page)
    try:
        assign_team(page.desk, page.actor, user_id=user_id, team=team or None)
    except _MISTAKES as mistake:
        return _refused(page, mistake)
    return RedirectResponse("/people?done=moved", status_code=303)


@router.post("/people/users/{user_id}/active")
def activate(page: SignedIn, user_id: PathId, active: Annotated[bool, Form()]) -> Response:
    _admin(page)
    try:
        set_active(page.desk, page.actor, user_id=user_id, active=active)
    except _MISTAKES as mistake:
        return _refused(page, mistake)
    return RedirectResponse(f"/people?done={'on' if active else 'off'}", status_code=303)

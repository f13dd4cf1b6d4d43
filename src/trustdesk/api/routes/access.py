"""Signing in, users, teams, tokens, the audit log and the scheduler's notifications."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, status

from trustdesk.api.deps import ActorDep, DeskDep, Offset, PathId
from trustdesk.api.schemas import (
    ErrorResponse,
    SignIn,
    TeamCreate,
    TokenCreate,
    UserCreate,
    UserUpdate,
)
from trustdesk.desk import audit_log, auth, scheduler
from trustdesk.desk.views import (
    AuditEntryView,
    NotificationView,
    Page,
    TeamView,
    TokenCreated,
    UserView,
)

router = APIRouter(prefix="/v1", tags=["access"])


@router.post(
    "/sessions",
    response_model=TokenCreated,
    status_code=status.HTTP_201_CREATED,
    responses={
        429: {
            "model": ErrorResponse,
            "description": "Too many failed sign-ins for this account or address: the "
            "Retry-After header says how many seconds to wait.",
            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
        },
    },
)
def sign_in(body: SignIn, desk: DeskDep, request: Request) -> TokenCreated:
    """Sign in with a user name and password; the token expires after `session_hours`.

    Failed sign-ins lock the account (after 5) and the client's address (after 20) for 30
    seconds, doubling with each further failure up to 15 minutes."""
    address = request.client.host if request.client else None
    return auth.sign_in(desk, username=body.username, password=body.password, address=address)


@router.get("/me", response_model=UserView)
def me(desk: DeskDep, actor: ActorDep) -> UserView:
    """The signed-in user."""
    return auth.current_user(desk, actor)


@router.post("/users", response_model=UserView, status_code=201)
def create_user(body: UserCreate, desk: DeskDep, actor: ActorDep) -> UserView:
    return auth.create_user(
        desk,
        actor,
        username=body.username,
        password=body.password,
        role=body.role,
        team=body.team,
        display_name=body.display_name,
    )


@router.get("/users", response_model=list[UserView])
def list_users(desk: DeskDep, actor: ActorDep) -> list[UserView]:
    return auth.list_users(desk, actor)


@router.patch("/users/{user_id}", response_model=UserView)
def update_user(user_id: PathId, body: UserUpdate, desk: DeskDep, actor: ActorDep) -> UserView:
    """Assign a user's team (admins only); tokens other server processes remember carry the
    old team for a few seconds more."""
    return auth.assign_team(desk, actor, user_id=user_id, team=body.team)


@router.post("/teams", response_model=TeamView, status_code=201)
def create_team(body: TeamCreate, desk: DeskDep, actor: ActorDep) -> TeamView:
    return auth.create_team(desk, actor, name=body.name)


@router.get("/teams", response_model=list[TeamView])
def list_teams(desk: DeskDep, actor: ActorDep) -> list[TeamView]:
    return auth.list_teams(desk, actor)


@router.post("/tokens", response_model=TokenCreated, status_code=201)
def create_token(body: TokenCreate, desk: DeskDep, actor: ActorDep) -> TokenCreated:
    """A long-lived API token for a bot or helpdesk; it is shown once."""
    return auth.create_token(desk, actor, name=body.name, username=body.username)


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(token_id: PathId, desk: DeskDep, actor: ActorDep) -> None:
    auth.revoke_token(desk, actor, token_id=token_id)


@router.get("/audit-log", response_model=Page[AuditEntryView])
def read_audit_log(
    desk: DeskDep,
    actor: ActorDep,
    entity: Annotated[str | None, Query(max_length=40)] = None,
    entity_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> Page[AuditEntryView]:
    return audit_log.list_entries(
        desk, actor, entity=entity, entity_id=entity_id, limit=limit, offset=offset
    )


@router.get("/notifications", response_model=list[NotificationView])
def list_notifications(
    desk: DeskDep,
    actor: ActorDep,
    notification_status: Annotated[str | None, Query(alias="status", max_length=16)] = None,
) -> list[NotificationView]:
    """Reminders and SLA breaches the scheduler raised, newest first."""
    return scheduler.list_notifications(desk, actor, status=notification_status)

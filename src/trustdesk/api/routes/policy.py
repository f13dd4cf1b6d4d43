"""The policy in force and its revisions: everyone reads them, an admin saves a new one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from trustdesk.api.deps import ActorDep, DeskDep
from trustdesk.api.schemas import PolicyUpdate
from trustdesk.desk import policies
from trustdesk.desk.views import PolicyRevisionView

router = APIRouter(prefix="/v1/policy", tags=["policy"])


@router.get("", response_model=PolicyRevisionView)
def get_policy(desk: DeskDep, actor: ActorDep) -> PolicyRevisionView:
    """The policy in force (the newest revision), with its YAML text."""
    return policies.get_active_policy(desk, actor)


@router.get("/revisions", response_model=list[PolicyRevisionView])
def list_policy_revisions(
    desk: DeskDep, actor: ActorDep, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[PolicyRevisionView]:
    """Every policy the desk has judged with, newest first, with the messages each judged."""
    return policies.list_policy_revisions(desk, actor, limit=limit)


@router.put("", response_model=PolicyRevisionView)
def save_policy(body: PolicyUpdate, desk: DeskDep, actor: ActorDep) -> PolicyRevisionView:
    """Validate and save a new policy, in force at once (admins only).

    A mistake answers 422 `invalid_policy` with its `line` and `field`; a label already used
    by a different policy answers 422 on `revision`; the policy in force again changes nothing.
    """
    return policies.save_policy(desk, actor, yaml_text=body.yaml)

"""The policy page: the policy in force, its revisions and the messages each judged; admins edit
it here, with a mistake shown at its line."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from trustdesk.desk.policies import get_active_policy, list_policy_revisions, save_policy
from trustdesk.desk.roles import Permission
from trustdesk.errors import InputError, PermissionDeniedError, PolicyError
from trustdesk.web.deps import ActorDep, DeskDep, PagesDep, SessionDep

router = APIRouter()


def _page(
    request: Request,
    desk: DeskDep,
    pages: PagesDep,
    session: SessionDep,
    *,
    draft: str | None = None,
    error: dict[str, Any] | None = None,
    notice: str | None = None,
    status: int = 200,
) -> Response:
    actor = session.require()
    active = get_active_policy(desk, actor)
    data: dict[str, Any] = {
        "active": active,
        "revisions": list_policy_revisions(desk, actor),
        "may_edit": actor.can(Permission.EDIT_POLICY),
    }
    lines = (draft if draft is not None else active.yaml).splitlines()
    extra = {
        "title": "Policy",
        "nav": "policy",
        "draft": draft if draft is not None else active.yaml,
        "error": error,
        "notice": notice,
        # The line at fault with a little context, so the mistake is seen where it is.
        "context": _context(lines, error.get("line") if error else None),
    }
    return pages.render(request, desk, session, "policy.html", data, extra=extra, status=status)


def _context(lines: list[str], line: int | None) -> list[tuple[int, str, bool]]:
    if line is None or not 1 <= line <= len(lines):
        return []
    first, last = max(1, line - 2), min(len(lines), line + 2)
    return [(n, lines[n - 1], n == line) for n in range(first, last + 1)]


@router.get("/policy")
def policy_page(
    request: Request, desk: DeskDep, pages: PagesDep, session: SessionDep, actor: ActorDep
) -> Response:
    notice = "The new policy is in force." if request.query_params.get("saved") else None
    return _page(request, desk, pages, session, notice=notice)


@router.post("/policy")
def save(
    request: Request,
    desk: DeskDep,
    pages: PagesDep,
    session: SessionDep,
    actor: ActorDep,
    yaml: Annotated[str, Form(max_length=200_000)],
) -> Response:
    if not actor.can(Permission.EDIT_POLICY):
        raise PermissionDeniedError("only an admin can change the policy")
    try:
        save_policy(desk, actor, yaml_text=yaml)
    except (PolicyError, InputError) as mistake:
        error = {
            "message": mistake.reason,
            "line": mistake.line,
            "field": mistake.field,
        }
        return _page(request, desk, pages, session, draft=yaml, error=error, status=422)
    return RedirectResponse("/policy?saved=1", status_code=303)

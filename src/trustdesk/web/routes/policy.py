"""The policy page: the policy in force, its revisions and the messages each judged; admins edit
it here, with a mistake shown at its line."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from trustdesk.desk.policies import get_active_policy, list_policy_revisions, save_policy
from trustdesk.desk.roles import Permission
from trustdesk.errors import InputError, PermissionDeniedError, PolicyError
from trustdesk.web.deps import Page, SignedIn

router = APIRouter()


def _page(
    page: Page,
    *,
    draft: str | None = None,
    error: dict[str, Any] | None = None,
    notice: str | None = None,
    status: int = 200,
) -> Response:
    active = get_active_policy(page.desk, page.actor)
    data: dict[str, Any] = {
        "active": active,
        "revisions": list_policy_revisions(page.desk, page.actor),
        "may_edit": page.actor.can(Permission.EDIT_POLICY),
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
    return page.render("policy.html", data, extra=extra, status=status)


def _context(lines: list[str], line: int | None) -> list[tuple[int, str, bool]]:
    if line is None or not 1 <= line <= len(lines):
        return []
    first, last = max(1, line - 2), min(len(lines), line + 2)
    return [(n, lines[n - 1], n == line) for n in range(first, last + 1)]


@router.get("/policy")
def policy_page(page: SignedIn) -> Response:
    notice = "The new policy is in force." if page.request.query_params.get("saved") else None
    return _page(page, notice=notice)


@router.post("/policy")
def save(
    page: SignedIn,
    yaml: Annotated[str, Form(max_length=200_000)],
) -> Response:
    if not page.actor.can(Permission.EDIT_POLICY):
        raise PermissionDeniedError("only an admin can change the policy")
    try:
        save_policy(page.desk, page.actor, yaml_text=yaml)
    except (PolicyError, InputError) as mistake:
        error = {
            "message": mistake.reason,
            "line": mistake.line,
            "field": mistake.field,
        }
        return _page(page, draft=yaml, error=error, status=422)
    return RedirectResponse("/policy?saved=1", status_code=303)

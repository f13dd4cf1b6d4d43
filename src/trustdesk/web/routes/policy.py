"""The policy page: the policy in force, its revisions and the messages each judged, and a diff
between two revisions; admins edit its common parts in a form or the whole text as YAML, with
a mistake shown at its line."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from trustdesk.desk.policies import get_active_policy, list_policy_revisions, save_policy
from trustdesk.desk.policy_form import (
    DURATION_UNITS,
    FACT_KINDS,
    SEVERITIES,
    apply_form,
    read_form,
    unified_diff,
)
from trustdesk.desk.roles import Permission
from trustdesk.errors import InputError, NotFoundError, PermissionDeniedError, PolicyError
from trustdesk.web.deps import Page, SignedIn

router = APIRouter()


def _page(
    page: Page,
    *,
    draft: str | None = None,
    error: dict[str, Any] | None = None,
    notice: str | None = None,
    mode: str = "form",
    status: int = 200,
) -> Response:
    active = get_active_policy(page.desk, page.actor)
    revisions = list_policy_revisions(page.desk, page.actor)
    data: dict[str, Any] = {
        "active": active,
        "revisions": revisions,
        "may_edit": page.actor.can(Permission.EDIT_POLICY),
    }
    text = draft if draft is not None else active.yaml
    extra = {
        "title": "Policy",
        "nav": "policy",
        "draft": text,
        "form": _form_of(text, active.yaml),
        "error": error,
        "notice": notice,
        "mode": mode,
        "severities": SEVERITIES,
        "fact_kinds": FACT_KINDS,
        "units": DURATION_UNITS,
        # The line at fault with a little context, so the mistake is seen where it is.
        "context": _context(text.splitlines(), error.get("line") if error else None),
    }
    return page.render("policy.html", data, extra=extra, status=status)


def _form_of(text: str, fallback: str) -> dict[str, Any]:
    try:
        return read_form(text)
    except PolicyError:
        return read_form(fallback)  # a draft that is not YAML: the form shows the policy in force


def _context(lines: list[str], line: int | None) -> list[tuple[int, str, bool]]:
    if line is None or not 1 <= line <= len(lines):
        return []
    first, last = max(1, line - 2), min(len(lines), line + 2)
    return [(n, lines[n - 1], n == line) for n in range(first, last + 1)]


def _editor(page: Page) -> None:
    if not page.actor.can(Permission.EDIT_POLICY):
        raise PermissionDeniedError("only an admin can change the policy")


def _refused(page: Page, yaml: str, mistake: PolicyError | InputError, mode: str) -> Response:
    error = {"message": mistake.reason, "line": mistake.line, "field": mistake.field}
    return _page(page, draft=yaml, error=error, mode=mode, status=422)


@router.get("/policy")
def policy_page(page: SignedIn) -> Response:
    notice = "The new policy is in force." if page.request.query_params.get("saved") else None
    return _page(page, notice=notice)


@router.post("/policy")
def save(
    page: SignedIn,
    yaml: Annotated[str, Form(max_length=200_000)],
) -> Response:
    _editor(page)
    try:
        save_policy(page.desk, page.actor, yaml_text=yaml)
    except (PolicyError, InputError) as mistake:
        return _refused(page, yaml, mistake, "yaml")
    return RedirectResponse("/policy?saved=1", status_code=303)


@router.post("/policy/form")
async def save_form(request: Request, page: SignedIn) -> Response:
    """The form's values written into the policy in force, saved as a new revision."""
    _editor(page)
    form = await request.form()
    fields = {name: value for name, value in form.items() if isinstance(value, str)}
    active = get_active_policy(page.desk, page.actor)
    try:
        yaml = apply_form(active.yaml, fields)
    except PolicyError as mistake:
        return _refused(page, active.yaml, mistake, "form")
    try:
        save_policy(page.desk, page.actor, yaml_text=yaml)
    except (PolicyError, InputError) as mistake:
        # The form is shown again as it was sent; the lines named are the policy's text as
        # the form would have written it.
        return _refused(page, yaml, mistake, "form")
    return RedirectResponse("/policy?saved=1", status_code=303)


@router.get("/policy/diff")
def diff(
    page: SignedIn,
    old: Annotated[int | None, Query(alias="from", ge=1, le=2_147_483_647)] = None,
    new: Annotated[int | None, Query(alias="to", ge=1, le=2_147_483_647)] = None,
) -> Response:
    """Two revisions compared (by default the one in force and the one before it)."""
    revisions = list_policy_revisions(page.desk, page.actor)
    by_id = {r.id: r for r in revisions}
    after = by_id.get(new) if new is not None else (revisions[0] if revisions else None)
    if after is None:
        raise NotFoundError(f"no policy revision {new}")
    earlier = [r for r in revisions if r.id < after.id]
    before = by_id.get(old) if old is not None else (earlier[0] if earlier else after)
    if before is None:
        raise NotFoundError(f"no policy revision {old}")
    lines = unified_diff(
        before.yaml,
        after.yaml,
        old_label=f"{before.revision} (#{before.id})",
        new_label=f"{after.revision} (#{after.id})",
    )
    data: dict[str, Any] = {
        "older": {"id": before.id, "revision": before.revision},
        "newer": {"id": after.id, "revision": after.revision},
        "lines": [{"kind": kind, "text": text} for kind, text in lines],
        "added": sum(kind == "add" for kind, _ in lines),
        "removed": sum(kind == "remove" for kind, _ in lines),
    }
    extra = {"title": "Policy changes", "nav": "policy", "revisions": revisions}
    return page.render("policy_diff.html", data, extra=extra)

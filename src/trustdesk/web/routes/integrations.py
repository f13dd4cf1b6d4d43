"""Helpdesk integrations in the page (admins, and leads for their own team): connect a helpdesk,
change or switch it off, watch its deliveries and send a dead letter again. The desk's own use
cases (trustdesk.desk.integrations, trustdesk.desk.hook_letters) check the permission, keep
teams apart and write the audit log."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from trustdesk.desk import hook_letters, integrations
from trustdesk.desk.roles import Permission
from trustdesk.desk.tenancy import cross_team
from trustdesk.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from trustdesk.web.deps import Page, PathId, SignedIn

router = APIRouter()
_MISTAKES = (InputError, ConflictError, NotFoundError)
_STATUS = {InputError: 422, ConflictError: 409, NotFoundError: 404}
_NOTICES = {
    "saved": "Integration saved.",
    "sent": "Sent again: see the delivery below.",
}


def _scopes(text: str) -> list[str]:
    return [part.strip() for part in text.replace(",", " ").split() if part.strip()]


def _page(
    page: Page,
    *,
    error: str | None = None,
    notice: str | None = None,
    form: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    desk, actor = page.desk, page.actor
    data: dict[str, Any] = {
        "integrations": integrations.list_integrations(desk, actor),
        "deliveries": hook_letters.list_deliveries(desk, actor, limit=30),
        "dead_letters": hook_letters.list_dead_letters(desk, actor),
    }
    extra = {
        "title": "Integrations",
        "nav": "integrations",
        "error": error,
        "notice": notice,
        "form": form or {},
        "vendors": integrations.VENDORS,
        "webhook_vendors": integrations.WEBHOOK_VENDORS,
        "choose_team": cross_team(actor),
        "public_url": desk.settings.public_url.rstrip("/"),
    }
    return page.render("integrations.html", data, extra=extra, status=status)


def _refused(page: Page, mistake: Exception, form: dict[str, str] | None = None) -> Response:
    status = next(code for kind, code in _STATUS.items() if isinstance(mistake, kind))
    reason = getattr(mistake, "reason", None) or str(mistake)
    return _page(page, error=reason, form=form, status=status)


def _allowed(page: Page) -> None:
    if not page.actor.can(Permission.MANAGE_INTEGRATIONS):
        raise PermissionDeniedError("only a lead or an admin manages integrations")


@router.get("/integrations")
def integrations_page(page: SignedIn) -> Response:
    _allowed(page)
    done = page.request.query_params.get("done") or ""
    return _page(page, notice=_NOTICES.get(done))


@router.post("/integrations")
def new_integration(
    page: SignedIn,
    vendor: Annotated[str, Form(max_length=16)],
    name: Annotated[str, Form(max_length=120)],
    base_url: Annotated[str, Form(max_length=500)],
    api_token: Annotated[str, Form(max_length=500)],
    account: Annotated[str, Form(max_length=200)] = "",
    webhook_secret: Annotated[str, Form(max_length=500)] = "",
    scopes: Annotated[str, Form(max_length=5000)] = "",
    mode: Annotated[str, Form(max_length=16)] = "note",
    team: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    _allowed(page)
    # Secrets are never put back into the form.
    form = {"vendor": vendor, "name": name, "base_url": base_url, "account": account,
            "scopes": scopes, "mode": mode, "team": team}  # fmt: skip
    try:
        created = integrations.create_integration(
            page.desk,
            page.actor,
            vendor=vendor,
            name=name,
            base_url=base_url,
            account=account or None,
            api_token=api_token,
            webhook_secret=webhook_secret or None,
            scopes=_scopes(scopes),
            mode=mode,
            team=team or None,
        )
    except _MISTAKES as mistake:
        return _refused(page, mistake, form)
    notice = f"{created.name} connected. Its webhook address: {created.hook_path}"
    return _page(page, notice=notice, status=201)


@router.post("/integrations/{integration_id}")
def change_integration(
    page: SignedIn,
    integration_id: PathId,
    mode: Annotated[str, Form(max_length=16)],
    active: Annotated[bool, Form()],
    scopes: Annotated[str, Form(max_length=5000)] = "",
    api_token: Annotated[str, Form(max_length=500)] = "",
    webhook_secret: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    _allowed(page)
    try:
        integrations.update_integration(
            page.desk,
            page.actor,
            integration_id,
            mode=mode,
            active=active,
            scopes=_scopes(scopes),
            api_token=api_token or None,
            webhook_secret=webhook_secret or None,
        )
    except _MISTAKES as mistake:
        return _refused(page, mistake)
    return RedirectResponse("/integrations?done=saved", status_code=303)


@router.post("/integrations/dead-letters/{letter_id}/retry")
def retry_dead_letter(page: SignedIn, letter_id: PathId) -> Response:
    _allowed(page)
    try:
        hook_letters.send_again(page.desk, page.actor, letter_id)
    except _MISTAKES as mistake:
        return _refused(page, mistake)
    return RedirectResponse("/integrations?done=sent", status_code=303)

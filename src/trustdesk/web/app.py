"""The web desk: server-rendered pages over the desk's use cases, mounted beside the API.

It is its own FastAPI application (mounted at "/" after the API's routes), so its errors are
pages rather than JSON and its routes stay out of the API's OpenAPI schema.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from trustdesk.errors import (
    AuthenticationError,
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    PolicyError,
    TrustdeskError,
)
from trustdesk.web.render import Pages, is_htmx, wants_json
from trustdesk.web.routes import (
    assessments,
    commitments,
    consent,
    conversation,
    dashboard,
    dilemmas,
    home,
    inbox,
    integrations,
    lead_requests,
    people,
    policy,
    practice,
    progress,
    raised_dilemmas,
    remedies,
    surveys,
)
from trustdesk.web.session import CsrfError, SignInRequiredError, load_session

STATIC = Path(__file__).parent / "static"
ROUTERS = (
    home.router,
    inbox.router,
    conversation.router,
    consent.router,
    remedies.router,
    commitments.router,
    lead_requests.router,
    dashboard.router,
    policy.router,
    people.router,
    integrations.router,
    surveys.router,
    practice.router,
    progress.router,
    assessments.router,
    # Before the shipped dilemmas: /dilemmas/raised is not a dilemma's id.
    raised_dilemmas.router,
    dilemmas.router,
)
_STATUS: list[tuple[type[TrustdeskError], int, str]] = [
    (CsrfError, 403, "This form has expired"),
    (AuthenticationError, 401, "Please sign in"),
    (PermissionDeniedError, 403, "Not allowed"),
    (NotFoundError, 404, "Not found"),
    (ConflictError, 409, "Cannot do that now"),
    (InputError, 422, "Please check what you entered"),
    (PolicyError, 422, "The policy is not valid"),
]


def create_web(host: FastAPI) -> FastAPI:
    """The web desk, reading the desk from `host.state.desk` (the API application's)."""
    web = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    web.state.host = host
    web.state.pages = Pages()
    # Its security headers (a strict Content-Security-Policy, no-store) are the server's, set
    # once for the API and the desk in trustdesk.api.headers.
    web.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        web.include_router(router)
    _install_errors(web)
    return web


def _install_errors(web: FastAPI) -> None:
    @web.exception_handler(SignInRequiredError)
    async def _sign_in(request: Request, _: SignInRequiredError) -> Response:
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        location = f"/sign-in?next={target}" if target != "/" else "/sign-in"
        if is_htmx(request):
            return Response(status_code=204, headers={"HX-Redirect": location})
        if wants_json(request):
            return JSONResponse(_body("unauthenticated", "sign in to continue"), 401)
        return RedirectResponse(location, status_code=303)

    @web.exception_handler(TrustdeskError)
    async def _known(request: Request, exc: TrustdeskError) -> Response:
        status, title = 400, "Something went wrong"
        for kind, code, heading in _STATUS:
            if isinstance(exc, kind):
                status, title = code, heading
                break
        message = getattr(exc, "reason", None) or str(exc)
        return await _error_page(request, status, title, message)

    @web.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()[:5]
        )
        return await _error_page(request, 422, "Please check what you entered", problems)

    @web.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        title = "Not found" if exc.status_code == 404 else "Something went wrong"
        message = "There is no page here." if exc.status_code == 404 else str(exc.detail)
        return await _error_page(request, exc.status_code, title, message)


def _body(code: str, message: str) -> dict[str, dict[str, str | None]]:
    return {"error": {"code": code, "message": message, "field": None}}


async def _error_page(request: Request, status: int, title: str, message: str) -> Response:
    if wants_json(request) or request.url.path.startswith("/v1/"):
        code = title.lower().replace(" ", "_")
        return JSONResponse(_body(code, message), status_code=status)
    desk = request.app.state.host.state.desk
    pages: Pages = request.app.state.pages
    session = await load_session(request, desk)
    template = "_error.html" if is_htmx(request) else "error.html"
    data = {"status": status, "title": title, "message": message}
    response = pages.render(request, desk, session, template, data, status=status)
    if is_htmx(request):
        # Show the message where the request's result would have gone.
        response.headers["HX-Retarget"] = "#messages"
        response.headers["HX-Reswap"] = "innerHTML"
    return response

"""The FastAPI application, built by `create_app(settings)` (nothing happens at import time)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from trustdesk import __version__
from trustdesk.api import errors
from trustdesk.api.headers import SecurityHeaders
from trustdesk.api.large_checks import LargeChecks
from trustdesk.api.limits import BodyLimit
from trustdesk.api.metrics import Metrics
from trustdesk.api.routes import (
    access,
    assessments,
    check,
    commitments,
    consent,
    customers,
    dashboard,
    dilemmas,
    guard,
    hooks,
    imports,
    integrations,
    lead_requests,
    operations,
    policy,
    raised_dilemmas,
    remedies,
    surveys,
    tickets,
    training,
)
from trustdesk.api.schemas import ErrorResponse
from trustdesk.desk.desk import Clock, Desk, system_clock
from trustdesk.desk.notify import notifier_from_settings
from trustdesk.desk.opening import open_desk
from trustdesk.desk.scheduler import Scheduler
from trustdesk.settings import Settings

ROUTERS = (
    check.router,
    guard.router,
    tickets.router,
    commitments.router,
    consent.router,
    remedies.router,
    lead_requests.router,
    surveys.router,
    dashboard.router,
    customers.router,
    policy.router,
    access.router,
    operations.router,
    imports.router,
    integrations.router,
    hooks.router,
    training.router,
    assessments.router,
    # Before the shipped dilemmas: /v1/dilemmas/raised is not a dilemma's id.
    raised_dilemmas.router,
    dilemmas.router,
)


ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in (
        (400, "The body could not be read (not UTF-8)"),
        (401, "No valid token"),
        (403, "The role does not allow this"),
        (404, "No such record, or not visible to your team"),
        (409, "Conflicts with the record's state, or a warned reply without a reason"),
        (413, "Over a size limit: request bytes, messages in a conversation, or characters"),
        (422, "Invalid request, or a blocked reply with its findings"),
    )
}


# Small checks one server process judges at once (large ones are judged in worker processes;
# see routes/check.py).
CHECK_CONCURRENCY = 1


def _operation_id(route: APIRoute) -> str:
    # Stable operation ids: the route function's name (clients generated from the schema keep
    # their method names across releases).
    return route.name


def create_app(
    settings: Settings | None = None,
    *,
    desk: Desk | None = None,
    clock: Clock = system_clock,
    scheduler: bool | None = None,
    web: bool = True,
    warm: bool = False,
) -> FastAPI:
    """The API over `desk` (or a desk opened, and migrated, from `settings` on start-up),
    with the web desk mounted beside it unless `web` is False. With `warm`, the process that
    judges large checks starts with the app rather than at the first large check."""
    settings = settings or (desk.settings if desk else Settings())
    run_scheduler = settings.scheduler_enabled if scheduler is None else scheduler

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = app.state.desk is None
        if own:
            app.state.desk = open_desk(settings, clock=clock)
        background = None
        if run_scheduler:
            background = Scheduler(
                app.state.desk, notifier_from_settings(settings), settings.scheduler_interval
            )
            background.start()
        app.state.scheduler = background
        app.state.check_limiter = anyio.CapacityLimiter(CHECK_CONCURRENCY)
        app.state.large_checks = LargeChecks()
        if warm:
            from trustdesk.engine.warmup import warm_up

            warm_up(app.state.desk.engine)  # models loaded before the first check
            app.state.large_checks.warm(app.state.desk.engine)
        try:
            yield
        finally:
            app.state.large_checks.close()
            if background is not None:
                background.stop()
            if own:
                app.state.desk.close()
                app.state.desk = None

    app = FastAPI(
        title="trustdesk",
        version=__version__,
        summary="Check every reply before it is sent; keep every promise in sight.",
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
    )
    app.state.desk = desk
    app.state.metrics = Metrics()
    app.state.scheduler = None
    # Around the API and the web desk mounted in it: every response gets the same headers.
    app.add_middleware(SecurityHeaders)
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    for router in ROUTERS:
        app.include_router(router, responses=ERRORS)
    if web:
        from trustdesk.web.app import create_web

        # Last, so the API's own paths (and /docs, /metrics) match first.
        app.mount("/", _api_errors_stay_json(app, create_web(app)))
    return app


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _api_errors_stay_json(app: FastAPI, web: ASGIApp) -> ASGIApp:
    """The web desk answers every path the API does not, except the API's own mistakes: a
    wrong method on an API path (405) and an unknown /v1 path (404) keep the API's JSON shape
    (raised here, they reach the API's handlers)."""

    api_routes = [route for route in app.router.routes if not isinstance(route, Mount)]

    def methods_for(scope: Scope) -> set[str]:
        # Asked through `matches` only, whatever kind of route (or included router) answers.
        return {
            method
            for method in _METHODS
            if any(
                route.matches({**scope, "method": method})[0] is Match.FULL for route in api_routes
            )
        }

    async def pages(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            # A web page matches no API route at all; only then is this a wrong method.
            partial = any(route.matches(scope)[0] is Match.PARTIAL for route in api_routes)
            allowed = methods_for(scope) if partial else set()
            if allowed:
                headers = {"Allow": ", ".join(sorted(allowed))}
                raise StarletteHTTPException(status_code=405, headers=headers)
            if scope["path"] == "/v1" or scope["path"].startswith("/v1/"):
                raise StarletteHTTPException(status_code=404)
        await web(scope, receive, send)

    return pages

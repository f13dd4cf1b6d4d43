"""One JSON error shape for every failure, registered once: {"error": {code, message, field}}
(plus `line` when a policy or a file is at fault).

Raw exception text never reaches a response; an unexpected error is logged and answered with
a plain 500.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from trustdesk.errors import (
    AuthenticationError,
    ConflictError,
    InputError,
    NotFoundError,
    OverBudgetError,
    PermissionDeniedError,
    PolicyError,
    ReplyRefusedError,
    TooLargeError,
    TooManyAttemptsError,
    TrustdeskError,
)
from trustdesk.model import Verdict, error_message

log = logging.getLogger("trustdesk.api")

_STATUS: list[tuple[type[TrustdeskError], int, str]] = [
    (AuthenticationError, 401, "unauthenticated"),
    (PermissionDeniedError, 403, "forbidden"),
    (NotFoundError, 404, "not_found"),
    (ConflictError, 409, "conflict"),
    (TooLargeError, 413, "too_large"),
    (InputError, 422, "invalid_input"),
    (PolicyError, 422, "invalid_policy"),
    (TooManyAttemptsError, 429, "too_many_attempts"),
    (OverBudgetError, 503, "over_budget"),
]


def _printable(text: str) -> str:
    # A key holding a lone surrogate cannot be encoded as JSON's UTF-8: escaped instead.
    return text if text.isascii() else text.encode("utf-8", "backslashreplace").decode("utf-8")


def error_body(code: str, message: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field, **extra}}


def install(app: FastAPI) -> None:
    @app.exception_handler(ReplyRefusedError)
    async def _refused(_: Request, exc: ReplyRefusedError) -> JSONResponse:
        assert isinstance(exc.verdict, Verdict)
        blocked = exc.needs == "lead_override"
        body = error_body(
            "reply_blocked" if blocked else "override_reason_required",
            str(exc),
            "text" if blocked else "override_reason",
            verdict=exc.verdict.to_dict(),
        )
        return JSONResponse(body, status_code=422 if blocked else 409)

    @app.exception_handler(TrustdeskError)
    async def _known(_: Request, exc: TrustdeskError) -> JSONResponse:
        for kind, status, code in _STATUS:
            if isinstance(exc, kind):
                field = getattr(exc, "field", None)
                message = getattr(exc, "reason", None) or str(exc)
                line = getattr(exc, "line", None)
                extra = {"line": line} if line is not None else {}
                headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
                if isinstance(exc, TooManyAttemptsError):
                    headers = {"Retry-After": str(exc.retry_after)}
                body = error_body(code, message, field, **extra)
                return JSONResponse(body, status, headers=headers)
        log.error("unmapped trustdesk error: %s", exc)
        return JSONResponse(error_body("error", str(exc)), status_code=400)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {
                "field": _printable(".".join(str(p) for p in e["loc"] if p != "body")) or None,
                "message": error_message(e),
            }
            for e in exc.errors()
        ]
        first = problems[0] if problems else {"field": None, "message": "invalid request"}
        body = error_body("invalid_request", str(first["message"]), first["field"])
        body["error"]["problems"] = problems[:20]
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {
            400: "invalid_request",
            401: "unauthenticated",
            404: "not_found",
            405: "method_not_allowed",
            413: "too_large",
        }.get(exc.status_code, "http_error")
        return JSONResponse(error_body(code, str(exc.detail)), exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return JSONResponse(error_body("internal_error", "internal server error"), 500)

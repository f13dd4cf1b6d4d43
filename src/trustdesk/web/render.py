"""Rendering a page, or its JSON twin: the same data, asked for with `Accept: application/json`
or `?format=json`. HTMX fragments are the templates whose names start with `_`."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates

from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import Permission
from trustdesk.service_level.state import STATE_LABELS, State
from trustdesk.web.session import NONCE_COOKIE, WebSession, is_https

TEMPLATES = Path(__file__).parent / "templates"


def wants_json(request: Request) -> bool:
    if request.query_params.get("format") == "json":
        return True
    accept = request.headers.get("accept", "")
    return accept.split(",")[0].strip().startswith("application/json")


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def duration(span: timedelta) -> str:
    """A short human duration: '45 min', '3 h 20 min', '2 d 4 h'."""
    minutes = max(0, int(span.total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"


def state_label(state: str) -> str:
    """ "Waiting on us", "Solved": a ticket's state as people read it."""
    try:
        return STATE_LABELS[State(state)]
    except ValueError:
        return state


def money(amount: Decimal | float | int, currency: str = "") -> str:
    return f"{Decimal(str(amount)):,.2f} {currency}".strip()


class Pages:
    """The desk's templates, with the helpers every page uses."""

    def __init__(self) -> None:
        self.templates = Jinja2Templates(directory=TEMPLATES)
        self.templates.env.filters["money"] = money
        self.templates.env.filters["duration"] = duration
        self.templates.env.globals["Permission"] = Permission
        self.templates.env.globals["state_label"] = state_label

    def render(
        self,
        request: Request,
        desk: Desk,
        session: WebSession,
        template: str,
        data: dict[str, Any],
        *,
        extra: dict[str, Any] | None = None,
        status: int = 200,
    ) -> Response:
        """`data` is the page's content (and its JSON twin); `extra` only helps the HTML."""
        if wants_json(request) and not template.startswith("_"):
            response: Response = JSONResponse(jsonable_encoder(data), status_code=status)
        else:
            now = desk.now()
            tz = desk.policy.organisation.tz
            context = {
                **data,
                **(extra or {}),
                "me": session.actor,
                "csrf": session.csrf,
                "now": now,
                "when": lambda moment: _when(moment, tz, now),
                "since": lambda moment: duration(now - moment) if moment else "",
                "org": desk.policy.organisation.name,
            }
            response = self.templates.TemplateResponse(
                request, template, context, status_code=status
            )
        if session.new_nonce is not None:
            response.set_cookie(
                NONCE_COOKIE,
                session.new_nonce,
                httponly=True,
                samesite="lax",
                secure=is_https(request, desk.settings.public_url),
                path="/",
            )
        return response


def _when(moment: datetime | None, tz: ZoneInfo, now: datetime) -> str:
    """A time as people at the organisation read it: '14:05' today, else 'Tue 3 Mar 14:05'."""
    if moment is None:
        return ""
    local = moment.astimezone(tz)
    if local.date() == now.astimezone(tz).date():
        return f"{local:%H:%M}"
    if local.year == now.astimezone(tz).year:
        return f"{local:%a} {local.day} {local:%b %H:%M}"
    return f"{local.day} {local:%b %Y %H:%M}"

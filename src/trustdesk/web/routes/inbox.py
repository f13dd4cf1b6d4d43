"""The inbox: tickets with their waiting time and promises, filtered and searched; new tickets."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query
from fastapi.responses import RedirectResponse, Response

from trustdesk.desk.inputs import CustomerIn
from trustdesk.desk.tickets import (
    STATES,
    STATUSES,
    TicketState,
    TicketStatus,
    create_ticket,
    list_tickets,
)
from trustdesk.errors import InputError
from trustdesk.web.deps import SignedIn
from trustdesk.web.render import is_htmx

router = APIRouter()
PAGE = 50


@router.get("/tickets")
def inbox(
    page: SignedIn,
    status: Annotated[TicketStatus | Literal[""], Query()] = "",
    state: Annotated[TicketState | Literal[""], Query()] = "",
    waiting: Annotated[Literal["", "true", "false"], Query()] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    tickets = list_tickets(
        page.desk,
        page.actor,
        status=status or None,
        waiting={"true": True, "false": False}.get(waiting),
        state=state or None,
        search=q.strip() or None,
        limit=PAGE,
        offset=offset,
    )
    data: dict[str, Any] = {
        "tickets": tickets,
        "filters": {"status": status, "state": state, "waiting": waiting, "q": q},
    }
    # The filter form asks for the table only; a full load (or a bookmark) gets the page.
    template = "_ticket_rows.html" if is_htmx(page.request) else "inbox.html"
    extra = {"title": "Inbox", "nav": "inbox", "statuses": STATUSES, "states": STATES}
    return page.render(template, data, extra=extra)


@router.get("/tickets/new")
def new_ticket_page(page: SignedIn) -> Response:
    data: dict[str, Any] = {"form": {}, "error": None}
    extra = {"title": "New ticket", "nav": "inbox"}
    return page.render("new_ticket.html", data, extra=extra)


@router.post("/tickets")
def new_ticket(
    page: SignedIn,
    text: Annotated[str, Form(max_length=20_000)],
    name: Annotated[str, Form(max_length=200)] = "",
    email: Annotated[str, Form(max_length=320)] = "",
    language: Annotated[str, Form(max_length=35)] = "",
    subject: Annotated[str, Form(max_length=300)] = "",
    channel: Annotated[str, Form(max_length=40)] = "",
    requested: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    form = {
        "name": name,
        "email": email,
        "language": language,
        "subject": subject,
        "channel": channel,
        "requested": requested,
        "text": text,
    }
    try:
        customer = CustomerIn(
            name=name.strip() or None, email=email.strip() or None, language=language or None
        )
        ticket, _ = create_ticket(
            page.desk,
            page.actor,
            customer=customer,
            text=text,
            subject=subject.strip() or None,
            channel=channel.strip() or None,
            requested=requested.strip() or None,
        )
    except (InputError, ValueError) as error:
        data: dict[str, Any] = {"form": form, "error": getattr(error, "reason", str(error))}
        extra = {"title": "New ticket", "nav": "inbox"}
        return page.render("new_ticket.html", data, extra=extra, status=422)
    return RedirectResponse(f"/tickets/{ticket.id}", status_code=303)

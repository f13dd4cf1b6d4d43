"""The inbox: tickets with their customer, owner, priority, findings, waiting time and promises,
filtered, sorted and searched; taking a ticket or handing it on; new tickets."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query
from fastapi.responses import RedirectResponse, Response

from trustdesk.desk.inputs import CustomerIn
from trustdesk.desk.ownership import assign_ticket, teammates
from trustdesk.desk.roles import Permission
from trustdesk.desk.tickets import (
    SORTS,
    STATES,
    STATUSES,
    TicketSort,
    TicketState,
    TicketStatus,
    create_ticket,
    list_tickets,
)
from trustdesk.errors import InputError
from trustdesk.web.deps import PathId, SignedIn
from trustdesk.web.render import is_htmx

router = APIRouter()
PAGE = 50
SORT_LABELS = {
    "waiting": "longest waiting",
    "priority": "priority",
    "findings": "most findings",
    "updated": "latest activity",
    "newest": "newest",
}
OwnerFilter = Literal["", "me", "none"]
FindingsFilter = Literal["", "block", "warn", "any"]


@router.get("/tickets")
def inbox(
    page: SignedIn,
    status: Annotated[TicketStatus | Literal[""], Query()] = "",
    state: Annotated[TicketState | Literal[""], Query()] = "",
    waiting: Annotated[Literal["", "true", "false"], Query()] = "",
    owner: Annotated[OwnerFilter, Query()] = "",
    findings: Annotated[FindingsFilter, Query()] = "",
    sort: Annotated[TicketSort, Query()] = "waiting",
    q: Annotated[str, Query(max_length=200)] = "",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    tickets = list_tickets(
        page.desk,
        page.actor,
        status=status or None,
        waiting={"true": True, "false": False}.get(waiting),
        state=state or None,
        owner=owner or None,
        findings=findings or None,
        sort=sort,
        search=q.strip() or None,
        limit=PAGE,
        offset=offset,
    )
    filters = {
        "status": status,
        "state": state,
        "waiting": waiting,
        "owner": owner,
        "findings": findings,
        "sort": sort,
        "q": q,
    }
    data: dict[str, Any] = {"tickets": tickets, "filters": filters}
    # The filter form asks for the table only; a full load (or a bookmark) gets the page.
    template = "_ticket_rows.html" if is_htmx(page.request) else "inbox.html"
    may_assign = page.actor.can(Permission.WRITE)
    extra = {
        "title": "Inbox",
        "nav": "inbox",
        "statuses": STATUSES,
        "states": STATES,
        "sorts": [(s, SORT_LABELS[s]) for s in SORTS],
        "may_assign": may_assign,
        "teammates": teammates(page.desk, page.actor) if may_assign else [],
        "me": page.actor.user_id,
        "here": str(page.request.url.path)
        + (f"?{page.request.url.query}" if page.request.url.query else ""),
    }
    return page.render(template, data, extra=extra)


@router.post("/tickets/{ticket_id}/owner")
def change_owner(
    page: SignedIn,
    ticket_id: PathId,
    owner: Annotated[str, Form(max_length=20)] = "",
    back: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Take the ticket ("me"), hand it to a teammate (their id) or to nobody ("")."""
    if owner == "me":
        owner_id = page.actor.user_id
    elif owner == "":
        owner_id = None
    elif owner.isdigit():
        owner_id = int(owner)
    else:
        raise InputError("owner is 'me', a user id, or empty for nobody", field="owner")
    assign_ticket(page.desk, page.actor, ticket_id, owner_id=owner_id)
    # Back to the list as it was filtered; only a page of this desk.
    target = back if back.startswith("/tickets") and "//" not in back else f"/tickets/{ticket_id}"
    return RedirectResponse(target, status_code=303)


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

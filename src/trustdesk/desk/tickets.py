"""Tickets: a customer's message comes in, the desk keeps it, agents find and read it.

A helpdesk that calls the webhook twice with the same external id changes nothing the second
time: the ticket (or message) already stored is handed back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from trustdesk.desk import audit_log
from trustdesk.desk.customer_text import at_rest
from trustdesk.desk.desk import Desk, once_more_on_duplicate
from trustdesk.desk.inputs import CustomerIn, check_text
from trustdesk.desk.ledger import commitment_view, overdue_expression, status_expression
from trustdesk.desk.priority import priority_of
from trustdesk.desk.redaction import Redacted, redact_secrets
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.sla import ticket_wait, wait_of
from trustdesk.desk.subject import subject_of
from trustdesk.desk.tenancy import (
    customer_by_external_id,
    load_ticket,
    owning_team,
    ticket_by_external_id,
    visible_tickets,
)
from trustdesk.desk.ticket_state import refresh
from trustdesk.desk.views import (
    ConsentView,
    CustomerView,
    MessageView,
    Page,
    QueueCounts,
    RemedyView,
    SurveyView,
    TicketSummary,
    TicketView,
)
from trustdesk.errors import ConflictError
from trustdesk.model import Message as EngineMessage
from trustdesk.model import Role
from trustdesk.service_level.waits import needs_reply
from trustdesk.store.tables import (
    Commitment,
    Consent,
    Customer,
    Message,
    Remedy,
    Survey,
    Ticket,
)

TicketStatus = Literal["open", "pending", "resolved", "closed"]
STATUSES: tuple[TicketStatus, ...] = ("open", "pending", "resolved", "closed")
SOLVED_STATUSES = ("resolved", "closed")
TicketState = Literal["waiting_on_us", "open", "waiting_on_customer", "solved"]
STATES: tuple[TicketState, ...] = ("waiting_on_us", "open", "waiting_on_customer", "solved")
MAX_PAGE = 200
TicketSort = Literal["waiting", "priority", "findings", "updated", "newest"]
SORTS: tuple[TicketSort, ...] = ("waiting", "priority", "findings", "updated", "newest")


@once_more_on_duplicate
def create_ticket(
    desk: Desk,
    actor: Actor,
    *,
    customer: CustomerIn,
    text: str,
    subject: str | None = None,
    channel: str | None = None,
    requested: str | None = None,
    external_id: str | None = None,
    message_external_id: str | None = None,
    at: datetime | None = None,
) -> tuple[TicketView, bool]:
    """Open a ticket with the customer's first message; (ticket, created)."""
    actor.require(Permission.WRITE)
    team_id = owning_team(actor)
    check_text(text, limit=desk.settings.max_message_chars)
    with desk.transaction() as session:
        if external_id is not None:
            existing = ticket_by_external_id(session, actor, external_id)
            if existing is not None:
                return _view(session, desk, existing), False
        now = desk.now()
        moment = at or now
        ticket = Ticket(
            external_id=external_id,
            team_id=team_id,
            customer=upsert_customer(session, desk, actor, customer),
            subject=_scrub(desk, subject_of(text, subject)).text.strip()[:300] or "(no subject)",
            channel=channel,
            status="open",
            requested=at_rest(desk, requested),
            created_at=now,
            updated_at=now,
            waiting_since=moment,
        )
        session.add(ticket)
        session.flush()
        _store_customer_message(session, desk, ticket, text, message_external_id, moment)
        refresh(session, desk, ticket)
        audit_log.record(session, desk, actor, "create", "ticket", ticket.id)
        session.flush()
        session.refresh(ticket)
        return _view(session, desk, ticket), True


@once_more_on_duplicate
def add_customer_message(
    desk: Desk,
    actor: Actor,
    *,
    ticket_id: int,
    text: str,
    external_id: str | None = None,
    at: datetime | None = None,
) -> tuple[MessageView, bool]:
    """A further message from the customer; (message, created). What it says decides the
    ticket's state: a question reopens a solved ticket, "that worked, thanks" solves it."""
    actor.require(Permission.WRITE)
    check_text(text, limit=desk.settings.max_message_chars)
    with desk.transaction() as session:
        ticket = load_ticket(session, actor, ticket_id)
        existing = message_with_external_id(session, ticket.id, external_id)
        if existing is not None:
            return MessageView.model_validate(existing), False
        moment = at or desk.now()
        message = _store_customer_message(session, desk, ticket, text, external_id, moment)
        # A new message: the messages decide the state again, but a thank-you leaves a ticket
        # someone solved or closed as it was.
        if not (ticket.status in SOLVED_STATUSES and _only_closes(desk, message)):
            ticket.status_declared = False
        ticket.updated_at = desk.now()
        refresh(session, desk, ticket)
        audit_log.record(session, desk, actor, "create", "message", message.id, ticket=ticket.id)
        return MessageView.model_validate(message), True


def _only_closes(desk: Desk, message: Message) -> bool:
    """Whether a customer's message only closes (thanks, "that worked"): no reply owed."""
    read = EngineMessage(id=str(message.id), role=Role.CUSTOMER, at=message.at, text=message.text)
    return not needs_reply(desk.engine.analyse(read), desk.engine.service_level.closing_max_words)


def message_with_external_id(
    session: Session, ticket_id: int, external_id: str | None
) -> Message | None:
    """The message a helpdesk already delivered under this id, if any (repeats are no-ops)."""
    if external_id is None:
        return None
    return session.scalar(
        select(Message).where(Message.ticket_id == ticket_id, Message.external_id == external_id)
    )


def _store_customer_message(
    session: Session,
    desk: Desk,
    ticket: Ticket,
    text: str,
    external_id: str | None,
    at: datetime,
) -> Message:
    text, redactions = _scrub(desk, text)
    message = Message(
        ticket_id=ticket.id,
        external_id=external_id,
        role="customer",
        author=None,
        at=at,
        text=text,
        redactions=redactions,
        findings=[],
        created_at=desk.now(),
    )
    session.add(message)
    session.flush()
    return message


def _scrub(desk: Desk, text: str) -> Redacted:
    return redact_secrets(text) if desk.settings.redact_secrets else Redacted(text, [])


def upsert_customer(session: Session, desk: Desk, actor: Actor, data: CustomerIn) -> Customer:
    """The actor's team's customer with this external id (updated with what is given), or a
    new customer of the team."""
    customer = None
    if data.external_id is not None:
        customer = customer_by_external_id(session, actor, data.external_id)
    if customer is None:
        customer = new_customer(desk, actor, data)
        session.add(customer)
        session.flush()
        return customer
    update_customer(customer, data)
    return customer


def new_customer(desk: Desk, actor: Actor, data: CustomerIn) -> Customer:
    """A customer of the actor's team, not yet added to a session."""
    return Customer(
        team_id=owning_team(actor),
        external_id=data.external_id,
        name=data.name,
        email=data.email,
        language=data.language,
        segment=dict(data.segment),
        preferences=data.preferences_dict(),
        created_at=desk.now(),
    )


def update_customer(customer: Customer, data: CustomerIn) -> None:
    """`customer` with what `data` gives (what it leaves out is kept)."""
    if customer.erased_at is not None:
        raise ConflictError(f"customer {data.external_id!r} was erased and cannot be reused")
    for field in ("name", "email", "language"):
        value = getattr(data, field)
        if value is not None:
            setattr(customer, field, value)
    if data.segment:
        customer.segment = {**customer.segment, **data.segment}
    if preferences := data.preferences_dict():
        customer.preferences = {**customer.preferences, **preferences}


def list_tickets(
    desk: Desk,
    actor: Actor,
    *,
    status: TicketStatus | None = None,
    customer_id: int | None = None,
    waiting: bool | None = None,
    state: TicketState | None = None,
    search: str | None = None,
    owner: Literal["me", "none"] | int | None = None,
    findings: Literal["block", "warn", "any"] | None = None,
    sort: TicketSort = "waiting",
    limit: int = 50,
    offset: int = 0,
) -> Page[TicketSummary]:
    """Tickets of the actor's team. `waiting`: a wait is running (a reply or a promised
    update owed); `state`: as `trustdesk.service_level.state` says; `owner`: the actor's,
    nobody's, or a user id's; `findings`: with a block, with a warning or a block, or any.
    `sort` (see SORTS): waiting, longest first; priority, tickets with a block, then with an
    overdue promise, each longest-waiting first (a wait past the SLA is among the longest);
    findings, most blocks then warnings; updated, latest first; newest, by id."""
    actor.require(Permission.READ)
    limit = max(1, min(limit, MAX_PAGE))
    with desk.reading() as session:
        query = visible_tickets(select(Ticket), actor)
        if status is not None:
            query = query.where(Ticket.status == status)
        if state is not None:
            query = query.where(Ticket.state == state)
        if customer_id is not None:
            query = query.where(Ticket.customer_id == customer_id)
        if waiting is not None:
            column = Ticket.waiting_since
            query = query.where(column.is_not(None) if waiting else column.is_(None))
        if search:
            pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            pattern += "%"
            matching = select(Message.ticket_id).where(Message.text.ilike(pattern, escape="\\"))
            query = query.where(
                or_(Ticket.subject.ilike(pattern, escape="\\"), Ticket.id.in_(matching))
            )
        if owner == "me":
            query = query.where(Ticket.owner_user_id == actor.user_id)
        elif owner == "none":
            query = query.where(Ticket.owner_user_id.is_(None))
        elif owner is not None:
            query = query.where(Ticket.owner_user_id == owner)
        if findings == "block":
            query = query.where(Ticket.block_findings > 0)
        elif findings == "warn":
            query = query.where(Ticket.block_findings + Ticket.warn_findings > 0)
        elif findings == "any":
            query = query.where(Ticket.block_findings + Ticket.warn_findings == 0)
        query = query.order_by(*_order(desk, sort))
        rows = list(session.scalars(query.offset(offset).limit(limit + 1)).unique())
        page = rows[:limit]
        counts = _commitment_counts(session, desk, [t.id for t in page])
        items = [_summary(desk, t, counts.get(t.id, (0, 0))) for t in page]
        return Page(items=items, offset=offset, limit=limit, more=len(rows) > limit)


def _order(desk: Desk, sort: TicketSort) -> list[Any]:
    longest_waiting = [Ticket.waiting_since.is_(None), Ticket.waiting_since]
    latest = [Ticket.updated_at.desc(), Ticket.id.desc()]
    if sort == "priority":
        overdue = (
            select(Commitment.id)
            .where(Commitment.ticket_id == Ticket.id, overdue_expression(desk.now()))
            .exists()
        )
        return [(Ticket.block_findings > 0).desc(), overdue.desc(), *longest_waiting, *latest]
    if sort == "findings":
        return [Ticket.block_findings.desc(), Ticket.warn_findings.desc(), *longest_waiting]
    if sort == "updated":
        return latest
    if sort == "newest":
        return [Ticket.id.desc()]
    return [*longest_waiting, *latest]


def queue_counts(desk: Desk, actor: Actor) -> QueueCounts:
    """The actor's tickets by state, and the waits running now past the SLA (measured as
    responsiveness.wait measures them)."""
    actor.require(Permission.READ)
    counts = QueueCounts()
    with desk.reading() as session:
        mine = Ticket.id.in_(visible_tickets(select(Ticket.id), actor).scalar_subquery())
        by_state = session.execute(
            select(Ticket.state, func.count()).where(mine).group_by(Ticket.state)
        )
        for state, number in by_state:
            counts.states[state] = int(number)
        waits = session.execute(
            select(Ticket.waiting_since, Ticket.first_reply_at).where(
                mine, Ticket.waiting_since.is_not(None)
            )
        )
        for since, first_reply in waits:
            measured = wait_of(desk, since, first_reply)
            counts.waiting += 1
            counts.past_sla += bool(measured is not None and measured.past_sla)
    return counts


def get_ticket(desk: Desk, actor: Actor, ticket_id: int) -> TicketView:
    """One ticket with everything on it; the read is written to the audit log."""
    actor.require(Permission.READ)
    with desk.transaction() as session:
        ticket = load_ticket(session, actor, ticket_id)
        audit_log.record(session, desk, actor, "read", "ticket", ticket.id)
        return _view(session, desk, ticket)


def update_ticket(
    desk: Desk,
    actor: Actor,
    ticket_id: int,
    *,
    status: TicketStatus | None = None,
    diagnosed_need: str | None = None,
    requested: str | None = None,
) -> TicketView:
    actor.require(Permission.WRITE)
    with desk.transaction() as session:
        ticket = load_ticket(session, actor, ticket_id)
        changes: dict[str, str] = {}
        now = desk.now()
        if status is not None and (status != ticket.status or not ticket.status_declared):
            # Declared: it has the last word on the state until the next message.
            changes["status"] = status
            ticket.status, ticket.status_declared = status, True
            if status in ("resolved", "closed"):
                ticket.resolved_at = ticket.resolved_at or now
                ensure_survey(session, desk, ticket)
            else:
                ticket.resolved_at = None
            refresh(session, desk, ticket)
        if diagnosed_need is not None:
            ticket.diagnosed_need = at_rest(desk, diagnosed_need)
            changes["diagnosed_need"] = "set"
        if requested is not None:
            ticket.requested = at_rest(desk, requested)
            changes["requested"] = "set"
        if changes:
            ticket.updated_at = now
            audit_log.record(session, desk, actor, "update", "ticket", ticket.id, **changes)
        return _view(session, desk, ticket)


def ensure_survey(session: Session, desk: Desk, ticket: Ticket) -> None:
    """A resolved ticket gets one survey (resolving again does not add another)."""
    if session.scalar(select(Survey).where(Survey.ticket_id == ticket.id)) is None:
        session.add(Survey(ticket_id=ticket.id, created_at=desk.now()))


def _commitment_counts(
    session: Session, desk: Desk, ticket_ids: list[int]
) -> dict[int, tuple[int, int]]:
    """Per ticket: its open promises and the overdue ones, judged now (see desk.ledger)."""
    if not ticket_ids:
        return {}
    now = desk.now()
    status = status_expression(now, desk.engine.service_level.promise_grace)
    overdue = func.sum(case((overdue_expression(now), 1), else_=0))
    rows = session.execute(
        select(Commitment.ticket_id, func.count(), overdue)
        .where(Commitment.ticket_id.in_(ticket_ids), status == "open")
        .group_by(Commitment.ticket_id)
    )
    return {ticket_id: (int(total), int(late or 0)) for ticket_id, total, late in rows}


def _summary(desk: Desk, ticket: Ticket, counts: tuple[int, int]) -> TicketSummary:
    summary = TicketSummary.model_validate(ticket)
    summary.open_commitments, summary.overdue_commitments = counts
    if ticket.owner is not None:
        summary.owner_name = ticket.owner.display_name
    customer = ticket.customer
    summary.customer_label = customer.name or customer.email or customer.external_id
    measured = ticket_wait(desk, ticket)
    if measured is not None:
        summary.waited = measured.describe()
        summary.waited_seconds = int(measured.waited.total_seconds())
        summary.sla_due_at = measured.due
        summary.waiting_past_sla = measured.past_sla
    summary.priority, summary.priority_reasons = priority_of(
        block_findings=ticket.block_findings,
        warn_findings=ticket.warn_findings,
        past_sla=summary.waiting_past_sla,
        overdue_promises=summary.overdue_commitments,
        waiting=ticket.waiting_since is not None,
    )
    return summary


def _view(session: Session, desk: Desk, ticket: Ticket) -> TicketView:
    now = desk.now()
    grace = desk.engine.service_level.promise_grace
    commitments = [
        commitment_view(row, now, grace)
        for row in session.scalars(
            select(Commitment).where(Commitment.ticket_id == ticket.id).order_by(Commitment.id)
        )
    ]
    open_count = sum(c.status == "open" for c in commitments)
    late = sum(c.overdue for c in commitments)
    summary = _summary(desk, ticket, (open_count, late))
    survey = session.scalar(select(Survey).where(Survey.ticket_id == ticket.id))
    return TicketView(
        **summary.model_dump(),
        requested=ticket.requested,
        diagnosed_need=ticket.diagnosed_need,
        customer=CustomerView.model_validate(ticket.customer),
        messages=[MessageView.model_validate(m) for m in ticket.messages],
        commitments=commitments,
        consents=[
            ConsentView.model_validate(c)
            for c in session.scalars(
                select(Consent).where(Consent.ticket_id == ticket.id).order_by(Consent.id)
            )
        ],
        remedies=[
            RemedyView.model_validate(r)
            for r in session.scalars(
                select(Remedy).where(Remedy.ticket_id == ticket.id).order_by(Remedy.id)
            )
        ],
        survey=SurveyView.model_validate(survey) if survey else None,
    )

"""The promise ledger: every promise a reply made, sent in the desk or imported, kept as a
commitment and judged from the messages exactly as the audit judges it.

The engine finds the promises (`trustdesk.text.commitments`) in every agent and bot message,
and `trustdesk.service_level.promises` judges them: a timed promise is open until its due time
plus the grace, then kept if a reply from us came by then (or, for an outcome, unless the
customer came back about it) and broken if not; a promise with no time of its own is untimed.
Each promise is one row, found again by its message and its place in it, so reading a ticket
again (a new message, an import of the same export) adds nothing twice.

A row stores what the promise becomes once due (`settles_as`); what it is at a given moment is
worked out when it is read (`status_at`, or `status_expression` in a query), so the sidebar,
the inbox, the board, the dashboard and the API give the same answer at the same moment as an
audit of the same messages with the same clock. A person may close a promise as kept, broken
or renegotiated: their word stands over the messages'.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from trustdesk.desk.desk import Desk
from trustdesk.desk.sla import due_after
from trustdesk.desk.views import CommitmentView, LedgerCounts
from trustdesk.model import Message as EngineMessage
from trustdesk.service_level.promises import Outcome, Promise, promises
from trustdesk.store.tables import Commitment, Message, Ticket

# A promise the messages still judge (the others were closed by a person).
TRACKED = ("open", "untimed")
REPLY_ROLES = ("agent", "bot")


def reconcile(
    session: Session,
    desk: Desk,
    ticket: Ticket,
    stored: Sequence[Message],
    read: Sequence[EngineMessage],
    *,
    created: bool = False,
) -> None:
    """Bring the ticket's commitments in line with the promises in its messages.

    `stored` are the ticket's messages the engine read, as `read` (the same order).
    `created`: the ticket is new, so it has no commitments yet, and the ones added here are
    written with the caller's next flush.
    """
    by_id = {str(message.id): message for message in stored}
    rows = (
        []
        if created
        else list(
            session.scalars(
                select(Commitment)
                .where(Commitment.message_id.in_([m.id for m in stored]))
                .order_by(Commitment.id)
            )
        )
    )
    found: dict[tuple[int, int | None], Commitment] = {}
    unplaced: dict[int, list[Commitment]] = {}
    for existing in rows:
        if existing.source != "engine":
            continue
        if existing.span_start is None:  # kept from before promises had their place
            unplaced.setdefault(existing.message_id, []).append(existing)
        else:
            found[(existing.message_id, existing.span_start)] = existing
    grace = desk.engine.service_level.promise_grace
    for promise in promises(read, desk.engine.analyse, grace, None):
        message = by_id[promise.message.id]
        key = (message.id, promise.commitment.start)
        row: Commitment | None = found.pop(key) if key in found else None
        if row is None and unplaced.get(message.id):
            row = unplaced[message.id].pop(0)
        if row is None:
            row = Commitment(
                ticket_id=ticket.id,
                message_id=message.id,
                source="engine",
                status="open",
                created_at=desk.now(),
            )
            session.add(row)
        _judge(desk, row, message, promise, by_id)
    for existing in rows:
        if existing.source == "person" and existing.status in TRACKED:
            _judge_renegotiated(desk, existing, stored)
    if not created:
        session.flush()


def _judge(
    desk: Desk, row: Commitment, message: Message, promise: Promise, by_id: dict[str, Message]
) -> None:
    commitment = promise.commitment
    row.span_start = commitment.start
    row.text = " ".join(commitment.sentence.text.split()) or commitment.text
    row.kind = commitment.kind
    follow_up = by_id[promise.follow_up.id] if promise.follow_up is not None else None
    row.followed_up_at = follow_up.at if follow_up is not None else None
    untimed = promise.outcome is Outcome.UNTIMED
    if untimed:
        # No time of its own: the customer may fairly expect to hear back within the update SLA.
        row.due_at = commitment.due or due_after(
            desk.policy, message.at, desk.policy.sla.update_interval
        )
        row.due_from_sla = commitment.due is None
        row.settles_as = None
    else:
        row.due_at = commitment.due
        row.due_from_sla = False
        row.settles_as = promise.settles_as.value if promise.settles_as else None
    if row.status in TRACKED:
        row.status = "untimed" if untimed else "open"


def _judge_renegotiated(desk: Desk, row: Commitment, stored: Sequence[Message]) -> None:
    """A new time a person agreed: kept if we wrote after agreeing it and by then."""
    if row.due_at is None:
        row.status, row.settles_as = "untimed", None
        return
    deadline = row.due_at + desk.engine.service_level.promise_grace
    replies = [m for m in stored if m.role in REPLY_ROLES and m.at > row.created_at]
    row.followed_up_at = min((m.at for m in replies), default=None)
    on_time = any(m.at <= deadline for m in replies)
    row.settles_as = "kept" if on_time else "broken"


def status_at(row: Commitment, now: datetime, grace: timedelta) -> str:
    """What the promise is at `now`: open, kept, broken, untimed or renegotiated."""
    if row.status != "open":
        return row.status
    if row.due_at is None or row.settles_as is None:
        return "open"
    return "open" if now <= row.due_at + grace else row.settles_as


def overdue_at(row: Commitment, now: datetime) -> bool:
    """Past due with no word from us since it was made: a customer in the dark."""
    return (
        row.status == "open"
        and row.due_at is not None
        and row.due_at < now
        and row.settles_as == "broken"
        and row.followed_up_at is None
    )


def commitment_view(row: Commitment, now: datetime, grace: timedelta) -> CommitmentView:
    """The row as handed back: what it is at `now`, and whether a customer is in the dark."""
    view = CommitmentView.model_validate(row)
    view.status = status_at(row, now, grace)  # type: ignore[assignment]
    view.overdue = overdue_at(row, now)
    view.closed_by_person = row.status not in TRACKED
    return view


def status_expression(now: datetime, grace: timedelta) -> ColumnElement[str]:
    """`status_at` as SQL, for counting and filtering in the database."""
    return case(
        (Commitment.status != "open", Commitment.status),
        (Commitment.due_at.is_(None), "open"),
        (Commitment.due_at >= now - grace, "open"),
        else_=func.coalesce(Commitment.settles_as, "open"),
    )


def overdue_expression(now: datetime) -> ColumnElement[bool]:
    """`overdue_at` as SQL."""
    return and_(
        Commitment.status == "open",
        Commitment.due_at < now,
        Commitment.settles_as == "broken",
        Commitment.followed_up_at.is_(None),
    )


def add_counts(counts: LedgerCounts, status: str, source: str, number: int) -> None:
    """Count `number` promises of one status; a renegotiated promise's new time is one more
    promise of a person's, not one the messages made."""
    if status == "renegotiated":
        counts.renegotiated += number
    if source != "engine":
        return
    counts.made += number
    if status == "untimed":
        counts.untimed += number
    else:
        counts.timed += number
    if status in ("kept", "broken", "open"):
        setattr(counts, status, getattr(counts, status) + number)

"""The reminder scheduler: commitments coming due, commitments overdue, SLA breaches.

Its whole state is in the database: a scan turns what is due into notification rows (one per
event, by a unique key, so nothing is announced twice), and delivery works through the
pending rows. A restarted server picks up exactly where the last one stopped. Delivery is at
least once: a crash between sending and recording repeats that one notification, and every
notification carries its id so a receiver can drop the repeat.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from trustdesk.desk.desk import Desk
from trustdesk.desk.hooks import retry_due
from trustdesk.desk.ledger import overdue_at
from trustdesk.desk.notify import Notifier
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.sla import wait_of
from trustdesk.desk.tenancy import visible_tickets
from trustdesk.desk.views import NotificationView
from trustdesk.store.tables import Commitment, Notification, Ticket

log = logging.getLogger("trustdesk.scheduler")

MAX_ATTEMPTS = 8
# A claimed notification is retried after this long if its sender died mid-way.
CLAIM_LEASE = timedelta(minutes=5)
BATCH = 100


@dataclass
class SchedulerPass:
    created: int = 0
    sent: int = 0
    failed: int = 0
    recorded: int = 0
    # Helpdesk deliveries worked on again after a failure (trustdesk.desk.hooks).
    deliveries: int = 0


def scan(desk: Desk) -> int:
    """Create the notifications that are due now; returns how many are new."""
    now = desk.now()
    events: list[tuple[str, str, int, dict[str, Any]]] = []
    with desk.reading() as session:
        soon = now + desk.settings.remind_before
        # Promises the messages still judge, coming due with no word from us since.
        commitments = session.scalars(
            select(Commitment).where(
                Commitment.status == "open",
                Commitment.due_at.is_not(None),
                Commitment.due_at <= soon,
                Commitment.followed_up_at.is_(None),
            )
        )
        for c in commitments:
            assert c.due_at is not None
            overdue = c.due_at <= now
            if overdue and not overdue_at(c, now):
                continue  # past due, and nothing more to send (an outcome that came true)
            kind = "commitment_overdue" if overdue else "commitment_due"
            title = (
                f"Overdue promise on ticket {c.ticket_id}"
                if overdue
                else f"Promise on ticket {c.ticket_id} falls due at {c.due_at:%Y-%m-%d %H:%M} UTC"
            )
            events.append(
                (
                    kind,
                    f"commitment:{c.id}:{c.due_at.isoformat()}",
                    c.ticket_id,
                    {
                        "title": title,
                        "text": f"The customer was told: “{c.text}”. Due {c.due_at.isoformat()}.",
                        "commitment_id": c.id,
                        "due_at": c.due_at.isoformat(),
                    },
                )
            )
        waiting = session.execute(
            select(Ticket.id, Ticket.waiting_since, Ticket.first_reply_at).where(
                Ticket.waiting_since.is_not(None)
            )
        )
        for ticket_id, since, first_reply in waiting:
            measured = wait_of(desk, since, first_reply)
            assert since is not None and measured is not None
            due = measured.due
            if measured.past_sla:
                events.append(
                    (
                        "sla_breach",
                        f"ticket:{ticket_id}:{since.isoformat()}",
                        ticket_id,
                        {
                            "title": f"Customer waiting past the SLA on ticket {ticket_id}",
                            "text": f"Waiting since {since.isoformat()}; an answer "
                            f"was due by {due.isoformat()}.",
                            "waiting_since": since.isoformat(),
                            "due_at": due.isoformat(),
                        },
                    )
                )
    if not events:
        return 0
    try:
        return _record(desk, events, now)
    except IntegrityError:
        # Another server process recorded the same events first: nothing is lost.
        return 0


def _record(desk: Desk, events: list[tuple[str, str, int, dict[str, Any]]], now: datetime) -> int:
    created = 0
    with desk.transaction() as session:
        keys = {(kind, key) for kind, key, _, _ in events}
        rows = session.execute(
            select(Notification.kind, Notification.subject_key).where(
                Notification.subject_key.in_([key for _, key in keys])
            )
        )
        existing = {(kind, key) for kind, key in rows}
        for kind, key, ticket_id, payload in events:
            if (kind, key) in existing:
                continue
            existing.add((kind, key))
            session.add(
                Notification(
                    kind=kind,
                    subject_key=key,
                    ticket_id=ticket_id,
                    payload={"kind": kind, "ticket_id": ticket_id, **payload},
                    status="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
            created += 1
    return created


def deliver(desk: Desk, notifier: Notifier | None, outcome: SchedulerPass) -> None:
    """Send what is pending; each notification is claimed first, so two servers never both send."""
    now = desk.now()
    with desk.reading() as session:
        ids = list(
            session.scalars(
                select(Notification.id)
                .where(Notification.status == "pending", Notification.next_attempt_at <= now)
                .order_by(Notification.id)
                .limit(BATCH)
            )
        )
    for notification_id in ids:
        with desk.transaction() as session:
            claimed = session.execute(
                update(Notification)
                .where(
                    Notification.id == notification_id,
                    Notification.status == "pending",
                    Notification.next_attempt_at <= now,
                )
                .values(next_attempt_at=now + CLAIM_LEASE, attempts=Notification.attempts + 1)
            ).rowcount  # type: ignore[attr-defined]
            if not claimed:
                continue
            row = session.get(Notification, notification_id)
            assert row is not None
            payload = {"id": row.id, **row.payload}
            attempts = row.attempts
        error: str | None = None
        if notifier is not None:
            try:
                notifier.send(payload)
            except Exception as exc:  # any failure of a channel: retry later
                error = f"{type(exc).__name__}: {exc}"[:500]
        with desk.transaction() as session:
            row = session.get(Notification, notification_id)
            assert row is not None
            if notifier is None:
                row.status = "recorded"
                outcome.recorded += 1
            elif error is None:
                row.status = "sent"
                row.sent_at = desk.now()
                outcome.sent += 1
            else:
                row.last_error = error
                if attempts >= MAX_ATTEMPTS:
                    row.status = "failed"
                    outcome.failed += 1
                else:
                    row.next_attempt_at = desk.now() + _backoff(attempts)
                log.warning("notification %s not delivered: %s", notification_id, error)


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** (attempts - 1), 60))


def run_once(desk: Desk, notifier: Notifier | None) -> SchedulerPass:
    outcome = SchedulerPass()
    outcome.created = scan(desk)
    deliver(desk, notifier, outcome)
    outcome.deliveries = retry_due(desk)
    return outcome


def list_notifications(
    desk: Desk, actor: Actor, *, status: str | None = None, limit: int = 100
) -> list[NotificationView]:
    actor.require(Permission.READ)
    with desk.reading() as session:
        query = visible_tickets(
            select(Notification).join(Ticket, Notification.ticket_id == Ticket.id), actor
        )
        if status is not None:
            query = query.where(Notification.status == status)
        rows = session.scalars(query.order_by(Notification.id.desc()).limit(min(limit, 500)))
        return [NotificationView.model_validate(row) for row in rows]


class Scheduler:
    """Runs `run_once` every `interval` seconds on a background thread until stopped."""

    def __init__(self, desk: Desk, notifier: Notifier | None, interval: float) -> None:
        self.desk = desk
        self.notifier = notifier
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="trustdesk-scheduler", daemon=True)
        self.last_run: datetime | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                run_once(self.desk, self.notifier)
                self.last_run = self.desk.now()
            except Exception:  # keep the scheduler alive; the next pass retries
                log.exception("scheduler pass failed")
            self._stop.wait(self.interval)

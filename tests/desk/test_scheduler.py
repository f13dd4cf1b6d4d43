"""The scheduler: reminders before and after a promise falls due, and SLA breaches, delivered to
a real webhook, kept in the database across restarts, never sent twice."""

from __future__ import annotations

import hashlib
import hmac
import socket
from collections.abc import Iterator
from email.message import EmailMessage

import pytest

from desk_support import FakeClock, Staff, new_ticket, open_desk
from trustdesk.desk import replies, scheduler
from trustdesk.desk.desk import Desk
from trustdesk.desk.notify import SmtpNotifier, WebhookNotifier, notifier_from_settings
from trustdesk.settings import Settings
from webhook_receiver import Receiver

PROMISE = "Sorry for the delay. I will email you by 4pm tomorrow with the courier's answer."


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    hook = Receiver()
    yield hook
    hook.server.shutdown()


def test_reminders_before_and_after_due_reach_the_webhook_once(
    desk: Desk, staff: Staff, clock: FakeClock, receiver: Receiver
) -> None:
    ticket = new_ticket(desk, staff.agent)
    replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=PROMISE)
    notifier = WebhookNotifier(receiver.url, secret="s3cret")
    assert scheduler.run_once(desk, notifier).created == 0
    clock.advance(days=1, hours=5, minutes=30)  # Tuesday 15:30 UTC, 30 min before it is due
    outcome = scheduler.run_once(desk, notifier)
    assert (outcome.created, outcome.sent) == (1, 1)
    assert receiver.kinds() == ["commitment_due"]
    payload, headers = receiver.received[0]
    assert payload["ticket_id"] == ticket.id and "4pm tomorrow" in payload["text"]
    expected = hmac.new(b"s3cret", receiver.raw, hashlib.sha256).hexdigest()
    assert headers["X-Trustdesk-Signature"] == f"sha256={expected}"
    assert scheduler.run_once(desk, notifier).created == 0  # nothing twice
    clock.advance(hours=1)
    scheduler.run_once(desk, notifier)
    assert receiver.kinds() == ["commitment_due", "commitment_overdue"]


def test_a_promise_already_followed_up_needs_no_reminder(
    desk: Desk, staff: Staff, clock: FakeClock, receiver: Receiver
) -> None:
    ticket = new_ticket(desk, staff.agent)
    replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=PROMISE)
    clock.advance(hours=3)
    replies.send_reply(
        desk, staff.agent, ticket_id=ticket.id, text="The courier has found it: it comes today."
    )
    clock.advance(days=2)  # well past the promised 4pm: kept by the reply, nobody in the dark
    scheduler.run_once(desk, WebhookNotifier(receiver.url))
    assert receiver.kinds() == []


def test_a_customer_waiting_past_the_sla_is_announced(
    desk: Desk, staff: Staff, clock: FakeClock, receiver: Receiver
) -> None:
    new_ticket(desk, staff.agent)
    clock.advance(hours=5)
    scheduler.run_once(desk, WebhookNotifier(receiver.url))
    assert receiver.kinds() == ["sla_breach"]


def test_a_failing_webhook_is_retried_with_backoff(
    desk: Desk, staff: Staff, clock: FakeClock, receiver: Receiver
) -> None:
    new_ticket(desk, staff.agent)
    clock.advance(hours=5)
    receiver.fail = True
    notifier = WebhookNotifier(receiver.url)
    scheduler.run_once(desk, notifier)
    [pending] = scheduler.list_notifications(desk, staff.lead)
    assert pending.status == "pending" and pending.attempts == 1 and pending.last_error
    receiver.fail = False
    scheduler.run_once(desk, notifier)  # too early: the backoff has not passed
    assert receiver.received == []
    clock.advance(minutes=2)
    scheduler.run_once(desk, notifier)
    assert receiver.kinds() == ["sla_breach"]
    assert scheduler.list_notifications(desk, staff.lead)[0].status == "sent"


def test_a_restart_loses_no_reminder(
    desk: Desk, staff: Staff, clock: FakeClock, receiver: Receiver
) -> None:
    ticket = new_ticket(desk, staff.agent)
    replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=PROMISE)
    url = desk.db.url.render_as_string(hide_password=False)
    desk.close()  # the server stops before the promise falls due
    clock.advance(days=2)
    restarted = open_desk(url, clock)
    try:
        scheduler.run_once(restarted, WebhookNotifier(receiver.url))
        scheduler.run_once(restarted, WebhookNotifier(receiver.url))
    finally:
        restarted.close()
    assert receiver.kinds() == ["commitment_overdue"]


def test_without_a_channel_notifications_are_recorded(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    new_ticket(desk, staff.agent)
    clock.advance(hours=5)
    outcome = scheduler.run_once(desk, None)
    assert outcome.recorded == 1
    assert scheduler.list_notifications(desk, staff.agent)[0].status == "recorded"


def test_reminders_go_out_by_email_too(desk: Desk, staff: Staff, clock: FakeClock) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message as MessageHandler

    received: list[EmailMessage] = []

    class Inbox(MessageHandler):
        def handle_message(self, message: EmailMessage) -> None:  # type: ignore[override]
            received.append(message)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = Controller(Inbox(), hostname="127.0.0.1", port=port)
    server.start()
    try:
        settings = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_to="leads@example.com")
        notifier = notifier_from_settings(settings)
        assert isinstance(notifier, SmtpNotifier)
        new_ticket(desk, staff.agent)
        clock.advance(hours=5)
        assert scheduler.run_once(desk, notifier).sent == 1
    finally:
        server.stop()
    [email] = received
    assert email["To"] == "leads@example.com"
    assert email["Subject"].startswith("[trustdesk] Customer waiting past the SLA on ticket")

"""The promise ledger: every promise in every reply, sent or imported, judged from the later
messages as the audit judges it; a person's word stands over the messages'."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from desk_support import FakeClock, Staff, new_ticket
from trustdesk.desk import commitments, replies, tickets
from trustdesk.desk.desk import Desk
from trustdesk.desk.imports import import_conversations
from trustdesk.model import Conversation
from trustdesk.service_level import promise_counts, promises

PROMISE = "I'll email you the courier's answer by 4pm tomorrow."
NEWS = "The courier found your parcel: it is on the van today."


def test_a_reply_before_the_due_time_keeps_the_promise_once_due(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    ticket = new_ticket(desk, staff.agent)
    [promise] = replies.send_reply(
        desk, staff.agent, ticket_id=ticket.id, text=PROMISE
    ).commitments_created
    clock.advance(hours=3)
    replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=NEWS)
    # Still open until its time has passed, as an audit judges it...
    assert commitments.list_commitments(desk, staff.agent).items[0].status == "open"
    clock.advance(days=2)
    # ... then kept, by the messages: nobody had to mark it.
    [kept] = commitments.list_commitments(desk, staff.agent).items
    assert (kept.id, kept.status, kept.overdue, kept.closed_by_person) == (
        promise.id,
        "kept",
        False,
        False,
    )
    assert kept.followed_up_at == clock.moment - timedelta(days=2)


def test_no_word_by_the_due_time_is_broken_and_overdue(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    ticket = new_ticket(desk, staff.agent)
    replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=PROMISE)
    clock.advance(days=2)
    [late] = commitments.list_commitments(desk, staff.agent, overdue=True).items
    assert late.status == "broken" and late.overdue
    counts = commitments.ledger_counts(desk, staff.agent)
    assert (counts.made, counts.broken, counts.overdue) == (1, 1, 1)
    # A late word ends the darkness; the promise stays broken.
    replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=NEWS)
    [answered] = commitments.list_commitments(desk, staff.agent).items
    assert (answered.status, answered.overdue) == ("broken", False)


def test_a_renegotiated_time_is_kept_by_a_reply_by_then(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    ticket = new_ticket(desk, staff.agent)
    [promise] = replies.send_reply(
        desk, staff.agent, ticket_id=ticket.id, text=PROMISE
    ).commitments_created
    new_due = clock.moment + timedelta(days=3)
    commitments.update_commitment(
        desk, staff.agent, promise.id, status="renegotiated", due_at=new_due
    )
    clock.advance(days=2)
    replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=NEWS)
    clock.advance(days=2)
    rows = {c.id: c for c in commitments.list_commitments(desk, staff.agent).items}
    assert rows[promise.id].status == "renegotiated"
    [successor] = [c for c in rows.values() if c.source == "person"]
    assert (successor.status, successor.due_at) == ("kept", new_due)
    counts = commitments.ledger_counts(desk, staff.agent)
    # One promise made (the new time is a person's), renegotiated.
    assert (counts.made, counts.renegotiated, counts.kept) == (1, 1, 0)


def _conversation(*texts: tuple[str, str, str | None]) -> Conversation:
    messages: list[dict[str, Any]] = []
    for number, (role, text, at) in enumerate(texts, start=1):
        message: dict[str, Any] = {"id": str(number), "role": role, "text": text}
        if at is not None:
            message["at"] = at
        messages.append(message)
    return Conversation.parse({"id": "zd-1", "messages": messages})


def test_every_imported_promise_joins_the_ledger_as_the_audit_judges_it(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    clock.moment = datetime(2026, 3, 9, 10, 0, tzinfo=UTC)
    conversation = _conversation(
        ("customer", "My parcel is late. Where is it?", "2026-03-02T09:00:00Z"),
        (
            "agent",
            "I'll check with the courier and update you by 5pm today.",
            "2026-03-02T09:10:00Z",
        ),
        (
            "agent",
            "The courier says tomorrow. I'll confirm by noon tomorrow.",
            "2026-03-02T16:00:00Z",
        ),
        ("customer", "ok thanks", "2026-03-02T16:05:00Z"),
        (
            "customer",
            "Still nothing, and no word from you. What is going on?",
            "2026-03-04T09:00:00Z",
        ),
    )
    import_conversations(desk, staff.admin, [conversation])
    listed = commitments.list_commitments(desk, staff.admin).items
    # Both replies' promises, not only the last reply's.
    assert [c.status for c in listed] == ["kept", "broken"]
    audited = promise_counts(
        promises(
            conversation.messages,
            desk.engine.analyse,
            desk.engine.service_level.promise_grace,
            clock.moment,
        )
    )
    counts = commitments.ledger_counts(desk, staff.admin)
    assert (counts.made, counts.timed, counts.kept, counts.broken, counts.open) == (
        audited.made,
        audited.timed,
        audited.kept,
        audited.broken,
        audited.open,
    )
    # Imported again: nothing added.
    import_conversations(desk, staff.admin, [conversation])
    assert [c.id for c in commitments.list_commitments(desk, staff.admin).items] == [
        c.id for c in listed
    ]


def test_a_promise_is_due_by_the_day_it_names_resolved_against_its_own_time(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    window = "Done, it's booked. The courier will text you a one-hour window on Saturday morning."
    timed = _conversation(
        ("customer", "Can it come on Saturday?", "2026-03-04T10:00:00Z"),
        ("agent", window, "2026-03-04T10:05:00Z"),
    )
    import_conversations(desk, staff.admin, [timed])
    [promise] = commitments.list_commitments(desk, staff.admin).items
    # Saturday 7 March, by the end of the morning in London: not an hour after anything.
    assert promise.due_at == datetime(2026, 3, 7, 12, 0, tzinfo=UTC)
    assert promise.text == "The courier will text you a one-hour window on Saturday morning."


def test_an_import_without_times_judges_no_time(desk: Desk, staff: Staff) -> None:
    window = "Done, it's booked. The courier will text you a one-hour window on Saturday morning."
    untimed = _conversation(("customer", "Can it come on Saturday?", None), ("agent", window, None))
    import_conversations(desk, staff.admin, [untimed])
    [promise] = commitments.list_commitments(desk, staff.admin).items
    # Which Saturday is unknown without the message's time: untimed, as an audit says.
    assert promise.status == "untimed" and promise.due_from_sla
    [ticket] = tickets.list_tickets(desk, staff.admin).items
    assert ticket.state == "open"

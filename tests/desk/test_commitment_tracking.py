"""Commitments: overdue promises surface ("customers in the dark"); renegotiating keeps a record."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desk_support import FakeClock, Staff, new_ticket
from trustdesk.desk import commitments, replies
from trustdesk.desk.desk import Desk
from trustdesk.errors import ConflictError, InputError, NotFoundError

PROMISE = (
    "I am sorry your parcel is late. I have asked the courier to trace it and I will email "
    "you by 4pm tomorrow with what they find."
)


def _promise(desk: Desk, staff: Staff) -> int:
    ticket = new_ticket(desk, staff.agent)
    result = replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=PROMISE)
    return result.commitments_created[0].id


def test_a_promise_past_its_due_time_is_overdue(desk: Desk, staff: Staff, clock: FakeClock) -> None:
    promise_id = _promise(desk, staff)
    assert commitments.list_commitments(desk, staff.agent, overdue=True).items == []
    clock.advance(days=1, hours=7)  # Tuesday 17:00 UTC, an hour after the promised 4pm
    overdue = commitments.list_commitments(desk, staff.agent, overdue=True).items
    assert [c.id for c in overdue] == [promise_id]
    assert overdue[0].overdue
    # Another team does not see it.
    assert commitments.list_commitments(desk, staff.other_agent, overdue=True).items == []


def test_renegotiating_closes_the_promise_and_opens_the_new_one(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    promise_id = _promise(desk, staff)
    new_due = clock.moment + timedelta(days=3)
    with pytest.raises(InputError):
        commitments.update_commitment(desk, staff.agent, promise_id, status="renegotiated")
    closed = commitments.update_commitment(
        desk,
        staff.agent,
        promise_id,
        status="renegotiated",
        due_at=new_due,
        note="Customer agreed to wait for the courier's report",
    )
    assert closed.status == "renegotiated" and not closed.overdue
    open_now = commitments.list_commitments(desk, staff.agent, status="open").items
    assert [c.due_at for c in open_now] == [new_due]
    with pytest.raises(ConflictError):
        commitments.update_commitment(desk, staff.agent, promise_id, status="kept")


def test_marking_kept_and_broken(desk: Desk, staff: Staff) -> None:
    first, second = _promise(desk, staff), _promise(desk, staff)
    commitments.update_commitment(desk, staff.agent, first, status="kept")
    commitments.update_commitment(desk, staff.lead, second, status="broken", note="Forgot")
    statuses = {c.id: c.status for c in commitments.list_commitments(desk, staff.agent).items}
    assert statuses == {first: "kept", second: "broken"}


def test_another_teams_commitment_cannot_be_changed(desk: Desk, staff: Staff) -> None:
    promise_id = _promise(desk, staff)
    with pytest.raises(NotFoundError):
        commitments.update_commitment(desk, staff.other_agent, promise_id, status="kept")

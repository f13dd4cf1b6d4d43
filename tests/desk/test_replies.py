"""Replies: checked before they go out; warnings need a reason, blocks need a lead."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desk_support import FakeClock, Staff, new_ticket
from trustdesk.desk import replies, tickets
from trustdesk.desk.desk import Desk
from trustdesk.errors import InputError, PermissionDeniedError, ReplyRefusedError
from trustdesk.model import Verdict

GOOD = (
    "I am sorry your parcel is late. I have asked the courier to trace it and I will email "
    "you by 4pm tomorrow with what they find."
)
PASSWORD = "Please send me your password so I can check the account."
VAGUE = "Sorry about that. We will get back to you soon."


def test_an_allowed_reply_is_sent_and_its_promise_tracked(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    result = replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=GOOD)
    assert result.verdict.decision == "allow"
    assert result.message.decision == "allow" and result.message.author == "agent:ann"
    assert result.message.policy_revision == desk.policy.revision
    [promise] = result.commitments_created
    # The promise's sentence, whole, as the customer read it.
    assert promise.text == (
        "I have asked the courier to trace it and I will email you by 4pm tomorrow with what "
        "they find."
    )
    # "4pm tomorrow" from Monday 10:00 UTC, in the policy's Europe/London time.
    assert promise.due_at == datetime(2026, 3, 3, 16, 0, tzinfo=UTC)
    assert not promise.due_from_sla and promise.status == "open"
    after = tickets.get_ticket(desk, staff.agent, ticket.id)
    # Answered, but the promised e-mail is owed: open, and the customer now waits for that
    # update from the reply on, as responsiveness.wait counts it.
    assert (after.state, after.status) == ("open", "open")
    assert after.waiting_since == result.message.at and not after.waiting_past_sla
    assert after.open_commitments == 1


def test_a_blocked_reply_is_refused_and_nothing_is_stored(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    with pytest.raises(ReplyRefusedError) as refused:
        replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=PASSWORD)
    assert refused.value.needs == "lead_override"
    verdict = refused.value.verdict
    assert isinstance(verdict, Verdict)
    [finding] = [f for f in verdict.findings if f.check == "privacy.secret_request"]
    assert finding.quote == "Please send me your password"
    assert finding.suggestion
    assert len(tickets.get_ticket(desk, staff.agent, ticket.id).messages) == 1


def test_an_agent_cannot_override_a_block_but_a_lead_can(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    reason = "Verified by phone that this is a test account"
    with pytest.raises(PermissionDeniedError):
        replies.send_reply(
            desk, staff.agent, ticket_id=ticket.id, text=PASSWORD, override_reason=reason
        )
    sent = replies.send_reply(
        desk, staff.lead, ticket_id=ticket.id, text=PASSWORD, override_reason=reason
    )
    assert sent.message.decision == "block"
    assert sent.message.override_reason == reason


def test_a_warned_reply_needs_a_reason_which_is_stored(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    with pytest.raises(ReplyRefusedError) as refused:
        replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=VAGUE)
    assert refused.value.needs == "override_reason"
    with pytest.raises(InputError):
        replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=VAGUE, override_reason="ok")
    sent = replies.send_reply(
        desk,
        staff.agent,
        ticket_id=ticket.id,
        text=VAGUE,
        override_reason="The courier has given us no date yet",
    )
    assert sent.message.decision == "warn"
    assert sent.message.override_reason == "The courier has given us no date yet"
    assert [f.check for f in sent.message.findings] == ["promises.vague"]
    assert sent.message.findings[0].message_id == str(sent.message.id)
    # "soon" names no time: the promise is due within the policy's update SLA.
    [promise] = sent.commitments_created
    assert promise.due_from_sla and promise.due_at is not None


def test_a_follow_up_keeps_a_promise(desk: Desk, staff: Staff, clock: FakeClock) -> None:
    ticket = new_ticket(desk, staff.agent)
    [promise] = replies.send_reply(
        desk, staff.agent, ticket_id=ticket.id, text=GOOD
    ).commitments_created
    clock.advance(hours=20)
    done = replies.send_reply(
        desk,
        staff.agent,
        ticket_id=ticket.id,
        text="The courier found your parcel: it will be delivered on Thursday.",
        keeps=[promise.id],
    )
    assert [c.id for c in done.commitments_kept] == [promise.id]
    assert done.commitments_kept[0].status == "kept"
    with pytest.raises(InputError):
        replies.send_reply(
            desk, staff.agent, ticket_id=ticket.id, text="Thanks again.", keeps=[promise.id]
        )


def test_a_bad_keeps_list_leaves_nothing_half_written(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    with pytest.raises(InputError):
        replies.send_reply(desk, staff.agent, ticket_id=ticket.id, text=GOOD, keeps=[999])
    after = tickets.get_ticket(desk, staff.agent, ticket.id)
    assert len(after.messages) == 1 and after.commitments == []


def test_a_retried_reply_is_stored_once(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    first = replies.send_reply(
        desk, staff.agent, ticket_id=ticket.id, text=GOOD, external_id="bot-reply-1"
    )
    again = replies.send_reply(
        desk, staff.agent, ticket_id=ticket.id, text=GOOD, external_id="bot-reply-1"
    )
    assert again.message.id == first.message.id
    assert [c.id for c in again.commitments_created] == [c.id for c in first.commitments_created]
    assert len(tickets.get_ticket(desk, staff.agent, ticket.id).messages) == 2


def test_the_live_draft_check_stores_nothing(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    verdict = replies.check_draft(desk, staff.agent, ticket_id=ticket.id, text=PASSWORD)
    assert verdict.decision == "block"
    assert len(tickets.get_ticket(desk, staff.agent, ticket.id).messages) == 1


def test_resolving_with_a_reply_opens_a_survey(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    replies.send_reply(
        desk,
        staff.agent,
        ticket_id=ticket.id,
        text="Sorry for the wait. Your parcel was delivered to your neighbour at number 12.",
        resolve=True,
    )
    after = tickets.get_ticket(desk, staff.agent, ticket.id)
    assert after.status == "resolved" and after.survey is not None

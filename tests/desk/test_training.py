"""Practice in the desk: attempts kept per person and team, scenarios made from real tickets."""

from __future__ import annotations

import pytest

from desk_support import Staff, new_ticket
from trustdesk.desk import replies, training
from trustdesk.desk.desk import Desk
from trustdesk.desk.inputs import CustomerIn
from trustdesk.errors import ConflictError, NotFoundError, PermissionDeniedError

SCENARIO = "honesty-refund-timeline"
GOOD = (
    "I have approved the refund for order 5521 just now. I can't make it arrive today: refunds "
    "reach your account within 5-10 business days of approval, depending on your bank."
)
POOR = (
    "Your refund has been approved. Refunds are processed within 24 hours, so the money will "
    "be back in your account tomorrow."
)


def test_an_attempt_is_judged_under_the_desk_policy_and_kept(desk: Desk, staff: Staff) -> None:
    result = training.practise(desk, staff.agent, scenario_id=SCENARIO, reply=GOOD)
    passed = result.attempt
    failed = training.practise(desk, staff.agent, scenario_id=SCENARIO, reply=POOR).attempt
    assert result.exemplary and result.good_reply
    assert (passed.decision, passed.passed) == ("allow", True)
    assert (failed.decision, failed.passed) == ("warn", False)
    assert "honesty.policy_conflict" in {f.check for f in failed.findings}
    assert failed.requirements == [
        {"kind": "mention", "label": "states the real refund timeline", "met": False}
    ]
    mine = training.list_attempts(desk, staff.agent)
    assert [a.id for a in mine] == [failed.id, passed.id]
    assert mine[0].username == "ann"


def test_agents_see_their_own_attempts_leads_their_team_and_never_another_team(
    desk: Desk, staff: Staff
) -> None:
    ours = training.practise(desk, staff.agent, scenario_id=SCENARIO, reply=GOOD).attempt
    theirs = training.practise(desk, staff.other_agent, scenario_id=SCENARIO, reply=POOR).attempt
    assert [a.id for a in training.list_attempts(desk, staff.other_agent)] == [theirs.id]
    assert [a.id for a in training.list_attempts(desk, staff.agent)] == [ours.id]
    assert [a.id for a in training.list_attempts(desk, staff.lead)] == [ours.id]
    assert {a.id for a in training.list_attempts(desk, staff.auditor)} == {ours.id, theirs.id}


def test_an_unknown_scenario_is_not_found(desk: Desk, staff: Staff) -> None:
    with pytest.raises(NotFoundError):
        training.practise(desk, staff.agent, scenario_id="no-such", reply=GOOD)


def test_a_lead_turns_a_ticket_into_a_redacted_scenario_for_the_team_only(
    desk: Desk, staff: Staff
) -> None:
    ticket = new_ticket(
        desk,
        staff.agent,
        text="Hi, Robin here. My card 4539 1488 0343 6467 was charged twice, call me on "
        "07912 345678 or robin.shaw@example.org. When is my money back?",
        customer=CustomerIn(external_id="cus-9", name="Robin Shaw"),
    )
    customer_message = ticket.messages[0].id
    replies.send_reply(
        desk,
        staff.agent,
        ticket_id=ticket.id,
        text="We will refund you soon.",
        override_reason="testing the case",
    )
    with pytest.raises(PermissionDeniedError):
        training.scenario_from_ticket(
            desk,
            staff.agent,
            ticket_id=ticket.id,
            message_id=customer_message,
            scenario_id="case-double-charge",
            title="Double charge",
        )
    scenario = training.scenario_from_ticket(
        desk,
        staff.lead,
        ticket_id=ticket.id,
        message_id=customer_message,
        scenario_id="case-double-charge",
        title="Double charge",
    )
    text = scenario.conversation.messages[-1].text
    for secret in ("4539", "07912", "robin.shaw", "Robin"):
        assert secret not in text
    assert "[card number removed]" in text
    assert scenario.what_happened == "We will refund you soon."
    assert scenario.principles  # those of the findings on the reply sent
    assert scenario.poor[0].text == "We will refund you soon."
    found = training.find_scenario(desk, staff.agent, "case-double-charge")
    assert found.origin == f"ticket {ticket.id}"
    with pytest.raises(NotFoundError):
        training.find_scenario(desk, staff.other_agent, "case-double-charge")
    with pytest.raises(ConflictError):
        training.add_scenario(desk, staff.lead, scenario)


def test_progress_counts_each_persons_scenarios_by_principle_for_leads_only(
    desk: Desk, staff: Staff
) -> None:
    from trustdesk.desk.training_progress import practice_progress

    training.practise(desk, staff.agent, scenario_id=SCENARIO, reply=POOR)
    training.practise(desk, staff.agent, scenario_id=SCENARIO, reply=GOOD)
    training.practise(desk, staff.other_agent, scenario_id=SCENARIO, reply=GOOD)
    rows = {row.username: row for row in practice_progress(desk, staff.lead)}
    assert set(rows) == {"ann", "lee"}  # the lead's team only
    ann = rows["ann"]
    assert (ann.attempts, ann.tried, ann.passed) == (2, 1, 1)
    assert [(p.principle, p.tried, p.passed) for p in ann.principles] == [("honesty", 1, 1)]
    assert {row.username for row in practice_progress(desk, staff.auditor)} == {
        "ann",
        "lee",
        "oto",
    }
    with pytest.raises(PermissionDeniedError):
        practice_progress(desk, staff.agent)


def test_a_person_without_a_team_practises_nothing_until_given_one(
    desk: Desk, staff: Staff
) -> None:
    from trustdesk.desk import auth
    from trustdesk.desk.roles import SYSTEM, Actor, Role

    made = auth.create_user(desk, SYSTEM, username="nat", password="a-long-password", role="agent")
    teamless = Actor(made.id, "nat", Role.AGENT, None)
    with pytest.raises(PermissionDeniedError, match="no team"):
        training.practise(desk, teamless, scenario_id=SCENARIO, reply=GOOD)
    assert training.list_attempts(desk, teamless) == []

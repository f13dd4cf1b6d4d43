"""The lead dashboard over two weeks of a small desk: exact figures, team scoping, empty desk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from desk_support import START, FakeClock, Staff, new_ticket
from trustdesk.desk import commitments, replies, surveys
from trustdesk.desk.dashboard import dashboard
from trustdesk.desk.dashboard.views import CommitmentCounts
from trustdesk.desk.desk import Desk
from trustdesk.desk.imports import import_conversations
from trustdesk.desk.inputs import CustomerIn
from trustdesk.engine.limits import Limits
from trustdesk.errors import InputError
from trustdesk.model import Conversation
from trustdesk.store.tables import Message

CLEAN = "Sorry for the wait. I will email you by 5pm today with news."
KEEPS = "As promised, your parcel has been found and arrives tomorrow."
EVASIVE = "Sorry for the wait. That's just our policy, calm down."
SECRET = "I'm sorry your parcel is late. Please send me your password so I can check."
VAGUE = "I'm sorry for the delay. We will get back to you soon."
PRESSURE = "Sorry for the wait. Buy now, this offer ends today!"
END = datetime(2026, 3, 16, 0, 0, tzinfo=UTC)


def _history(desk: Desk, staff: Staff, clock: FakeClock) -> dict[str, int]:
    """Two weeks of Support (ann and lee) and one reply of Billing (oto)."""
    ann, lee, oto = staff.agent, staff.lead, staff.other_agent
    # Week 10. Mon 10:00: a clean reply promising news by 5pm, kept at 13:00 and resolved.
    kept = new_ticket(desk, ann)
    sent = replies.send_reply(desk, ann, ticket_id=kept.id, text=CLEAN)
    [promise] = sent.commitments_created
    clock.advance(hours=3)
    replies.send_reply(desk, ann, ticket_id=kept.id, text=KEEPS, keeps=[promise.id], resolve=True)
    token = surveys.survey_link(desk, ann, ticket_id=kept.id).token
    surveys.submit_survey(desk, token, satisfaction=4, treated_fairly=True, comment="Kind, fast.")
    # Tue: a warned reply sent with a reason (transparency and respect findings).
    clock.advance(days=1)
    evasive = new_ticket(desk, ann, customer=CustomerIn(external_id="cus-2", name="Kim Lo"))
    warned = replies.send_reply(
        desk, ann, ticket_id=evasive.id, text=EVASIVE, override_reason="Quoting the customer."
    )
    # Wed: a blocked reply a lead sends anyway (privacy).
    clock.advance(days=1)
    secret = new_ticket(desk, lee, customer=CustomerIn(external_id="cus-3", name="Sam Day"))
    replies.send_reply(
        desk, lee, ticket_id=secret.id, text=SECRET, override_reason="Internal test account."
    )
    # Week 11. Mon: a vague promise (warned), left open past its due time, and a promise
    # made on Tuesday and then broken.
    clock.advance(days=5)
    vague = new_ticket(desk, ann, customer=CustomerIn(external_id="cus-4", name="Jo Bell"))
    replies.send_reply(
        desk, ann, ticket_id=vague.id, text=VAGUE, override_reason="Waiting on the courier."
    )
    clock.advance(days=1)
    broken = new_ticket(desk, ann, customer=CustomerIn(external_id="cus-5", name="Al Dee"))
    made = replies.send_reply(desk, ann, ticket_id=broken.id, text=CLEAN)
    [late] = made.commitments_created
    commitments.update_commitment(desk, ann, late.id, status="broken", note="Courier lost it.")
    # Billing: one pressuring reply, warned and sent.
    billing = new_ticket(desk, oto, customer=CustomerIn(external_id="cus-6", name="Bo Ray"))
    replies.send_reply(
        desk, oto, ticket_id=billing.id, text=PRESSURE, override_reason="Customer asked for it."
    )
    clock.moment = END - timedelta(hours=12)  # Sunday 15 March, noon
    return {
        "kept": kept.id,
        "evasive": evasive.id,
        "evasive_reply": warned.message.id,
        "secret": secret.id,
        "vague": vague.id,
    }


def test_a_lead_sees_two_weeks_of_their_team_by_principle_agent_and_period(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    ids = _history(desk, staff, clock)
    view = dashboard(desk, staff.lead, since=START, until=END)

    assert (view.since, view.until, view.period, view.timezone) == (
        START,
        END,
        "week",
        "Europe/London",
    )
    assert [(p.label, p.start, p.end, p.replies) for p in view.periods] == [
        ("2026-W10", datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 3, 9, tzinfo=UTC), 4),
        ("2026-W11", datetime(2026, 3, 9, tzinfo=UTC), END, 2),
    ]
    totals = view.totals
    assert (totals.replies, totals.allowed, totals.warned, totals.blocked_overridden) == (
        6,
        3,
        2,
        1,
    )
    assert (totals.allowed_share, totals.warned_share) == (0.5, pytest.approx(2 / 6))
    assert totals.blocked_overridden_share == pytest.approx(1 / 6)
    assert (totals.unchecked, totals.overrides, totals.findings) == (0, 3, 4)
    assert totals.findings_per_100_replies == 66.7
    # Five Support conversations started in the range, three in the first week.
    assert totals.conversations == 5
    assert [p.conversations for p in view.periods] == [3, 2]
    # Three promises: one kept, one broken, and "we will get back to you soon", which names
    # no time (untimed, as an audit counts it; the customer's wait for it is the SLA's).
    assert totals.commitments == CommitmentCounts(
        made=3, timed=2, open=0, overdue=0, kept=1, broken=1, untimed=1, kept_share=0.5
    )
    assert view.commitments == totals.commitments

    # Every principle of the policy's checks, in the audit report's order and words.
    scores = {p.principle: (p.label, p.score, p.flagged, p.findings) for p in view.principles}
    assert list(scores) == [
        "honesty",
        "transparency",
        "promises",
        "responsiveness",
        "autonomy",
        "privacy",
        "respect",
        "empathy",
        "personalisation",
    ]
    # The mean over the five conversations of each one's score (engine.scoring): one warning
    # scores 65, one block 25, a clean conversation 100.
    assert scores["transparency"] == ("Transparency", 93.0, 1, 1)
    assert scores["promises"] == ("Reliable promises", 93.0, 1, 1)
    assert scores["privacy"] == ("Privacy", 85.0, 1, 1)
    assert scores["respect"] == ("Respect", 93.0, 1, 1)
    assert scores["honesty"] == ("Honesty", 100.0, 0, 0)
    trends = {
        p.principle: [(t.period, t.score, t.conversations) for t in p.trend]
        for p in view.principles
    }
    assert trends["promises"] == [("2026-W10", 100.0, 3), ("2026-W11", 82.5, 2)]
    assert trends["privacy"] == [("2026-W10", 75.0, 3), ("2026-W11", 100.0, 2)]
    assert totals.scores == {p.principle: p.score for p in view.principles}

    ann, lee = view.agents
    assert (ann.author, ann.username, ann.role, ann.team_id) == (
        "agent:ann",
        "ann",
        "agent",
        staff.agent.team_id,
    )
    assert (ann.replies, ann.allowed, ann.warned, ann.blocked_overridden, ann.overrides) == (
        5,
        3,
        2,
        0,
        2,
    )
    assert (ann.findings, ann.findings_per_100_replies, ann.warned_share) == (3, 60.0, 0.4)
    # Ann wrote in four of the conversations, one with a warning of each of two principles.
    assert ann.conversations == 4
    assert (ann.scores["transparency"], ann.scores["privacy"]) == (91.2, 100.0)
    assert ann.commitments == totals.commitments
    assert (lee.username, lee.replies, lee.blocked_overridden, lee.overrides) == ("lee", 1, 1, 1)
    assert (lee.scores["privacy"], lee.findings_per_100_replies) == (25.0, 100.0)
    assert lee.commitments == CommitmentCounts()

    [team] = view.teams
    assert (team.team_id, team.name, team.replies) == (staff.lead.team_id, "Support", 6)
    assert team.scores == totals.scores and team.commitments == totals.commitments

    checks = {c.check: c for c in view.findings}
    assert set(checks) == {
        "conduct.never_say",
        "transparency.evasive",
        "privacy.secret_request",
        "promises.vague",
    }
    rude = checks["conduct.never_say"]
    assert (rude.principle, rude.label, rude.count, rude.conversations) == (
        "respect",
        "Respect",
        1,
        1,
    )
    assert rude.share == pytest.approx(1 / 5)
    [example] = rude.examples
    assert (example.quote, example.ticket_id, example.message_id, example.author) == (
        "calm down",
        ids["evasive"],
        ids["evasive_reply"],
        "agent:ann",
    )
    assert example.at == START + timedelta(days=1, hours=3)
    assert example.severity == "warn" and example.suggestion and example.explanation
    secret = checks["privacy.secret_request"].examples[0]
    assert (secret.ticket_id, secret.author, secret.severity) == (
        ids["secret"],
        "agent:lee",
        "block",
    )

    surveys_seen = view.surveys
    assert (surveys_seen.sent, surveys_seen.answered, surveys_seen.response_rate) == (1, 1, 1.0)
    assert surveys_seen.mean_satisfaction == 4.0
    assert surveys_seen.satisfaction == {1: 0, 2: 0, 3: 0, 4: 1, 5: 0}
    assert surveys_seen.treated_fairly_share == 1.0
    [comment] = surveys_seen.comments
    assert (comment.ticket_id, comment.satisfaction, comment.comment) == (
        ids["kept"],
        4,
        "Kind, fast.",
    )
    assert comment.at == START + timedelta(hours=3)
    assert view.truncated is False


def test_another_team_sees_none_of_it_and_an_admin_sees_both(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    _history(desk, staff, clock)
    theirs = dashboard(desk, staff.other_agent, since=START, until=END)
    assert [p.replies for p in theirs.periods] == [0, 1]
    assert [a.username for a in theirs.agents] == ["oto"]
    assert [t.name for t in theirs.teams] == ["Billing"]
    assert [c.check for c in theirs.findings] == ["autonomy.pressure"]
    assert theirs.totals.scores["autonomy"] == 65.0
    assert theirs.totals.scores["privacy"] == 100.0
    assert (theirs.surveys.sent, theirs.surveys.comments) == (0, [])
    assert theirs.commitments == CommitmentCounts()

    everyone = dashboard(desk, staff.admin, since=START, until=END)
    assert everyone.totals.replies == 7
    assert [(t.name, t.replies) for t in everyone.teams] == [("Support", 6), ("Billing", 1)]
    assert [a.username for a in everyone.agents] == ["ann", "lee", "oto"]
    assert dashboard(desk, staff.auditor, since=START, until=END).totals == everyone.totals


def test_examples_are_the_most_recent_first_and_as_many_as_asked(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    sent = []
    for number in range(3):
        ticket = new_ticket(
            desk, staff.agent, customer=CustomerIn(external_id=f"cus-{number}", name="Robin")
        )
        reply = replies.send_reply(
            desk, staff.agent, ticket_id=ticket.id, text=VAGUE, override_reason="Courier unsure."
        )
        sent.append(reply.message.id)
        clock.advance(hours=1)
    [vague] = dashboard(desk, staff.lead, examples=2).findings
    assert (vague.count, vague.conversations, vague.share) == (3, 3, 1.0)
    assert [e.message_id for e in vague.examples] == [sent[2], sent[1]]
    assert dashboard(desk, staff.lead, examples=0).findings[0].examples == []


def test_past_the_cap_the_most_recent_conversations_are_read_and_it_says_so(
    desk: Desk, staff: Staff, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number, text in enumerate((VAGUE, EVASIVE)):
        ticket = new_ticket(
            desk, staff.agent, customer=CustomerIn(external_id=f"cus-{number}", name="Robin")
        )
        replies.send_reply(
            desk, staff.agent, ticket_id=ticket.id, text=text, override_reason="Why not."
        )
        clock.advance(hours=1)
    monkeypatch.setattr("trustdesk.desk.dashboard.queries.MAX_CONVERSATIONS", 1)
    view = dashboard(desk, staff.lead)
    assert view.truncated is True
    assert (view.totals.replies, view.totals.conversations) == (2, 1)
    assert {c.check for c in view.findings} == {"transparency.evasive", "conduct.never_say"}


def test_an_empty_desk_gives_an_empty_dashboard_with_no_division_by_zero(
    desk: Desk, staff: Staff
) -> None:
    view = dashboard(desk, staff.lead)
    # By default: this week and the eleven before it.
    weeks = ["2025-W51", "2025-W52", *(f"2026-W{week:02d}" for week in range(1, 11))]
    assert [p.label for p in view.periods] == weeks
    assert view.since == datetime(2025, 12, 15, tzinfo=UTC)
    assert view.until == datetime(2026, 3, 9, tzinfo=UTC)
    assert all(p.replies == 0 for p in view.periods)
    assert view.totals.replies == 0
    assert view.totals.allowed_share is None and view.totals.findings_per_100_replies is None
    assert all(p.score is None and p.conversations == 0 for p in view.principles)
    assert all(t.score is None for p in view.principles for t in p.trend)
    assert (view.agents, view.teams, view.findings) == ([], [], [])
    assert view.surveys.response_rate is None and view.surveys.mean_satisfaction is None
    assert view.surveys.satisfaction == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
    assert view.surveys.treated_fairly_share is None
    assert view.commitments == CommitmentCounts()
    assert view.commitments.kept_share is None
    assert view.model_dump(mode="json")["totals"]["scores"]["privacy"] is None


def test_days_and_months_and_a_range_cut_mid_period(desk: Desk, staff: Staff) -> None:
    days = dashboard(desk, staff.lead, since=START, until=START + timedelta(days=2), period="day")
    assert [p.label for p in days.periods] == ["2026-03-02", "2026-03-03", "2026-03-04"]
    months = dashboard(desk, staff.lead, period="month")
    assert [p.label for p in months.periods][-3:] == ["2026-01", "2026-02", "2026-03"]
    assert len(months.periods) == 12 and months.periods[0].label == "2025-04"


def test_imported_replies_count_as_unchecked_under_their_author(desk: Desk, staff: Staff) -> None:
    conversation = Conversation.parse(
        {
            "id": "zd-501",
            "customer": {"id": "cus-501"},
            "messages": [
                {"id": "1", "role": "customer", "at": "2026-03-02T09:00:00Z", "text": "Refund?"},
                {
                    "id": "2",
                    "role": "agent",
                    "author": "agent:kim",
                    "at": "2026-03-02T09:30:00Z",
                    "text": "We will get back to you soon.",
                },
            ],
        }
    )
    import_conversations(desk, staff.admin, [conversation])
    view = dashboard(desk, staff.admin)
    [kim] = view.agents
    assert (kim.author, kim.username, kim.user_id, kim.unchecked, kim.replies) == (
        "agent:kim",
        "kim",
        None,
        1,
        1,
    )
    assert [(t.team_id, t.name) for t in view.teams] == [(None, "(no team)")]
    assert dashboard(desk, staff.lead).totals.replies == 0


def test_a_bad_range_is_refused_in_one_line(desk: Desk, staff: Staff) -> None:
    with pytest.raises(InputError, match="UTC offset"):
        dashboard(desk, staff.lead, since=datetime(2026, 3, 1))
    with pytest.raises(InputError, match="before"):
        dashboard(desk, staff.lead, since=START, until=START)
    with pytest.raises(InputError, match="from 1970 to 9998"):
        dashboard(desk, staff.lead, until=datetime(9999, 12, 31, tzinfo=UTC))
    with pytest.raises(InputError, match="at most 366 periods"):
        dashboard(desk, staff.lead, since=START - timedelta(days=400), period="day")


def test_a_note_of_the_audit_on_itself_counts_in_no_tally(desk: Desk, staff: Staff) -> None:
    # The desk refuses conversations over its limits, so it stores no audit.truncated note;
    # one stored all the same (say, under other limits) must weigh in nothing.
    conversation = Conversation.parse(
        {
            "id": "zd-601",
            "customer": {"id": "cus-601"},
            "messages": [
                {"id": "1", "role": "customer", "at": "2026-03-02T09:00:00Z", "text": "Refund?"},
                {
                    "id": "2",
                    "role": "agent",
                    "author": "agent:kim",
                    "at": "2026-03-02T09:30:00Z",
                    "text": "We will get back to you soon.",
                },
            ],
        }
    )
    import_conversations(desk, staff.admin, [conversation])
    before = dashboard(desk, staff.admin)
    note = Limits(max_messages=1).truncation_note(conversation)
    assert note is not None and note.message_id == "2"
    with desk.transaction() as session:
        stored = session.scalars(select(Message).where(Message.external_id == "2")).one()
        stored.findings = [*stored.findings, note.to_dict()]
    after = dashboard(desk, staff.admin)
    assert "audit.truncated" not in {f.check for f in after.findings}
    assert after.totals == before.totals
    assert after.principles == before.principles
    assert after.agents == before.agents

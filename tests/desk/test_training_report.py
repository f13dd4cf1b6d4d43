"""Practice progress per person and team: passes, failing principles, improvement over
attempts, and live findings before and after practice."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from desk_support import START, FakeClock, Staff, new_ticket
from trustdesk.desk import replies, training
from trustdesk.desk.desk import Desk
from trustdesk.desk.training_report import _Attempt, _live_links, _Person, _summary, progress_report

SCENARIO = "honesty-refund-timeline"  # trains honesty
GOOD = (
    "I have approved the refund for order 5521 just now. I can't make it arrive today: refunds "
    "reach your account within 5-10 business days of approval, depending on your bank."
)
POOR = (
    "Your refund has been approved. Refunds are processed within 24 hours, so the money will "
    "be back in your account tomorrow."
)
ASKS = "I cancelled order 5521. Can I have my money back today?"


def _live_reply(desk: Desk, staff: Staff, text: str) -> int:
    """A real reply by ann on a new ticket; the number of honesty findings it got."""
    ticket = new_ticket(desk, staff.agent, text=ASKS)
    sent = replies.send_reply(
        desk, staff.agent, ticket_id=ticket.id, text=text, override_reason="sent as is"
    )
    return sum(f.principle == "honesty" for f in sent.verdict.findings)


def test_a_person_improves_over_attempts_and_live_findings_are_split_at_first_practice(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    before = _live_reply(desk, staff, POOR)
    assert before >= 1  # the live reply broke the refund policy
    clock.advance(days=1)
    training.practise(desk, staff.agent, scenario_id=SCENARIO, reply=POOR)
    clock.advance(minutes=5)
    training.practise(desk, staff.agent, scenario_id=SCENARIO, reply=GOOD)
    training.practise(desk, staff.other_agent, scenario_id=SCENARIO, reply=POOR)
    clock.advance(days=1)
    after = _live_reply(desk, staff, GOOD) + _live_reply(desk, staff, GOOD)

    report = progress_report(desk, staff.lead)
    assert [p.username for p in report.people] == ["ann", "lee"]  # the lead's team only
    ann = report.people[0]
    assert (ann.attempts, ann.tried, ann.passed, ann.pass_rate) == (2, 1, 1, 1.0)
    assert [(s.label, s.attempts, s.passed) for s in ann.by_attempt] == [
        ("attempt 1", 1, 0),
        ("attempt 2", 1, 1),
    ]
    assert ann.by_attempt[0].findings_per_attempt is not None
    assert ann.by_attempt[0].findings_per_attempt >= 1
    assert ann.by_attempt[1].findings_per_attempt == 0
    flt = ann.first_and_latest
    assert (flt.scenarios, flt.first_passed, flt.latest_passed, flt.latest_findings) == (1, 0, 1, 0)
    assert [(f.principle, f.failed, f.attempts) for f in ann.failing] == [("honesty", 1, 2)]
    (live,) = ann.live
    assert live.principle == "honesty" and live.people == 1
    assert (live.before.replies, live.before.findings) == (1, before)
    assert (live.after.replies, live.after.findings, live.after.rate) == (2, after, after / 2)
    assert "correlation" in report.caveat

    (team,) = report.teams
    assert (team.team, team.people, team.attempts, team.passed) == ("Support", 2, 2, 1)
    assert team.live == ann.live  # lee has not practised: the team's rates are ann's


def test_agents_read_their_own_progress_leads_their_team_auditors_every_team(
    desk: Desk, staff: Staff
) -> None:
    training.practise(desk, staff.agent, scenario_id=SCENARIO, reply=GOOD)
    training.practise(desk, staff.other_agent, scenario_id=SCENARIO, reply=POOR)
    assert [p.username for p in progress_report(desk, staff.agent).people] == ["ann"]
    theirs = progress_report(desk, staff.other_agent)
    assert [p.username for p in theirs.people] == ["oto"]
    assert [t.team for t in theirs.teams] == ["Billing"]
    everyone = progress_report(desk, staff.auditor)
    assert {p.username for p in everyone.people} == {"ann", "lee", "oto"}
    assert [t.team for t in everyone.teams] == ["Billing", "Support"]
    assert staff.other_agent.user_id is not None
    # A person of another team is not there to pick.
    assert progress_report(desk, staff.lead, user_id=staff.other_agent.user_id).people == []
    one = progress_report(desk, staff.auditor, user_id=staff.other_agent.user_id)
    assert [(p.username, p.failing[0].principle) for p in one.people] == [("oto", "honesty")]


def test_the_fourth_attempt_and_later_are_counted_together(desk: Desk, staff: Staff) -> None:
    for _ in range(5):
        training.practise(desk, staff.agent, scenario_id=SCENARIO, reply=POOR)
    (ann,) = progress_report(desk, staff.agent).people
    assert [(s.number, s.label, s.attempts) for s in ann.by_attempt] == [
        (1, "attempt 1", 1),
        (2, "attempt 2", 1),
        (3, "attempt 3", 1),
        (4, "attempt 4 or later", 2),
    ]
    assert ann.pass_rate == 0.0
    assert ann.live[0].before.rate is None  # no real reply at all


moments = st.integers(min_value=0, max_value=10_000).map(
    lambda minutes: START + timedelta(minutes=minutes)
)
attempts = st.builds(
    _Attempt,
    scenario=st.sampled_from([SCENARIO, "privacy-caller-identity"]),
    passed=st.booleans(),
    at=moments,
    failing=st.dictionaries(st.sampled_from(["honesty", "privacy"]), st.integers(1, 3)).map(
        Counter
    ),
)
people = st.lists(
    st.builds(
        _Person,
        user_id=st.integers(1, 10**6),
        username=st.just("p"),
        team_id=st.just(1),
        team=st.just("Support"),
        attempts=st.lists(attempts, max_size=8).map(lambda a: sorted(a, key=lambda x: x.at)),
        replies=st.lists(moments, max_size=8).map(sorted),
        flagged=st.lists(
            st.tuples(moments, st.just(Counter({"honesty": 1, "privacy": 2}))), max_size=4
        ),
    ),
    max_size=4,
    unique_by=lambda p: p.user_id,
)


@given(people)
def test_a_teams_figures_are_the_sums_of_its_peoples(members: list[_Person]) -> None:
    trains = {SCENARIO: ["honesty"], "privacy-caller-identity": ["privacy"]}
    team = _summary(members, trains)
    alone = [_summary([m], trains) for m in members]
    for key in ("attempts", "tried", "passed"):
        assert team[key] == sum(one[key] for one in alone)
    steps = Counter({s.number: s.attempts for s in team["by_attempt"]})
    assert steps == sum(
        (Counter({s.number: s.attempts for s in one["by_attempt"]}) for one in alone), Counter()
    )
    assert sum(s.attempts for s in team["by_attempt"]) == team["attempts"]
    own = {m.user_id: _live_links([m], trains) for m in members}
    for m in members:
        for x in own[m.user_id]:
            assert x.before.replies + x.after.replies == len(m.replies)
    for link in _live_links(members, trains):
        mine = [x for links in own.values() for x in links if x.principle == link.principle]
        assert link.people == len(mine)
        assert link.before.replies == sum(x.before.replies for x in mine)
        assert link.after.findings == sum(x.after.findings for x in mine)

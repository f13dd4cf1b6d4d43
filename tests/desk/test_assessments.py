"""Assessments: a lead sets scenarios and judgement items; people pass and answer them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desk_support import FakeClock, Staff
from trustdesk.desk import assessments, training
from trustdesk.desk.desk import Desk
from trustdesk.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError

SCENARIO = "honesty-refund-timeline"
GOOD = (
    "I have approved the refund for order 5521 just now. Refunds reach your account within "
    "5-10 business days of approval, depending on your bank."
)
ITEMS = ["sjt-honesty-refund-date", "sjt-privacy-caller"]


def _set(desk: Desk, staff: Staff, **kwargs: object) -> assessments.AssessmentView:
    return assessments.create_assessment(
        desk,
        staff.lead,
        title="Honesty and privacy",
        scenario_ids=[SCENARIO],
        item_ids=ITEMS,
        **kwargs,  # type: ignore[arg-type]
    )


def test_an_agent_completes_an_assessment_and_sees_why_after_answering(
    desk: Desk, staff: Staff, clock: FakeClock
) -> None:
    training.practise(desk, staff.agent, scenario_id=SCENARIO, reply=GOOD)  # before: not counted
    clock.advance(minutes=1)
    made = _set(desk, staff, due_at=clock() + timedelta(days=7))
    before = assessments.get_assessment(desk, staff.agent, made.id)
    assert [s.passed for s in before.scenario_list] == [False]
    assert all(o.why is None for item in before.item_list for o in item.options)
    assert before.mine is not None and not before.mine.complete
    clock.advance(minutes=1)
    training.practise(desk, staff.agent, scenario_id=SCENARIO, reply=GOOD)
    after = assessments.answer_items(
        desk, staff.agent, made.id, {"sjt-honesty-refund-date": "b", "sjt-privacy-caller": "a"}
    )
    assert after.mine is not None
    assert (after.mine.items_correct, after.mine.items_answered, after.mine.complete) == (
        1,
        2,
        True,
    )
    privacy = next(i for i in after.item_list if i.id == "sjt-privacy-caller")
    assert privacy.chosen == "a"
    assert [o.id for o in privacy.options if o.best] == ["b"]
    assert all(o.why for o in privacy.options)
    assert after.results == []  # an agent sees only their own result
    with pytest.raises(ConflictError):
        assessments.answer_items(desk, staff.agent, made.id, {"sjt-privacy-caller": "b"})


def test_leads_set_and_read_results_and_statistics_other_teams_see_nothing(
    desk: Desk, staff: Staff
) -> None:
    with pytest.raises(PermissionDeniedError):
        assessments.create_assessment(
            desk, staff.agent, title="x", scenario_ids=[SCENARIO], item_ids=[]
        )
    made = _set(desk, staff)
    assessments.answer_items(desk, staff.agent, made.id, {"sjt-honesty-refund-date": "b"})
    view = assessments.get_assessment(desk, staff.lead, made.id)
    assert {r.username for r in view.results} == {"ann", "lee"}
    stats = {s["item"]: s for s in assessments.assessment_statistics(desk, staff.lead, made.id)}
    assert stats["sjt-honesty-refund-date"]["answers"] == 1
    assert stats["sjt-honesty-refund-date"]["difficulty"] == 1.0
    assert stats["sjt-privacy-caller"]["answers"] == 0
    with pytest.raises(PermissionDeniedError):
        assessments.assessment_statistics(desk, staff.agent, made.id)
    with pytest.raises(NotFoundError):
        assessments.get_assessment(desk, staff.other_agent, made.id)
    assert assessments.list_assessments(desk, staff.other_agent) == []
    assert [a.id for a in assessments.list_assessments(desk, staff.agent)] == [made.id]


def test_an_assessment_for_some_people_is_hidden_from_the_others(desk: Desk, staff: Staff) -> None:
    assert staff.lead.user_id is not None
    made = _set(desk, staff, assignees=[staff.lead.user_id])
    assert assessments.list_assessments(desk, staff.agent) == []
    with pytest.raises(NotFoundError):
        assessments.get_assessment(desk, staff.agent, made.id)
    assert staff.other_agent.user_id is not None
    with pytest.raises(InputError, match="in your team"):
        _set(desk, staff, assignees=[staff.other_agent.user_id])


def test_bad_entries_are_refused_in_one_line(desk: Desk, staff: Staff) -> None:
    with pytest.raises(InputError, match="no scenario 'nope'"):
        assessments.create_assessment(
            desk, staff.lead, title="x", scenario_ids=["nope"], item_ids=[]
        )
    with pytest.raises(InputError, match="at least one"):
        assessments.create_assessment(desk, staff.lead, title="x", scenario_ids=[], item_ids=[])
    made = _set(desk, staff)
    with pytest.raises(InputError, match="has no option 'z'"):
        assessments.answer_items(desk, staff.agent, made.id, {"sjt-privacy-caller": "z"})


def test_alpha_per_principle_and_overall_once_five_people_answered_every_item(
    desk: Desk, staff: Staff
) -> None:
    from trustdesk.desk import auth
    from trustdesk.desk.roles import SYSTEM, Actor, Role

    # Two honesty items and two privacy items; their best options are b, b, c and d.
    items = [*ITEMS, "sjt-honesty-restock", "sjt-privacy-partner"]
    best = ["b", "b", "c", "d"]
    made = assessments.create_assessment(
        desk, staff.lead, title="Judgement", scenario_ids=[], item_ids=items
    )
    people = [staff.agent, staff.lead]
    for name in ("bea", "cal", "dan"):
        user = auth.create_user(
            desk, SYSTEM, username=name, password="a-long-password", role="agent", team="Support"
        )
        people.append(Actor(user.id, name, Role.AGENT, user.team_id))
    # Right (1) or wrong (0) on each item, in the order of `items`.
    patterns = [(1, 1, 1, 1), (1, 0, 1, 0), (0, 0, 0, 0), (1, 1, 0, 1), (0, 1, 0, 1)]
    for number, (actor, pattern) in enumerate(zip(people, patterns, strict=True)):
        if number == 4:
            before = assessments.full_statistics(desk, staff.lead, made.id)
            assert [(p.alpha, p.people) for p in before.principles] == [(None, 4), (None, 4)]
            assert before.overall.reason == (
                "4 people answered all its items; alpha needs at least 5"
            )
        chosen = {
            item: key if right else "a"
            for item, key, right in zip(items, best, pattern, strict=True)
        }
        assessments.answer_items(desk, actor, made.id, chosen)
    stats = assessments.full_statistics(desk, staff.lead, made.id)
    # Honesty: item variances 0.24 + 0.24, totals 2, 2, 0, 1, 0 have variance 0.8, so
    # alpha = 2 * (1 - 0.48 / 0.8) = 0.8. The privacy items are answered alike: alpha 1.
    # All four: item variances 0.96, totals 4, 2, 0, 3, 2 have variance 1.76: 0.606.
    assert [(p.principle, p.items, p.people, p.alpha) for p in stats.principles] == [
        ("honesty", 2, 5, 0.8),
        ("privacy", 2, 5, 1.0),
    ]
    assert (stats.overall.items, stats.overall.people, stats.overall.alpha) == (4, 5, 0.606)
    view = assessments.get_assessment(desk, staff.lead, made.id)
    scores = {r.username: [(p.principle, p.correct) for p in r.principles] for r in view.results}
    assert scores["ann"] == [("honesty", 2), ("privacy", 2)]
    assert scores["dan"] == [("honesty", 0), ("privacy", 2)]

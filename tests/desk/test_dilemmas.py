"""Dilemmas: choose with a reason, then see the discussion and how the team chose."""

from __future__ import annotations

import pytest

from desk_support import Staff
from trustdesk.desk import dilemmas
from trustdesk.desk.desk import Desk
from trustdesk.errors import ConflictError, InputError, NotFoundError
from trustdesk.model import Principle
from trustdesk.training.dilemmas import dilemmas as shipped

DILEMMA = "dilemma-honesty-vs-empathy-outage"


def test_the_shipped_dilemmas_set_principles_against_each_other() -> None:
    items = shipped()
    assert len(items) >= 8
    assert all(len(d.principles) >= 2 for d in items)
    assert len({p for d in items for p in d.principles}) >= len(Principle) - 1


def test_the_discussion_and_the_team_counts_come_after_choosing(desk: Desk, staff: Staff) -> None:
    before = dilemmas.get_dilemma(desk, staff.agent, DILEMMA)
    assert before.discussion is None and all(o.chosen_by is None for o in before.options)
    dilemmas.choose(desk, staff.lead, DILEMMA, option="b", reason="Honest, and kind about it.")
    after = dilemmas.choose(
        desk, staff.agent, DILEMMA, option="a", reason="They needed calm more than detail."
    )
    assert after.mine == "a" and after.discussion
    assert {o.id: o.chosen_by for o in after.options} == {"a": 1, "b": 1, "c": 0}
    assert after.reasons == []  # an agent does not read the others' reasons
    lead = dilemmas.get_dilemma(desk, staff.lead, DILEMMA)
    assert [(r.username, r.option) for r in lead.reasons] == [("lee", "b"), ("ann", "a")]
    with pytest.raises(ConflictError):
        dilemmas.choose(desk, staff.agent, DILEMMA, option="b", reason="Changed my mind.")


def test_another_team_neither_sees_nor_counts_the_choices(desk: Desk, staff: Staff) -> None:
    dilemmas.choose(desk, staff.agent, DILEMMA, option="a", reason="Calm first.")
    theirs = dilemmas.choose(desk, staff.other_agent, DILEMMA, option="c", reason="Facts.")
    assert {o.id: o.chosen_by for o in theirs.options} == {"a": 0, "b": 0, "c": 1}
    assert [d.mine for d in dilemmas.list_dilemmas(desk, staff.other_agent) if d.id == DILEMMA] == [
        "c"
    ]


def test_bad_choices_are_refused(desk: Desk, staff: Staff) -> None:
    with pytest.raises(InputError, match="no option 'z'"):
        dilemmas.choose(desk, staff.agent, DILEMMA, option="z", reason="x")
    with pytest.raises(InputError, match="say why"):
        dilemmas.choose(desk, staff.agent, DILEMMA, option="a", reason="  ")
    with pytest.raises(NotFoundError):
        dilemmas.get_dilemma(desk, staff.agent, "no-such")

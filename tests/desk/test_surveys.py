"""Surveys: a signed link per resolved ticket, answered once, without signing in."""

from __future__ import annotations

import pytest

from desk_support import FakeClock, Staff, new_ticket
from trustdesk.desk import surveys, tickets
from trustdesk.desk.desk import Desk
from trustdesk.errors import ConflictError, InputError, NotFoundError


def _resolved(desk: Desk, staff: Staff) -> int:
    ticket = new_ticket(desk, staff.agent)
    tickets.update_ticket(desk, staff.agent, ticket.id, status="resolved")
    return ticket.id


def test_a_resolved_ticket_gets_a_link_the_customer_answers_once(desk: Desk, staff: Staff) -> None:
    ticket_id = _resolved(desk, staff)
    link = surveys.survey_link(desk, staff.agent, ticket_id=ticket_id)
    assert link.url.endswith(f"/survey/{link.token}")
    assert surveys.open_survey(desk, link.token).answered is False
    answer = surveys.submit_survey(
        desk, link.token, satisfaction=4, treated_fairly=True, comment="Quick and kind."
    )
    assert (answer.satisfaction, answer.treated_fairly) == (4, True)
    assert surveys.open_survey(desk, link.token).answered is True
    with pytest.raises(ConflictError):
        surveys.submit_survey(desk, link.token, satisfaction=1, treated_fairly=False)
    [result] = surveys.list_surveys(desk, staff.lead, answered=True)
    assert result.ticket_id == ticket_id and result.comment == "Quick and kind."


def test_an_open_ticket_has_no_survey(desk: Desk, staff: Staff) -> None:
    ticket = new_ticket(desk, staff.agent)
    with pytest.raises(ConflictError):
        surveys.survey_link(desk, staff.agent, ticket_id=ticket.id)


def test_a_tampered_or_expired_link_is_refused(desk: Desk, staff: Staff, clock: FakeClock) -> None:
    token = surveys.survey_link(desk, staff.agent, ticket_id=_resolved(desk, staff)).token
    with pytest.raises(NotFoundError):
        surveys.open_survey(desk, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    with pytest.raises(InputError):
        surveys.submit_survey(desk, token, satisfaction=6, treated_fairly=None)


def test_the_signing_key_survives_a_restart(desk: Desk, staff: Staff) -> None:
    token = surveys.survey_link(desk, staff.agent, ticket_id=_resolved(desk, staff)).token
    desk.cache.clear()  # a new process: the key is read back from the database
    assert surveys.open_survey(desk, token).answered is False


def test_secrets_in_a_comment_are_redacted(desk: Desk, staff: Staff) -> None:
    token = surveys.survey_link(desk, staff.agent, ticket_id=_resolved(desk, staff)).token
    saved = surveys.submit_survey(
        desk, token, satisfaction=2, treated_fairly=False, comment="card 4111 1111 1111 1111"
    )
    assert saved.comment == "card [card number removed]"

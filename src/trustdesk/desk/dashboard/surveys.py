"""The dashboard's survey figures: what customers said of the tickets resolved in the range.

A survey opens when its ticket is resolved; the range picks surveys by that moment, and
counts how many of them were answered, so the response rate compares like with like.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from trustdesk.desk.dashboard.views import SurveyComment, SurveyStats
from trustdesk.desk.roles import Actor
from trustdesk.desk.tenancy import visible_tickets
from trustdesk.store.tables import Survey, Ticket

LATEST_COMMENTS = 5
SATISFACTION = range(1, 6)

Q = TypeVar("Q", bound="Select[*tuple[Any, ...]]")


def survey_stats(session: Session, actor: Actor, since: datetime, until: datetime) -> SurveyStats:
    """Answers of the surveys opened in [since, until) on the actor's team's tickets."""
    counts = session.execute(
        _surveys(
            select(Survey.satisfaction, Survey.treated_fairly, func.count()),
            actor,
            since,
            until,
        ).group_by(Survey.satisfaction, Survey.treated_fairly)
    )
    sent = answered = fair = judged = total = 0
    satisfaction = dict.fromkeys(SATISFACTION, 0)
    for score, treated_fairly, count in counts:
        n = int(count)
        sent += n
        if score is None:  # not answered (an answer always has a satisfaction)
            continue
        answered += n
        total += int(score) * n
        satisfaction[int(score)] = satisfaction.get(int(score), 0) + n
        if treated_fairly is not None:
            judged += n
            fair += n if treated_fairly else 0
    comments = session.execute(
        _surveys(
            select(Survey.ticket_id, Survey.submitted_at, Survey.satisfaction, Survey.comment),
            actor,
            since,
            until,
        )
        .where(Survey.submitted_at.is_not(None), Survey.comment.is_not(None))
        .order_by(Survey.submitted_at.desc(), Survey.id.desc())
        .limit(LATEST_COMMENTS)
    )
    return SurveyStats(
        sent=sent,
        answered=answered,
        response_rate=answered / sent if sent else None,
        mean_satisfaction=round(total / answered, 2) if answered else None,
        satisfaction=satisfaction,
        treated_fairly_share=fair / judged if judged else None,
        comments=[
            SurveyComment(ticket_id=ticket_id, at=at, satisfaction=score, comment=comment)
            for ticket_id, at, score, comment in comments
            if at is not None and comment is not None
        ],
    )


def _surveys(query: Q, actor: Actor, since: datetime, until: datetime) -> Q:
    query = query.join(Ticket, Survey.ticket_id == Ticket.id).where(
        Survey.created_at >= since, Survey.created_at < until
    )
    return visible_tickets(query, actor)

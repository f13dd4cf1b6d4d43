"""What the dashboard asks the database: the replies of a range counted by period, author,
team and decision; the findings of those that have any; the promises they made; who the
authors and teams are. Everything lands in the running sums of trustdesk.desk.dashboard.tally.

Counts are summed by the database; only the findings of replies that have any are read, the
most recent MAX_FLAGGED_REPLIES of them (`truncated` says when there were more).
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, case, func, literal, select
from sqlalchemy.orm import Session

from trustdesk.analytics.teams import NO_TEAM
from trustdesk.desk.dashboard.periods import Span
from trustdesk.desk.dashboard.tally import AgentKey, CheckTally, Tallies, clip
from trustdesk.desk.dashboard.views import FindingExample
from trustdesk.desk.ledger import add_counts, overdue_expression, status_expression
from trustdesk.desk.roles import Actor
from trustdesk.desk.tenancy import visible_tickets
from trustdesk.desk.views import LedgerCounts
from trustdesk.model import is_audit_note
from trustdesk.store.tables import Commitment, Message, Team, Ticket, User

REPLY_ROLES = ("agent", "bot")
# The replies with findings one dashboard reads, the most recent first.
MAX_FLAGGED_REPLIES = 20_000

Q = TypeVar("Q", bound="Select[*tuple[Any, ...]]")


def _replies(query: Q, actor: Actor, since: datetime, until: datetime) -> Q:
    """`query` kept to the replies of [since, until) on tickets the actor's team sees."""
    query = query.join(Ticket, Message.ticket_id == Ticket.id).where(
        Message.role.in_(REPLY_ROLES), Message.at >= since, Message.at < until
    )
    return visible_tickets(query, actor)


def count_replies(
    session: Session,
    actor: Actor,
    tallies: Tallies,
    since: datetime,
    until: datetime,
    periods: list[Span],
) -> None:
    """Replies by period, author, team, decision and override, counted by the database."""
    last = len(periods) - 1
    bucket: Any = literal(last)
    if last:
        bucket = case(
            *((Message.at < span.end, index) for index, span in enumerate(periods[:-1])),
            else_=last,
        )
    # Grouped in an outer query: PostgreSQL would not see that the same CASE, with its bound
    # parameters, is both in the select list and in GROUP BY.
    inner = _replies(
        select(
            bucket.label("bucket"),
            Message.author_user_id.label("user_id"),
            Message.author.label("author"),
            Message.role.label("role"),
            Ticket.team_id.label("team_id"),
            Message.decision.label("decision"),
            Message.override_reason.is_not(None).label("overridden"),
        ),
        actor,
        since,
        until,
    ).subquery()
    c = inner.c
    keys = (c.bucket, c.user_id, c.author, c.role, c.team_id, c.decision, c.overridden)
    rows = session.execute(select(*keys, func.count()).group_by(*keys))
    for index, user_id, author, role, team_id, decision, overridden, count in rows:
        n = int(count)
        tallies.periods[int(index)].replies += n
        for tally in tallies.groups((user_id, author, role), team_id):
            tally.replies += n
            tally.decisions[decision] += n
            tally.overrides += n if overridden else 0


def read_findings(
    session: Session,
    actor: Actor,
    tallies: Tallies,
    since: datetime,
    until: datetime,
    periods: list[Span],
    examples: int,
) -> None:
    """The findings of the replies that have any, the most recent first (so are examples)."""
    query = _replies(
        select(
            Message.id,
            Message.ticket_id,
            Message.at,
            Message.author_user_id,
            Message.author,
            Message.role,
            Ticket.team_id,
            Message.findings,
        ),
        actor,
        since,
        until,
    ).where(func.json_array_length(Message.findings) > 0)
    query = query.order_by(Message.at.desc(), Message.id.desc()).limit(MAX_FLAGGED_REPLIES + 1)
    ends = [span.end for span in periods[:-1]]
    for seen, row in enumerate(session.execute(query)):
        if seen == MAX_FLAGGED_REPLIES:
            tallies.truncated = True
            break
        message_id, ticket_id, at, user_id, author, role, team_id, stored = row
        # A note of the audit on itself (audit.truncated) is about no principle: not a finding.
        found = [f for f in stored if isinstance(f, dict) and not is_audit_note(f)]
        if not found:
            continue
        principles = {str(f.get("principle")) for f in found}
        groups = tallies.groups((user_id, author, role), team_id)
        for tally in (tallies.periods[bisect_right(ends, at)], *groups):
            tally.findings += len(found)
            tally.flagged.update(principles)
        seen_checks: set[str] = set()
        for finding in found:
            check_id = str(finding.get("check"))
            principle = str(finding.get("principle"))
            tallies.principle_findings[principle] += 1
            check = tallies.checks.setdefault(check_id, CheckTally(principle))
            check.count += 1
            if check_id not in seen_checks:
                seen_checks.add(check_id)
                check.replies += 1
            if len(check.examples) < examples and finding.get("quote"):
                check.examples.append(
                    FindingExample(
                        quote=clip(finding.get("quote")),
                        explanation=str(finding.get("explanation") or ""),
                        suggestion=finding.get("suggestion") or None,
                        severity=str(finding.get("severity")),
                        ticket_id=ticket_id,
                        message_id=message_id,
                        at=at,
                        author=author,
                    )
                )


def count_commitments(
    session: Session,
    actor: Actor,
    tallies: Tallies,
    since: datetime,
    until: datetime,
    now: datetime,
    grace: timedelta,
) -> None:
    """The promises the range's replies made, by what they are now (trustdesk.desk.ledger:
    judged from the messages as an audit judges them, unless a person closed them)."""
    status = status_expression(now, grace)
    late = overdue_expression(now)
    query = _replies(
        select(
            Message.author_user_id,
            Message.author,
            Message.role,
            Ticket.team_id,
            status,
            Commitment.source,
            func.count(),
            func.sum(case((late, 1), else_=0)),
        ).join(Commitment, Commitment.message_id == Message.id),
        actor,
        since,
        until,
    ).group_by(
        Message.author_user_id,
        Message.author,
        Message.role,
        Ticket.team_id,
        status,
        Commitment.source,
    )
    for user_id, author, role, team_id, found, source, count, overdue in session.execute(query):
        for tally in tallies.groups((user_id, author, role), team_id):
            counts = LedgerCounts()
            add_counts(counts, found, source, int(count))
            counts.overdue = int(overdue or 0)
            for key, value in counts.model_dump().items():
                tally.commitments[key] += value


def agent_details(session: Session, tallies: Tallies) -> dict[AgentKey, dict[str, Any]]:
    """Who each author is: the user's name and team, or the name in the author ("agent:priya")."""
    ids = {user_id for user_id, _, _ in tallies.agents if user_id is not None}
    users = (
        {user.id: user for user in session.scalars(select(User).where(User.id.in_(ids)))}
        if ids
        else {}
    )
    found = {}
    for key in tallies.agents:
        user_id, author, role = key
        user = users.get(user_id) if user_id is not None else None
        name = (author or "").partition(":")[2] or author or "(unknown)"
        found[key] = {
            "author": author or "(unknown)",
            "user_id": user_id,
            "username": user.username if user else name,
            "display_name": user.display_name if user else name,
            "role": role,
            "team_id": user.team_id if user else None,
        }
    return found


def team_names(session: Session, tallies: Tallies) -> dict[int | None, str]:
    ids = [team_id for team_id in tallies.teams if team_id is not None]
    names: dict[int | None, str] = {None: NO_TEAM}
    if ids:
        rows = session.execute(select(Team.id, Team.name).where(Team.id.in_(ids)))
        names.update({team_id: name for team_id, name in rows})
    return names

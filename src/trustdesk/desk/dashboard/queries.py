"""What the dashboard asks the database: the replies of a range counted by period, author,
team and decision; the conversations started in the range, with the findings of their
messages; the promises the replies made; who the authors and teams are. Everything lands in
the running sums of trustdesk.desk.dashboard.tally.

Reply counts are summed by the database; the conversations are read, the most recent
MAX_CONVERSATIONS of them (`truncated` says when there were more), and of their messages only
those with findings.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, case, func, literal, select
from sqlalchemy.orm import Session

from trustdesk.analytics.teams import NO_TEAM
from trustdesk.desk.dashboard.periods import Span
from trustdesk.desk.dashboard.tally import AgentKey, CheckTally, Tallies, Tally, clip
from trustdesk.desk.dashboard.views import FindingExample
from trustdesk.desk.ledger import add_counts, overdue_expression, status_expression
from trustdesk.desk.roles import Actor
from trustdesk.desk.tenancy import visible_tickets
from trustdesk.desk.views import LedgerCounts
from trustdesk.engine.scoring import principle_scores
from trustdesk.model import Principle, Severity, is_audit_note
from trustdesk.store.tables import Commitment, Message, Team, Ticket, User

REPLY_ROLES = ("agent", "bot")
# The conversations one dashboard scores, the most recent first.
MAX_CONVERSATIONS = 50_000

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


def read_conversations(
    session: Session,
    actor: Actor,
    tallies: Tallies,
    since: datetime,
    until: datetime,
    periods: list[Span],
    examples: int,
    principles: Iterable[Principle],
) -> None:
    """The conversations (tickets) started in [since, until), the most recent first: each
    scored from the findings stored on its messages, as the audit scores a conversation, and
    counted in its period, its team and each author who wrote in it."""
    # A conversation starts at its first message that has a time of its own (as the audit
    # dates it); one with none, when it reached the desk.
    first_timed = (
        select(
            Message.ticket_id.label("ticket_id"),
            func.min(case((Message.time_given, Message.at))).label("at"),
        )
        .group_by(Message.ticket_id)
        .subquery()
    )
    began = func.coalesce(first_timed.c.at, Ticket.created_at)
    started = (
        select(
            Ticket.id.label("ticket_id"), Ticket.team_id.label("team_id"), began.label("started")
        )
        .join(first_timed, first_timed.c.ticket_id == Ticket.id)
        .subquery()
    )
    in_range = visible_tickets(
        select(started.c.ticket_id, started.c.team_id, started.c.started)
        .join(Ticket, Ticket.id == started.c.ticket_id)
        .where(started.c.started >= since, started.c.started < until),
        actor,
    )
    rows = session.execute(
        in_range.order_by(started.c.started.desc(), started.c.ticket_id.desc()).limit(
            MAX_CONVERSATIONS + 1
        )
    ).all()
    if len(rows) > MAX_CONVERSATIONS:
        tallies.truncated = True
        rows = rows[:MAX_CONVERSATIONS]
    if not rows:
        return
    # Messages of the conversations read only: those the actor sees, started from the oldest
    # one read (ties with it are dropped below).
    read = {ticket_id for ticket_id, _, _ in rows}
    of_read = visible_tickets(
        select(started.c.ticket_id)
        .join(Ticket, Ticket.id == started.c.ticket_id)
        .where(started.c.started >= rows[-1][2], started.c.started < until),
        actor,
    )
    authors: dict[int, set[AgentKey]] = defaultdict(set)
    written = select(Message.ticket_id, Message.author_user_id, Message.author, Message.role).where(
        Message.role.in_(REPLY_ROLES), Message.ticket_id.in_(of_read)
    )
    for ticket_id, user_id, author, role in session.execute(written.distinct()):
        if ticket_id in read:
            authors[ticket_id].add((user_id, author, role))
    flagged = (
        select(
            Message.id,
            Message.ticket_id,
            Message.at,
            Message.author_user_id,
            Message.author,
            Message.role,
            Message.findings,
        )
        .where(Message.ticket_id.in_(of_read), func.json_array_length(Message.findings) > 0)
        .order_by(Message.at.desc(), Message.id.desc())
    )
    found: dict[int, list[tuple[_Stored, AgentKey | None]]] = defaultdict(list)
    for message_id, ticket_id, at, user_id, author, role, stored in session.execute(flagged):
        if ticket_id not in read:
            continue
        agent = (user_id, author, role) if role in REPLY_ROLES else None
        for finding in stored:
            judged = _Stored.of(finding)
            if judged is None:
                continue  # a note of the audit on itself is about no principle
            found[ticket_id].append((judged, agent))
            check = tallies.checks.setdefault(judged.check, CheckTally(judged.principle.value))
            if len(check.examples) < examples and finding.get("quote"):
                check.examples.append(
                    FindingExample(
                        quote=clip(finding.get("quote")),
                        explanation=str(finding.get("explanation") or ""),
                        suggestion=finding.get("suggestion") or None,
                        severity=judged.severity.value,
                        ticket_id=ticket_id,
                        message_id=message_id,
                        at=at,
                        author=author,
                    )
                )
    enabled = list(principles)
    ends = [span.end for span in periods[:-1]]
    for ticket_id, team_id, began in rows:
        judged_here = found.get(ticket_id, [])
        findings = [judged for judged, _ in judged_here]
        scores = {p.value: s for p, s in principle_scores(findings, enabled).items()}
        named = {f.principle.value for f in findings}
        by_agent = {key: 0 for key in authors.get(ticket_id, ())}
        for _, agent in judged_here:
            if agent is not None:
                by_agent[agent] = by_agent.get(agent, 0) + 1
        groups = [
            (tallies.periods[bisect_right(ends, began)], len(findings)),
            (tallies.total, len(findings)),
            (tallies.teams.setdefault(team_id, Tally()), len(findings)),
            *((tallies.agents.setdefault(key, Tally()), n) for key, n in by_agent.items()),
        ]
        for tally, own in groups:
            tally.add_conversation(scores, named)
            tally.findings += own
        seen: set[str] = set()
        for finding in findings:
            tallies.principle_findings[finding.principle.value] += 1
            check = tallies.checks[finding.check]
            check.count += 1
            if finding.check not in seen:
                seen.add(finding.check)
                check.conversations += 1


@dataclass(frozen=True, slots=True)
class _Stored:
    """A finding as a message stores it, read as a score reads it."""

    check: str
    principle: Principle
    severity: Severity

    @classmethod
    def of(cls, stored: Any) -> _Stored | None:
        if not isinstance(stored, dict) or is_audit_note(stored):
            return None
        try:
            return cls(
                str(stored.get("check")),
                Principle(str(stored.get("principle"))),
                Severity(str(stored.get("severity"))),
            )
        except ValueError:
            return None


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

"""Progress for leads, per person and per team: scenarios passed, the principles where practice
replies most often fail, improvement over attempts, and practice beside live findings.

- Failing principles: of a group's attempts, how many had a finding that warns or blocks of
  each principle (an info note does not fail a reply).
- Improvement: attempts numbered per person and scenario (1st, 2nd, 3rd, 4th or later), with
  their pass rate and findings per attempt; and, over the scenarios tried more than once, the
  first attempt beside the latest.
- Practice and live findings: for each person and principle they practised, the findings of
  that principle per reply in the replies they really sent on the desk, before their first
  attempt at a scenario training it and from then on, counted as the dashboard counts them.
  It is a correlation over time, not proof that practice changed anything.

An agent reads their own progress, a lead their team's, admins and auditors every team's.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import Actor, Permission
from trustdesk.desk.tenancy import _team_holds as team_holds  # one rule for team tables
from trustdesk.desk.tenancy import cross_team, visible_tickets
from trustdesk.desk.training import list_scenarios
from trustdesk.desk.training_progress import PrincipleProgress
from trustdesk.model import Principle, Severity, is_audit_note
from trustdesk.store.tables import Message, Ticket, User
from trustdesk.store.training_tables import PracticeAttempt

REPLY_ROLES = ("agent", "bot")
Q = TypeVar("Q", bound="Select[*tuple[Any, ...]]")
# Attempts from the fourth on are counted together.
LAST_STEP = 4
CAVEAT = (
    "Live rates before and after practice are a correlation over time, not proof: other "
    "things change too (the tickets, the policy, the person's experience)."
)


class FailingPrinciple(BaseModel):
    principle: str
    # Attempts with a finding of this principle that warns or blocks, of `attempts`.
    failed: int
    attempts: int
    rate: float | None
    findings: int


class AttemptStep(BaseModel):
    number: int
    label: str
    attempts: int
    passed: int
    pass_rate: float | None
    findings_per_attempt: float | None


class FirstAndLatest(BaseModel):
    # Scenarios (per person) tried more than once.
    scenarios: int
    first_passed: int
    latest_passed: int
    first_findings: int
    latest_findings: int


class LiveRate(BaseModel):
    replies: int
    findings: int
    # Findings of the principle per reply sent (None: no reply).
    rate: float | None


class LiveLink(BaseModel):
    principle: str
    # People counted (1 for a person's own row).
    people: int
    # The first practice of the principle (a team's: the earliest of its people's).
    first_practice_at: datetime
    before: LiveRate
    after: LiveRate


class ProgressSummary(BaseModel):
    attempts: int
    tried: int
    passed: int
    pass_rate: float | None
    principles: list[PrincipleProgress]
    failing: list[FailingPrinciple]
    by_attempt: list[AttemptStep]
    first_and_latest: FirstAndLatest
    live: list[LiveLink]


class PersonReport(ProgressSummary):
    user_id: int
    username: str
    team: str | None


class TeamReport(ProgressSummary):
    team: str | None
    people: int


class ProgressReport(BaseModel):
    people: list[PersonReport]
    teams: list[TeamReport]
    caveat: str


@dataclass
class _Attempt:
    scenario: str
    passed: bool
    at: datetime
    failing: Counter[str]


@dataclass
class _Person:
    user_id: int
    username: str
    team_id: int | None
    team: str | None
    attempts: list[_Attempt] = field(default_factory=list)
    # Reply times (sorted) and each flagged reply's time with its findings by principle.
    replies: list[datetime] = field(default_factory=list)
    flagged: list[tuple[datetime, Counter[str]]] = field(default_factory=list)


def progress_report(desk: Desk, actor: Actor, *, user_id: int | None = None) -> ProgressReport:
    """The progress the actor may read (optionally one person's), people with most scenarios
    passed first, and their teams."""
    actor.require(Permission.READ)
    leads = actor.can(Permission.MANAGE_SCENARIOS) or cross_team(actor)
    trains = {s.id: [p.value for p in s.principles] for s in list_scenarios(desk, actor)}
    with desk.reading() as session:
        query = select(User).where(
            team_holds(User.team_id, actor), User.role.in_(("agent", "lead"))
        )
        if not leads:
            query = query.where(User.id == actor.user_id)
        if user_id is not None:
            query = query.where(User.id == user_id)
        people = {
            u.id: _Person(u.id, u.username, u.team_id, u.team.name if u.team else None)
            for u in session.scalars(query.order_by(User.username))
        }
        ids = list(people)
        if ids:
            _read_attempts(session, actor, people, ids)
            _read_replies(session, actor, people, ids)
    reports = [_person_report(p, trains) for p in people.values()]
    reports.sort(key=lambda r: (-r.passed, -r.tried, r.username))
    by_team: dict[int | None, list[_Person]] = defaultdict(list)
    for person in people.values():
        by_team[person.team_id].append(person)
    teams = [_team_report(members, trains) for members in by_team.values()]
    teams.sort(key=lambda t: t.team or "")
    return ProgressReport(people=reports, teams=teams, caveat=CAVEAT)


def _read_attempts(
    session: Session, actor: Actor, people: dict[int, _Person], ids: list[int]
) -> None:
    rows = session.execute(
        select(
            PracticeAttempt.user_id,
            PracticeAttempt.scenario_key,
            PracticeAttempt.passed,
            PracticeAttempt.created_at,
            PracticeAttempt.findings,
        )
        .where(team_holds(PracticeAttempt.team_id, actor), PracticeAttempt.user_id.in_(ids))
        .order_by(PracticeAttempt.created_at, PracticeAttempt.id)
    )
    for user_id, key, passed, at, findings in rows:
        people[user_id].attempts.append(_Attempt(key, bool(passed), at, _failing(findings)))


def _read_replies(
    session: Session, actor: Actor, people: dict[int, _Person], ids: list[int]
) -> None:
    """Each person's real replies on tickets the actor sees: every reply's time (to count the
    replies before and after a moment), and the findings of those that have any."""

    def replies(query: Q) -> Q:
        return visible_tickets(
            query.join(Ticket, Message.ticket_id == Ticket.id).where(
                Message.role.in_(REPLY_ROLES), Message.author_user_id.in_(ids)
            ),
            actor,
        )

    times = replies(select(Message.author_user_id, Message.at)).order_by(Message.at)
    for user_id, at in session.execute(times):
        if user_id is not None:  # always set: the query asks for these ids
            people[user_id].replies.append(at)
    flagged = replies(select(Message.author_user_id, Message.at, Message.findings)).where(
        func.json_array_length(Message.findings) > 0
    )
    for user_id, at, findings in session.execute(flagged):
        counted = _principles(findings)
        if counted and user_id is not None:
            people[user_id].flagged.append((at, counted))


def _principles(findings: Iterable[Any], *, failing_only: bool = False) -> Counter[str]:
    """Findings by principle, as the dashboard reads them (audit notes and unknown principles
    left out); with `failing_only`, only those that warn or block."""
    counted: Counter[str] = Counter()
    for finding in findings or ():
        if not isinstance(finding, dict) or is_audit_note(finding):
            continue
        try:
            principle = Principle(str(finding.get("principle")))
            severity = Severity(str(finding.get("severity")))
        except ValueError:
            continue
        if failing_only and severity.rank < 1:
            continue
        counted[principle.value] += 1
    return counted


def _failing(findings: Iterable[Any]) -> Counter[str]:
    return _principles(findings, failing_only=True)


def _rate(part: int, whole: int, digits: int = 3) -> float | None:
    return round(part / whole, digits) if whole else None


def _summary(people: list[_Person], trains: dict[str, list[str]]) -> dict[str, Any]:
    attempts = [a for p in people for a in p.attempts]
    tried: set[tuple[int, str]] = set()
    passed: set[tuple[int, str]] = set()
    steps: dict[int, list[_Attempt]] = defaultdict(list)
    first_latest = FirstAndLatest(
        scenarios=0, first_passed=0, latest_passed=0, first_findings=0, latest_findings=0
    )
    for person in people:
        per_scenario: dict[str, list[_Attempt]] = defaultdict(list)
        for attempt in person.attempts:  # in time order
            per_scenario[attempt.scenario].append(attempt)
            tried.add((person.user_id, attempt.scenario))
            if attempt.passed:
                passed.add((person.user_id, attempt.scenario))
        for series in per_scenario.values():
            for number, attempt in enumerate(series, 1):
                steps[min(number, LAST_STEP)].append(attempt)
            if len(series) > 1:
                first, latest = series[0], series[-1]
                first_latest.scenarios += 1
                first_latest.first_passed += first.passed
                first_latest.latest_passed += latest.passed
                first_latest.first_findings += first.failing.total()
                first_latest.latest_findings += latest.failing.total()
    by_principle: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key in tried:
        for principle in trains.get(key[1], []):
            by_principle[principle][0] += 1
            by_principle[principle][1] += key in passed
    failed: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    for attempt in attempts:
        failed.update(attempt.failing.keys())
        findings.update(attempt.failing)
    return {
        "attempts": len(attempts),
        "tried": len(tried),
        "passed": len(passed),
        "pass_rate": _rate(len(passed), len(tried)),
        "principles": [
            PrincipleProgress(principle=p, tried=t, passed=k)
            for p, (t, k) in sorted(by_principle.items())
        ],
        "failing": [
            FailingPrinciple(
                principle=p,
                failed=n,
                attempts=len(attempts),
                rate=_rate(n, len(attempts)),
                findings=findings[p],
            )
            for p, n in sorted(failed.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "by_attempt": [_step(number, steps[number]) for number in sorted(steps)],
        "first_and_latest": first_latest,
    }


def _step(number: int, attempts: list[_Attempt]) -> AttemptStep:
    label = f"attempt {number}" if number < LAST_STEP else f"attempt {LAST_STEP} or later"
    passed = sum(a.passed for a in attempts)
    found = sum(a.failing.total() for a in attempts)
    return AttemptStep(
        number=number,
        label=label,
        attempts=len(attempts),
        passed=passed,
        pass_rate=_rate(passed, len(attempts)),
        findings_per_attempt=_rate(found, len(attempts), 2),
    )


def _first_practice(person: _Person, trains: dict[str, list[str]]) -> dict[str, datetime]:
    first: dict[str, datetime] = {}
    for attempt in person.attempts:  # in time order: the first one of a principle wins
        for principle in trains.get(attempt.scenario, []):
            first.setdefault(principle, attempt.at)
    return first


def _live(person: _Person, principle: str, since: datetime) -> tuple[int, int, int, int]:
    """Replies and findings of `principle` before `since`, then from `since` on."""
    before_replies = bisect_left(person.replies, since)
    before = after = 0
    for at, counted in person.flagged:
        if at < since:
            before += counted[principle]
        else:
            after += counted[principle]
    return before_replies, before, len(person.replies) - before_replies, after


def _live_links(people: list[_Person], trains: dict[str, list[str]]) -> list[LiveLink]:
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    first_at: dict[str, datetime] = {}
    for person in people:
        for principle, since in _first_practice(person, trains).items():
            counts = _live(person, principle, since)
            row = sums[principle]
            row[0] += 1
            for index, value in enumerate(counts, 1):
                row[index] += value
            first_at[principle] = min(first_at.get(principle, since), since)
    return [
        LiveLink(
            principle=principle,
            people=n,
            first_practice_at=first_at[principle],
            before=LiveRate(replies=rb, findings=fb, rate=_rate(fb, rb)),
            after=LiveRate(replies=ra, findings=fa, rate=_rate(fa, ra)),
        )
        for principle, (n, rb, fb, ra, fa) in sorted(sums.items())
    ]


def _person_report(person: _Person, trains: dict[str, list[str]]) -> PersonReport:
    return PersonReport(
        user_id=person.user_id,
        username=person.username,
        team=person.team,
        live=_live_links([person], trains),
        **_summary([person], trains),
    )


def _team_report(members: list[_Person], trains: dict[str, list[str]]) -> TeamReport:
    return TeamReport(
        team=members[0].team,
        people=len(members),
        live=_live_links(members, trains),
        **_summary(members, trains),
    )

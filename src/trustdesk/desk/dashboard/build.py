"""The lead dashboard of a range: its bounds checked and defaulted, then the database's counts
(trustdesk.desk.dashboard.queries) turned into one DashboardView."""

from __future__ import annotations

from datetime import UTC, datetime

from trustdesk.desk.dashboard.periods import default_since, default_until, spans
from trustdesk.desk.dashboard.queries import (
    agent_details,
    count_commitments,
    count_replies,
    read_conversations,
    team_names,
)
from trustdesk.desk.dashboard.surveys import survey_stats
from trustdesk.desk.dashboard.tally import Tallies, Tally, checks, commitment_counts, trend
from trustdesk.desk.dashboard.views import (
    AgentStats,
    DashboardPeriod,
    DashboardView,
    PeriodView,
    ReplyStats,
    TeamStats,
)
from trustdesk.desk.desk import Desk
from trustdesk.desk.roles import Actor, Permission
from trustdesk.errors import InputError
from trustdesk.model import Principle

MAX_EXAMPLES = 10
# The times a dashboard accepts: any period around them stays within what dates can hold.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 1, 1, tzinfo=UTC)


def dashboard(
    desk: Desk,
    actor: Actor,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    period: DashboardPeriod = "week",
    examples: int = 3,
) -> DashboardView:
    """The dashboard of [since, until); by default the current period and the eleven before
    it, whole (twelve days, weeks or months, the last one ending in the future)."""
    actor.require(Permission.READ)
    for name, value in (("since", since), ("until", until)):
        if value is None:
            continue
        if value.tzinfo is None:
            raise InputError("give the time with its UTC offset", field=name)
        if not EARLIEST <= value < LATEST:
            raise InputError(
                f"a dashboard covers times from {EARLIEST.year} to {LATEST.year - 1}", field=name
            )
    tz = desk.policy.organisation.tz
    until = until or default_until(desk.now(), period, tz)
    since = since or default_since(until, period, tz)
    if since >= until:
        raise InputError("`since` must be before `until`", field="since")
    periods = spans(since, until, period, tz)
    examples = max(0, min(examples, MAX_EXAMPLES))
    tallies = Tallies(periods=[Tally() for _ in periods])
    with desk.reading() as session:
        count_replies(session, actor, tallies, since, until, periods)
        read_conversations(
            session, actor, tallies, since, until, periods, examples, desk.engine.principles
        )
        grace = desk.engine.service_level.promise_grace
        count_commitments(session, actor, tallies, since, until, desk.now(), grace)
        agents = agent_details(session, tallies)
        teams = team_names(session, tallies)
        surveys = survey_stats(session, actor, since, until)
    principles = _principles(desk, tallies)
    return DashboardView(
        since=since,
        until=until,
        period=period,
        timezone=desk.policy.organisation.timezone,
        truncated=tallies.truncated,
        periods=[
            PeriodView(
                label=span.label,
                start=span.start,
                end=span.end,
                replies=tally.replies,
                conversations=tally.conversations,
            )
            for span, tally in zip(periods, tallies.periods, strict=True)
        ],
        totals=ReplyStats(**tallies.total.stats(principles)),
        principles=[trend(p, tallies, periods) for p in principles],
        agents=sorted(
            (
                AgentStats(**agents[key], **tally.stats(principles))
                for key, tally in tallies.agents.items()
            ),
            key=lambda row: (-row.replies, row.author),
        ),
        teams=sorted(
            (
                TeamStats(team_id=key, name=teams[key], **tally.stats(principles))
                for key, tally in tallies.teams.items()
            ),
            key=lambda row: (-row.replies, row.name),
        ),
        findings=checks(tallies),
        surveys=surveys,
        commitments=commitment_counts(tallies.total.commitments),
    )


def _principles(desk: Desk, tallies: Tallies) -> list[str]:
    """The enabled checks' principles and any other the findings name, in the policy's order."""
    named = set(desk.engine.principles) | set(tallies.principle_findings)
    known = [p.value for p in Principle if p in named]
    return known + sorted(str(p) for p in named if p not in set(Principle))

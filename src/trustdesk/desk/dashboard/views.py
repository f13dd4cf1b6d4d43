"""What the lead dashboard hands back: plain records a page or a chart renders as they are.

Scores are from 0 to 100, one definition with the audit report (`trustdesk.engine.scoring`):
each conversation scores each principle from its findings, and a group's score is the mean
over its conversations; shares and rates are from 0 to 1. A score, share or rate over
nothing (no conversations, no replies, no answered survey) is None, never 0 or 100.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from trustdesk.desk.views import LedgerCounts

DashboardPeriod = Literal["day", "week", "month"]


class PeriodView(BaseModel):
    # "2026-03-02" for a day, "2026-W10" for an ISO week, "2026-03" for a month.
    label: str
    # The whole period in the organisation's timezone; the first and last may be cut short by
    # the dashboard's own `since` and `until`.
    start: datetime
    end: datetime
    replies: int
    # Conversations (tickets) that started in the period.
    conversations: int = 0


class PeriodScore(BaseModel):
    period: str
    score: float | None
    # Conversations started in the period that the score is the mean of.
    conversations: int
    # Of them, those with at least one finding of the principle.
    flagged: int


class PrincipleTrend(BaseModel):
    principle: str
    label: str
    # Over the conversations started in the range.
    score: float | None
    conversations: int
    flagged: int
    findings: int
    # One entry per period of the dashboard, in order, so every line shares the same x axis.
    trend: list[PeriodScore]


class CommitmentCounts(LedgerCounts):
    """The ledger's counts (`desk.views.LedgerCounts`: made = timed + untimed; of the timed:
    kept, broken, open, or renegotiated by a person; overdue now), with the share kept."""

    # kept / (kept + broken), as in the audit's promise keeping.
    kept_share: float | None = None


class ReplyStats(BaseModel):
    replies: int = 0
    # By the pre-send check's decision: sent clean, sent over a warning with a reason, sent
    # over a block by a lead's override; unchecked replies were imported with no decision.
    allowed: int = 0
    warned: int = 0
    blocked_overridden: int = 0
    unchecked: int = 0
    allowed_share: float | None = None
    warned_share: float | None = None
    blocked_overridden_share: float | None = None
    # Replies sent with an override reason.
    overrides: int = 0
    # Findings on the group's conversations (an agent's: on their own messages).
    findings: int = 0
    findings_per_100_replies: float | None = None
    # Conversations started in the range: the team's, or those the agent wrote in.
    conversations: int = 0
    # Principle -> the mean score of those conversations, in the order of
    # `DashboardView.principles`.
    scores: dict[str, float | None] = Field(default_factory=dict)
    commitments: CommitmentCounts = Field(default_factory=CommitmentCounts)


class AgentStats(ReplyStats):
    # The message author as stored ("agent:ann", "bot:helper").
    author: str
    user_id: int | None
    username: str
    display_name: str
    role: Literal["agent", "bot"]
    # The user's team now (None for authors with no user, such as imported ones).
    team_id: int | None


class TeamStats(ReplyStats):
    # The tickets' team (None: tickets of no team, shown as "(no team)").
    team_id: int | None
    name: str


class FindingExample(BaseModel):
    quote: str
    explanation: str
    suggestion: str | None
    severity: str
    ticket_id: int
    message_id: int
    at: datetime
    author: str | None


class CheckFrequency(BaseModel):
    check: str
    principle: str
    label: str
    # Findings of this check, and the conversations with at least one.
    count: int
    conversations: int
    # Of all conversations started in the range.
    share: float | None
    # The most recent first.
    examples: list[FindingExample]


class SurveyComment(BaseModel):
    ticket_id: int
    at: datetime
    satisfaction: int | None
    comment: str


class SurveyStats(BaseModel):
    # Surveys opened in the range (on resolving a ticket), and how many of them were answered.
    sent: int = 0
    answered: int = 0
    response_rate: float | None = None
    mean_satisfaction: float | None = None
    # Satisfaction 1..5 -> answers; every key is present.
    satisfaction: dict[int, int] = Field(default_factory=dict)
    # Of the answers to "were you treated fairly?", the share of yes.
    treated_fairly_share: float | None = None
    # The latest answered comments, newest first.
    comments: list[SurveyComment] = Field(default_factory=list)


class DashboardView(BaseModel):
    since: datetime
    until: datetime
    period: DashboardPeriod
    timezone: str
    # True when more conversations started in the range than the dashboard reads: the
    # findings, scores and examples then come from the most recent of them only.
    truncated: bool
    periods: list[PeriodView]
    totals: ReplyStats
    principles: list[PrincipleTrend]
    agents: list[AgentStats]
    teams: list[TeamStats]
    findings: list[CheckFrequency]
    surveys: SurveyStats
    commitments: CommitmentCounts

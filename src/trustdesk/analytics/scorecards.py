"""A scorecard per agent and per team, always with its counts.

An agent's scorecard covers the conversations they wrote in: how many, their messages, the
findings on their own messages (per 100 of them), the share of those conversations that
came out clean (verdict allow) with a Wilson interval, and the conversations' mean score.
A scorecard on fewer conversations than the minimum group size is flagged: a rate on 3
conversations is not read like one on 3,000.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trustdesk.analytics.stats import wilson_interval
from trustdesk.analytics.teams import NO_TEAM


@dataclass
class _Card:
    conversations: int = 0
    messages: int = 0
    findings: int = 0
    clean: int = 0
    # In whole hundredths (scores have two decimals): exact, however the parts are added.
    score_sum: int = 0

    def add(self, messages: int, findings: int, clean: bool, score: float) -> None:
        self.conversations += 1
        self.messages += messages
        self.findings += findings
        self.clean += clean
        self.score_sum += round(score * 100)

    def merge(self, other: _Card) -> None:
        self.conversations += other.conversations
        self.messages += other.messages
        self.findings += other.findings
        self.clean += other.clean
        self.score_sum += other.score_sum

    def to_dict(self, name: str, min_n: int) -> dict[str, Any]:
        low, high = wilson_interval(self.clean, self.conversations)
        return {
            "name": name,
            "conversations": self.conversations,
            "messages": self.messages,
            "findings": self.findings,
            "findings_per_100_messages": round(100 * self.findings / self.messages, 1)
            if self.messages
            else 0.0,
            "clean_share": self.clean / self.conversations if self.conversations else 0.0,
            "clean_ci": [low, high],
            "mean_score": round(self.score_sum / 100 / self.conversations, 1)
            if self.conversations
            else 0.0,
            "small_n": self.conversations < min_n,
        }


class Scorecards:
    def __init__(self, teams: dict[str, str] | None = None) -> None:
        self.teams = teams
        self.agents: dict[str, _Card] = {}
        self.by_team: dict[str, _Card] = {}

    def add(
        self, authors: dict[str, int], findings: list[dict[str, Any]], clean: bool, score: float
    ) -> None:
        own: dict[str, int] = {}
        for finding in findings:
            author = finding.get("author")
            if isinstance(author, str):
                own[author] = own.get(author, 0) + 1
        team_rows: dict[str, list[int]] = {}
        for author, written in authors.items():
            self.agents.setdefault(author, _Card()).add(written, own.get(author, 0), clean, score)
            if self.teams is not None:
                row = team_rows.setdefault(self.teams.get(author, NO_TEAM), [0, 0])
                row[0] += written
                row[1] += own.get(author, 0)
        for team, (written, flagged) in team_rows.items():
            self.by_team.setdefault(team, _Card()).add(written, flagged, clean, score)

    def merge(self, later: Scorecards) -> None:
        for mine, theirs in ((self.agents, later.agents), (self.by_team, later.by_team)):
            for name, card in theirs.items():
                mine.setdefault(name, _Card()).merge(card)

    def to_dict(self, min_n: int) -> dict[str, Any]:
        def ordered(cards: dict[str, _Card]) -> list[dict[str, Any]]:
            rows = sorted(cards.items(), key=lambda item: (-item[1].conversations, item[0]))
            return [card.to_dict(name, min_n) for name, card in rows]

        agents = ordered(self.agents)
        if self.teams is not None:
            for row in agents:
                row["team"] = self.teams.get(row["name"], NO_TEAM)
        return {
            "min_n": min_n,
            "agents": agents,
            "teams": ordered(self.by_team) if self.teams is not None else None,
        }

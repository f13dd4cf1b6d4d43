"""A score per principle over all conversations, and its trend by week or month."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any, Literal

from trustdesk.model import PRINCIPLE_TITLES, Principle

Period = Literal["week", "month"]
# With "auto", data spanning more than this many days is shown by month, else by week.
AUTO_MONTHS_AFTER_DAYS = 180


def period_of(moment: datetime, period: Period) -> str:
    """ "2026-W10" for a week (ISO), "2026-03" for a month."""
    if period == "week":
        year, week, _ = moment.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{moment.year}-{moment.month:02d}"


class PrincipleScores:
    """Sums and counts of conversation scores per principle, overall and per day.

    Counting per day keeps the pass single: weeks or months are chosen at the end, from the
    span of the data, and days roll up into them. Scores (two decimals) are summed in whole
    hundredths, so sums of parts added in any grouping give the same figures.
    """

    def __init__(self) -> None:
        self.sums: dict[str, int] = defaultdict(int)
        self.counts: dict[str, int] = defaultdict(int)
        self.findings: dict[str, int] = defaultdict(int)
        self.daily: dict[datetime, dict[str, list[int]]] = defaultdict(dict)
        self.first: datetime | None = None
        self.last: datetime | None = None

    def add(
        self, scores: dict[str, float], findings: list[dict[str, Any]], day: datetime | None
    ) -> None:
        for principle, score in scores.items():
            hundredths = round(score * 100)
            self.sums[principle] += hundredths
            self.counts[principle] += 1
            if day is not None:
                cell = self.daily[day].setdefault(principle, [0, 0])
                cell[0] += hundredths
                cell[1] += 1
        for finding in findings:
            self.findings[str(finding.get("principle"))] += 1
        if day is not None:
            self.first = day if self.first is None or day < self.first else self.first
            self.last = day if self.last is None or day > self.last else self.last

    def merge(self, later: PrincipleScores) -> None:
        """Add the scores of the conversations after these."""
        for principle, total in later.sums.items():
            self.sums[principle] += total
        for principle, count in later.counts.items():
            self.counts[principle] += count
        for principle, count in later.findings.items():
            self.findings[principle] += count
        for day, cells in later.daily.items():
            own = self.daily[day]
            for principle, (total, count) in cells.items():
                cell = own.setdefault(principle, [0, 0])
                cell[0] += total
                cell[1] += count
        days = [d for d in (self.first, self.last, later.first, later.last) if d is not None]
        self.first, self.last = (min(days), max(days)) if days else (None, None)

    def period(self, requested: Period | Literal["auto"]) -> Period:
        if requested != "auto":
            return requested
        if self.first is None or self.last is None:
            return "week"
        return "month" if (self.last - self.first).days > AUTO_MONTHS_AFTER_DAYS else "week"

    def to_dict(self, requested: Period | Literal["auto"]) -> dict[str, Any]:
        period = self.period(requested)
        rolled: dict[str, dict[str, list[int]]] = defaultdict(dict)
        for day, cells in self.daily.items():
            bucket = rolled[period_of(day, period)]
            for principle, (total, count) in cells.items():
                cell = bucket.setdefault(principle, [0, 0])
                cell[0] += total
                cell[1] += count
        periods = sorted(rolled)
        rows = []
        for principle in Principle:
            key = principle.value
            if not self.counts.get(key):
                continue
            trend = [
                {
                    "period": name,
                    "score": round(rolled[name][key][0] / 100 / rolled[name][key][1], 1),
                    "n": int(rolled[name][key][1]),
                }
                for name in periods
                if key in rolled[name]
            ]
            rows.append(
                {
                    "principle": key,
                    "label": PRINCIPLE_TITLES[principle],
                    "score": round(self.sums[key] / 100 / self.counts[key], 1),
                    "n": self.counts[key],
                    "findings": self.findings.get(key, 0),
                    "trend": trend,
                }
            )
        return {"period": period, "periods": periods, "scores": rows}

"""Responsiveness, advocacy and remedies across the archive.

Reply times are kept as compact arrays of floats (8 bytes a value), the only part of the
analysis that grows with the archive; everything else is a running count.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections import Counter
from typing import Any

from trustdesk.analytics.stats import mean_interval, percentile, wilson_interval

HOUR = 3600.0
COMMENTS_SHOWN = 5
# First-reply histogram buckets, in hours (the last one is open-ended).
REPLY_BUCKETS = (0.25, 0.5, 1, 2, 4, 8, 24, 72)


def _rate(count: int, n: int) -> dict[str, Any]:
    low, high = wilson_interval(count, n)
    return {"n": n, "count": count, "share": count / n if n else None, "ci": [low, high]}


def _times(values: array[float], sla_seconds: float | None) -> dict[str, Any]:
    hours = [v / HOUR for v in values]
    within = sum(1 for v in values if sla_seconds is not None and v <= sla_seconds)
    return {
        "n": len(hours),
        "median_hours": round(percentile(hours, 50), 2) if hours else None,
        "p90_hours": round(percentile(hours, 90), 2) if hours else None,
        "sla_hours": sla_seconds / HOUR if sla_seconds is not None else None,
        "within_sla_share": within / len(hours) if hours and sla_seconds is not None else None,
    }


class Responsiveness:
    def __init__(self, sla: dict[str, Any]) -> None:
        self.sla = sla
        self.first_reply: array[float] = array("d")
        self.gaps: array[float] = array("d")
        self.chased = 0
        self.with_customer = 0
        self.promises: Counter[str] = Counter()

    def add(self, service: dict[str, Any], customer_messages: int) -> None:
        first = service.get("first_reply_seconds")
        if isinstance(first, int | float):
            self.first_reply.append(float(first))
        self.gaps.extend(float(g) for g in service.get("update_gaps_seconds") or ())
        if customer_messages:
            self.with_customer += 1
            self.chased += bool(service.get("chased"))
        for key, value in (service.get("promises") or {}).items():
            self.promises[key] += int(value)

    def to_dict(self) -> dict[str, Any]:
        first_sla = self.sla.get("first_response_seconds")
        update_sla = self.sla.get("update_interval_seconds")
        ordered = sorted(self.first_reply)
        histogram = []
        lower = 0.0
        for upper in (*REPLY_BUCKETS, math.inf):
            count = bisect_left(ordered, upper * HOUR) - bisect_left(ordered, lower * HOUR)
            histogram.append(
                {
                    "from_hours": lower,
                    "to_hours": None if upper == math.inf else upper,
                    "count": count,
                }
            )
            lower = upper
        promises: dict[str, Any] = {
            k: self.promises.get(k, 0) for k in ("made", "timed", "kept", "broken", "open")
        }
        promises["untimed"] = promises["made"] - promises["timed"]
        judged = promises["kept"] + promises["broken"]
        promises["kept_share"] = promises["kept"] / judged if judged else None
        return {
            "business_hours_only": bool(self.sla.get("business_hours_only")),
            "first_reply": {**_times(self.first_reply, first_sla), "histogram": histogram},
            "updates": _times(self.gaps, update_sla),
            "chased": _rate(self.chased, self.with_customer),
            "promises": promises,
        }


class Advocacy:
    """Survey coverage and answers, and the remedies granted where they were recorded."""

    def __init__(self) -> None:
        self.conversations = 0
        self.surveyed = 0
        self.satisfaction: array[float] = array("d")
        self.fair = 0
        self.fair_answers = 0
        self.comments: list[tuple[int, int, dict[str, Any]]] = []
        self.remedies_recorded = 0
        self.remedies_granted = 0
        self.remedy_kinds: Counter[str] = Counter()

    def add(self, record: dict[str, Any]) -> None:
        self.conversations += 1
        survey = record.get("survey")
        if isinstance(survey, dict):
            self.surveyed += 1
            score = survey.get("satisfaction")
            if isinstance(score, int):
                self.satisfaction.append(float(score))
            fair = survey.get("treated_fairly")
            if isinstance(fair, bool):
                self.fair_answers += 1
                self.fair += fair
            comment = survey.get("comment")
            if comment:
                self._keep_comment(record, survey, str(comment))
        remedies = record.get("remedies")
        if isinstance(remedies, list):
            self.remedies_recorded += 1
            self.remedies_granted += bool(remedies)
            for remedy in remedies:
                if isinstance(remedy, dict):
                    self.remedy_kinds[str(remedy.get("kind"))] += 1

    def _keep_comment(self, record: dict[str, Any], survey: dict[str, Any], comment: str) -> None:
        # The lowest-rated comments first (unrated last), earliest first on ties.
        score = survey.get("satisfaction")
        key = (score if isinstance(score, int) else 6, self.conversations)
        entry = {
            "conversation_id": record.get("conversation_id"),
            "satisfaction": score,
            "treated_fairly": survey.get("treated_fairly"),
            "comment": comment[:300],
        }
        self.comments.append((*key, entry))
        self.comments.sort(key=lambda item: item[:2])
        del self.comments[COMMENTS_SHOWN:]

    def to_dict(self) -> dict[str, Any]:
        scores = list(self.satisfaction)
        low, high = mean_interval(scores) if scores else (None, None)
        distribution = Counter(int(s) for s in scores)
        return {
            "conversations": self.conversations,
            "surveyed": self.surveyed,
            "coverage": self.surveyed / self.conversations if self.conversations else 0.0,
            "satisfaction": {
                "n": len(scores),
                "mean": round(sum(scores) / len(scores), 2) if scores else None,
                "ci": [low, high],
                "distribution": {str(k): distribution.get(k, 0) for k in range(1, 6)},
            },
            "treated_fairly": _rate(self.fair, self.fair_answers),
            "comments": [entry for *_, entry in self.comments],
            "remedies": {
                "recorded": self.remedies_recorded,
                "granted": _rate(self.remedies_granted, self.remedies_recorded),
                "by_kind": dict(sorted(self.remedy_kinds.items())),
            },
        }

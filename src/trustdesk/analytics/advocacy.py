"""Advocacy across the archive: survey coverage and answers, the customers' comments, and the
remedies granted where they were recorded.

Survey scores are kept as a compact array of floats (8 bytes a value); everything else is a
running count.
"""

from __future__ import annotations

from array import array
from collections import Counter
from typing import Any

from trustdesk.analytics.stats import mean_interval, rate_with_interval

COMMENTS_SHOWN = 5


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

    def merge(self, later: Advocacy) -> None:
        """Add the conversations after these (their comments rank after on ties)."""
        self.comments += [(rank, self.conversations + n, e) for rank, n, e in later.comments]
        self.comments.sort(key=lambda item: item[:2])
        del self.comments[COMMENTS_SHOWN:]
        self.conversations += later.conversations
        self.surveyed += later.surveyed
        self.satisfaction.extend(later.satisfaction)
        self.fair += later.fair
        self.fair_answers += later.fair_answers
        self.remedies_recorded += later.remedies_recorded
        self.remedies_granted += later.remedies_granted
        self.remedy_kinds.update(later.remedy_kinds)

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
            "treated_fairly": rate_with_interval(self.fair, self.fair_answers),
            "comments": [entry for *_, entry in self.comments],
            "remedies": {
                "recorded": self.remedies_recorded,
                "granted": rate_with_interval(self.remedies_granted, self.remedies_recorded),
                "by_kind": dict(sorted(self.remedy_kinds.items())),
            },
        }

"""The most frequent findings with quoted examples, and the worst conversations.

Both keep a bounded number of items (examples per check, conversations in the list), so the
report stays small on an archive of any size. Choices are deterministic: the first examples
met in input order, and the worst conversations by score with input order breaking ties.
"""

from __future__ import annotations

import heapq
from collections import Counter
from typing import Any

EXAMPLES_PER_CHECK = 3
WORST_CONVERSATIONS = 50
FINDINGS_PER_CONVERSATION = 8
QUOTE_CHARS = 300

_FINDING_KEYS = (
    "message_id",
    "check",
    "principle",
    "severity",
    "confidence",
    "explanation",
    "suggestion",
)


def _clip(text: Any, limit: int = QUOTE_CHARS) -> str:
    value = "" if text is None else str(text)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def finding_view(finding: dict[str, Any]) -> dict[str, Any]:
    """What the report shows of a finding: its check, the quote, why, and the fix."""
    view = {key: finding.get(key) for key in _FINDING_KEYS}
    view["quote"] = _clip(finding.get("quote"))
    view["author"] = finding.get("author")
    return view


class FindingCatalogue:
    def __init__(self, examples: int = EXAMPLES_PER_CHECK) -> None:
        self.limit = examples
        self.counts: Counter[str] = Counter()
        self.conversations: Counter[str] = Counter()
        self.principle: dict[str, str] = {}
        self.severity: dict[str, Counter[str]] = {}
        self.examples: dict[str, list[dict[str, Any]]] = {}
        # Sum (in thousandths: confidences have three decimals) and count of the confidences
        # findings carry (older audits wrote none).
        self.confidence: dict[str, list[int]] = {}

    def add(self, conversation_id: str, findings: list[dict[str, Any]]) -> None:
        seen: set[str] = set()
        for finding in findings:
            check = str(finding.get("check"))
            self.counts[check] += 1
            self.principle.setdefault(check, str(finding.get("principle")))
            self.severity.setdefault(check, Counter())[str(finding.get("severity"))] += 1
            confidence = finding.get("confidence")
            if isinstance(confidence, int | float) and not isinstance(confidence, bool):
                total = self.confidence.setdefault(check, [0, 0])
                total[0] += round(confidence * 1000)
                total[1] += 1
            if check not in seen:
                seen.add(check)
                self.conversations[check] += 1
                examples = self.examples.setdefault(check, [])
                if len(examples) < self.limit and finding.get("quote"):
                    examples.append({"conversation_id": conversation_id, **finding_view(finding)})

    def merge(self, later: FindingCatalogue) -> None:
        """Add the findings of the conversations after these (their examples come after)."""
        self.counts.update(later.counts)
        self.conversations.update(later.conversations)
        for check, principle in later.principle.items():
            self.principle.setdefault(check, principle)
        for check, severities in later.severity.items():
            self.severity.setdefault(check, Counter()).update(severities)
        for check, examples in later.examples.items():
            own = self.examples.setdefault(check, [])
            own.extend(examples[: max(0, self.limit - len(own))])
        for check, (total, count) in later.confidence.items():
            cell = self.confidence.setdefault(check, [0, 0])
            cell[0] += total
            cell[1] += count

    def to_dict(self, conversations: int) -> list[dict[str, Any]]:
        rows = []
        for check, count in sorted(self.counts.items(), key=lambda item: (-item[1], item[0])):
            examples = self.examples.get(check, [])
            confidence = self.confidence.get(check)
            rows.append(
                {
                    "check": check,
                    "principle": self.principle[check],
                    "count": count,
                    "conversations": self.conversations[check],
                    "conversation_share": self.conversations[check] / conversations
                    if conversations
                    else 0.0,
                    "severity": dict(sorted(self.severity[check].items())),
                    "mean_confidence": round(confidence[0] / 1000 / confidence[1], 3)
                    if confidence
                    else None,
                    "suggestion": next(
                        (e["suggestion"] for e in examples if e.get("suggestion")), None
                    ),
                    "examples": examples,
                }
            )
        return rows


class WorstConversations:
    """The conversations with the lowest overall score, their worst principle's (most findings
    first on ties): a conversation with a block always ranks above one with only warnings."""

    def __init__(self, size: int = WORST_CONVERSATIONS) -> None:
        self.size = size
        self.heap: list[tuple[float, int, int, dict[str, Any]]] = []
        self.seen = 0

    def add(self, record: dict[str, Any], findings: list[dict[str, Any]], score: float) -> None:
        self.seen += 1
        if not findings:
            return
        # Min-heap of the best of the worst: its top is the first to leave.
        key = (-score, len(findings), -self.seen)
        if len(self.heap) >= self.size and key <= self.heap[0][:3]:
            return
        ranked = sorted(findings, key=lambda f: _SEVERITY.get(str(f.get("severity")), 3))
        item = {
            "conversation_id": record.get("conversation_id"),
            "score": round(score, 1),
            "decision": record.get("decision"),
            "channel": record.get("channel"),
            "started": record.get("started"),
            "messages": record.get("messages"),
            "agents": record.get("agents") or [],
            "findings_total": len(findings),
            "findings": [finding_view(f) for f in ranked[:FINDINGS_PER_CONVERSATION]],
        }
        entry = (key[0], key[1], key[2], item)
        if len(self.heap) < self.size:
            heapq.heappush(self.heap, entry)
        else:
            heapq.heapreplace(self.heap, entry)

    def merge(self, later: WorstConversations) -> None:
        """Add the conversations after these: ties still go to the earlier one."""
        for score, count, order, item in later.heap:
            entry = (score, count, order - self.seen, item)
            if len(self.heap) < self.size:
                heapq.heappush(self.heap, entry)
            elif entry[:3] > self.heap[0][:3]:
                heapq.heapreplace(self.heap, entry)
        self.seen += later.seen

    def to_list(self) -> list[dict[str, Any]]:
        return [entry[3] for entry in sorted(self.heap, reverse=True)]


_SEVERITY = {"block": 0, "warn": 1, "info": 2}

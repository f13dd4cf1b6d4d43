"""Responsiveness across the archive: first replies and updates against the SLA, customers who
had to chase, promises made and kept, and where the conversations stood when judged (waiting on
us, open, waiting on the customer, solved; waits still running past the SLA).

Reply times are kept as compact arrays of floats (8 bytes a value), the only part of the
analysis that grows with the archive; everything else is a running count.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections import Counter
from typing import Any

from trustdesk.analytics.stats import percentile, rate_with_interval

HOUR = 3600.0
# The states of trustdesk.service_level.state, in the order a report lists them.
STATES = ("waiting_on_us", "open", "waiting_on_customer", "solved")
# First-reply histogram buckets, in hours (the last one is open-ended).
REPLY_BUCKETS = (0.25, 0.5, 1, 2, 4, 8, 24, 72)


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
        self.states: Counter[str] = Counter()
        self.past_sla = 0

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
        state = service.get("state")
        if isinstance(state, str):
            self.states[state] += 1
            self.past_sla += bool(service.get("past_sla"))

    def merge(self, later: Responsiveness) -> None:
        self.first_reply.extend(later.first_reply)
        self.gaps.extend(later.gaps)
        self.chased += later.chased
        self.with_customer += later.with_customer
        self.promises.update(later.promises)
        self.states.update(later.states)
        self.past_sla += later.past_sla

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
            "chased": rate_with_interval(self.chased, self.with_customer),
            "promises": promises,
            # Conversations by where they stood when judged (see service_level.state), and
            # those with a wait still running past the SLA then.
            "states": {state: self.states.get(state, 0) for state in STATES},
            "waiting_past_sla": self.past_sla,
        }

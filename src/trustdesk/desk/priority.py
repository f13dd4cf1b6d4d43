"""A ticket's priority, derived (never stored) from what makes a customer worse off by waiting.

high: a reply the check blocked sits in the conversation, the wait is past the SLA, or a
promise is overdue with no word since; normal: someone is waiting on us within the SLA, or
a reply carries a warning; low: nobody is waiting on us. The reasons say which.
"""

from __future__ import annotations

from typing import Literal

Priority = Literal["high", "normal", "low"]
PRIORITIES: tuple[Priority, ...] = ("high", "normal", "low")


def priority_of(
    *,
    block_findings: int,
    warn_findings: int,
    past_sla: bool,
    overdue_promises: int,
    waiting: bool,
) -> tuple[Priority, list[str]]:
    """(priority, the reasons for it in words)."""
    high = []
    if block_findings:
        high.append(f"{block_findings} block finding{'s' if block_findings != 1 else ''}")
    if past_sla:
        high.append("past the SLA")
    if overdue_promises:
        high.append(f"{overdue_promises} overdue promise{'s' if overdue_promises != 1 else ''}")
    if high:
        return "high", high
    normal = []
    if waiting:
        normal.append("customer waiting")
    if warn_findings:
        normal.append(f"{warn_findings} warning{'s' if warn_findings != 1 else ''}")
    if normal:
        return "normal", normal
    return "low", ["nobody waiting on us"]

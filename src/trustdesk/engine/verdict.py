"""From findings on a draft to allow / warn / block, with the reason in one sentence."""

from __future__ import annotations

from collections.abc import Sequence

from trustdesk.model import Decision, Finding, Verdict
from trustdesk.policy.schema import VerdictRules


def decide(findings: Sequence[Finding], rules: VerdictRules) -> Verdict:
    ordered = sorted(findings, key=lambda f: (-f.severity.rank, f.start, f.check))
    worst = ordered[0].severity.rank if ordered else -1
    if worst >= rules.block_at.rank:
        decision = Decision.BLOCK
    elif worst >= rules.warn_at.rank:
        decision = Decision.WARN
    else:
        decision = Decision.ALLOW
    if not ordered:
        reason = "No problems found."
    else:
        top = ordered[0]
        more = len(ordered) - 1
        reason = f"{top.explanation} ({top.check})"
        if more:
            reason += f", and {more} more finding{'s' if more > 1 else ''}"
        if decision is Decision.ALLOW:
            reason = "Only minor notes: " + reason
    return Verdict(decision=decision, findings=tuple(ordered), reason=reason)


def unfinished(verdict: Verdict, unchecked: Sequence[str]) -> Verdict:
    """`verdict` on a draft some checks did not judge in time: at least a warning, saying so."""
    if not unchecked:
        return verdict
    decision = Decision.WARN if verdict.decision is Decision.ALLOW else verdict.decision
    count = len(unchecked)
    reason = (
        f"Not fully checked: {count} check{'s' if count > 1 else ''} did not run within the "
        f"time budget ({', '.join(unchecked)})."
    )
    if verdict.findings:
        reason += " " + verdict.reason
    return Verdict(decision, verdict.findings, reason, tuple(unchecked))

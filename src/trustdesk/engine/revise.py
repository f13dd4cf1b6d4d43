"""The guard on a bot's serving path: allow a draft, revise it mechanically, or block it.

A bot cannot be asked to think again the way a person can, so the guard answers with what may
be sent:

- allow: nothing but minor notes; the draft goes out as it is;
- revise: every finding that warns or blocks has a mechanical fix (the `fix` its check put in
  the finding, see trustdesk.checks.fixes, or, for an honesty finding without one, a
  hand-over to a person); the fixes are applied, and the revised reply is judged again and
  must come out allow, or the result is block;
- block: a finding has no mechanical fix, the revised reply still fails, or the draft was not
  fully checked in time. Nothing of the draft is sent; the bot hands over to a person.

Mechanical fixes are the checks' own, so they are as safe as the wording the check offers:
a vague promise is given the time the policy's SLA allows ("We'll update you by 17:00 on
Wednesday 4 March."), a request for a password or a card number is replaced by the safe
alternative, a claim the policy contradicts by the policy's statement, and a rule the policy
does not state by a hand-over sentence. Nothing here guesses a wording.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from trustdesk.checks.fixes import Edit, edit_for, fix_data
from trustdesk.model import Decision, Finding, Principle, Severity, Verdict
from trustdesk.policy.schema import Policy
from trustdesk.text.business_time import add_business_time

# A claim the policy does not support (an honesty finding) whose check offers no wording of
# its own is mended by handing the question over to a person, never by guessing the rule.
HAND_OVER_PRINCIPLES = frozenset({Principle.HONESTY})
# The time a hand-over names is rounded down to this many minutes, so it reads naturally.
ROUND_MINUTES = 30
# Fixes can uncover findings the draft hid (a vague promise is no longer excused once the
# request it waited on is gone): the revised reply is mended once more at most.
ROUNDS = 2


class GuardDecision(enum.StrEnum):
    ALLOW = "allow"
    REVISE = "revise"
    BLOCK = "block"


@dataclass(frozen=True, slots=True)
class Revision:
    """One change the guard made: `quote` (`[start:end]` of the draft in step 1, of the
    reply revised once in step 2) became `replacement`. Findings whose fixes touch the same
    words make one revision, naming all their checks."""

    checks: tuple[str, ...]
    start: int
    end: int
    quote: str
    replacement: str
    step: int = 1
    # The replacement hands the question over to a person: the bot must actually do so.
    hands_over: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "checks": list(self.checks),
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "replacement": self.replacement,
            "step": self.step,
            "hands_over": self.hands_over,
        }


@dataclass(frozen=True, slots=True)
class GuardResult:
    """What a bot may send: `text` is the draft (allow), the revised reply (revise), or None
    (block: send nothing of the draft, hand over to a person).

    `findings` are the findings on the draft; `revisions` what the guard changed. `checked`
    is False only when a client could not reach the guard service and chose to fail open or
    closed (see trustdesk.guard); the decision then says what that choice was."""

    decision: GuardDecision
    text: str | None
    reason: str
    findings: Sequence[Finding] = ()
    revisions: Sequence[Revision] = ()
    unchecked: Sequence[str] = ()
    checked: bool = True

    @property
    def sendable(self) -> bool:
        return self.text is not None

    @property
    def hands_over(self) -> bool:
        """Whether the text to send tells the customer a person will follow up: the bot must
        then hand the conversation over (and someone keep the time it names)."""
        return self.text is not None and any(revision.hands_over for revision in self.revisions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision.value,
            "text": self.text,
            "reason": self.reason,
            "findings": [finding.to_dict() for finding in self.findings],
            "revisions": [revision.to_dict() for revision in self.revisions],
            "hands_over": self.hands_over,
            "unchecked": list(self.unchecked),
        }


def counts(finding: Finding, warn_at: Severity) -> bool:
    """Whether `finding` stands in the way of sending (it warns or blocks under the policy)."""
    return finding.severity.rank >= warn_at.rank


def hand_over_sentence(policy: Policy, at: datetime) -> str:
    """The hand-over that replaces an unsupported claim, naming when the customer will hear
    back: `at` plus the policy's update interval (in business hours if the SLA counts them),
    as a promise must."""
    organisation = policy.organisation
    interval = policy.sla.update_interval
    if policy.sla.business_hours_only:
        due = add_business_time(at, interval, organisation.tz, organisation.business_hours)
    else:
        due = (at + interval).astimezone(organisation.tz)
    minutes = due.hour * 60 + due.minute
    minutes -= minutes % ROUND_MINUTES
    rounded = due.replace(hour=minutes // 60, minute=minutes % 60, second=0, microsecond=0)
    due = rounded if rounded > at else due
    return (
        "I'll check this with a colleague and update you by "
        f"{due:%H:%M} on {due:%A} {due.day} {due:%B}."
    )


def mechanical_edit(draft: str, finding: Finding, hand_over: str | None = None) -> Edit | None:
    """The edit that mends `finding` in `draft`, or None when there is no mechanical one."""
    edit = edit_for(draft, finding.start, finding.end, finding.data)
    if edit is None and hand_over is not None and finding.principle in HAND_OVER_PRINCIPLES:
        edit = edit_for(draft, finding.start, finding.end, fix_data(hand_over))
    return edit


def revise(
    draft: str, findings: Iterable[Finding], hand_over: str | None = None, step: int = 1
) -> tuple[str, tuple[Revision, ...]] | None:
    """`draft` with every finding's mechanical fix applied, and the revisions made; None when
    a finding has none. Fixes that touch the same words are joined into one; a replacement
    already made elsewhere is not said twice (its sentence is dropped instead)."""
    edits: list[tuple[Edit, str, int]] = []
    for finding in findings:
        edit = mechanical_edit(draft, finding, hand_over)
        if edit is None:
            return None
        edits.append((edit, finding.check, finding.start))
    if not edits:
        return None
    # A prepended sentence first, then by position: the widest edit first at one start, and
    # fixes of one sentence in the order of what they fix.
    edits.sort(
        key=lambda item: (item[0].start, item[0].end != item[0].start, -item[0].end, item[2])
    )
    groups: list[list[tuple[Edit, str]]] = []
    for edit, check, _ in edits:
        last = groups[-1] if groups else None
        if last is not None and edit.start < max(e.end for e, _ in last):
            last.append((edit, check))
        else:
            groups.append([(edit, check)])
    revisions: list[Revision] = []
    said: set[str] = set()
    for group in groups:
        start = group[0][0].start
        end = max(edit.end for edit, _ in group)
        replacements: list[str] = []
        for edit, _ in group:
            words = edit.replacement.strip()
            if words and words not in said:
                said.add(words)
                replacements.append(words)
        checks = tuple(dict.fromkeys(check for _, check in group))
        if start == end and not replacements:
            continue  # the same sentence was already put in front
        replacement = " ".join(replacements)
        if start == end:
            replacement += "\n\n" if "\n" in draft else " "
        hands_over = hand_over is not None and hand_over.strip() in replacements
        revisions.append(
            Revision(checks, start, end, draft[start:end], replacement, step, hands_over)
        )
    text = draft
    for revision in reversed(revisions):
        text = _replace(text, revision)
    text = text.strip()
    return (text, tuple(revisions)) if text else None


def _replace(text: str, revision: Revision) -> str:
    start, end = revision.start, revision.end
    if revision.replacement:
        return text[:start] + revision.replacement + text[end:]
    # A dropped sentence takes the space after it, or before it at the end of the text.
    rest = text[end:]
    kept = rest.lstrip()
    if not kept:
        return text[:start].rstrip()
    return text[:start] + kept


def guard(
    draft: str,
    verdict: Verdict,
    recheck: Callable[[str], Verdict],
    warn_at: Severity,
    hand_over: str | None = None,
) -> GuardResult:
    """Allow, revise or block `draft`, given its `verdict`; `recheck` judges a revised reply
    in the same conversation, at the same time. `hand_over` (see `hand_over_sentence`)
    replaces a claim the policy does not support and offers no wording for; without it, such
    a claim blocks."""
    findings = tuple(verdict.findings)
    if verdict.unchecked:
        return GuardResult(
            GuardDecision.BLOCK, None, "Blocked: " + verdict.reason, findings, (), verdict.unchecked
        )
    if verdict.decision is Decision.ALLOW:
        return GuardResult(GuardDecision.ALLOW, draft, verdict.reason, findings)
    text = draft
    current = verdict
    revisions: list[Revision] = []
    fixed: list[str] = []
    for step in range(1, ROUNDS + 1):
        standing = [finding for finding in current.findings if counts(finding, warn_at)]
        unfixable = [f for f in standing if mechanical_edit(text, f, hand_over) is None]
        if unfixable:
            reason = _no_fix(unfixable) if step == 1 else _still_fails(current)
            return GuardResult(GuardDecision.BLOCK, None, reason, findings, tuple(revisions))
        revised = revise(text, standing, hand_over, step)
        if revised is None:
            reason = "Blocked: the fixes leave nothing to send."
            return GuardResult(GuardDecision.BLOCK, None, reason, findings, tuple(revisions))
        text, made = revised
        revisions.extend(made)
        fixed.extend(finding.check for finding in standing)
        current = recheck(text)
        if current.unchecked:
            reason = "Blocked: the revised reply was not fully checked. " + current.reason
            return GuardResult(GuardDecision.BLOCK, None, reason, findings, tuple(revisions))
        if current.decision is Decision.ALLOW:
            reason = (
                f"Revised: fixed {', '.join(dict.fromkeys(fixed))}; the revised reply was "
                "checked again and passes."
            )
            return GuardResult(GuardDecision.REVISE, text, reason, findings, tuple(revisions))
    return GuardResult(GuardDecision.BLOCK, None, _still_fails(current), findings, tuple(revisions))


def _still_fails(verdict: Verdict) -> str:
    return f"Blocked: the revised reply still fails. {verdict.reason}"


def _no_fix(unfixable: Sequence[Finding]) -> str:
    top = max(unfixable, key=lambda f: f.severity.rank)
    reason = f"Blocked, no mechanical fix: {top.explanation} ({top.check})"
    more = len(unfixable) - 1
    if more:
        reason += f", and {more} more finding{'s' if more > 1 else ''}"
    return reason

"""Helpers that build realistic conversations and run one check over them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from trustdesk.checks.base import Check
from trustdesk.engine import Engine
from trustdesk.model import Finding
from trustdesk.policy import Policy
from trustdesk.samples import load_samples

# The public catalogue, in the order: these ids are part of the interface.
PUBLIC_CHECK_IDS = (
    "promises.vague",
    "promises.unrealistic",
    "promises.broken",
    "honesty.policy_conflict",
    "honesty.unsupported_claim",
    "honesty.authority",
    "transparency.unanswered",
    "transparency.evasive",
    "responsiveness.wait",
    "responsiveness.chasing",
    "autonomy.pressure",
    "autonomy.upsell_unresolved",
    "autonomy.no_consent",
    "privacy.secret_request",
    "privacy.exposure",
    "respect.rude",
    "respect.jargon",
    "empathy.missing",
    "personalisation.language",
    "personalisation.marketing_opt_out",
    "conduct.never_say",
    "conduct.must_disclose",
    "conduct.role_break",
)

# A Monday morning, so business-hours arithmetic in tests is easy to follow.
START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)

Turn = tuple[str, str] | tuple[str, str, datetime | timedelta | None]


def conversation(
    *turns: Turn,
    id: str = "c1",
    customer: dict[str, Any] | None = None,
    start: datetime = START,
    gap: timedelta = timedelta(minutes=5),
    timed: bool = True,
) -> dict[str, Any]:
    """A conversation in the input format from (role, text[, at]) turns.

    Messages are `gap` apart from `start` unless a turn gives its own time: a datetime, or a
    timedelta after the previous message. Message ids are m1, m2, ...
    """
    messages = []
    at = start
    for number, turn in enumerate(turns, start=1):
        role, text = turn[0], turn[1]
        when = turn[2] if len(turn) > 2 else None  # type: ignore[misc]
        if isinstance(when, datetime):
            at = when
        elif isinstance(when, timedelta):
            at = at + when
        elif number > 1:
            at = at + gap
        message: dict[str, Any] = {"id": f"m{number}", "role": role, "text": text}
        if timed:
            message["at"] = at.isoformat()
        messages.append(message)
    data: dict[str, Any] = {"id": id, "messages": messages}
    if customer is not None:
        data["customer"] = customer
    return data


def audit_findings(
    check: type[Check],
    conv: dict[str, Any],
    *,
    policy: Policy | None = None,
    now: datetime | None = None,
) -> list[Finding]:
    return list(Engine(policy, checks=[check]).audit(conv, now=now).findings)


def reply_findings(
    check: type[Check],
    conv: dict[str, Any],
    draft: str,
    *,
    policy: Policy | None = None,
    now: datetime | None = None,
) -> list[Finding]:
    moment = now or _after_last(conv)
    return list(Engine(policy, checks=[check]).check_reply(conv, draft, now=moment).findings)


def _after_last(conv: dict[str, Any]) -> datetime:
    times = [datetime.fromisoformat(m["at"]) for m in conv["messages"] if "at" in m]
    return (max(times) if times else START) + timedelta(minutes=5)


def quotes(findings: Sequence[Finding]) -> list[str]:
    return [f.quote for f in findings]


def on(findings: Sequence[Finding], message_id: str) -> list[Finding]:
    return [f for f in findings if f.message_id == message_id]


FIXTURES = Path(__file__).parent / "fixtures"


@cache
def sample_and_fixture_records() -> tuple[dict[str, Any], ...]:
    """The samples and every labelled fixture conversation, as records (labels dropped)."""
    found = list(load_samples())
    for path in sorted(FIXTURES.glob("*_labelled.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                record.pop("expect", None)
                found.append(record)
    return tuple(found)

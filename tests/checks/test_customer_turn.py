"""The shared shape of responsiveness.wait, responsiveness.chasing and transparency.unanswered:
an audit judges the customer's messages, a draft is judged on its first sentence, and
`check_replies: false` keeps a check to audits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support import conversation
from trustdesk.checks.base import CheckContext
from trustdesk.checks.customer_turn import CustomerTurnCheck, TurnParams, since_last_reply
from trustdesk.engine import Engine
from trustdesk.model import Finding, Message, Principle, Severity
from trustdesk.policy import Policy

HISTORY = conversation(
    ("customer", "Hello."),
    ("agent", "Hi, how can I help?"),
    ("customer", "My order is late."),
    ("note", "Look it up."),
    ("customer", "It was due Monday."),
)


class Turns(CustomerTurnCheck[TurnParams]):
    id = "acme.turns"
    principle = Principle.RESPONSIVENESS
    severity = Severity.INFO
    summary = "Reports what it was asked to judge."

    def audit(self, ctx: CheckContext) -> Iterator[Finding]:
        for _, message in ctx.judged(self.judges):
            yield self.finding(ctx, message, 0, 1, explanation="customer message")

    def judge_draft(self, ctx: CheckContext, index: int, draft: Message) -> Iterator[Finding]:
        owed = [ctx.messages[i].id for i in since_last_reply(ctx, index)]
        yield self.on_draft(ctx, draft, explanation="draft", suggestion="none", data={"owed": owed})


def _policy(check_replies: bool) -> Policy:
    return Policy.model_validate(
        {"checks": {Turns.id: {"params": {"check_replies": check_replies}}}}
    )


def test_an_audit_judges_the_customers_messages() -> None:
    findings = Engine(checks=[Turns]).audit(HISTORY).findings
    assert [f.message_id for f in findings] == ["m1", "m3", "m5"]


def test_a_draft_is_judged_on_its_first_sentence_with_what_it_answers() -> None:
    verdict = Engine(checks=[Turns]).check_reply(HISTORY, "Sorry! It ships today. Tracking next.")
    (finding,) = verdict.findings
    assert finding.quote == "Sorry!"
    assert finding.data["owed"] == ["m3", "m5"]


@pytest.mark.parametrize("draft", ["", "   "])
def test_a_draft_without_a_sentence_is_not_judged(draft: str) -> None:
    assert Engine(checks=[Turns]).check_reply(HISTORY, draft).findings == ()


def test_check_replies_false_keeps_the_check_to_audits() -> None:
    engine = Engine(_policy(check_replies=False), checks=[Turns])
    assert engine.check_reply(HISTORY, "It ships today.").findings == ()
    assert len(engine.audit(HISTORY).findings) == 3

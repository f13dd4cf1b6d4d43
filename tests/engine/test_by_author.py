"""A check's settings per kind of author: the engine judges each finding by the settings for
the role of the message it is on, a person's (`agent`) or a bot's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support import START, conversation
from trustdesk.checks.base import Check, CheckContext
from trustdesk.checks.honesty.unsupported_claim import UnsupportedClaim
from trustdesk.engine import Engine
from trustdesk.engine.calibration import Calibration
from trustdesk.errors import PolicyError
from trustdesk.model import Decision, Finding, Principle, Severity
from trustdesk.policy import policy_from_yaml

HISTORY = conversation(("customer", "Why do I keep getting logged out on my tablet?"))
INVENTED = "This is expected behaviour: our service is designed to work with only one device."
BOT_BLOCKS = """
checks:
  honesty.unsupported_claim:
    severity: warn
    by_author:
      bot: {severity: block, block_confidence: 0.3}
"""


def test_an_unsupported_claim_warns_a_person_and_blocks_a_bot() -> None:
    engine = Engine(policy_from_yaml(BOT_BLOCKS), checks=[UnsupportedClaim])
    person = engine.check_reply(HISTORY, INVENTED, role="agent", now=START)
    bot = engine.check_reply(HISTORY, INVENTED, role="bot", now=START)
    assert person.decision is Decision.WARN
    assert [f.severity for f in person.findings] == [Severity.WARN]
    assert bot.decision is Decision.BLOCK
    assert [f.severity for f in bot.findings] == [Severity.BLOCK]


def test_an_audit_judges_each_message_by_its_authors_settings() -> None:
    chat = conversation(
        ("customer", "Why do I keep getting logged out?"),
        ("bot", INVENTED),
        ("customer", "Really? Can a person confirm?"),
        ("agent", INVENTED),
    )
    audit = Engine(policy_from_yaml(BOT_BLOCKS), checks=[UnsupportedClaim]).audit(chat)
    assert [(f.message_id, f.severity) for f in audit.findings] == [
        ("m2", Severity.BLOCK),
        ("m4", Severity.WARN),
    ]


class Graded(Check):
    """Flags "weak" with strength 0.2 and "sure" with 1.0, at severity block."""

    id = "test.graded"
    principle = Principle.RESPECT
    severity = Severity.BLOCK
    summary = "A check that grades its findings."

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        for _, message in ctx.judged(self.judges):
            for word, strength in (("weak", 0.2), ("sure", 1.0)):
                start = message.text.find(word)
                if start >= 0:
                    yield self.finding(
                        ctx, message, start, start + len(word), explanation=word, strength=strength
                    )


TABLE = Calibration.from_dict(
    {"prior": {"confidence": 0.5}, "checks": {"test.graded": {"points": [[0, 0.1], [1, 0.9]]}}}
)


def test_thresholds_per_author_fall_back_to_the_checks_own() -> None:
    yaml = """
checks:
  test.graded:
    min_confidence: 0.3
    block_confidence: 0.95
    by_author:
      bot: {min_confidence: 0.0}
      agent: {block_confidence: 0.5}
"""
    engine = Engine(policy_from_yaml(yaml), checks=[Graded], calibration=TABLE)
    bot = engine.check_reply(HISTORY, "weak sure", role="bot", now=START).findings
    agent = engine.check_reply(HISTORY, "weak sure", role="agent", now=START).findings
    # The bot's own min_confidence shows its weak finding; its block_confidence is the check's.
    assert [(f.quote, f.severity) for f in bot] == [
        ("weak", Severity.WARN),
        ("sure", Severity.WARN),
    ]
    # The agent's weak finding is below the check's min_confidence; its sure one blocks.
    assert [(f.quote, f.severity) for f in agent] == [("sure", Severity.BLOCK)]


def test_a_policy_without_by_author_judges_every_author_alike() -> None:
    engine = Engine(policy_from_yaml("{}"), checks=[UnsupportedClaim])
    for role in ("agent", "bot"):
        findings = engine.check_reply(HISTORY, INVENTED, role=role, now=START).findings
        assert [f.severity for f in findings] == [Severity.WARN]


@pytest.mark.parametrize(
    ("yaml", "field", "reason"),
    [
        (
            "checks:\n  respect.rude:\n    by_author:\n      customer: {severity: block}\n",
            "checks.respect.rude.by_author.customer",
            "'agent' or 'bot'",
        ),
        (
            "checks:\n  respect.rude:\n    by_author:\n      bot: {severity: fatal}\n",
            "checks.respect.rude.by_author.bot.severity",
            "'info', 'warn' or 'block'",
        ),
        (
            "checks:\n  respect.rude:\n    by_author:\n      bot: {enabled: false}\n",
            "checks.respect.rude.by_author.bot.enabled",
            "Extra inputs are not permitted",
        ),
        (
            "checks:\n  respect.rude:\n    min_confidence: 0.6\n"
            "    by_author:\n      bot: {block_confidence: 0.4}\n",
            "checks.respect.rude",
            "min_confidence (0.6) must not be above block_confidence (0.4)",
        ),
    ],
)
def test_bad_author_settings_are_policy_errors(yaml: str, field: str, reason: str) -> None:
    with pytest.raises(PolicyError) as caught:
        policy_from_yaml(yaml, source="policy.yaml")
    assert caught.value.field == field
    assert reason in str(caught.value)

"""conduct.never_say: the policy's forbidden phrases and patterns are flagged with the policy's
reason, fix, severity and principle; polite replies and customers' words are not."""

from __future__ import annotations

import pytest

from scaling import assert_linear_steps, backtracking_scans
from support import audit_findings, conversation, quotes, reply_findings
from trustdesk.checks.conduct.never_say import NeverSay
from trustdesk.errors import PolicyError
from trustdesk.model import Principle, Severity
from trustdesk.policy import policy_from_dict, policy_from_yaml

HISTORY = conversation(("customer", "This is ridiculous, I've been charged twice for one order!"))

# Against the default policy: (draft, quote, principle, a suggestion is expected)
MUST_FLAG = [
    ("Please calm down, I'm looking at it.", "calm down", Principle.RESPECT, True),
    ("As I already said, the refund is on its way.", "As I already said", Principle.RESPECT, True),
    ("Billing is not my department, sorry.", "not my department", Principle.RESPECT, True),
    (
        "Honestly, no one else has this problem.",
        "no one else has this problem",
        Principle.RESPECT,
        False,
    ),
    (
        "I'm afraid there is nothing I can do about it.",
        "there is nothing I can do",
        Principle.TRANSPARENCY,
        True,
    ),
    ("Please   CALM\nDOWN.", "CALM\nDOWN", Principle.RESPECT, True),
    (
        "Sorry, there's nothing I can do about late fees.",
        "there's nothing I can do",
        Principle.TRANSPARENCY,
        True,
    ),
    ("Like I said, it ships once the return is received.", "Like I said", Principle.RESPECT, True),
]

MUST_NOT_FLAG = [
    # The polite, compliant reply.
    "I'm so sorry you were charged twice. I've refunded the second payment; it will reach "
    "your card within 5-10 business days.",
    "To recap, the second charge is refunded and you don't need to do anything.",
    "I'll make sure the billing team picks this up and tell you when they will reply.",
    "Our calmdown mode is a product name, not a phrase.",
    "As I said I would, I've chased the courier and your parcel arrives tomorrow.",
]


@pytest.mark.parametrize(("draft", "quote", "principle", "has_fix"), MUST_FLAG)
def test_flags_never_say_phrases(
    draft: str, quote: str, principle: Principle, has_fix: bool
) -> None:
    [finding] = reply_findings(NeverSay, HISTORY, draft)
    assert finding.quote == quote
    assert finding.principle is principle
    assert finding.severity is Severity.WARN
    assert finding.explanation
    assert bool(finding.suggestion) is has_fix


@pytest.mark.parametrize("draft", MUST_NOT_FLAG)
def test_polite_replies_are_not_flagged(draft: str) -> None:
    assert reply_findings(NeverSay, HISTORY, draft) == []


def test_reason_and_suggestion_come_from_the_policy() -> None:
    policy = policy_from_dict(
        {
            "never_say": [
                {
                    "phrase": "unfortunately",
                    "reason": "We lead with what we can do.",
                    "suggestion": "Here is what I can do:",
                    "severity": "block",
                    "principle": "empathy",
                }
            ]
        }
    )
    [finding] = reply_findings(NeverSay, HISTORY, "Unfortunately that's all.", policy=policy)
    assert (finding.quote, finding.explanation, finding.suggestion) == (
        "Unfortunately",
        "We lead with what we can do.",
        "Here is what I can do:",
    )
    assert finding.severity is Severity.BLOCK
    assert finding.principle is Principle.EMPATHY


def test_one_finding_per_entry_per_message() -> None:
    draft = "Calm down. Please, calm down and calm down."
    findings = reply_findings(NeverSay, HISTORY, draft)
    assert [(f.start, f.end) for f in findings] == [(0, 9)]


def test_phrases_are_word_bounded() -> None:
    policy = policy_from_dict({"never_say": [{"phrase": "cheap", "reason": "Sounds dismissive."}]})
    assert reply_findings(NeverSay, HISTORY, "A cheaper option exists.", policy=policy) == []
    assert quotes(reply_findings(NeverSay, HISTORY, "It's cheap.", policy=policy)) == ["cheap"]


def test_severity_override_from_check_settings() -> None:
    policy = policy_from_dict(
        {
            "never_say": [{"phrase": "calm down", "reason": "Dismissive."}],
            "checks": {"conduct.never_say": {"severity": "block"}},
        }
    )
    [finding] = reply_findings(NeverSay, HISTORY, "Calm down.", policy=policy)
    assert finding.severity is Severity.BLOCK


def test_hostile_pattern_cannot_hang_the_engine() -> None:
    # `(a+)+$` backtracks exponentially in Python's re on "aaa…!"; RE2 runs it in linear time.
    hostile = ["(a+)+$", "(x+x+)+y"]
    policy = policy_from_dict(
        {"never_say": [{"pattern": pattern, "reason": "Hostile."} for pattern in hostile]}
    )

    def audit(conv: dict[str, object]) -> None:
        assert audit_findings(NeverSay, conv, policy=policy) == []

    def hostile_text(n: int) -> dict[str, object]:
        return conversation(("agent", "a" * n + "!" + " " + "x" * n))

    # Short enough that Python's engine would still finish: the patterns never reach it.
    assert not backtracking_scans(lambda: audit(hostile_text(12))) & set(hostile)
    assert_linear_steps(hostile_text, audit, 2_000)
    audit(hostile_text(30_000))


def test_pattern_python_cannot_run_is_rejected_at_load() -> None:
    with pytest.raises(PolicyError) as error:
        policy_from_yaml(
            "never_say:\n  - pattern: '(\\w+)\\s\\1'\n    reason: Repeated word.\n",
            source="policy.yaml",
        )
    assert error.value.field == "never_say.0"
    assert error.value.line == 2
    assert str(error.value).startswith("policy.yaml:2: never_say.0: invalid pattern")


def test_customer_and_note_messages_are_not_judged() -> None:
    conv = conversation(
        ("customer", "Don't tell me to calm down, it's not my department to fix your bugs!"),
        ("note", "Customer asked us not to say 'calm down'."),
        ("agent", "I'm sorry about this, I'm fixing it now."),
    )
    assert audit_findings(NeverSay, conv) == []


def test_audit_without_timestamps_and_bot_messages() -> None:
    conv = conversation(
        ("customer", "Where is my parcel?"), ("bot", "Please calm down."), timed=False
    )
    findings = audit_findings(NeverSay, conv)
    assert [(f.message_id, f.quote) for f in findings] == [("m2", "calm down")]


def test_empty_policy_list_and_odd_text() -> None:
    policy = policy_from_dict({"never_say": []})
    conv = conversation(("agent", ""), ("agent", "🙂" * 1000), ("agent", "\u0000"))
    assert audit_findings(NeverSay, conv, policy=policy) == []
    assert audit_findings(NeverSay, conv) == []


@pytest.mark.parametrize(
    ("reply", "flagged"),
    [
        ("I'm sorry: you shouldn't have been told to calm down.", False),
        ("You were asked to calm down, and that was wrong of us.", False),
        ("My colleague's 'calm down' was out of line, and I apologise.", False),
        ("I told you to calm down.", True),
        ("Calm down and read this: 'calm down' is what I said.", True),
    ],
)
def test_a_phrase_reported_or_quoted_is_a_mention_not_a_use(reply: str, flagged: bool) -> None:
    conv = conversation(("customer", "Your colleague told me to calm down!"), ("agent", reply))
    assert bool(audit_findings(NeverSay, conv)) is flagged

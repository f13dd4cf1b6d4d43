"""empathy.missing: a reply to an upset customer that does not acknowledge it is flagged on
its first sentence; acknowledging replies and replies to calm customers are not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scaling import assert_linear_steps
from support import audit_findings, conversation, on, quotes, reply_findings
from trustdesk.checks.empathy.missing import MissingEmpathy
from trustdesk.policy import Policy

CHECK = MissingEmpathy
REPLY = "Your order 55120 is with the courier. It will arrive tomorrow before 6pm."

# (upset customer message, what the explanation quotes as the sign)
MUST_FLAG = [
    ("This is unacceptable. My order is two weeks late.", '"unacceptable"'),
    ("Third time I've had to contact you about my order, I'm fed up!", '"fed up"'),
    ("I'm really disappointed, the parcel still hasn't come.", '"really disappointed"'),
    ("WHERE IS MY ORDER. I PAID FOR NEXT DAY DELIVERY", "capitals"),
    ("My order never arrived?!!", '"?!!"'),
    ("Absolutely ridiculous service, I'm fed up with waiting.", '"ridiculous"'),
    ("Your courier threw my parcel over the fence and broke it. Terrible.", '"Terrible"'),
    ("Ugh. Three weeks and still no parcel.", '"Ugh"'),
    ("wth, you charged me twice for one order", '"wth"'),
    ("Thank you @ParcelCo for losing my birthday present 😤", '"😤"'),
    ("Parcel left in the rain, soaked through #fail", '"#fail"'),
    ("The app logged me out and my basket is gone 😭", '"😭"'),
    ("@ParcelCo It is NOT at my door, the tracking is wrong", "capitals"),
]

ACKNOWLEDGING_REPLIES = [
    "I'm so sorry about this. Your order is with the courier and arrives tomorrow.",
    "I understand how frustrating this must be. Your order arrives tomorrow.",
    "I can see why you're upset. Your order arrives tomorrow before 6pm.",
    "That must be really annoying, and I want to sort it out: it arrives tomorrow.",
    "Apologies for the trouble. It arrives tomorrow.",
    "Thank you for your patience. Your order arrives tomorrow.",
    "You're right, this isn't good enough. Your order arrives tomorrow.",
    "Sorry, you should have had it by now. It arrives tomorrow.",
    "We’re sorry, that’s not on. Your order arrives tomorrow.",
    "That's not what we like to hear! Your order arrives tomorrow.",
    "Oh no! Your order is with the courier and arrives tomorrow.",
    "We hate to hear this. Your order arrives tomorrow.",
]

CALM_CUSTOMERS = [
    "Hi, could you tell me when order 55120 will arrive?",
    "Thanks so much for your help yesterday!",
    "What happens if my parcel arrives damaged?",
    "Hello! Quick question about delivery times.",
    # A plain problem report or a wait is a complaint, not a feeling (see trigger below).
    "I've been waiting for 3 weeks for my order.",
    "This is the third time I've asked about order 55120.",
    "Someone hacked my account and ordered things with my card.",
    "HELP PLEASE, how do I change the delivery address?",
    "@PARCELCO @UKPOST where is order 55120?",
]


@pytest.mark.parametrize(("upset", "sign"), MUST_FLAG)
def test_unacknowledged_upset_is_flagged_on_the_reply(upset: str, sign: str) -> None:
    findings = audit_findings(CHECK, conversation(("customer", upset), ("agent", REPLY)))
    assert quotes(findings) == ["Your order 55120 is with the courier."]
    [finding] = findings
    assert finding.message_id == "m2"
    assert sign in finding.explanation
    assert finding.suggestion and finding.suggestion.startswith("Open with")
    assert finding.data["customer_message_id"] == "m1"


@pytest.mark.parametrize("reply", ACKNOWLEDGING_REPLIES)
def test_acknowledging_replies_pass(reply: str) -> None:
    conv = conversation(
        ("customer", "This is unacceptable, my order is two weeks late!"), ("agent", reply)
    )
    assert audit_findings(CHECK, conv) == []


@pytest.mark.parametrize("calm", CALM_CUSTOMERS)
def test_calm_customers_need_no_acknowledgement(calm: str) -> None:
    assert audit_findings(CHECK, conversation(("customer", calm), ("agent", REPLY))) == []


def test_only_the_next_reply_is_judged() -> None:
    conv = conversation(
        ("customer", "This is ridiculous, where is my refund?"),
        ("agent", "I'm sorry about this. The refund was sent today."),
        ("customer", "Ok. And can I change my address?"),
        ("agent", "Yes, I've changed it."),
    )
    assert audit_findings(CHECK, conv) == []


def test_the_first_reply_after_the_upset_message_carries_the_finding() -> None:
    conv = conversation(
        ("customer", "Hi, my refund hasn't arrived."),
        ("agent", "Let me check."),
        ("customer", "This is a joke. Third time I ask!"),
        ("bot", "Thanks for your message. An agent will reply soon."),
        ("agent", "The refund was sent today."),
    )
    assert [f.message_id for f in audit_findings(CHECK, conv)] == ["m4"]


def test_customer_and_note_messages_are_not_judged() -> None:
    conv = conversation(
        ("customer", "This is unacceptable!"),
        ("note", "Customer is angry, escalate."),
        ("customer", "Terrible service."),
    )
    assert audit_findings(CHECK, conv) == []


def test_trigger_complaint_also_wants_an_apology_for_a_calm_problem_report() -> None:
    conv = conversation(
        ("customer", "My parcel arrived damaged."),
        ("agent", "I've arranged a replacement for Wednesday."),
    )
    assert audit_findings(CHECK, conv) == []
    policy = Policy.model_validate({"checks": {CHECK.id: {"params": {"trigger": "complaint"}}}})
    [finding] = audit_findings(CHECK, conv, policy=policy)
    assert '"damaged"' in finding.explanation
    assert "I'm sorry" in (finding.suggestion or "")


def test_policy_rejects_unknown_trigger() -> None:
    from trustdesk.errors import PolicyError

    policy = Policy.model_validate({"checks": {CHECK.id: {"params": {"trigger": "angry"}}}})
    with pytest.raises(PolicyError):
        audit_findings(CHECK, conversation(("customer", "hi")), policy=policy)


def test_other_languages_are_left_alone() -> None:
    conv = conversation(
        ("customer", "¡Esto es inaceptable! Mi pedido llega tarde otra vez."),
        ("agent", "Su pedido llegará mañana."),
    )
    assert audit_findings(CHECK, conv) == []


def test_reply_mode_judges_the_draft_against_the_latest_customer_messages() -> None:
    history = conversation(
        ("customer", "Hi, where is my order?"),
        ("agent", "It's with the courier."),
        ("customer", "It's been two weeks, this is absolutely shocking!!"),
    )
    [finding] = reply_findings(CHECK, history, "It will arrive tomorrow. Anything else?")
    assert finding.message_id == "draft"
    assert finding.quote == "It will arrive tomorrow."
    assert on(reply_findings(CHECK, history, "I'm so sorry. It arrives tomorrow."), "draft") == []


def test_no_timestamps_needed() -> None:
    conv = conversation(("customer", "Worst service ever."), ("agent", REPLY), timed=False)
    assert len(audit_findings(CHECK, conv)) == 1


@pytest.mark.parametrize("text", ["", "!!!!!" * 2000, "NO " * 30_000, "😡" * 100])
def test_odd_input_does_not_crash(text: str) -> None:
    conv = conversation(("customer", text), ("agent", text))
    audit_findings(CHECK, conv)
    reply_findings(CHECK, conv, text)


THREAD_START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _thread(*messages: tuple[str, str, str]) -> dict[str, object]:
    """A social thread from (role, author, text), five minutes apart."""
    return {
        "id": "t1",
        "channel": "twitter",
        "messages": [
            {
                "id": f"m{number}",
                "role": role,
                "author": author,
                "at": (THREAD_START + timedelta(minutes=5 * number)).isoformat(),
                "text": text,
            }
            for number, (role, author, text) in enumerate(messages, start=1)
        ],
    }


def test_a_split_reply_is_read_whole_and_flagged_on_its_first_part() -> None:
    upset = ("customer", "ana_b", "@ParcelCo wtf, the parcel is soaked")
    first = ("agent", "ParcelCo", "@ana_b Can you send us the tracking number? 1/2")
    calm_second = ("agent", "ParcelCo", "@ana_b We'll check it with the depot. 2/2")
    sorry_second = ("agent", "ParcelCo", "@ana_b We're sorry it came like that. 2/2")
    [finding] = audit_findings(CHECK, _thread(upset, first, calm_second))
    assert finding.message_id == "m2"
    assert audit_findings(CHECK, _thread(upset, first, sorry_second)) == []


def test_a_later_part_whose_first_part_is_missing_is_not_judged() -> None:
    conv = _thread(
        ("customer", "ana_b", "@ParcelCo wtf, the parcel is soaked"),
        ("agent", "ParcelCo", "@ana_b and we'll check it with the depot. 2/2"),
    )
    assert audit_findings(CHECK, conv) == []


def test_each_customer_on_a_thread_is_answered_for_their_own_feelings() -> None:
    conv = _thread(
        ("customer", "ana_b", "@ParcelCo Is the Christmas delivery slot open yet?"),
        ("customer", "joe_k", "@ParcelCo @ana_b Site down AGAIN. What a joke 😡"),
        ("agent", "ParcelCo", "@ana_b Hi Ana, the slots open at midnight."),
        ("agent", "ParcelCo", "@joe_k Hi Joe, did you manage to get a slot?"),
        ("agent", "ParcelCo", "@joe_k Let us know if not."),
    )
    # The reply to the calm customer is fine; the first reply to the angry one is not.
    assert [f.message_id for f in audit_findings(CHECK, conv)] == ["m4"]


def test_an_outburst_followed_by_praise_has_passed() -> None:
    conv = _thread(
        ("customer", "ana_b", "So fed up, the order was wrong and I was charged twice 😡"),
        ("customer", "ana_b", "@ParcelCo Update: all sorted now, your store team were great!"),
        ("agent", "ParcelCo", "@ana_b Glad it's been put right. Enjoy your evening!"),
    )
    assert audit_findings(CHECK, conv) == []
    still_waiting = _thread(
        ("customer", "ana_b", "So fed up, the order was wrong and I was charged twice 😡"),
        ("customer", "ana_b", "@ParcelCo Thanks in advance for looking."),
        ("agent", "ParcelCo", "@ana_b Can you DM us the order number?"),
    )
    [finding] = audit_findings(CHECK, still_waiting)
    assert finding.data["customer_message_id"] == "m1"
    assert 0 < finding.strength <= 1


def test_a_thread_of_many_customers_takes_linear_work() -> None:
    # Many customers waiting at once, each answered in turn by name: every message joins
    # and leaves the waiting lists once, however many customers there are.
    def thread(size: int) -> dict[str, object]:
        messages: list[tuple[str, str, str]] = []
        for number in range(size):
            messages.append(("customer", f"fan{number}", f"@ParcelCo Ugh, order {number} is late"))
        for number in range(size):
            messages.append(("agent", "ParcelCo", f"@fan{number} Which postcode is it, {number}?"))
        return _thread(*messages)

    def audit(conv: dict[str, object]) -> None:
        assert len(audit_findings(CHECK, conv)) == len(conv["messages"]) // 2  # type: ignore[arg-type]

    assert_linear_steps(thread, audit, 8)


def test_strength_grows_with_the_kinds_of_sign() -> None:
    def strength(upset: str) -> float:
        [finding] = audit_findings(CHECK, conversation(("customer", upset), ("agent", REPLY)))
        return float(finding.strength)

    one = strength("I'm fed up with this order.")
    several = strength("NOTHING HAS ARRIVED and I'm fed up, the parcel is lost!!! 😡")
    assert 0 < one < several <= 1


def test_language_is_identified_only_where_the_verdict_hangs_on_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Identifying a language is the costliest part of the check: it is asked only of an
    # upset (or content again) customer's message and of a reply that would be flagged.
    import trustdesk.text.language as language

    identified: list[str] = []
    identify = language.identify

    def counting(text: str, chars: int = language.OPENING_CHARS) -> language.Language:
        identified.append(text)
        return identify(text, chars)

    monkeypatch.setattr(language, "identify", counting)
    calm = CALM_CUSTOMERS[0]
    upset = MUST_FLAG[0][0]
    assert not audit_findings(CHECK, conversation(("customer", calm), ("agent", REPLY)))
    assert identified == []
    acknowledged = ACKNOWLEDGING_REPLIES[0]
    assert not audit_findings(CHECK, conversation(("customer", upset), ("agent", acknowledged)))
    assert identified == []
    assert audit_findings(CHECK, conversation(("customer", upset), ("agent", REPLY)))
    assert identified == [upset, REPLY]

"""transparency.unanswered: questions no reply takes up are flagged; answered, deferred,
rhetorical and self-answered ones are not."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from growth import WORK_RATIO, growth
from support import audit_findings, conversation, on, quotes, reply_findings
from trustdesk.checks.base import CheckContext
from trustdesk.checks.transparency import later_replies
from trustdesk.checks.transparency.answers import (
    addresses,
    follows_up,
    keys_of,
    opens_follow_up,
)
from trustdesk.checks.transparency.later_replies import (
    CustomerTurns,
    FirstReplies,
    Participants,
)
from trustdesk.checks.transparency.unanswered import (
    LEFT_HANGING,
    NOT_ADDRESSED,
    SUGGESTION,
    UnansweredQuestion,
)
from trustdesk.engine import Engine
from trustdesk.model import Finding
from trustdesk.policy import Policy, policy_from_dict
from trustdesk.text.analysis import forget_recent_analyses

CHECK = UnansweredQuestion

# (customer message, agent reply, the question left unanswered)
MUST_FLAG = [
    (
        "Hi, when will my refund arrive? Also, can I change my delivery address?",
        "I've updated your delivery address to 12 High Street.",
        "when will my refund arrive?",
    ),
    (
        "My order 27764 is due on Monday. Can I move it to Tuesday? And how much is express "
        "delivery?",
        "Yes, I've moved it to Tuesday 17 March.",
        "And how much is express delivery?",
    ),
    (
        "Why was my account suspended?",
        "Thanks for contacting us. Is there anything else I can help you with today?",
        "Why was my account suspended?",
    ),
    (
        "I can't log in to the website. What's going on? Also, will my subscription still renew "
        "on Thursday as normal?",
        "We are aware of a problem with the website and our engineers are working on it. We will "
        "get back to you as soon as we have more information.",
        "Also, will my subscription still renew on Thursday as normal?",
    ),
    (
        "where is my parcel? it was due monday",
        "Thanks for your message, have a lovely day.",
        "where is my parcel?",
    ),
    (
        "Do you deliver to Jersey?",
        "Our summer sale starts on Friday with 20% off garden furniture.",
        "Do you deliver to Jersey?",
    ),
    # Putting the answer off is not answering: "soon" is no time.
    (
        "When will I get my money back?",
        "We'll get back to you soon.",
        "When will I get my money back?",
    ),
    # A step is no reason: it answers a "why" only about something that fails.
    (
        "Why was I charged twice?",
        "Please restart the app.",
        "Why was I charged twice?",
    ),
    # An instruction that does not say whether it went through.
    (
        "Has my payment gone through?",
        "Kindly restart the app to refresh your balance.",
        "Has my payment gone through?",
    ),
]

# (customer message, agent reply) pairs where the reply addresses every question.
MUST_NOT_FLAG = [
    (
        "When will my refund arrive?",
        "I'm sorry for the wait. Your refund was approved today and reaches your account within "
        "5-10 business days.",
    ),
    ("How much is express delivery?", "Express delivery costs £9.99."),
    (
        "Why was I charged twice?",
        "The second charge was a temporary authorisation hold, so it will drop off within 3 days.",
    ),
    (
        "Can I return the jacket without a receipt?",
        "Yes, you can return it with your order confirmation e-mail within 30 days.",
    ),
    ("Where is my parcel?", "It's with the courier and will be delivered tomorrow."),
    (
        "How do I reset my password?",
        "Go to Settings > Security and choose 'Reset password'; we'll e-mail you a link.",
    ),
    ("Is the blue kettle back in stock?", "Not yet; we expect it back on 16 March."),
    (
        "Is my order covered by the warranty?",
        "Good question. Let me check with the warranty team and I'll come back to you by 3pm.",
    ),
    (
        "Can you resend the invoice for order 70456?",
        "Sorry about that. I've resent it to your e-mail address just now.",
    ),
    (
        "Hi, how are you? I'd like to cancel my membership.",
        "Your membership is cancelled and you won't be charged again.",
    ),
    (
        "Are you kidding me?! The parcel is soaked.",
        "I'm so sorry. I've arranged a replacement that will arrive on Wednesday.",
    ),
    (
        "Thank you for the quick reply, that's everything I needed.",
        "You're welcome, have a lovely day!",
    ),
    # An honest "we don't know yet".
    ("When will the new model be in stock?", "We don't have a date for that yet, sorry."),
    # "That can't be done" answers a "how do I", curly apostrophe and all.
    ("How do I export my playlists?", "It’s not possible to export playlists at the moment."),
    # A "why" about something that fails is answered by a step that fixes it.
    ("Why can't I log in to the app?", "Please update the app to version 5.2 and sign in again."),
    (
        "@orbit WHY IS THE FOOTBALL NOT SHOWING. PAID FOR SPORTS AND GETTING A BLACK SCREEN",
        "@sam Try restarting your box, then go to Settings > Reset channels. -Kai",
    ),
    # A yes straight after the @handles a social reply opens with.
    ("@acme Is the store open on Sunday?", "@jo Yes, 10am to 4pm."),
]


@pytest.mark.parametrize(("asked", "reply", "question"), MUST_FLAG)
def test_unaddressed_question_is_flagged_on_the_customer_message(
    asked: str, reply: str, question: str
) -> None:
    findings = audit_findings(CHECK, conversation(("customer", asked), ("agent", reply)))
    assert question in quotes(on(findings, "m1"))
    assert all(f.suggestion for f in findings)
    assert all(f.explanation for f in findings)


@pytest.mark.parametrize(("asked", "reply"), MUST_NOT_FLAG)
def test_addressed_questions_are_not_flagged(asked: str, reply: str) -> None:
    assert audit_findings(CHECK, conversation(("customer", asked), ("agent", reply))) == []


# (question, a first reply that takes the whole turn up, one that does not)
TAKES_UP_TURN = [
    # A hand-off to a private message takes up the whole issue.
    (
        "@acme Why was my card charged twice this month?",
        "@jo Sorry about that! Please send us a DM with your account email and we'll look.",
        "@jo Sorry about that!",
    ),
    # So does a referral to the team that handles it.
    (
        "Do you offer discounts for charities?",
        "Please reach out to our partnerships team, they look after those.",
        "Thanks for getting in touch!",
    ),
    # A link to steps.
    (
        "Is there a fix for the sync error on Windows?",
        "These steps should sort it: https://help.example.com/sync",
        "Sorry for the trouble.",
    ),
    # Asking the customer about their problem, as a question or a request.
    (
        "Is there a fix for the app crashing on startup?",
        "Sorry to hear that. Which phone and app version are you using?",
        "Sorry to hear that.",
    ),
    (
        "@acme any way to get my save file back?",
        "@sam Please let us know which console you play on so we can help further. *RT",
        "@sam Sorry to hear that. *RT",
    ),
]


@pytest.mark.parametrize(("asked", "takes_up", "does_not"), TAKES_UP_TURN)
def test_a_first_reply_can_take_up_the_whole_turn(asked: str, takes_up: str, does_not: str) -> None:
    assert audit_findings(CHECK, conversation(("customer", asked), ("agent", takes_up))) == []
    findings = audit_findings(CHECK, conversation(("customer", asked), ("agent", does_not)))
    assert len(on(findings, "m1")) == 1


def test_asking_only_whether_there_is_anything_else_takes_nothing_up() -> None:
    conv = conversation(
        ("customer", "Why was my parcel sent back to the depot?"),
        ("agent", "Thanks for waiting. Can we help with anything else today?"),
    )
    assert quotes(audit_findings(CHECK, conv)) == ["Why was my parcel sent back to the depot?"]


def test_a_reply_about_an_earlier_message_does_not_take_up_this_one() -> None:
    conv = conversation(
        ("customer", "The app keeps logging me out on my tablet."),
        ("agent", "Sorry about that! Have you tried reinstalling it?"),
        ("customer", "Yes, twice. Also, where do I find my invoices?"),
        ("agent", "Thanks. Can you tell us which tablet model you have?"),
    )
    assert quotes(audit_findings(CHECK, conv)) == ["Also, where do I find my invoices?"]
    conv["messages"][3]["text"] = "Thanks. Can you tell us which invoices you need?"
    assert audit_findings(CHECK, conv) == []


@pytest.mark.parametrize(
    "venting",
    [
        "Do you guys even care about your customers?",
        "Is this for real?",
        "So it's all just a scam?",
        "Are you trying to bankrupt me?",
        "Why are you so useless?",
        "You call this a refund?",
        "No apology?",
        "Are you people serious?",
        "My flight was cancelled and nobody told me. How is this acceptable?",
        # A statement with a question mark where the message shows disbelief.
        "Sorry, what? You charge a fee to pay by card? Unbelievable.",
        # An objection: two things set against each other with a question mark.
        "You advertise next-day delivery but it takes a week?",
    ],
)
def test_venting_is_not_a_question_owed_an_answer(venting: str) -> None:
    conv = conversation(("customer", venting), ("agent", "Thanks for the feedback."))
    assert audit_findings(CHECK, conv) == []


def test_the_same_statement_asked_plainly_is_a_question() -> None:
    conv = conversation(
        ("customer", "You charge a fee to pay by card?"), ("agent", "Thanks for the feedback.")
    )
    assert quotes(audit_findings(CHECK, conv)) == ["You charge a fee to pay by card?"]


def _authored(conv: dict[str, Any], *authors: str) -> dict[str, Any]:
    for message, author in zip(conv["messages"], authors, strict=True):
        message["author"] = author
    return conv


def test_a_question_to_another_customer_is_not_the_desks_to_answer() -> None:
    conv = _authored(
        conversation(
            ("customer", "@acme my parcel never came and nobody replies"),
            ("agent", "@anna So sorry, Anna! Please DM us your order number."),
            ("customer", "@anna did they ever sort it out for you?"),
            ("agent", "@anna Thanks, we've got your DM."),
        ),
        "anna",
        "acme",
        "ben",
        "acme",
    )
    assert audit_findings(CHECK, conv) == []


def test_a_bystander_nobody_addressed_is_left_alone() -> None:
    def thread(reply_to_ben: str) -> dict[str, Any]:
        return _authored(
            conversation(
                ("customer", "@acme is the Leeds store open on Sunday?"),
                ("agent", "@anna Yes, from 10am to 4pm."),
                ("customer", "@acme do you price match other shops as well?"),
                ("agent", reply_to_ben),
                customer={"id": "anna"},
            ),
            "anna",
            "acme",
            "ben",
            "acme",
        )

    assert audit_findings(CHECK, thread("@anna Enjoy your visit!")) == []
    # Once the desk speaks to them, their questions are judged like anyone's.
    findings = audit_findings(CHECK, thread("@ben Hi Ben, enjoy your visit!"))
    assert quotes(findings) == ["do you price match other shops as well?"]


def test_whoever_started_the_thread_is_no_bystander() -> None:
    # The customer record can name another handle than the one the thread started from.
    conv = _authored(
        conversation(
            ("customer", "@acme why was my order cancelled?"),
            ("agent", "@anna_w Thanks for your patience, have a lovely day!"),
            customer={"id": "anna_w"},
        ),
        "anna_k",
        "acme",
    )
    assert quotes(audit_findings(CHECK, conv)) == ["why was my order cancelled?"]


@pytest.mark.parametrize(
    ("last", "flagged"),
    [
        # About the answer just given: left hanging.
        ("So the code can't be used on anything in the sale at all?", True),
        ("You sure?", True),
        ("Are you sure about that?", True),
        ("Is that true for vouchers from the app too?", True),
        # Disbelief, not a question.
        ("lol what?", False),
        # A new topic after the exchange ended may have gone on elsewhere: left alone.
        ("And how do I change the email address on my account?", False),
    ],
)
def test_a_question_after_the_last_reply(last: str, flagged: bool) -> None:
    conv = conversation(
        ("customer", "My voucher code doesn't work at checkout."),
        ("agent", "Vouchers only apply to full-price items, I'm afraid."),
        ("customer", last),
    )
    assert quotes(audit_findings(CHECK, conv)) == ([last] if flagged else [])


def test_a_nudge_does_not_end_the_turn_a_reply_answers() -> None:
    def thread(between: str) -> dict[str, Any]:
        return conversation(
            ("customer", "Why is my parcel stuck at the depot?"),
            ("agent", "That's just our policy, I'm afraid."),
            ("customer", between),
            ("agent", "Because the label was damaged, so a new one is being printed."),
        )

    assert audit_findings(CHECK, thread("that's not an answer.")) == []
    # Something new from the customer opens a new turn: the reply answers that instead.
    findings = audit_findings(CHECK, thread("Also my invoice shows the wrong billing address."))
    assert quotes(findings) == ["Why is my parcel stuck at the depot?"]


def test_a_later_reply_can_answer_the_question() -> None:
    conv = conversation(
        ("customer", "Why does a refund take 14 business days?"),
        ("agent", "That's just our policy, I'm afraid."),
        ("customer", "that's not an answer."),
        ("agent", "It takes a few days because your bank has to post the money to your card."),
    )
    assert audit_findings(CHECK, conv) == []


def test_question_answered_by_the_customer_is_not_flagged() -> None:
    conv = conversation(
        ("customer", "Where is my parcel?"),
        ("customer", "Never mind, it just arrived!"),
        ("agent", "Great news, enjoy your order."),
    )
    assert audit_findings(CHECK, conv) == []


def test_question_nobody_replied_to_yet_is_left_to_the_wait_check() -> None:
    assert audit_findings(CHECK, conversation(("customer", "When will my refund arrive?"))) == []


def test_disbelief_echo_is_not_a_question() -> None:
    conv = conversation(
        ("customer", "14 business days?? that's far too long."),
        ("agent", "I understand. Refunds reach your account within 5-10 business days."),
    )
    assert audit_findings(CHECK, conv) == []


def test_messages_in_other_languages_are_left_alone() -> None:
    conv = conversation(
        (
            "customer",
            "Hola, hice un pedido el viernes y todavía no me ha llegado. ¿Sabéis cuándo llegará?",
        ),
        ("agent", "Hola Carmen, su pedido salió ayer y llegará el martes."),
    )
    assert audit_findings(CHECK, conv) == []


def test_agent_questions_are_not_judged() -> None:
    conv = conversation(
        ("customer", "My card was declined."),
        ("agent", "Which card did you use, the Visa or the Mastercard?"),
    )
    assert audit_findings(CHECK, conv) == []


def test_no_timestamps_needed() -> None:
    conv = conversation(
        ("customer", "Why was my order cancelled?"),
        ("agent", "Is there anything else I can do for you?"),
        timed=False,
    )
    assert quotes(audit_findings(CHECK, conv)) == ["Why was my order cancelled?"]


def test_reply_mode_flags_the_draft_and_quotes_the_question() -> None:
    history = conversation(
        (
            "customer",
            "Hi, my order 55120 hasn't arrived. Where is it? "
            "And can I get a refund for the delivery fee?",
        )
    )
    findings = reply_findings(
        CHECK, history, "Your order is with the courier and will be delivered tomorrow before 6pm."
    )
    assert len(findings) == 1
    finding = findings[0]
    assert finding.message_id == "draft"
    assert (
        finding.quote == "Your order is with the courier and will be delivered tomorrow before 6pm."
    )
    assert finding.data["question_message_id"] == "m1"
    assert finding.data["question"] == "And can I get a refund for the delivery fee?"
    assert "can I get a refund for the delivery fee?" in finding.explanation


def test_reply_mode_only_looks_at_questions_since_the_last_reply() -> None:
    history = conversation(
        ("customer", "Why was I charged twice?"),
        ("agent", "Is there anything else?"),
        ("customer", "Can you send me the receipt?"),
    )
    findings = reply_findings(CHECK, history, "Of course, I've e-mailed it to you just now.")
    assert findings == []


def test_reply_mode_accepts_an_honest_i_dont_know_yet() -> None:
    history = conversation(("customer", "When will the outage be fixed?"))
    draft = "I don't know yet, but I'll check with the engineers and update you by 2pm."
    assert reply_findings(CHECK, history, draft) == []


def test_reply_mode_accepts_a_draft_that_takes_up_the_whole_turn() -> None:
    history = conversation(("customer", "Why was my card charged twice this month?"))
    assert reply_findings(CHECK, history, "Sorry! Please send us a DM with your e-mail.") == []
    assert len(reply_findings(CHECK, history, "Sorry about that!")) == 1


def test_policy_can_switch_off_reply_checking() -> None:
    policy = Policy.model_validate({"checks": {CHECK.id: {"params": {"check_replies": False}}}})
    history = conversation(("customer", "Why was my account suspended?"))
    assert reply_findings(CHECK, history, "Have a nice day.", policy=policy) == []


def test_policy_can_require_more_overlap() -> None:
    conv = conversation(
        ("customer", "What colour options does the Aero kettle come in?"),
        ("agent", "The Aero kettle is one of our best sellers."),
    )
    assert audit_findings(CHECK, conv) == []  # two subject words taken up
    policy = Policy.model_validate(
        {"checks": {CHECK.id: {"params": {"min_shared_words": 3, "min_overlap": 0.9}}}}
    )
    assert quotes(audit_findings(CHECK, conv, policy=policy)) == [
        "What colour options does the Aero kettle come in?"
    ]


@pytest.mark.parametrize(
    "text", ["", "   ", "?" * 500, "why " * 20_000, "¿¡" * 1000, "When?\n\n\nWhy?" * 200]
)
def test_odd_input_does_not_crash(text: str) -> None:
    conv = conversation(
        ("customer", text), ("agent", text or "ok"), ("customer", text), gap=timedelta(hours=1)
    )
    audit_findings(CHECK, conv)
    reply_findings(CHECK, conv, text)


# The work grows linearly, however the conversation is shaped; counted, not timed.
ASKED = [
    "Where is my order {n} from Leeds? It was due on Monday.",
    "Can I get a refund for the broken kettle {n}?",
    "Why was I charged twice on invoice {n}?",
    "What airline is flight {n} with, and which terminal?",
]
REPLIED = [
    "Thanks for waiting, I'm looking into order {n} now.",
    "I understand, that must be frustrating.",
    "Your kettle is with the courier.",
    "We will get back to you soon.",
]


def _history(messages: int) -> dict[str, Any]:
    turns = [
        ("customer", ASKED[n // 2 % 4].format(n=n))
        if n % 2 == 0
        else ("agent", REPLIED[n // 2 % 4].format(n=n))
        for n in range(messages)
    ]
    return conversation(*turns)


def _work(make: Callable[[int], dict[str, Any]], draft: str | None = None) -> Callable[[int], Any]:
    engine = Engine(checks=[CHECK])

    def run(size: int) -> Any:
        forget_recent_analyses()
        conv = make(size)
        return engine.audit(conv) if draft is None else engine.check_reply(conv, draft)

    return run


def test_a_long_history_takes_linear_work() -> None:
    # Was quadratic: 2,000 messages took 6 s, 8,000 took 92 s.
    assert growth(_work(_history), 100) < WORK_RATIO


def test_many_questions_since_the_last_reply_take_linear_work() -> None:
    def make(messages: int) -> dict[str, Any]:
        return conversation(
            ("agent", "Hello, how can I help?"),
            *[("customer", ASKED[n % 4].format(n=n)) for n in range(messages)],
        )

    assert growth(_work(make, "Your refund is on its way."), 100) < WORK_RATIO
    assert growth(_work(make), 100) < WORK_RATIO


def test_a_thread_of_many_writers_and_long_reply_runs_takes_linear_work() -> None:
    # Each customer's turn is judged against the run of replies after it once per writer.
    def make(messages: int) -> dict[str, Any]:
        half = messages // 2
        conv = conversation(
            *[("customer", f"@acme @c{n - 1} why was order {n} cancelled?") for n in range(half)],
            *[("agent", f"@c{n} Please send us a DM about order {n}.") for n in range(half)],
        )
        for n, message in enumerate(conv["messages"]):
            message["author"] = f"c{n}" if n < half else "acme"
        return conv

    assert growth(_work(make), 100) < WORK_RATIO


@pytest.mark.parametrize(
    "unit", ["Why was I charged? ", "why? ", "Where is order AB12 from Leeds? ", "When? Why? "]
)
def test_a_long_message_takes_linear_work(unit: str) -> None:
    # Was quadratic: one 80,000-character message took 6.8 s, 1 MB over 120 s.
    def make(chars: int) -> dict[str, Any]:
        text = unit * (chars // len(unit))
        return conversation(("customer", text), ("agent", "We are on it."), ("customer", text))

    assert growth(_work(make), 2_000) < WORK_RATIO
    assert growth(_work(make, "We are on it."), 2_000) < WORK_RATIO


class PairwiseUnanswered(UnansweredQuestion):
    """The audit by definition: every question against every later reply, one pair at a
    time. The check's index must find exactly the same."""

    def audit(self, ctx: CheckContext) -> Iterator[Finding]:
        turns, overlap, messages = CustomerTurns(ctx), self._overlap(), ctx.messages
        org = [j for j, m in enumerate(messages) if m.is_org]
        people = Participants(ctx)
        opening = FirstReplies(ctx, org, people)
        for index, message in ctx.judged(self.judges):
            if not org or people.elsewhere(index):
                continue
            replies = [j for j in range(index + 1, len(messages)) if messages[j].is_org]
            questions = turns.open_questions(index, replies[0] if replies else len(messages))
            if replies and (not questions or opening.take_up(index)):
                continue
            if not replies:
                last = opening.last_reply_keys(org[-1])
                following = opens_follow_up(ctx.analysis(message))
                questions = [
                    q for q in questions if follows_up(q, last, message_follows_up=following)
                ]
            near_end = turns.turn_end(replies[0]) if replies else 0
            for question in questions:
                if not any(
                    addresses(
                        overlap,
                        question,
                        keys_of(ctx.analysis(messages[j])),
                        ctx.analysis(messages[j]),
                        near=j < near_end,
                        single=len(questions) == 1,
                    )
                    for j in replies
                ):
                    yield self.finding(
                        ctx,
                        message,
                        question.span.start,
                        question.span.end,
                        explanation=NOT_ADDRESSED if replies else LEFT_HANGING,
                        suggestion=SUGGESTION,
                        data={"kind": question.kind.value},
                    )


# Questions and replies that share subject words in every way the index distinguishes.
PIECES = [
    *(asked for asked, _, _ in MUST_FLAG),
    *(reply for _, reply, _ in MUST_FLAG),
    *(asked for asked, _ in MUST_NOT_FLAG),
    *(reply for _, reply in MUST_NOT_FLAG),
    "What airline is it with? And which terminal?",
    "It's BA1234 from terminal 5.",
    "Which terminal, and what airline?",
    "Let me check.",
    "never mind, found it",
    "Yes.",
    "Why?",
    "The kettle refund for order AB12 was approved.",
    "Can I change the kettle order? Where is the refund?",
    "What airline flies the Leeds route? And how much is it?",
    "Leeds flights go with Jet2.",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    turns=st.lists(
        st.tuples(
            st.sampled_from(["customer", "customer", "agent", "bot", "note"]),
            st.lists(st.sampled_from(PIECES), min_size=1, max_size=3).map(" ".join),
        ),
        max_size=12,
    ),
    overlap=st.sampled_from([(0.5, 2), (1.0, 3), (0.2, 1), (0.7, 2), (0.34, 5)]),
)
# An open question among others, answered by a name it did not use.
@example(
    turns=[
        ("customer", "What airline flies the Leeds route? And how much is it?"),
        ("agent", "Leeds flights go with Jet2."),
    ],
    overlap=(0.5, 2),
)
def test_the_index_finds_what_comparing_every_pair_finds(
    turns: list[tuple[str, str]], overlap: tuple[float, int]
) -> None:
    params = {"min_overlap": overlap[0], "min_shared_words": overlap[1]}
    policy = policy_from_dict({"checks": {CHECK.id: {"params": params}}})
    conv = conversation(*turns)
    expected = Engine(policy, checks=[PairwiseUnanswered]).audit(conv).findings
    assert Engine(policy, checks=[CHECK]).audit(conv).findings == expected
    # And with the index alone, not the first replies compared one by one.
    first, later_replies.FIRST_REPLIES = later_replies.FIRST_REPLIES, 0
    try:
        assert Engine(policy, checks=[CHECK]).audit(conv).findings == expected
    finally:
        later_replies.FIRST_REPLIES = first

"""responsiveness.chasing: a customer who has to chase is flagged on the chasing phrase; a
draft answering a chase must acknowledge the wait."""

from __future__ import annotations

from datetime import timedelta

import pytest

from scaling import assert_linear_steps
from support import audit_findings, conversation, on, quotes, reply_findings
from trustdesk.checks.responsiveness.chasing import CustomerChasing
from trustdesk.policy import Policy

CHECK = CustomerChasing
OPENING = ("customer", "Hi, my refund for order 80147 hasn't arrived yet.")
HOLDING = ("agent", "I'm checking with the returns team and will update you by tomorrow.")

# Follow-up customer messages (after OPENING and HOLDING) and the chasing phrase quoted.
MUST_FLAG = [
    ("Any update?", "Any update"),
    ("Hello?? Is anyone there?", "Hello??"),
    ("Still waiting to hear from you.", "Still waiting"),
    ("This is the third time I'm asking about this refund.", "This is the third time I'm asking"),
    ("I asked yesterday and nobody answered.", "I asked yesterday and nobody answered"),
    (
        "I've been waiting for days and I still haven't heard back from you!",
        "I've been waiting for days",
    ),
    ("You said you'd update me by 5pm yesterday and I've heard nothing.", "You said you'd"),
    ("Just following up on this, thanks.", "Just following up"),
    ("still no refund in my account.", "still no"),
    ("Are you still there?", "Are you still there"),
]

MUST_NOT_FLAG = [
    "Thanks, that's great.",
    "Ok, I'll wait for your e-mail tomorrow.",
    "I still have the receipt if you need it.",
    "Can you also check my other order, 80152?",
    "This is the third time your courier has failed to deliver my sofa.",
]


@pytest.mark.parametrize(("text", "quote"), MUST_FLAG)
def test_chase_is_flagged_on_the_phrase(text: str, quote: str) -> None:
    conv = conversation(OPENING, HOLDING, ("customer", text, timedelta(days=1)))
    findings = on(audit_findings(CHECK, conv), "m3")
    assert quotes(findings) == [quote]
    assert findings[0].suggestion


@pytest.mark.parametrize("text", MUST_NOT_FLAG)
def test_ordinary_follow_ups_are_not_chases(text: str) -> None:
    conv = conversation(OPENING, HOLDING, ("customer", text, timedelta(hours=1)))
    assert audit_findings(CHECK, conv) == []


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        (
            "I've emailed three times about my broken washing machine and still no reply.",
            "I've emailed three times",
        ),
        ("Still waiting for the engineer who was supposed to come this morning.", "Still waiting"),
        ("This is my fourth message about this. Nobody has replied.", "fourth message"),
    ],
)
def test_explicit_chase_counts_in_the_first_message(text: str, quote: str) -> None:
    assert quotes(audit_findings(CHECK, conversation(("customer", text)))) == [quote]


@pytest.mark.parametrize(
    "text",
    [
        "Any update on when the spring sale starts?",
        "Just following up on my order from Friday: can I add a second item?",
    ],
)
def test_weak_phrases_in_an_opening_message_are_status_questions(text: str) -> None:
    assert audit_findings(CHECK, conversation(("customer", text))) == []


def test_policy_can_count_weak_phrases_in_first_messages() -> None:
    policy = Policy.model_validate(
        {"checks": {CHECK.id: {"params": {"weak_chases_in_first_message": True}}}}
    )
    conv = conversation(("customer", "Any update on my refund?"))
    assert quotes(audit_findings(CHECK, conv, policy=policy)) == ["Any update"]


def test_agent_messages_are_not_judged() -> None:
    conv = conversation(OPENING, ("agent", "Any update from your bank? Still waiting on you."))
    assert audit_findings(CHECK, conv) == []


def test_no_timestamps_needed() -> None:
    conv = conversation(OPENING, HOLDING, ("customer", "Any news?"), timed=False)
    assert quotes(audit_findings(CHECK, conv)) == ["Any news"]


def test_other_languages_are_left_alone() -> None:
    conv = conversation(
        ("customer", "Hallo, mein Paket ist noch nicht da."),
        ("customer", "Hallo?? Gibt es schon Neuigkeiten zu meiner Bestellung?"),
    )
    assert audit_findings(CHECK, conv) == []


def test_draft_answering_a_chase_must_acknowledge_the_wait() -> None:
    history = conversation(OPENING, HOLDING, ("customer", "Any update??", timedelta(days=1)))
    [finding] = reply_findings(
        CHECK, history, "The refund was approved this morning. It reaches you in 5 days."
    )
    assert finding.message_id == "draft"
    assert finding.quote == "The refund was approved this morning."
    assert finding.data == {"chase_message_id": "m3", "chase": "Any update"}
    assert finding.suggestion


@pytest.mark.parametrize(
    "draft",
    [
        "Sorry for the wait: the refund was approved this morning.",
        "Thank you for your patience. The refund was approved this morning.",
        "I apologise for the delay. The refund was approved this morning.",
    ],
)
def test_draft_that_acknowledges_the_wait_passes(draft: str) -> None:
    history = conversation(OPENING, HOLDING, ("customer", "Any update??", timedelta(days=1)))
    assert reply_findings(CHECK, history, draft) == []


def test_draft_after_an_answered_chase_is_not_judged_again() -> None:
    history = conversation(
        OPENING,
        HOLDING,
        ("customer", "Any update??"),
        ("agent", "Sorry for the wait, still checking."),
        ("customer", "Ok, can you also check order 80152?"),
    )
    assert reply_findings(CHECK, history, "Order 80152 shipped today.") == []


def test_policy_can_switch_off_draft_checks() -> None:
    policy = Policy.model_validate({"checks": {CHECK.id: {"params": {"check_replies": False}}}})
    history = conversation(OPENING, HOLDING, ("customer", "Any update??"))
    assert reply_findings(CHECK, history, "It was approved.", policy=policy) == []


@pytest.mark.parametrize("text", ["", "?" * 10_000, "hello" + "?" * 5000, "still " * 20_000])
def test_odd_input_does_not_crash(text: str) -> None:
    conv = conversation(("customer", text), ("customer", text))
    audit_findings(CHECK, conv)
    reply_findings(CHECK, conv, text)


# Explicit chases in the forms customers write them, counted even in a first message: they
# speak of earlier contact, on this channel or another.
EXPLICIT_IN_FIRST_MESSAGE = [
    ("@ShopCare this is my second tweet about the missing parcel.", "second tweet"),
    ("I’ve been waiting for 3 days for the engineer’s visit.", "I’ve been waiting for 3"),
    ("I have waited over two weeks for the replacement part.", "have waited over two weeks"),
    ("Been on hold for 45 minutes now, is the phone line down?", "on hold for 45 minutes"),
    ("2 hours on hold and counting.", "2 hours on hold"),
    ("I already spoke to an agent on Friday and nothing happened.", "already spoke to an agent"),
    ("Already emailed your support team about the double charge.", "Already emailed your support"),
    ("I've called 3-4 times this week about the broken boiler.", "called 3-4 times"),
    ("We have made several complaints about the noise from the depot.", "made several complaints"),
    (
        "Trying to reach you by phone all morning, no answer.",
        "Trying to reach you by phone all morning, no answer",
    ),
    ("It's been ten days since I sent the returns form.", "It's been ten days since I"),
    ("A week later it’s still not fixed.", "A week later it’s still"),
    (
        "I keep getting transferred back and forth between departments.",
        "transferred back and forth",
    ),
    ("I've been emailing your billing team since Monday.", "I've been emailing"),
    ("Still no response to the complaint I filed.", "Still no response"),
    ("You still haven’t called me back about the leak.", "You still haven’t called me"),
    ("Are you going to ring me back or not?", None),
]


@pytest.mark.parametrize(("text", "quote"), [row for row in EXPLICIT_IN_FIRST_MESSAGE if row[1]])
def test_explicit_chases_in_their_real_forms(text: str, quote: str) -> None:
    [finding] = audit_findings(CHECK, conversation(("customer", text)))
    assert finding.quote == quote
    assert finding.data["kind"] in {"repeat", "waiting", "ignored"}
    assert 0 < finding.strength <= 1


@pytest.mark.parametrize(
    "text",
    [
        # A bare "still waiting" may be a queue or a page loading.
        "Still waiting and the page keeps spinning 🙄",
        # Waiting that ended well is a report, not a chase.
        "I waited a couple of hours and then the download worked.",
        # Reported by others: no contact of this customer's own.
        "This bug was reported on your forums several times last year.",
        # A promise to everyone, not to this customer.
        "Where is the free upgrade you promised everyone?",
        # A fault, not contact: trying to log in again and again.
        "The app logs me out every few minutes, it is driving me mad.",
        "Is there a second delivery slot this week?",
    ],
)
def test_ordinary_first_messages_are_not_chases(text: str) -> None:
    assert audit_findings(CHECK, conversation(("customer", text))) == []


def test_a_promise_made_to_this_customer_counts_in_a_first_message() -> None:
    conv = conversation(("customer", "You promised last week to send a new charger. Where is it?"))
    assert quotes(audit_findings(CHECK, conv)) == ["You promised last week"]


# A nudge: the customer writes again after waiting, with no reply in between, whatever the words.
FIRST = ("customer", "@ShopCare my order 5521 says delivered but nothing came. Can you check?")


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("@ShopCare please help", "please help"),
        ("@ShopCare ??", "??"),
        ("@ShopCare", "@ShopCare"),
        ("@ShopCare Can you check where order 5521 is?", "Can you check where order 5521 is?"),
        (
            "@ShopCare So this account is just for show then.",
            "So this account is just for show then.",
        ),
    ],
)
def test_a_message_after_waiting_is_a_nudge_whatever_its_words(text: str, quote: str) -> None:
    conv = conversation(FIRST, ("customer", text, timedelta(hours=3)))
    [finding] = on(audit_findings(CHECK, conv), "m2")
    assert finding.quote == quote
    assert finding.data["kind"] == "nudge"
    assert finding.data["waited_minutes"] == 180
    assert "3 hours" in finding.explanation


def test_a_nudge_grows_stronger_with_the_wait() -> None:
    def strength(wait: timedelta) -> float:
        conv = conversation(FIRST, ("customer", "@ShopCare hello", wait))
        [finding] = audit_findings(CHECK, conv)
        return float(finding.strength)

    assert strength(timedelta(minutes=40)) < strength(timedelta(hours=5)) < 1
    assert strength(timedelta(days=1)) == strength(timedelta(days=6))


@pytest.mark.parametrize(
    "turns",
    [
        # Still writing: a burst of lines within minutes.
        [FIRST, ("customer", "@ShopCare It was meant to arrive on Tuesday.", timedelta(minutes=4))],
        # A split message, however late its second part came.
        [
            ("customer", "@ShopCare the heater you sent is the wrong model and the 1/2"),
            ("customer", "@ShopCare box was damaged too, photos attached 2/2", timedelta(hours=2)),
        ],
        # Answered in between.
        [
            FIRST,
            ("agent", "@cust Sorry about this! Please DM us the address. ^KL"),
            ("customer", "@ShopCare Done, sent it over.", timedelta(hours=2)),
        ],
        # Nothing was owed after a thank-you; a new question days later is a new request.
        [
            ("customer", "@ShopCare Got it now, thanks a lot!"),
            ("customer", "@ShopCare Do you deliver to Jersey?", timedelta(days=3)),
        ],
        # The problem went away on its own: a report, not a nudge.
        [FIRST, ("customer", "@ShopCare never mind, it turned up next door", timedelta(hours=2))],
        [FIRST, ("customer", "@ShopCare Internet is back up now", timedelta(hours=6))],
    ],
)
def test_what_is_not_a_nudge(turns: list[tuple[str, str, timedelta] | tuple[str, str]]) -> None:
    conv = conversation(*turns)
    assert audit_findings(CHECK, conv) == []


def test_the_parts_of_an_open_ended_split_do_not_cover_a_later_message() -> None:
    conv = conversation(
        ("customer", "@ShopCare I was charged twice for one order 1/n"),
        ("customer", "@ShopCare Order 7731, both on the same card (2/n)", timedelta(seconds=40)),
        ("customer", "@ShopCare Does anyone look at this account?", timedelta(hours=20)),
    )
    assert [(f.message_id, f.data["kind"]) for f in audit_findings(CHECK, conv)] == [
        ("m3", "nudge")
    ]


def test_nudges_need_times() -> None:
    conv = conversation(FIRST, ("customer", "@ShopCare please help"), timed=False)
    assert audit_findings(CHECK, conv) == []


def _authored(conv: dict[str, object], *authors: str) -> dict[str, object]:
    for message, author in zip(conv["messages"], authors, strict=True):  # type: ignore[call-overload]
        message["author"] = author
    return conv


def test_each_customer_in_a_thread_is_judged_on_their_own_messages() -> None:
    conv = _authored(
        conversation(
            ("customer", "@ShopCare my order 5521 never came, can you check?"),
            ("customer", "@ShopCare same here, order 5530 is missing", timedelta(minutes=50)),
            ("customer", "@rosa_k @ShopCare any news on yours?", timedelta(hours=2)),
            ("customer", "@ShopCare still nothing for order 5521, please help", timedelta(hours=1)),
        ),
        "rosa_k",
        "tom_b",
        "tom_b",
        "rosa_k",
    )
    # tom_b's first message is no nudge (rosa_k wrote before it) and his question to rosa_k is a
    # side conversation; rosa_k wrote again after four hours with no reply.
    assert [f.message_id for f in audit_findings(CHECK, conv)] == ["m4"]


def test_an_org_reply_to_one_customer_does_not_answer_another() -> None:
    conv = _authored(
        conversation(
            ("customer", "@ShopCare my order 5521 never came, can you check?"),
            ("customer", "@ShopCare my refund for 6610 is late too"),
            ("agent", "@tom_b Sorry Tom, the refund left us today. ^KL", timedelta(minutes=20)),
            ("customer", "@ShopCare hello? order 5521?", timedelta(hours=2)),
            ("customer", "@ShopCare thanks, will look out for it", timedelta(minutes=1)),
        ),
        "rosa_k",
        "tom_b",
        "ShopCare",
        "rosa_k",
        "tom_b",
    )
    assert [(f.message_id, f.data["kind"]) for f in audit_findings(CHECK, conv)] == [
        ("m4", "nudge")
    ]


def test_a_follow_up_to_a_public_post_is_not_a_nudge() -> None:
    conv = _authored(
        conversation(
            ("customer", "Honestly the worst delivery week of my life, three parcels lost."),
            ("customer", "At least the pizza place delivers on time.", timedelta(hours=2)),
            ("agent", "@rosa_k Sorry to hear this! Can you DM us the order numbers? ^KL"),
        ),
        "rosa_k",
        "rosa_k",
        "ShopCare",
    )
    assert audit_findings(CHECK, conv) == []


def test_a_post_naming_the_org_is_waited_on_like_a_reply() -> None:
    # The brand's main handle names the org whose support account replies.
    conv = _authored(
        conversation(
            ("customer", "Three parcels lost this week, well done @ShopCo"),
            ("customer", "Shocking service, honestly.", timedelta(hours=5)),
            ("agent", "@rosa_k Sorry to hear this! Can you DM us the order numbers? ^KL"),
        ),
        "rosa_k",
        "rosa_k",
        "ShopCoHelp",
    )
    assert [f.data["kind"] for f in audit_findings(CHECK, conv)] == ["nudge"]


def test_policy_sets_how_long_a_wait_makes_a_nudge() -> None:
    conv = conversation(FIRST, ("customer", "@ShopCare please help", timedelta(minutes=45)))
    assert len(audit_findings(CHECK, conv)) == 1
    policy = Policy.model_validate({"checks": {CHECK.id: {"params": {"nudge_after_minutes": 60}}}})
    assert audit_findings(CHECK, conv, policy=policy) == []


def test_draft_answering_a_nudge_must_acknowledge_the_wait() -> None:
    history = conversation(FIRST, ("customer", "@ShopCare please help", timedelta(hours=4)))
    [finding] = reply_findings(CHECK, history, "@rosa_k Your parcel is at the depot. ^KL")
    assert finding.data == {"chase_message_id": "m2", "chase": "please help"}
    assert reply_findings(CHECK, history, "@rosa_k Sorry for the wait! It is at the depot.") == []


def test_audit_work_grows_linearly_with_the_conversation() -> None:
    def thread(size: int) -> dict[str, object]:
        turns = []
        for number in range(size):
            turns.append(
                ("customer", f"@ShopCare order {number} is late, any news?", timedelta(hours=1))
            )
            turns.append(
                ("customer", f"@ShopCare it was due on day {number}", timedelta(minutes=2))
            )
            turns.append(
                ("agent", f"@cust Checking order {number} now. ^KL", timedelta(minutes=90))
            )
        return conversation(*turns)

    assert_linear_steps(thread, lambda conv: audit_findings(CHECK, conv), 30)


def test_a_nudge_in_another_language_is_read_from_its_timing() -> None:
    conv = conversation(
        ("customer", "Hallo, mein Paket ist noch nicht da."),
        ("customer", "Hallo?? Gibt es schon Neuigkeiten?", timedelta(hours=4)),
    )
    assert [f.data["kind"] for f in audit_findings(CHECK, conv)] == ["nudge"]


def test_still_broken_in_answer_to_the_agents_question_is_a_report() -> None:
    opening = ("customer", "My router keeps dropping the connection every evening.")
    asked = ("agent", "Sorry about that! Could you restart it and tell us if that helps?")
    promised = ("agent", "Thanks, an engineer is checking the line and will text you today.")
    answer = ("customer", "Still not fixed, dropped again at 8pm.", timedelta(hours=3))
    assert audit_findings(CHECK, conversation(opening, asked, answer)) == []
    assert quotes(audit_findings(CHECK, conversation(opening, promised, answer))) == [
        "Still not fixed"
    ]


def test_information_sent_after_a_bare_ok_is_not_a_nudge() -> None:
    conv = conversation(
        ("customer", "@ShopCare the blender I got has a cracked jug"),
        ("agent", "@rosa_k Sorry! Please DM us your order number and a photo. ^KL"),
        ("customer", "@ShopCare ok will do"),
        ("customer", "@ShopCare DM sent with the photo", timedelta(hours=2)),
    )
    assert audit_findings(CHECK, conv) == []
    # Without the acknowledgement the same message, two hours on, nudges.
    conv["messages"][2]["text"] = "@ShopCare ok, but it needs fixing before Friday"
    assert [f.data["kind"] for f in audit_findings(CHECK, conv)] == ["nudge"]

"""personalisation.language: replies not in the customer's language are flagged; short replies,
replies in the right language and customers whose language is unclear are not."""

from __future__ import annotations

from typing import Any

import pytest

from support import audit_findings, conversation, reply_findings
from trustdesk.checks.personalisation.language import WrongLanguage
from trustdesk.policy import Policy

SPANISH = conversation(("customer", "Hola, mi pedido no ha llegado todavía. ¿Pueden revisarlo?"))
ENGLISH_REPLY = (
    "Hi, I'm sorry your order hasn't arrived yet. I've checked with the courier and it will "
    "be delivered tomorrow."
)

MUST_FLAG: list[tuple[dict[str, Any], str, str]] = [
    # Inferred from the customer's own messages.
    (SPANISH, ENGLISH_REPLY, "Spanish"),
    (
        conversation(("customer", "Hallo, meine Bestellung ist noch nicht angekommen.")),
        ENGLISH_REPLY,
        "German",
    ),
    # Stated preference wins, whatever the customer writes in.
    (
        conversation(
            ("customer", "Hi, my parcel is late, can you check?"),
            customer={"preferences": {"language": "fr"}},
        ),
        ENGLISH_REPLY,
        "French",
    ),
    # Recorded language, with a region tag.
    (
        conversation(("customer", "Olá"), customer={"language": "pt-BR"}),
        "Buenas tardes, lamentamos mucho lo ocurrido. Le enviaremos la pieza que falta mañana.",
        "Portuguese",
    ),
    # Naming a language to complain about it or refuse it chooses nothing.
    (
        conversation(
            ("customer", "Hi, my parcel is late, can you check the tracking for me?"),
            ("agent", "Hallo, wir prüfen die Sendungsverfolgung und melden uns heute."),
            ("customer", "Why did you answer in German? I don't speak German, sorry."),
        ),
        "Hallo, entschuldigen Sie bitte. Ihr Paket wird morgen zugestellt, versprochen.",
        "English",
    ),
]

MUST_NOT_FLAG: list[tuple[dict[str, Any], str]] = [
    # A polite reply in the customer's language.
    (
        SPANISH,
        "Hola, siento mucho el retraso. He hablado con el mensajero y su pedido llegará "
        "mañana por la mañana.",
    ),
    # Too short to judge.
    (SPANISH, "OK!"),
    (SPANISH, "Order #A-99812"),
    # The customer's language is unclear (too little text).
    (
        conversation(("customer", "hi"), ("customer", "#4411")),
        "Hola, su pedido llega mañana por la mañana sin falta.",
    ),
    # Product names in English inside a Spanish reply.
    (
        conversation(("customer", "Hola, ¿cuándo llega mi cargador?"), customer={"language": "es"}),
        "Hola Marta, el cargador USB-C Fast Charge ya está en camino y llegará el jueves.",
    ),
    # A language the customer chose or accepted in the conversation.
    (
        conversation(
            ("customer", "Hi, how do I change the language of the invoices on my account?"),
            ("agent", "Happy to help! Would you like the answer in English or in Spanish?"),
            ("customer", "I'm practising my Spanish, so either works. Spanish if possible!"),
        ),
        "Claro, en la sección Cuenta puedes elegir el idioma de las facturas.",
    ),
    (
        conversation(
            ("customer", "Hello, my order arrived damaged and I would like a refund please."),
            ("customer", "French is fine too, it's my first language."),
        ),
        "Bonjour, nous sommes désolés. Le remboursement sera fait sous cinq jours ouvrés.",
    ),
]


@pytest.mark.parametrize(("conv", "draft", "wanted"), MUST_FLAG)
def test_flags_reply_in_another_language(conv: dict[str, Any], draft: str, wanted: str) -> None:
    findings = reply_findings(WrongLanguage, conv, draft)
    assert len(findings) == 1
    assert findings[0].quote == draft
    assert wanted in findings[0].explanation
    assert findings[0].suggestion == f"Write the reply in {wanted}."


@pytest.mark.parametrize(("conv", "draft"), MUST_NOT_FLAG)
def test_right_language_or_unclear_is_not_flagged(conv: dict[str, Any], draft: str) -> None:
    assert reply_findings(WrongLanguage, conv, draft) == []


def test_the_latest_confident_customer_message_sets_the_language() -> None:
    conv = conversation(
        ("customer", "Hi, I ordered a lamp last week and it still hasn't arrived."),
        ("agent", "Sorry about that, let me check."),
        ("customer", "Perdone, prefiero hablar en español si es posible."),
    )
    assert reply_findings(WrongLanguage, conv, ENGLISH_REPLY)[0].data["expected"] == "es"


def test_audit_flags_the_one_reply_that_switched_language() -> None:
    conv = conversation(
        ("customer", "Buongiorno, il mio ordine è arrivato danneggiato."),
        ("agent", "Buongiorno, mi dispiace molto. Può inviarmi una foto del pacco danneggiato?"),
        ("customer", "Ecco la foto, la scatola è tutta rotta."),
        ("agent", "Thank you for the photo. I've arranged a replacement and it ships tomorrow."),
        timed=False,
    )
    findings = audit_findings(WrongLanguage, conv)
    assert [f.message_id for f in findings] == ["m4"]


def test_policy_can_require_a_stated_language() -> None:
    policy = Policy.model_validate(
        {"checks": {"personalisation.language": {"params": {"infer_from_messages": False}}}}
    )
    assert reply_findings(WrongLanguage, SPANISH, ENGLISH_REPLY, policy=policy) == []


def test_policy_can_raise_the_minimum_length() -> None:
    policy = Policy.model_validate(
        {"checks": {"personalisation.language": {"params": {"min_chars": 500}}}}
    )
    assert reply_findings(WrongLanguage, SPANISH, ENGLISH_REPLY, policy=policy) == []


def test_long_replies_are_judged_on_their_opening() -> None:
    draft = ENGLISH_REPLY + " " + "Thank you for your patience. " * 200
    assert len(reply_findings(WrongLanguage, SPANISH, draft)) == 1


def test_customer_messages_are_not_judged() -> None:
    conv = conversation(
        ("customer", "Hola, mi pedido no ha llegado todavía."),
        ("customer", "Hello? Is anyone there? I have been waiting for an answer all day."),
        customer={"preferences": {"language": "es"}},
    )
    assert audit_findings(WrongLanguage, conv) == []


@pytest.mark.parametrize("text", ["", "    ", "🙂" * 100, "1234567890 " * 20, "x" * 100_000])
def test_odd_input_never_crashes(text: str) -> None:
    audit_findings(
        WrongLanguage, conversation(("customer", SPANISH["messages"][0]["text"]), ("agent", text))
    )


@pytest.mark.parametrize(("sample_chars", "flagged"), [(60, False), (400, True)])
def test_the_policy_sample_length_decides_how_much_of_the_reply_is_read(
    sample_chars: int, flagged: bool
) -> None:
    # A Spanish opening, then English: read briefly it is Spanish (fine for this customer);
    # read at length, the English dominates and the reply is not in the customer's language.
    reply = (
        "Hola, gracias por escribirnos hoy. Su pedido está en camino y llegará mañana por la "
        "mañana sin falta. "
        + "I have checked your order and the courier will deliver it tomorrow morning, sorry "
        "for the wait. " * 3
    )
    # Longer than the analysis reads by default, shorter than the policy's 400.
    assert 200 < len(reply) < 400
    policy = Policy.model_validate(
        {"checks": {"personalisation.language": {"params": {"sample_chars": sample_chars}}}}
    )
    findings = reply_findings(WrongLanguage, SPANISH, reply, policy=policy)
    assert bool(findings) is flagged

"""find_sensitive: validated card numbers, IBANs, phones, e-mails, IDs and introduced secrets."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling import assert_linear_steps, assert_linear_time
from trustdesk.text.sensitive import card_brand, find_sensitive, luhn_valid


def kinds(text: str) -> list[tuple[str, str]]:
    return [(item.kind, item.text) for item in find_sensitive(text)]


FOUND = [
    # Payment cards: Luhn-valid with a real issuer prefix and length.
    ("My card is 4111 1111 1111 1111, please refund it.", "card", "4111 1111 1111 1111"),
    ("card no 5555-5555-5555-4444", "card", "5555-5555-5555-4444"),
    ("Amex 378282246310005 was charged", "card", "378282246310005"),
    ("Diners 3056 930902 5904", "card", "3056 930902 5904"),
    ("JCB: 3530111333300000.", "card", "3530111333300000"),
    # IBANs, spaced or not, any case.
    ("IBAN GB82 WEST 1234 5698 7654 32 please", "iban", "GB82 WEST 1234 5698 7654 32"),
    ("send it to DE89370400440532013000.", "iban", "DE89370400440532013000"),
    ("my iban is gb82west12345698765432", "iban", "gb82west12345698765432"),
    # Phones, national (default regions US and GB) or international.
    ("Call me on 020 7946 0958 after six.", "phone", "020 7946 0958"),
    ("my cell is (212) 555-0147", "phone", "(212) 555-0147"),
    ("reach me at +33 1 42 68 53 00", "phone", "+33 1 42 68 53 00"),
    # E-mail addresses.
    ("write to jo.smith+orders@mail.example.co.uk.", "email", "jo.smith+orders@mail.example.co.uk"),
    # National IDs.
    ("SSN 460-89-9847", "national_id", "460-89-9847"),
    ("my social security number is 460899847", "national_id", "460899847"),
    ("NI number AB 12 34 56 C", "national_id", "AB 12 34 56 C"),
    ("DNI 12345678Z", "national_id", "12345678Z"),
    ("NIE X1234567L", "national_id", "X1234567L"),
    ("codice fiscale RCCMNL83S18D969H", "national_id", "RCCMNL83S18D969H"),
    ("CPF 390.533.447-05", "national_id", "390.533.447-05"),
    # Secrets, only when a keyword introduces them.
    ("the CVV is 123", "cvv", "123"),
    ("CVC: 4821", "cvv", "4821"),
    ("the 3 digits on the back are 739", "cvv", "739"),
    ("the code is 482913", "otp", "482913"),
    ("Your verification code: 482 913", "otp", "482 913"),
    ("OTP 5521", "otp", "5521"),
    ("my PIN is 4321", "password", "4321"),
    ("my password is hunter2", "password", "hunter2"),
    ("Password: Correct-Horse-9", "password", "Correct-Horse-9"),
    ("my password is hunter.", "password", "hunter"),
    ('the password is "sunflower"', "password", "sunflower"),
    ("I typed my password Tr0ub4dor&3 twice", "password", "Tr0ub4dor&3"),
    ("I reset my password to Marmalade#77 but", "password", "Marmalade#77"),
    ("we set your password as Welcome2024 for now", "password", "Welcome2024"),
]

NOT_FOUND = [
    "card 4111 1111 1111 1112",  # Luhn-invalid 16 digits
    "Your order number is 123456789012 and the tracking number 1Z999AA10123456784.",
    "Order #4111111111111 shipped",  # 13 digits, Luhn-invalid
    "Invoice 1234 5678 9012 3456 is attached",  # Luhn-invalid grouped digits
    "Our numbers: 1 2 3 4 5 6 7 8 9 10 11 12 13 14",
    "GB82 WEST 1234 5698 7654 33",  # IBAN with a wrong check digit
    "SSN 666-12-1234",  # never issued
    "SSN 912-34-5678",  # 9xx areas are not SSNs
    "QQ 12 34 56 C is the sample NI number from the leaflet",  # prefix never issued
    "The meeting is on 2024-03-02 at 10:30.",
    "Server 192.168.100.200 is down",
    "your password is incorrect, try again",
    "the password is case-sensitive.",
    "Password: ********",
    "the password reset link expires in 24 hours",
    "I'll send the password to your email address",
    "use the same password as before",
    "Use promo code 20OFF or the code SAVE10 at checkout; error code 5001.",
    "my email is at the bottom of the page @home",
    "",
]


@pytest.mark.parametrize(("text", "kind", "quote"), FOUND)
def test_finds_validated_data(text: str, kind: str, quote: str) -> None:
    assert (kind, quote) in kinds(text)


@pytest.mark.parametrize("text", NOT_FOUND)
def test_ignores_lookalikes(text: str) -> None:
    assert kinds(text) == []


def test_spans_are_offsets_into_the_text() -> None:
    text = "Refund to 4111-1111-1111-1111 or email ana@example.com."
    for item in find_sensitive(text):
        assert text[item.start : item.end] == item.text


def test_details_and_normalised_values() -> None:
    card, email, phone = find_sensitive(
        "Card 4111 1111 1111 1111, Ana@Example.com, tel +44 20 7946 0958"
    )
    assert (card.detail, card.value) == ("visa", "4111111111111111")
    assert (email.detail, email.value) == ("example.com", "ana@example.com")
    assert (phone.detail, phone.value) == ("GB", "+442079460958")
    national = find_sensitive("call 020 7946 0958")[0]
    assert national.value == phone.value


def test_more_specific_kind_wins_an_overlap() -> None:
    # 460-89-9847 is a valid SSN; it must not also be reported as a phone number.
    assert kinds("SSN: 460-89-9847") == [("national_id", "460-89-9847")]


def test_phone_regions_can_be_chosen() -> None:
    assert kinds("ring 06 12 34 56 78") == []
    assert kinds_in("ring 06 12 34 56 78", ("FR",)) == [("phone", "06 12 34 56 78")]


def kinds_in(text: str, regions: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(i.kind, i.text) for i in find_sensitive(text, phone_regions=regions)]


def test_luhn_and_brand() -> None:
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")
    assert card_brand("4111111111111111") == "visa"
    assert card_brand("2221000000000009") == "mastercard"
    assert card_brand("9111111111111111") is None
    assert card_brand("41111111111111") is None  # Visa is never 14 digits


# (what repeats, how often it repeats in a long run, what ends the text)
HOSTILE = [
    ("1234567890", 10_000, ""),
    ("12345 ", 17_000, ""),
    ("a@b.co ", 14_000, ""),
    ("@", 100_000, ""),
    ("a.", 50_000, "@x"),
    ("call 020 7946 0958 now ", 4_300, ""),
    ("4111 1111 1111 1111 ", 5_000, ""),
    ("GB82 WEST 1234 5698 7654 ", 4_000, ""),
    ("password: ", 10_000, ""),
    ("1.2.3.4.5.6.7.8.9.", 5_500, ""),
    ("\u0000\ud7ff\ufffd\u202e", 25_000, ""),
]


@pytest.mark.parametrize(("unit", "longest", "tail"), HOSTILE)
def test_hostile_input_stays_linear(unit: str, longest: int, tail: str) -> None:
    def make(n: int) -> str:
        return unit * n + tail

    assert_linear_steps(make, find_sensitive, longest // 64)
    assert_linear_time(make, find_sensitive, longest // 16)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("0123456789 -+().@aAbZxX:#\n"), max_size=200)
    | st.text(max_size=200)
)
def test_any_text_gives_valid_disjoint_spans(text: str) -> None:
    items = find_sensitive(text)
    for item in items:
        assert text[item.start : item.end] == item.text
    for before, after in itertools.pairwise(items):
        assert before.end <= after.start

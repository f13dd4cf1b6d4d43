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
    # A quoted password before its name, a code named with where it came from, and "the new
    # one" after a password was named.
    ('I keep typing "Heron#204" as my password and it fails', "password", "Heron#204"),
    ("the security code in the text message reads 640021", "otp", "640021"),
    ("my old password was Quill7, the new one is Quill8", "password", "Quill8"),
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
    # Passwords in the ways customers write them.
    ("user jsmith88 pass Sunflower2024", "password", "Sunflower2024"),
    ("My password is Kiwi#Storm77 so why can my account not log in?", "password", "Kiwi#Storm77"),
    ("my pw is hunter22 and it fails", "password", "hunter22"),
    ("pwd=Lemon_Drizzle_8", "password", "Lemon_Drizzle_8"),
    ("my password's Tangerine88", "password", "Tangerine88"),
    ("The password I'm using is Winter2023! but", "password", "Winter2023"),
    ("the password for the account is Larkspur#3", "password", "Larkspur#3"),
    ("login is jane.doe@example.com / Bluebird!42", "password", "Bluebird!42"),
    ("credentials are rsmith/Harbour9View", "password", "Harbour9View"),
    ("log in with dsilva:Copper!Kettle9 and", "password", "Copper!Kettle9"),
    ("signing in as m.jones with Harvest#2021 fails", "password", "Harvest#2021"),
    ("I use Mango2021 as my password", "password", "Mango2021"),
    ("the wifi key is Spruce-7781", "password", "Spruce-7781"),
    ("my passphrase is correct horse battery staple", "password", "correct horse battery staple"),
    ("the pin for my card is 4821", "password", "4821"),
    ("my pin is 1 2 3 4", "password", "1 2 3 4"),
    # Codes.
    ("The code you sent is 551903 but", "otp", "551903"),
    ("Here's the 6-digit code: 310772", "otp", "310772"),
    ("Code: 552910 (from the text message)", "otp", "552910"),
    ("enter 661204 it says invalid code", "otp", "661204"),
    ("the security code on the back is 739", "cvv", "739"),
    # Cards outside the published ranges, called a card.
    ("card number 3598899323053410 is lost", "card", "3598899323053410"),
    # Bank details.
    ("sort code 20-00-00 account 55779911", "bank_account", "20-00-00"),
    ("sort code 20-00-00 account 55779911", "bank_account", "55779911"),
    ("my bank details are 20-32-06 73645132", "bank_account", "73645132"),
    ("routing number 021000021 and account number 1234567890", "bank_account", "021000021"),
    ("BSB 062-000 account 12345678", "bank_account", "062-000"),
    # National IDs after their name, each country's check passed.
    ("my national insurance number is jg103759a", "national_id", "jg103759a"),
    ("SIN 130 692 544", "national_id", "130 692 544"),
    ("my tax file number is 123 456 782", "national_id", "123 456 782"),
    ("Aadhaar 2345 6789 0124", "national_id", "2345 6789 0124"),
    ("PAN card ABCPE1234F", "national_id", "ABCPE1234F"),
    ("my German tax ID is 86095742719", "national_id", "86095742719"),
    ("BSN 111222333", "national_id", "111222333"),
    ("NHS number 943 476 5919", "national_id", "943 476 5919"),
    ("PESEL 44051401359", "national_id", "44051401359"),
    ("personnummer 880320-0016", "national_id", "880320-0016"),
    ("PPS number 6433435F", "national_id", "6433435F"),
    ("CURP BOXW310820HNERXN09", "national_id", "BOXW310820HNERXN09"),
    ("my carte vitale number is 2 95 10 99 126 111 93", "national_id", "2 95 10 99 126 111 93"),
    ("ITIN 912-90-3456", "national_id", "912-90-3456"),
    ("resident registration number 971013-9019902", "national_id", "971013-9019902"),
    ("CPF: 39053344705", "national_id", "39053344705"),
    ("my ID card number is 360426199101010071", "national_id", "360426199101010071"),
    ("My passport number is 925076473", "national_id", "925076473"),
    ("my driver's license number is F162823540116", "national_id", "F162823540116"),
    # The grammar of "<secret's name> <clause> <copula> <adverb> <secret>", and misspelt names.
    ("the pasword is Rhubarb#12", "password", "Rhubarb#12"),
    ("passwrd: Gannet77", "password", "Gannet77"),
    ("P/W Heron-2020", "password", "Heron-2020"),
    ("the password on the joint account is still Wren5512", "password", "Wren5512"),
    ("my password is now Plover_9 and still fails", "password", "Plover_9"),
    ("the old password, which was Curlew88, stopped working", "password", "Curlew88"),
    ("my password, it's Dunlin2021", "password", "Dunlin2021"),
    ("the password should be Avocet!3 after the reset", "password", "Avocet!3"),
    ("Puffin2019 is my password", "password", "Puffin2019"),
    ("I'm entering Razorbill7 as the password", "password", "Razorbill7"),
    ("login details are mwhite and Shearwater9", "password", "Shearwater9"),
    # A strongly shaped token later in a password's clause.
    ("the password your colleague gave me (Kite-7731-qz) fails", "password", "Kite-7731-qz"),
    ("I keep the same password for everything, Merlin1984", "password", "Merlin1984"),
    ("they changed my password to Harrier55 on the call", "password", "Harrier55"),
    # Listed after a first one.
    ("my password is either Osprey11 or Osprey12", "password", "Osprey12"),
    ("I tried pin 3857 and then 3875", "password", "3875"),
    # PINs, codes and security codes in more of the ways customers write them.
    ("Pin no: 6120", "password", "6120"),
    ("the pin on my debit card is 7391", "password", "7391"),
    ("my pin should be 2205", "password", "2205"),
    ("I typed 4096 as my PIN", "password", "4096"),
    ("the cvv on my card is 318", "cvv", "318"),
    ("3-digit security code 044", "cvv", "044"),
    ("the back of my card says 731", "cvv", "731"),
    ("the 3 digits on back 509", "cvv", "509"),
    ("Code 118273 is not accepted", "otp", "118273"),
    ("code's 552019", "otp", "552019"),
    ("the reset code 664410 expired", "otp", "664410"),
    ("the code in the email says 320981", "otp", "320981"),
    ("the code you sent, 991024, failed", "otp", "991024"),
    ("I received 813302 by text", "otp", "813302"),
    ("you sent me 470013 and it says invalid", "otp", "470013"),
    ("they gave me 5521 as the code", "otp", "5521"),
    # Bank details side by side with words between, and an ID after "'s".
    ("s.c. 30-94-57 acc 12345678", "bank_account", "30-94-57"),
    ("my details are 30-94-57 and 12345678", "bank_account", "12345678"),
    ("Lloyds 30-94-57 account no. 12345678", "bank_account", "12345678"),
    ("my social security number's 460 89 9847", "national_id", "460 89 9847"),
    ("the passcode is really Teal-Duck-4 now", "password", "Teal-Duck-4"),
    ("pword = Grebe1999", "password", "Grebe1999"),
    ("Password-Moorhen77", "password", "Moorhen77"),
    ("my memorable word is Sandpiper", "password", "Sandpiper"),
    ('the password is "Little Owl 7" with spaces', "password", "Little Owl 7"),
    ("Coot#2020, which is definitely my password", "password", "Coot#2020"),
    ("I changed the pin to 5826 at the branch", "password", "5826"),
    ("the PIN I typed (7702) was refused", "password", "7702"),
    ("the message said: use 314159 to verify your account", "otp", "314159"),
    ("271828 is your verification code", "otp", "271828"),
    ("the authenticator app shows 552 907", "otp", "552 907"),
    ("the 6-digit number you texted is 161803", "otp", "161803"),
    ("the code I got by text was 77 12 09", "otp", "77 12 09"),
    ("visa 4111 1111 1111 1111 / 10/29 / 553", "cvv", "553"),
    ("NI: tm 51 34 09 d", "national_id", "tm 51 34 09 d"),
    ("Steuer ID 65929970489", "national_id", "65929970489"),
]

NOT_FOUND = [
    "I changed my password, the new one is much longer",
    "My old laptop died, the new one is a Dell15",
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
    # Look-alikes in support language.
    "My boarding pass BA2490 won't scan",
    "I bought a season pass 2024 for the park",
    "pass the message on to your manager please",
    "my pass expired on 2024-03-31",
    "I've changed my password to something stronger",
    "Customer number 55779911",
    "account number 0044127 with you, for the gas bill",
    "Meeting on 20-03-24 at 10",
    "error code 4421 appears when I pay",
    "Promo code WELCOME2024 failed",
    "my customer id number is 100234887",
    "IMEI 356938035643809 on the box",
    "Card ending in 4242 was charged twice",
    # Near a password's name, but no password.
    "the password reset link for account AB12345 expired",
    "my password doesn't work on my iPhone 14 since iOS17",
    "password fails after the update to v2.3.1, build 8812",
    "I changed my password on 12/03/2024 at 10:45pm",
    "password manager says Chrome92 is out of date",
    "my password is either wrong or expired",
    "my password is now working, thanks",
    # Digits near a code's name that are no code.
    "I got 1500 points by email",
    "error code 40213 when I pay",
    "booking confirmation code 4490 for the hotel",
    "I got 2500.00 back by text transfer",
    "the door code 4412 at the building is broken",
    "zip code 94103, area code 0161",
    "4410 is your discount code for next time",
    "the meeting moved from 09/12 / 1030 to later",
    "my password is suddenly rejected",
    # Digits inside a web address are no phone number.
    "see https://support.example.com/articles/115007553888-Reset for the steps",
    "",
]


@pytest.mark.parametrize(("text", "kind", "quote"), FOUND)
def test_finds_validated_data(text: str, kind: str, quote: str) -> None:
    assert (kind, quote) in kinds(text)


@pytest.mark.parametrize("text", NOT_FOUND)
def test_ignores_lookalikes(text: str) -> None:
    assert kinds(text) == []


def test_a_user_name_is_not_taken_for_the_password() -> None:
    assert kinds("user/pass: jo.b / Pa55word") == [("password", "Pa55word")]
    assert kinds("login details are mwhite and Shearwater9") == [("password", "Shearwater9")]


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
    ("id 1 ", 20_000, ""),
    ("ssn national insurance passport 12 ", 3_000, ""),
    ("sort code 20-00-00 account 12345678 ", 2_700, ""),
    ("pass Sunflower2024 ", 5_000, ""),
    ("login a/b ", 10_000, ""),
    ("the code is 123456 ", 5_000, ""),
    ("İ password is x ", 6_000, ""),
    ("my password is now either ", 5_000, ""),
    ("password , x (y) ", 5_000, ""),
    ("password Kite-7731 or ", 4_000, ""),
    ("pin 1234 and also ", 5_000, ""),
    ("got 123456 by sms ", 5_000, ""),
    ("code 123456, ", 6_000, ""),
    ("20-00-00 and acc ", 5_000, ""),
    ("http://x/115007553888", 3_000, ""),
    ("the back of my card says ", 3_000, ""),
    ("card 01/29 / ", 5_000, ""),
    ("123456 is your ", 5_000, ""),
    ('password "a b ', 5_000, ""),
    ("n.i. ", 8_000, ""),
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


SECRETS_AND_CONTACTS = [
    "card 4111 1111 1111 1111, call +44 7700 900165 or mail a.b@example.com",
    "my password is Heron#204 and my phone is 020 7946 0018",
    "IBAN GB82 WEST 1234 5698 7654 32, phone 07700900165, code 640021 from the text",
    "the pin is 4412, email me at 4412@example.org",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(SECRETS_AND_CONTACTS)
        | st.text(alphabet=st.sampled_from("0123456789 -+().@aAbZxX:#\n"), max_size=60),
        max_size=4,
    ).map(" ".join)
    | st.text(max_size=200)
)
def test_leaving_out_contacts_finds_the_same_secrets(text: str) -> None:
    # Redaction looks only for secrets: contacts never win an overlap, so they change nothing.
    secrets = [i for i in find_sensitive(text) if i.kind not in ("email", "phone")]
    assert find_sensitive(text, contacts=False) == secrets


def test_leaving_out_contacts_keeps_every_secret_kind() -> None:
    text = " ".join(SECRETS_AND_CONTACTS)
    found = {item.kind for item in find_sensitive(text, contacts=False)}
    assert {"card", "password", "iban"} <= found
    assert not found & {"email", "phone"}

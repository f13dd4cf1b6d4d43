"""privacy.secret_request: a reply that asks the customer for a secret.

No agent or bot ever needs a customer's password, PIN, card security code (CVV), one-time
code, full card number or full national ID / SSN. Asking for one in a message puts the account
at risk (the message is stored, forwarded and read by many people) and teaches customers to
hand secrets to whoever asks, which is how phishing works. The check flags a request ("can
you send me your password?", "please confirm the 3 digits on the back of your card", "what's
the code we just texted you?", "reply with your full card number") and quotes it from the
asking words to the secret they ask for.

It does not flag asking for the last four digits, the e-mail on the account, telling the
customer never to share a secret ("we will never ask for your password"), asking them to
reset or change it, or sending them to a safe place to type it (in the app, on the website,
through the secure payment link).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from trustdesk.checks.base import Check, CheckContext
from trustdesk.checks.fixes import fix_data
from trustdesk.model import Finding, Principle, Severity
from trustdesk.policy.patterns import find_spans
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.lexicon import Hit, Lexicon
from trustdesk.text.spans import Span
from trustdesk.text.wordlists import load

# Policy phrases for other secrets this organisation never asks for ("memorable word").
EXTRA_SECRETS: tuple[str, ...] = ()
# Policy phrases naming the organisation's own safe places ("in the Acme app").
EXTRA_SAFE_PLACES: tuple[str, ...] = ()
# Most characters between the asking words and the secret ("send me your full card number").
MAX_GAP_CHARS = 40


# The phrases are in data/lexicons/privacy.yaml.
_WORDS = load("privacy")
ASKS = _WORDS.lexicon("privacy.secret_request.asks")

# A kind's patterns (the lexicon privacy.secret_request.<kind>) are only scanned when one of
# its triggers (separated by "|") is in the message, so most replies cost a few substring tests.
SECRETS: tuple[tuple[tuple[str, ...], Lexicon], ...] = tuple(
    (tuple(triggers.split("|")), _WORDS.lexicon(f"privacy.secret_request.{kind}"))
    for kind, triggers in _WORDS.table("triggers").items()
)

_GAP = re.compile(_WORDS.pattern("gap"), re.IGNORECASE)
# "Confirm your password was changed", "send your password reset request": the secret is
# the subject of a clause, or part of a longer noun, not the thing asked for.
_NOT_THE_OBJECT = re.compile(_WORDS.pattern("not_the_object"), re.IGNORECASE)
_NEGATION = re.compile(_WORDS.pattern("negation"), re.IGNORECASE)
_PARTIAL = re.compile(_WORDS.pattern("partial"), re.IGNORECASE)
_SAFE_PLACE = re.compile(_WORDS.pattern("safe_place"), re.IGNORECASE)

SUGGESTIONS = {
    "password": "Never ask for a password: send a password-reset link, or ask the customer to "
    "sign in and confirm in the app.",
    "pin": "Never ask for a PIN: verify the customer in the app, or with the last four digits "
    "of the card.",
    "cvv": "Never ask for the security code: take the payment through the secure payment link, "
    "and identify the card by its last four digits only.",
    "otp": "Never ask for a one-time code: it only proves who the customer is to the system "
    "that sent it. Verify the customer in the app or through a secure verification link.",
    "card": "Ask only for the last four digits of the card, and take any payment through the "
    "secure payment link.",
    "national_id": "Ask only for the last four digits, or verify the customer's identity in "
    "the app.",
    "other": "Do not ask for this in a message; verify the customer in the app or through a "
    "secure link instead.",
}
# A safe sentence to send instead of the request (the one-click fix).
SAFE_WORDING = {
    "password": "For your security, please never share your password with anyone, us included; "
    "you can reset it safely from the sign-in page.",
    "pin": "For your security, please never share your PIN with anyone, us included; we can "
    "verify you in the app instead.",
    "cvv": "Please never share your card's security code in a message; you can pay safely "
    "through the secure payment link.",
    "otp": "Please never share a one-time code with anyone, us included; we can verify you in "
    "the app instead.",
    "card": "Could you tell us the last four digits of the card? Please never send the full "
    "number.",
    "national_id": "Could you tell us the last four digits of your ID number? Please never "
    "send the full number.",
    "other": "Please never share this in a message; we can verify you in the app or through a "
    "secure link instead.",
}
NAMES = {
    "password": "password",
    "pin": "PIN",
    "cvv": "card security code",
    "otp": "one-time code",
    "card": "full card number",
    "national_id": "full national ID number",
    "other": "secret",
}


class SecretRequestParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    extra_secrets: tuple[str, ...] = EXTRA_SECRETS
    extra_safe_places: tuple[str, ...] = EXTRA_SAFE_PLACES
    max_gap_chars: int = MAX_GAP_CHARS


class SecretRequest(Check[SecretRequestParams]):
    id = "privacy.secret_request"
    principle = Principle.PRIVACY
    severity = Severity.BLOCK
    summary = "Asks the customer for a password, PIN, CVV, one-time code or full card/ID number."
    lexicons = tuple(lexicon for _, lexicon in SECRETS)

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        params = self.params
        for _, message in ctx.judged(self.judges):
            analysis = ctx.analysis(message)
            lower = analysis.lower
            secrets = [
                hit
                for triggers, lexicon in SECRETS
                if any(trigger in lower for trigger in triggers)
                for hit in analysis.hits(lexicon)
            ]
            secrets += self._extra_secrets(analysis.text, params)
            if not secrets:
                continue
            for ask, secret, kind in self._requests(analysis, secrets, params):
                yield self.finding(
                    ctx,
                    message,
                    ask.start,
                    secret.end,
                    explanation=f"This asks the customer for their {NAMES[kind]}, which no "
                    f"one at the company needs and which scammers ask for.",
                    suggestion=SUGGESTIONS[kind],
                    data={"secret": kind, **fix_data(SAFE_WORDING[kind])},
                )

    def _requests(
        self,
        analysis: MessageAnalysis,
        secrets: list[Hit],
        params: SecretRequestParams,
    ) -> Iterator[tuple[Hit, Hit, str]]:
        text = analysis.text
        flagged_until = -1
        answered: set[int] = set()
        for secret in sorted(secrets, key=lambda hit: hit.start):
            if secret.start < flagged_until:
                continue
            sentence = analysis.sentence_at(secret.start) or Span(0, len(text), text)
            asks = _asks_before(text, sentence.start, secret.start)
            ask = self._asking(text, asks, secret, sentence, params.max_gap_chars)
            if ask is None or ask.start in answered:
                continue  # one finding per request, however many secrets it lists
            lead = text[max(sentence.start, ask.start - 15) : secret.start]
            if _NEGATION.search(lead) or _PARTIAL.search(lead):
                continue
            if _NOT_THE_OBJECT.match(text, secret.end):
                continue
            if self._safe_place(sentence.text, params):
                continue
            kind = secret.label
            if kind == "security_code":
                kind = "cvv" if "card" in sentence.text.lower() else "otp"
            flagged_until = secret.end
            answered.add(ask.start)
            yield ask, secret, kind

    @staticmethod
    def _asking(
        text: str, asks: list[Hit], secret: Hit, sentence: Span, max_gap: int
    ) -> Hit | None:
        """The asking words right before `secret` in its sentence, if only fillers part them."""
        for ask in reversed(asks):
            if ask.end > secret.start or ask.start < sentence.start:
                continue
            if secret.start - ask.end > max_gap:
                return None
            if _GAP.fullmatch(text, ask.end, secret.start):
                return ask
            return None
        return None

    @staticmethod
    def _safe_place(sentence: str, params: SecretRequestParams) -> bool:
        if _SAFE_PLACE.search(sentence):
            return True
        return any(next(find_spans(sentence, phrase=p), None) for p in params.extra_safe_places)

    @staticmethod
    def _extra_secrets(text: str, params: SecretRequestParams) -> list[Hit]:
        return [
            Hit("other", start, end, text[start:end])
            for phrase in params.extra_secrets
            for start, end in find_spans(text, phrase=phrase)
        ]


# An ask is at most this long, so only this much of a sentence before a secret is scanned.
_ASK_WINDOW = 200


def _asks_before(text: str, sentence_start: int, secret_start: int) -> list[Hit]:
    """The asking words in the sentence before a secret (scanning only that stretch)."""
    start = max(sentence_start, secret_start - _ASK_WINDOW)
    hits = ASKS.scan(text[start:secret_start])
    # A window cut inside a sentence must not read its first word as a sentence start.
    return [
        Hit(hit.label, hit.start + start, hit.end + start, hit.text)
        for hit in hits
        if start == sentence_start or hit.start > 0
    ]

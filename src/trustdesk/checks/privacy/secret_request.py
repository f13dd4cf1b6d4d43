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
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.lexicon import Hit, Lexicon
from trustdesk.text.spans import Span
from trustdesk.text.userpattern import find_spans

# Policy phrases for other secrets this organisation never asks for ("memorable word").
EXTRA_SECRETS: tuple[str, ...] = ()
# Policy phrases naming the organisation's own safe places ("in the Acme app").
EXTRA_SAFE_PLACES: tuple[str, ...] = ()
# Most characters between the asking words and the secret ("send me your full card number").
MAX_GAP_CHARS = 40

_VERBS = (
    r"(?:send|give|provide|share|tell|confirm|type|enter|read(?: out)?|post|write|"
    r"reply with|respond with|dm|message|text|e-?mail|include|verify|state|supply|"
    r"spell(?: out)?|input|submit|let (?:me|us) (?:know|have))"
)

ASKS = Lexicon(
    "privacy.secret_request.asks",
    {
        "ask": [
            rf"\b(?:can|could|would|will) you (?:please |kindly |just |now )?{_VERBS}\b",
            rf"\b(?:please|kindly|pls|plz),? (?:now |just |also )?{_VERBS}\b",
            rf"(?:^|(?<=[.!?:,;]\s)|(?<=\n)){_VERBS}\b",
            r"\bwhat(?:'s|’s| is| was| are| were)\b",
            r"\b(?:i|we)(?:'ll|’ll| will| would|'d|’d)? (?:just |also |then |now )?"
            r"(?:need|require|have to ask (?:you )?for|must (?:ask (?:you )?for|have|get|see)|"
            r"need to (?:have|get|see|know|take|check))\b",
            r"\b(?:may|can|could) (?:i|we) (?:please |just )?(?:have|get|take|ask for|grab|"
            r"ask you for|confirm)\b",
            r"\bi(?:'d|’d| would) like (?:to (?:have|get|take|confirm) )?",
            r"\bi need you to (?:send|give|provide|share|tell|confirm|type|enter|read)\b",
        ],
    },
)

# (kind, triggers separated by "|", patterns): a kind's patterns are only scanned when one of
# its triggers is in the message, so most replies cost a few substring tests.
_SECRET_KINDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "password",
        "pass|log|sign|credential",
        (
            r"\b(?:pass ?words?|passphrases?|log ?in (?:details|credentials)|sign[- ]in details|"
            r"(?:account |online banking )?credentials)\b",
        ),
    ),
    ("pin", "pin", (r"\b(?:pin|pins|pin (?:number|code)s?)\b",)),
    (
        "cvv",
        "cv|csc|card security|card verification|digit|back",
        (
            r"\b(?:cvv2?|cvc2?|csc|cvn)\b",
            r"\bcard (?:security|verification) (?:code|number|value)\b",
            r"\b(?:3|4|three|four)[- ]digits? (?:security )?(?:code|number)s?"
            r"(?: on the back(?: of (?:your|the) card)?)?",
            r"\b(?:3|4|three|four) (?:digits|numbers) on the back(?: of (?:your|the) card)?",
            r"\b(?:numbers?|digits|code) on the back of (?:your|the) card\b",
        ),
    ),
    ("security_code", "security", (r"\bsecurity codes?\b",)),
    (
        "otp",
        "one-time|one time|otp|passcode|code",
        (
            r"\b(?:one[- ]time (?:pass ?(?:word|code)|code|pin)|otp|passcode)s?\b",
            r"\b(?:verification|authenti(?:cation|cator)|auth|sms|text|2fa|mfa|log ?in|"
            r"sign[- ]in|access) codes?\b",
            r"\bcodes? (?:that )?(?:we|i)(?:'ve|’ve| have)? (?:just )?(?:sent|texted|e-?mailed|"
            r"messaged)\b(?: (?:to )?(?:your (?:phone|mobile|number|e-?mail)|you)\b)?",
            r"\bcodes? (?:that )?(?:was |has been )?(?:just )?(?:sent|texted|e-?mailed) to "
            r"(?:your (?:phone|mobile|number|e-?mail)|you)\b",
            r"\bcodes? you (?:just )?(?:received|got)\b",
        ),
    ),
    (
        "card",
        "card|all 16|all sixteen",
        (
            r"\b(?:(?:full|whole|complete|entire|long|16[- ]digit|sixteen[- ]digit) )?"
            r"(?:credit |debit |bank |payment )?card(?:'s)? (?:number|details|no\b\.?)s?",
            r"\blong number on (?:the front of )?(?:your|the) card\b",
            r"\ball (?:16|sixteen) (?:digits|numbers)\b",
        ),
    ),
    (
        "national_id",
        "social|national|ni |ssn|nino|id number",
        (
            r"\b(?:social security|national insurance|social insurance|national id(?:entity)?|"
            r"national identity card|ni) (?:number|no\b\.?|#)",
            r"\b(?:ssn|nino)s?\b",
            r"\b(?:full|whole|complete) (?:social|id number)\b",
        ),
    ),
)
SECRETS: tuple[tuple[tuple[str, ...], Lexicon], ...] = tuple(
    (tuple(triggers.split("|")), Lexicon(f"privacy.secret_request.{kind}", {kind: list(patterns)}))
    for kind, triggers, patterns in _SECRET_KINDS
)

# Between the asking words and the secret only these may stand: "send me your full PIN",
# "reply with the 6-digit code", or a short list ending in "and"/"or" ("your name, address
# and card number").
_FILLER = (
    r"(?:[\s,:]|\b(?:me|us|with|your|the|full|whole|complete|entire|current|new|old|account|"
    r"bank|banking|card'?s?|online|app|login|mobile|of|all|for|again|here|now|please|just|also|"
    r"over|in|this|via|by|on|to|quickly|kindly|exact|actual|\d{1,2}[- ]digits?|"
    r"(?:three|four|six|eight|sixteen)[- ]digits?)\b)"
)
_GAP = re.compile(
    rf"{_FILLER}*(?:(?:[\w'’\-]+[\s,]+){{0,5}}(?:and|or|&)\s+{_FILLER}*)?", re.IGNORECASE
)
# "Confirm your password was changed", "send your password reset request": the secret is
# the subject of a clause, or part of a longer noun, not the thing asked for.
_NOT_THE_OBJECT = re.compile(
    r"\s*-?\s*(?:is|are|was|were|has|have|had|still|will|works?|worked|reset|change|update|"
    r"link|manager|hint|policy|requirements?|rules|settings|page|screen|field|box|expiry|"
    r"strength|recovery|issue|problem|error|request|form|format|length)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:never|not|no one|nobody|no need|without|neither|nor)\b|n['’]t\b", re.IGNORECASE
)
_PARTIAL = re.compile(
    r"\b(?:last|final|first)\s+(?:(?:2|3|4|6|two|three|four|six)\b|digits?\b)"
    r"|\bending (?:in|with)\b",
    re.IGNORECASE,
)
_SAFE_PLACE = re.compile(
    r"\b(?:in|on|via|through|using|into|with) (?:the|our|your) (?:(?:mobile |banking )?app|website|"
    r"site|secure (?:link|form|page|portal|payment (?:link|page))|payment (?:link|page|portal)|"
    r"portal|online banking|account settings|settings|login page|sign[- ]in page|keypad|"
    r"card reader|cash machine|atm|automated (?:line|system))\b|"
    r"\b(?:on|in|into) the (?:next |following |verification |login |sign[- ]in )?"
    r"(?:screen|page|form|field|box|prompt)\b|"
    r"\bsecure(?:ly)? (?:link|form|page|portal)\b|\bat the (?:atm|cash machine|till)\b",
    re.IGNORECASE,
)

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

"""privacy.exposure: a reply that shows secrets or someone else's personal data.

A full card number, IBAN or national ID, or a password, PIN, card security code or one-time
code written in a reply is stored in the conversation, copied into e-mails and exports, and
read by everyone with access to them; repeating what the customer sent only doubles the copies.
Each one is flagged (span = the data itself) with the masked form to use instead ("the card
ending 4242").

An e-mail address or phone number in a reply that the customer never gave, in their messages
or their customer record, may belong to another customer, which is a data breach; it is
flagged as a warning to double-check. The organisation's own addresses and numbers are not
flagged: role mailboxes (support@, help@, …), free-phone and shared-cost numbers, a number or
address the reply gives as ours ("call us on ...", "our helpline is ..."), and any e-mail,
domain, phone number or IBAN the policy lists in `own_details`. Digits inside a link or an
@handle ("support.example.com/articles/115005706806") are an address, not a phone number.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel, ConfigDict

from trustdesk.checks.base import Check, CheckContext
from trustdesk.checks.fixes import fix_data
from trustdesk.model import Finding, Message, Principle, Role, Severity
from trustdesk.text.sensitive import SensitiveItem, find_sensitive
from trustdesk.text.wordlists import load

OWN_DETAILS: tuple[str, ...] = ()
# "Call us on", "our helpline is": read this many characters before a number or address.
_OURS_REACH = 60
_OURS_BEFORE = re.compile(load("privacy").pattern("ours_before"), re.IGNORECASE)
CHECK_CONTACT_DETAILS = True

SECRET_KINDS = frozenset({"card", "iban", "national_id", "cvv", "otp", "password"})
# Secrets found only after a keyword ("my password is …"): a reply may repeat them bare.
ECHO_KINDS = frozenset({"cvv", "otp", "password"})
ECHO_KEYWORDS = ("pass", "pwd", "pin", "code", "cv", "csc", "otp", "digit")
ECHO_MIN_CHARS = 4
CONTACT_KINDS = frozenset({"email", "phone"})
# Messages whose contact details count as the customer's own: the customer's, and the notes
# and system events that carry their record into the conversation.
KNOWN_FROM = frozenset({Role.CUSTOMER, Role.NOTE, Role.SYSTEM})
_ROLE_MAILBOX_LIST = (
    "support help helpdesk info contact hello service services customerservice "
    "customerservices customercare care team billing accounts payments refunds returns orders "
    "sales privacy dpo dataprotection security abuse feedback complaints noreply no-reply "
    "donotreply do-not-reply press media careers jobs admin office enquiries inquiries"
)
ROLE_MAILBOXES = frozenset(_ROLE_MAILBOX_LIST.split())

_EXPLANATIONS = {
    "card": "This reply shows a full card number, which anyone reading the conversation could use.",
    "iban": "This reply shows a full bank account number (IBAN).",
    "national_id": "This reply shows a full national ID number.",
    "cvv": "This reply repeats a card security code, which must never be written down.",
    "otp": "This reply repeats a one-time code, which would let anyone who sees it into the "
    "account.",
    "password": "This reply repeats a password or PIN in the conversation.",
}
_NAMES = {"card": "card", "iban": "account", "national_id": "ID"}
_NOT_DIGIT = re.compile(r"\D+")
_NOT_ALNUM = re.compile(r"[\W_]+")


class SecretExposureParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # The organisation's own e-mails, e-mail domains ("@example.com"), phone numbers and IBANs.
    own_details: tuple[str, ...] = OWN_DETAILS
    check_contact_details: bool = CHECK_CONTACT_DETAILS


@dataclass(frozen=True)
class _Own:
    """The organisation's own details from the policy."""

    values: frozenset[str]
    domains: frozenset[str]


@dataclass(frozen=True)
class _CustomerText:
    """Everything the customer's messages and record say, normalised for quick look-ups."""

    lower: str
    digits: str
    compact: str

    def mentions(self, item: SensitiveItem) -> bool:
        if item.kind == "email":
            return item.value in self.lower
        if item.kind in ("phone", "card"):
            # Compare digits only: "+44 20 7946 0958" is the customer's "020 7946 0958".
            digits = item.value.lstrip("+")
            return digits[-9:] in self.digits
        return item.value in self.compact


class SecretExposure(Check[SecretExposureParams]):
    id = "privacy.exposure"
    principle = Principle.PRIVACY
    severity = Severity.BLOCK
    summary = "Shows a card number, IBAN, ID, password or code, or another customer's contact."

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        params = self.params
        own = _own_details(params.own_details)
        customers: _CustomerText | None = None
        shared: list[SensitiveItem] | None = None
        for _, message in ctx.judged(self.judges):
            items = ctx.analysis(message).sensitive
            addresses: _Taken | None = None
            if shared is None:
                shared = _customer_secrets(ctx)
            if shared:
                items = _with_echoes(message.text, items, shared)
            for item in items:
                if item.kind in SECRET_KINDS:
                    if item.value in own.values:
                        continue  # e.g. the organisation's own IBAN for a bank transfer
                    if customers is None:
                        customers = self._customer_details(ctx)
                    yield self._secret_finding(ctx, message, item, customers)
                elif item.kind in CONTACT_KINDS and params.check_contact_details:
                    if item.kind == "phone":
                        if addresses is None:
                            addresses = _addresses(ctx, message)
                        if addresses.overlaps(item.start, max(item.end, item.start + 1)):
                            continue
                    if customers is None:
                        customers = self._customer_details(ctx)
                    if customers.mentions(item) or _organisational(item, own):
                        continue
                    if _given_as_ours(message.text, item):
                        continue
                    yield self._contact_finding(ctx, message, item)

    def _secret_finding(
        self, ctx: CheckContext, message: Message, item: SensitiveItem, customers: _CustomerText
    ) -> Finding:
        explanation = _EXPLANATIONS[item.kind]
        if item.kind in _NAMES and not customers.mentions(item):
            explanation = (
                explanation[:-1] + ", which the customer did not give in this "
                "conversation: it may be another customer's."
            )
        return self.finding(
            ctx,
            message,
            item.start,
            item.end,
            explanation=explanation,
            suggestion=_mask_suggestion(item),
            data={"kind": item.kind, "detail": item.detail, **_mask_fix(item)},
        )

    def _contact_finding(self, ctx: CheckContext, message: Message, item: SensitiveItem) -> Finding:
        what = "e-mail address" if item.kind == "email" else "phone number"
        return self.finding(
            ctx,
            message,
            item.start,
            item.end,
            explanation=f"This {what} does not appear in the customer's messages or record, "
            f"so it may be another customer's data.",
            suggestion=f"Check that this {what} belongs to this customer; if it does not, "
            f'remove it. If it does, mask it: "{_masked(item)}".',
            severity=Severity.WARN,
            data={
                "kind": item.kind,
                "possibly_other_customer": True,
                **fix_data(_masked(item), "span"),
            },
        )

    @staticmethod
    def _customer_details(ctx: CheckContext) -> _CustomerText:
        texts = [ctx.analysis(m).text for m in ctx.messages if m.role in KNOWN_FROM]
        customer = ctx.conversation.customer
        texts += [customer.id or "", *customer.segment.values(), *_strings(ctx.conversation.meta)]
        return _CustomerText(
            lower="\n".join(text.lower() for text in texts),
            digits="|".join(_NOT_DIGIT.sub("", text) for text in texts),
            compact="|".join(_NOT_ALNUM.sub("", text).upper() for text in texts),
        )


def _customer_secrets(ctx: CheckContext) -> list[SensitiveItem]:
    """Passwords, PINs and codes the customer typed, to catch replies that repeat them bare."""
    found: list[SensitiveItem] = []
    for message in ctx.messages:
        if message.role is not Role.CUSTOMER:
            continue
        analysis = ctx.analysis(message)
        # These secrets are only ever found after a keyword, so skip texts without one.
        if any(keyword in analysis.lower for keyword in ECHO_KEYWORDS):
            found.extend(
                item
                for item in analysis.sensitive
                if item.kind in ECHO_KINDS and len(item.text) >= ECHO_MIN_CHARS
            )
    return found


def _with_echoes(
    text: str, items: list[SensitiveItem], secrets: list[SensitiveItem]
) -> list[SensitiveItem]:
    """`items` plus each customer secret repeated in `text` without its keyword."""
    taken = _Taken([(item.start, item.end) for item in items])
    echoes: list[SensitiveItem] = []
    searched: set[str] = set()
    for secret in secrets:
        # A secret typed twice is looked for once: its second search finds only spans taken.
        if secret.text in searched:
            continue
        searched.add(secret.text)
        start = text.find(secret.text)
        while start >= 0:
            end = start + len(secret.text)
            bounded = (start == 0 or not text[start - 1].isalnum()) and (
                end == len(text) or not text[end].isalnum()
            )
            if bounded and not taken.overlaps(start, end):
                echoes.append(replace(secret, start=start, end=end))
                taken.add(start, end)
            start = text.find(secret.text, end)
    return sorted([*items, *echoes], key=lambda item: item.start) if echoes else items


class _Taken:
    """The parts of a text already reported, as sorted, disjoint runs: whether a new span
    overlaps one is a bisection, not a look at every span."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        # Empty spans, kept as points: a span around one overlaps it.
        self._points = sorted(start for start, end in spans if end <= start)
        for start, end in sorted(spans):
            if end <= start:
                continue
            if self._ends and start <= self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)
            else:
                self._starts.append(start)
                self._ends.append(end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether the non-empty span [start, end) shares a character with a taken one."""
        run = bisect.bisect_left(self._starts, end) - 1
        if run >= 0 and self._ends[run] > start:
            return True
        point = bisect.bisect_right(self._points, start)
        return point < len(self._points) and self._points[point] < end

    def add(self, start: int, end: int) -> None:
        """Take a non-empty span that overlaps none taken."""
        run = bisect.bisect_left(self._starts, start)
        self._starts.insert(run, start)
        self._ends.insert(run, end)


def _addresses(ctx: CheckContext, message: Message) -> _Taken:
    """The links and @handles of a message: digits in them are an article id, a tweet id or a
    numeric handle, not a number anyone would dial."""
    channel = ctx.analysis(message).channel
    return _Taken([(span.start, span.end) for span in (*channel.links, *channel.handles)])


def _given_as_ours(text: str, item: SensitiveItem) -> bool:
    """Whether the reply gives the number or address as the organisation's own ("call us on
    ...", "our helpline is ..."), read in the words just before it."""
    return _OURS_BEFORE.search(text, max(0, item.start - _OURS_REACH), item.start) is not None


def _organisational(item: SensitiveItem, own: _Own) -> bool:
    if item.value in own.values:
        return True
    if item.kind == "email":
        local, _, domain = item.value.partition("@")
        return domain in own.domains or local.replace(".", "").replace("_", "") in ROLE_MAILBOXES
    return _company_line(item.value)


@functools.lru_cache(maxsize=256)
def _company_line(e164: str) -> bool:
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return False
    # Free-phone, shared-cost, premium and single-number lines are company lines.
    kind = phonenumbers.number_type(number)
    types = phonenumbers.PhoneNumberType
    return kind in (types.TOLL_FREE, types.SHARED_COST, types.PREMIUM_RATE, types.UAN)


@functools.lru_cache(maxsize=64)
def _own_details(entries: tuple[str, ...]) -> _Own:
    values: set[str] = set()
    domains: set[str] = set()
    for entry in entries:
        found = find_sensitive(entry)
        if found:
            values.update(item.value for item in found)
        elif "." in entry and " " not in entry.strip():
            domains.add(entry.strip().lstrip("@").lower())
    return _Own(frozenset(values), frozenset(domains))


def _strings(value: Any, depth: int = 0) -> Iterator[str]:
    """String values of a conversation's metadata, a few levels deep."""
    if isinstance(value, str):
        yield value
    elif depth < 3 and isinstance(value, Mapping):
        for inner in value.values():
            yield from _strings(inner, depth + 1)
    elif depth < 3 and isinstance(value, Sequence) and not isinstance(value, bytes):
        for inner in value[:100]:
            yield from _strings(inner, depth + 1)


def _mask_suggestion(item: SensitiveItem) -> str:
    if item.kind in _NAMES:
        return f'Mask it: write "the {_NAMES[item.kind]} ending {item.value[-4:]}".'
    if item.kind == "password":
        return (
            "Remove it, and ask the customer to change it now that it has been shared; "
            "never repeat a password or PIN."
        )
    return (
        "Remove it. Never repeat a security or one-time code; if the customer shared it, "
        "tell them to request a new one."
    )


def _mask_fix(item: SensitiveItem) -> dict[str, Any]:
    if item.kind in _NAMES:
        return fix_data(f"the {_NAMES[item.kind]} ending {item.value[-4:]}", "span")
    return {}


def _masked(item: SensitiveItem) -> str:
    if item.kind == "email":
        local, _, domain = item.text.partition("@")
        return f"{local[:1]}•••@{domain}"
    digits = [char for char in item.text if char.isdigit()]
    return f"the number ending {''.join(digits[-3:])}"

"""personalisation.language: the reply is not in the customer's language.

The expected language is the one the customer asked for (`customer.preferences.language`),
else the one on record (`customer.language`), else the language of their recent messages when
it is identified confidently. A reply in another language leaves the customer unable to read
it, or tells them their preference was not looked at.

Language identification is unreliable on short texts ("OK", "Thanks!", an order number), so
replies shorter than `min_chars` or identified with less than `min_confidence` are not
judged, and the customer's language is only inferred from enough of their own text. Close
relatives the identifier confuses on short texts (Galician for Portuguese or Spanish,
Afrikaans for Dutch) are not reported as a mismatch.

A language the customer chose or accepted earlier in the conversation ("German is fine",
"if I have to choose, I say German", "I don't mind German or English") is theirs too: a reply
in it is not a mismatch, whatever language they wrote in.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from trustdesk.checks.base import Check, CheckContext
from trustdesk.model import Finding, Principle, Role, Severity
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.gated import GatedPattern
from trustdesk.text.language import OPENING_CHARS, Language, base_code, identify
from trustdesk.text.wordlists import load

# Measured on short support replies in en, es, fr, de, pt, it and nl (evals/language_length.py):
# from 40 characters every reply was identified correctly, and wrong guesses on shorter
# prefixes never reached a confidence of 0.5.
MIN_CHARS = 40
MIN_CONFIDENCE = 0.5
INFER_FROM_MESSAGES = True
CUSTOMER_MIN_CHARS = 20
CUSTOMER_MIN_CONFIDENCE = 0.7
CUSTOMER_MESSAGES = 3
# Only the reply's opening is read (see `text.language.OPENING_CHARS`).
SAMPLE_CHARS = OPENING_CHARS

NAMES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
    "it": "Italian",
    "nl": "Dutch",
    "pl": "Polish",
    "sv": "Swedish",
    "da": "Danish",
    "no": "Norwegian",
    "nb": "Norwegian",
    "fi": "Finnish",
    "ru": "Russian",
    "uk": "Ukrainian",
    "tr": "Turkish",
    "el": "Greek",
    "cs": "Czech",
    "ro": "Romanian",
    "hu": "Hungarian",
    "ar": "Arabic",
    "he": "Hebrew",
    "hi": "Hindi",
    "ja": "Japanese",
    "zh": "Chinese",
    "ko": "Korean",
    "ca": "Catalan",
    "gl": "Galician",
    "af": "Afrikaans",
}
# Languages the identifier mixes up on short texts: a reply identified as the key is not a
# mismatch for a customer who expects one of the values.
CLOSE_RELATIVES = {
    "gl": frozenset({"es", "pt"}),
    "ca": frozenset({"es"}),
    "af": frozenset({"nl"}),
    "lb": frozenset({"de"}),
    "nb": frozenset({"no", "da"}),
    "no": frozenset({"nb", "da"}),
    "nn": frozenset({"no", "nb"}),
    "da": frozenset({"no", "nb"}),
    "bs": frozenset({"hr", "sr"}),
    "hr": frozenset({"bs", "sr"}),
    "sr": frozenset({"bs", "hr"}),
    "ms": frozenset({"id"}),
    "id": frozenset({"ms"}),
}


# A customer choosing a language in their own words: data/lexicons/personalisation.yaml.
_WORDS = load("personalisation")
LANGUAGE_NAMES: dict[str, str] = _WORDS.table("language_names")
# Looked for in every customer message, which seldom names a language: gated by RE2.
_NAME = GatedPattern(
    r"\b(?:" + "|".join(sorted(map(re.escape, LANGUAGE_NAMES), key=len, reverse=True)) + r")\b"
)
_CHOICE_BEFORE = re.compile(_WORDS.pattern("choice_before"))
_CHOICE_AFTER = re.compile(_WORDS.pattern("choice_after"))
_REFUSAL = re.compile(_WORDS.pattern("refusal"))
# How far before and after a language's name its choice words are read.
CHOICE_BEFORE_CHARS = 40
CHOICE_AFTER_CHARS = 25


class LanguageParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    min_chars: int = Field(default=MIN_CHARS, ge=1)
    """Replies shorter than this (in characters) are not judged."""
    min_confidence: float = Field(default=MIN_CONFIDENCE, ge=0, le=1)
    """The identifier's confidence needed in the reply's language."""
    infer_from_messages: bool = INFER_FROM_MESSAGES
    """Without a stated language, infer it from the customer's messages (costs one language
    identification per customer message; off, only stated languages are checked)."""
    customer_min_chars: int = Field(default=CUSTOMER_MIN_CHARS, ge=1)
    """Customer messages shorter than this are not used to infer their language."""
    customer_min_confidence: float = Field(default=CUSTOMER_MIN_CONFIDENCE, ge=0, le=1)
    """The confidence needed to infer the customer's language from their messages."""
    customer_messages: int = Field(default=CUSTOMER_MESSAGES, ge=1, le=20)
    """How many of the customer's latest messages are read to infer their language."""
    sample_chars: int = Field(default=SAMPLE_CHARS, ge=50)
    """How much of a long reply (its opening, in characters) the identifier reads."""


class WrongLanguage(Check[LanguageParams]):
    id = "personalisation.language"
    principle = Principle.PERSONALISATION
    severity = Severity.WARN
    summary = "The reply is not in the customer's language."

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        params = self.params
        customer = ctx.conversation.customer
        stated = customer.preferred_language
        stated_as = "asked for" if customer.preferences.language else "is on record as speaking"
        # The positions of the customer's messages, found once per run.
        customers: list[int] | None = None
        # Languages the customer chose in the conversation, read as the messages go by.
        chosen: set[str] = set()
        read = 0
        for index, message in ctx.judged(self.judges):
            analysis = ctx.analysis(message)
            body = analysis.text.strip()
            if len(body) < params.min_chars:
                continue
            for earlier in ctx.messages[read:index]:
                if earlier.role is Role.CUSTOMER:
                    chosen.update(_chosen_languages(ctx.analysis(earlier)))
            read = max(read, index)
            if stated:
                expected, source = base_code(stated), stated_as
            elif params.infer_from_messages:
                if customers is None:
                    customers = [i for i, m in enumerate(ctx.messages) if m.role is Role.CUSTOMER]
                inferred = self._customer_language(ctx, customers, index, params)
                if inferred is None:
                    continue
                expected, source = inferred, "writes in"
            else:
                continue
            reply = _reply_language(analysis, params.sample_chars)
            if reply.confidence < params.min_confidence or _same(reply, expected):
                continue
            if base_code(reply.code) in chosen:
                continue
            start = analysis.text.find(body)
            wanted = NAMES.get(expected, expected)
            yield self.finding(
                ctx,
                message,
                start,
                start + len(body),
                explanation=(
                    f"This reply is in {NAMES.get(reply.code, reply.code)}, but the "
                    f"customer {source} {wanted}."
                ),
                suggestion=f"Write the reply in {wanted}.",
                data={
                    "expected": expected,
                    "found": reply.code,
                    "confidence": round(reply.confidence, 3),
                },
            )

    @staticmethod
    def _customer_language(
        ctx: CheckContext, customers: list[int], index: int, params: LanguageParams
    ) -> str | None:
        """The language of the customer's latest message before `index` that is long enough
        and identified confidently, among the `customer_messages` latest (`customers`: the
        positions of all the customer's messages; each language is cached with its analysis)."""
        before = bisect.bisect_left(customers, index)
        for position in reversed(customers[max(0, before - params.customer_messages) : before]):
            analysis = ctx.analysis(ctx.messages[position])
            if len(analysis.text.strip()) >= params.customer_min_chars:
                found = analysis.language
                if found.confidence >= params.customer_min_confidence:
                    return base_code(found.code)
        return None


def _chosen_languages(analysis: MessageAnalysis) -> Iterator[str]:
    """The languages a customer's message chooses or accepts, each named with a choice word
    close by, in a sentence that is no complaint or refusal ("why did you write in German?")."""
    lower = analysis.lower
    if len(lower) != len(analysis.text):
        return  # lower-casing changed the offsets: such text names no language we list
    refused: dict[int, bool] = {}  # per sentence, read once however many names it holds
    for name in _NAME.finditer(lower):
        sentence = analysis.sentence_at(name.start())
        start, end = (sentence.start, sentence.end) if sentence else (0, len(lower))
        if start not in refused:
            refused[start] = _REFUSAL.search(lower, start, end) is not None
        if refused[start]:
            continue
        before = _CHOICE_BEFORE.search(
            lower, max(start, name.start() - CHOICE_BEFORE_CHARS), name.start()
        )
        after = _CHOICE_AFTER.match(lower[name.end() : min(end, name.end() + CHOICE_AFTER_CHARS)])
        if before or after:
            yield base_code(LANGUAGE_NAMES[name.group()])


def _reply_language(analysis: MessageAnalysis, sample_chars: int) -> Language:
    """The reply's language, read from its first `sample_chars` characters. The cached
    analysis reads the first OPENING_CHARS, which is the same text when the two lengths agree
    or the reply is shorter than both."""
    if sample_chars == OPENING_CHARS or len(analysis.text) <= min(sample_chars, OPENING_CHARS):
        return analysis.language
    return identify(analysis.text, sample_chars)


def _same(found: Language, expected: str) -> bool:
    code = base_code(found.code)
    return code == expected or expected in CLOSE_RELATIVES.get(code, frozenset())

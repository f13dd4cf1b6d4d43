"""respect.jargon: words a customer cannot follow, and replies that are hard to read.

Support teams live among acronyms and system names ("escalated to L2", "the DNS change has to
propagate", "a chargeback"); customers do not, and a reply they cannot follow leaves them as
stuck as no reply at all. This check flags, once per term per message:

- the policy's own `jargon` terms (phrases, case-insensitive, word-bounded);
- a built-in list of common support, IT and payments jargon, each with plain words to use;
- acronyms in capitals that are neither everyday ones ("PDF", "VAT") nor allowed by the policy.

A term explained where it is used ("DNS (the system that turns names into addresses)",
"Know Your Customer (KYC)", "a chargeback, which means ...") is not flagged, nor is a term the
customer used first (an acronym in any case: a customer who wrote "gta" knows "GTA").
Separately, an English reply of at least `readability_min_words` words whose Flesch reading
ease is below `min_reading_ease` gets one finding on its hardest sentence.

Only the reply's own words are read: not the @handles it is addressed to, an agent's sign-off
("*TAC", "^NHP"), or links, whose path is no sentence a customer reads.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from trustdesk.checks.base import Check, CheckContext
from trustdesk.model import Finding, Message, Principle, Role, Severity
from trustdesk.text.analysis import MessageAnalysis
from trustdesk.text.readability import Readability, measure
from trustdesk.text.spans import Span
from trustdesk.text.terms import TermIndex
from trustdesk.text.wordlists import load

BUILTIN_JARGON = True
UNKNOWN_ACRONYMS = True
ALLOWED_TERMS: tuple[str, ...] = ()
CHECK_READABILITY = True
MIN_READING_EASE = 30.0
READABILITY_MIN_WORDS = 40
# A sentence shorter than this is never "the hardest sentence" ("Unfortunately." scores low).
HARD_SENTENCE_MIN_WORDS = 6

# The word lists are in data/lexicons/respect.yaml. Phrases are literal (see `text.terms`): one
# written with capitals ("DNS") matches only in capitals, so "sop" is no acronym.
_WORDS = load("respect")
# label -> (phrases, plain words to use instead)
BUILTIN_TERMS: dict[str, tuple[tuple[str, ...], str]] = {
    label: (tuple(term["phrases"]), term["plain"]) for label, term in _WORDS.table("jargon").items()
}
# Plain words for terms an organisation is likely to list in its policy's `jargon`.
GLOSSARY: dict[str, str] = {
    **{label: plain for label, (_, plain) in BUILTIN_TERMS.items()},
    **_WORDS.table("glossary"),
}
# Acronyms most customers read without help, and words written in capitals for emphasis.
COMMON_ACRONYMS = frozenset(_WORDS.words("common_acronyms"))
# Long words with everyday equivalents: plain word -> the long forms it replaces.
PLAIN_WORDS: dict[str, tuple[str, ...]] = {
    plain: tuple(forms) for plain, forms in _WORDS.table("plain_words").items()
}

BUILTIN = TermIndex({label: phrases for label, (phrases, _) in BUILTIN_TERMS.items()})
PLAIN = TermIndex(PLAIN_WORDS, ignore_case=True)

# Right after a term: "(the system ...)", "— that is ...", ", which means ...", " stands for".
_EXPLAINED_AFTER = re.compile(
    r"\s*(?:\(|[—–]|-\s|,?\s*(?:which|that) (?:is|are|means|mean)\b|"
    r",?\s*(?:i\.e\.|meaning\b|in other words\b|also (?:called|known as)\b|short for\b)|"
    r"(?:means|stands for|is short for|refers to|is when|is where)\b|"
    r"(?:is|are) (?:the|a|an|what|how|where|when|just)\b)",
    re.IGNORECASE,
)
# Right before a term: "Know Your Customer (KYC)", "what we call a chargeback".
_EXPLAINED_BEFORE = re.compile(
    r"(?:\(\s*|\b(?:called|known as|so-called|termed|what we call)\s+(?:an?\s+|the\s+)?"
    r"[\"'“‘]?)$",
    re.IGNORECASE,
)
# Capitals glued to these are a reference or an address ("#ABC", "/API", "@ACME"), not words.
# "*" and "^" start an agent's initials on social channels ("on behalf of *TAC").
_REFERENCE_MARKS = frozenset("#/@.&_*^")
# An acronym holds three capitals in a row: a text without them has none.
_CAPITALS = re.compile(r"[A-Z]{3}")


class JargonParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    builtin_jargon: bool = BUILTIN_JARGON
    unknown_acronyms: bool = UNKNOWN_ACRONYMS
    # Terms your customers know (product names, "API" for a developer product): never flagged.
    allowed: tuple[str, ...] = ALLOWED_TERMS
    check_readability: bool = CHECK_READABILITY
    min_reading_ease: float = MIN_READING_EASE
    readability_min_words: int = Field(default=READABILITY_MIN_WORDS, ge=1)


@dataclass(frozen=True, slots=True)
class _Term:
    start: int
    end: int
    key: str  # the distinct term, normalised: one finding per key per message
    known: bool  # from a word list (policy or built-in), not a guessed acronym


def _normalise(term: str) -> str:
    return " ".join(term.lower().split())


@functools.lru_cache(maxsize=16)
def _term_index(policy_terms: tuple[str, ...], builtin: bool) -> TermIndex:
    """The policy's jargon list (any case) and the built-in one, indexed once per list."""
    policy = TermIndex({_normalise(term): [term] for term in policy_terms}, ignore_case=True)
    return TermIndex.union(policy, BUILTIN) if builtin else policy


@dataclass(frozen=True)
class _Finder:
    """Finds the jargon terms of one message under one policy and set of parameters."""

    index: TermIndex  # the policy's terms and, unless switched off, the built-in ones
    unknown_acronyms: bool
    allowed: frozenset[str]

    def terms(self, analysis: MessageAnalysis) -> list[_Term]:
        """Jargon terms by position, the longest where they overlap, allowed ones removed."""
        text, words = analysis.text, analysis.words
        found = [_Term(h.start, h.end, h.label, True) for h in self.index.find(text, words)]
        if self.unknown_acronyms:
            found.extend(_acronyms(analysis))
        found.sort(key=lambda t: (t.start, t.start - t.end, not t.known))
        kept: list[_Term] = []
        for term in found:
            if term.key in self.allowed or (kept and term.start < kept[-1].end):
                continue
            kept.append(term)
        return kept


def _acronyms(analysis: MessageAnalysis) -> Iterator[_Term]:
    """Words of 3-5 capitals (plural "s" allowed) that are not everyday acronyms."""
    text = analysis.text
    if _CAPITALS.search(text) is None:
        return
    words = analysis.words
    for index, word in enumerate(words):
        core = word.text[:-2] if word.text.endswith(("'s", "’s")) else word.text
        core = core[:-1] if core.endswith("s") else core
        if not (3 <= len(core) <= 5 and core.isascii() and core.isalpha() and core.isupper()):
            continue
        if core in COMMON_ACRONYMS or text[word.start - 1 : word.start] in _REFERENCE_MARKS:
            continue
        # Beside another word in capitals it is shouting or a name, not jargon.
        neighbours = words[max(0, index - 1) : index] + words[index + 1 : index + 2]
        if any(len(n.text) > 1 and n.text.isupper() for n in neighbours):
            continue
        yield _Term(word.start, word.start + len(core), core.lower(), False)


class Jargon(Check[JargonParams]):
    id = "respect.jargon"
    principle = Principle.RESPECT
    severity = Severity.INFO
    summary = "Jargon, unexplained acronyms or hard-to-read text in a reply to a customer."

    def run(self, ctx: CheckContext) -> Iterator[Finding]:
        params = self.params
        finder = _Finder(
            _term_index(tuple(ctx.policy.jargon), params.builtin_jargon),
            params.unknown_acronyms,
            frozenset(_normalise(term) for term in params.allowed),
        )
        # Terms the customer used before the message judged: they know those words. Gathered
        # as the messages go by, so each customer message is read once.
        customer_terms: set[str] = set()
        read = 0
        for index, message in ctx.judged(self.judges):
            analysis = ctx.analysis(message)
            own = _OwnWords(analysis)
            terms = [term for term in finder.terms(analysis) if own.holds(term.start)]
            if terms:
                for earlier in ctx.messages[read:index]:
                    if earlier.role is Role.CUSTOMER:
                        said = ctx.analysis(earlier)
                        customer_terms.update(t.key for t in finder.terms(said))
                        customer_terms.update(word.text.lower() for word in said.words)
                read = max(read, index)
                yield from self._term_findings(ctx, message, analysis, terms, customer_terms)
            if params.check_readability:
                yield from self._readability(ctx, message, analysis, own, params)

    def _term_findings(
        self,
        ctx: CheckContext,
        message: Message,
        analysis: MessageAnalysis,
        terms: list[_Term],
        customer_terms: set[str],
    ) -> Iterator[Finding]:
        skip = _explained_terms(analysis, terms)
        for term in terms:
            if term.key in skip or term.key in customer_terms:
                continue
            skip.add(term.key)
            quote = message.text[term.start : term.end]
            plain = GLOSSARY.get(term.key)
            if plain is not None:
                suggestion = f'Use plain words, e.g. "{plain}", or explain "{quote}" in the same '
                suggestion += "sentence."
            else:
                suggestion = f'Say what "{quote}" means in the same sentence, or use everyday '
                suggestion += "words instead."
            what = "jargon" if term.known else "an acronym"
            yield self.finding(
                ctx,
                message,
                term.start,
                term.end,
                explanation=f'"{quote}" is {what} many customers will not understand.',
                suggestion=suggestion,
                data={"kind": "term" if term.known else "acronym", "term": term.key},
            )

    def _readability(
        self,
        ctx: CheckContext,
        message: Message,
        analysis: MessageAnalysis,
        own: _OwnWords,
        params: JargonParams,
    ) -> Iterator[Finding]:
        if len(analysis.words) < params.readability_min_words:
            return
        readability = own.readability()
        if readability.words < params.readability_min_words:
            return
        ease = readability.reading_ease
        # The Flesch formula is for English; other languages score low by nature.
        if ease >= params.min_reading_ease or analysis.language.code != "en":
            return
        hardest = readability.hardest(HARD_SENTENCE_MIN_WORDS)
        if hardest is None:
            return
        sentence = hardest.sentence
        swaps = [
            f'"{hit.label}" for "{hit.text}"'
            for hit in PLAIN.find(analysis.text, analysis.words)
            if sentence.contains(hit.start, hit.end)
        ]
        suggestion = "Split it into sentences of under 20 words and use everyday words"
        suggestion += f" ({', '.join(swaps[:3])})." if swaps else "."
        yield self.finding(
            ctx,
            message,
            sentence.start,
            sentence.end,
            explanation=(
                f"This reply is hard to read (reading ease {ease:.0f}, aim for "
                f"{params.min_reading_ease:.0f} or more); this is its hardest sentence, "
                f"{hardest.words} words long."
            ),
            suggestion=suggestion,
            data={
                "kind": "readability",
                "reading_ease": round(ease, 1),
                "sentence_words": hardest.words,
            },
        )


class _OwnWords:
    """Where a reply's own words are: inside its body (after the @handles it is addressed to,
    before a sign-off or a trailing link) and outside any link or @handle within it."""

    def __init__(self, analysis: MessageAnalysis) -> None:
        self._analysis = analysis
        channel = analysis.channel
        self._body = channel.body
        self._starts: list[int] = []
        self._ends: list[int] = []
        for span in sorted((*channel.links, *channel.handles), key=lambda span: span.start):
            if self._ends and span.start <= self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], span.end)
            else:
                self._starts.append(span.start)
                self._ends.append(span.end)

    def holds(self, position: int) -> bool:
        if not self._body.start <= position < self._body.end:
            return False
        at = bisect.bisect_right(self._starts, position) - 1
        return at < 0 or position >= self._ends[at]

    def readability(self) -> Readability:
        """The reply's readability from its own words (the shared one when it has no others)."""
        analysis = self._analysis
        body, words = self._body, analysis.words
        if not self._starts and body.start == 0 and body.end >= len(analysis.text.rstrip()):
            return analysis.readability
        own: list[Span] = [word for word in words if self.holds(word.start)]
        return measure(analysis.sentences, own)


def _explained_terms(analysis: MessageAnalysis, terms: list[_Term]) -> set[str]:
    """The terms explained in the sentence where they are used (at any of their uses)."""
    text, sentences = analysis.text, analysis.sentences
    starts = [sentence.start for sentence in sentences]
    explained: set[str] = set()
    for term in terms:
        if term.key in explained:
            continue
        position = bisect.bisect_right(starts, term.start) - 1
        floor, limit = 0, len(text)
        if position >= 0 and term.start < sentences[position].end:
            floor, limit = sentences[position].start, sentences[position].end
        if _EXPLAINED_AFTER.match(text, term.end, limit) or _EXPLAINED_BEFORE.search(
            text, max(floor, term.start - 30), term.start
        ):
            explained.add(term.key)
    return explained

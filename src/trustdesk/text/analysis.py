"""The analysis of one message, computed lazily and at most once, then shared by all checks.

Checks never re-tokenise: they read `analyse(message, context)`, whose parts (sentences,
words, questions, time expressions, sentiment, language, sensitive data, readability,
lexicon hits) are each computed on first use and cached on the message object. Each analyser
is imported on first use too, so importing this module loads none of them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from trustdesk.model import Message
    from trustdesk.policy.schema import BusinessHours
    from trustdesk.text.channel import ChannelText
    from trustdesk.text.commitments import Commitment
    from trustdesk.text.language import Language
    from trustdesk.text.lexicon import Hit, Lexicon
    from trustdesk.text.onepass import Fired, LexiconSet
    from trustdesk.text.readability import Readability
    from trustdesk.text.sensitive import SensitiveItem
    from trustdesk.text.sentiment import Sentiment
    from trustdesk.text.spans import Span
    from trustdesk.text.timeexpr import TimeExpression


@dataclass(frozen=True, slots=True)
class AnalysisContext:
    """What resolving relative times needs: the organisation's timezone and hours; and the
    engine's lexicons, screened together by one scan of each message (see `hits`)."""

    tz: ZoneInfo
    business_hours: BusinessHours
    # Not part of the context's identity: hits are the same with or without it.
    lexicons: LexiconSet | None = field(default=None, compare=False)


# A text the set cannot screen (see `LexiconSet.fired`): each lexicon scans it on its own.
_UNSCREENED: Fired = {"\x00unscreened": None}


class MessageAnalysis:
    def __init__(self, text: str, at: datetime | None, context: AnalysisContext) -> None:
        self.text = text
        self.at = at
        self.context = context
        self._hits: dict[str, list[Hit]] = {}
        self._fired: Fired | None = None

    @cached_property
    def sentences(self) -> list[Span]:
        from trustdesk.text.sentences import split_sentences

        return split_sentences(self.text)

    @cached_property
    def words(self) -> list[Span]:
        from trustdesk.text.sentences import words

        return words(self.text)

    @cached_property
    def channel(self) -> ChannelText:
        """The body between leading @handles and a sign-off, and the part marker, if any."""
        from trustdesk.text.channel import read

        return read(self.text)

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def questions(self) -> list[Span]:
        from trustdesk.text.questions import find_questions

        return find_questions(self.sentences)

    @cached_property
    def sentiment(self) -> Sentiment:
        from trustdesk.text.sentiment import score

        return score(self.text, self.hits)

    @cached_property
    def language(self) -> Language:
        """The language of the message, read from its opening."""
        from trustdesk.text.language import identify

        return identify(self.text)

    @cached_property
    def times(self) -> list[TimeExpression]:
        """Dates, deadlines and durations, resolved against this message's own time."""
        from trustdesk.text.timeexpr import find_time_expressions

        return find_time_expressions(
            self.text,
            reference=self.at,
            tz=self.context.tz,
            business_hours=self.context.business_hours,
        )

    @cached_property
    def commitments(self) -> list[Commitment]:
        """Organisation-side promises in the text, each with its time and due time."""
        from trustdesk.text.commitments import find_commitments

        return find_commitments(self)

    @cached_property
    def sensitive(self) -> list[SensitiveItem]:
        """Validated sensitive data in the text: card numbers, IBANs, phones, e-mails, IDs."""
        from trustdesk.text.sensitive import find_sensitive

        return find_sensitive(self.text)

    @cached_property
    def readability(self) -> Readability:
        """Flesch reading ease of the whole text and of each sentence."""
        from trustdesk.text.readability import measure

        return measure(self.sentences, self.words)

    def hits(self, lexicon: Lexicon) -> list[Hit]:
        """Hits of a lexicon in this text; scanned once per lexicon and cached.

        A lexicon of the context's set is screened by the set's one scan of this text (made on
        the first such lexicon): one that cannot match has no hits at no further cost, one that
        may runs the regexes of the entries that may match, without its own gate. Any other
        lexicon scans on its own."""
        found = self._hits.get(lexicon.name)
        if found is None:
            found = self._hits[lexicon.name] = self._scan(lexicon)
        return found

    def _scan(self, lexicon: Lexicon) -> list[Hit]:
        lexicons = self.context.lexicons
        if lexicons is not None and lexicons.covers(lexicon):
            fired = self._fired
            if fired is None:
                screened = lexicons.fired(self.text, self.lower)
                fired = self._fired = _UNSCREENED if screened is None else screened
            if fired is not _UNSCREENED:
                if lexicon.name not in fired:
                    return []
                return lexicon.scan(self.text, screened=True, entries=fired[lexicon.name])
        return lexicon.scan(self.text)

    def sentence_at(self, offset: int) -> Span | None:
        """The sentence holding `offset`, if any (by bisection: checks ask for every hit)."""
        from trustdesk.text.ranges import containing

        return containing(self.sentences, offset)


def analyse(message: Message, context: AnalysisContext) -> MessageAnalysis:
    """The cached analysis of `message` under `context` (made on first use)."""
    analysis = _own_analysis(message, context)
    if analysis is None:
        analysis = message._analysis = _recent.get(message.text, message.at, context)
    return analysis


def _own_analysis(message: Message, context: AnalysisContext) -> MessageAnalysis | None:
    # Read pydantic's private-attribute store directly: `message._analysis` goes through
    # `BaseModel.__getattr__`, which costs more than the lookup itself on this hot path.
    private = message.__pydantic_private__
    cached = private.get("_analysis") if private else None
    if isinstance(cached, MessageAnalysis) and (
        cached.context is context or cached.context == context
    ):
        return cached
    return None


def analyse_once(message: Message, context: AnalysisContext) -> MessageAnalysis:
    """The analysis of a message that will not come again (an archive's, a draft), made for
    the message alone: not kept among the recent analyses, whose objects every full collection
    of the garbage collector would walk for as long as they stay."""
    analysis = _own_analysis(message, context)
    if analysis is None:
        analysis = message._analysis = MessageAnalysis(message.text, message.at, context)
    return analysis


class RecentAnalyses:
    """The analyses of the last `size` distinct messages, shared across conversations.

    A bot or helpdesk calling the pre-send check sends the whole history with every draft, so
    the same messages arrive again and again as new objects; an analysis depends only on the
    text, its time and the context, so the one made for the last call serves the next.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, datetime | None, int], MessageAnalysis] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str, at: datetime | None, context: AnalysisContext) -> MessageAnalysis:
        key = (text, at, id(context))
        with self._lock:
            found = self._items.get(key)
            if found is not None and found.context is context:
                self._items.move_to_end(key)
                return found
        analysis = MessageAnalysis(text, at, context)
        with self._lock:
            self._items[key] = analysis
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return analysis

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


# Enough for the histories of a few dozen conversations in progress at once.
RECENT_ANALYSES = 2048
_recent = RecentAnalyses(RECENT_ANALYSES)


def forget_recent_analyses() -> None:
    """Drop the shared analyses (they are rebuilt on demand); frees their memory."""
    _recent.clear()

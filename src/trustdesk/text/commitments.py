"""Commitments: what a message promises the customer, and by when.

A commitment is an organisation-side future action toward the customer: "we will get back to
you", "I'll call you tomorrow", "someone will be in touch", "your refund will be processed
within 3 days", "you'll hear from us", "let me check and come back to you". Each carries its
span, its sentence, the time expression attached to it in that sentence (if any) and the due
time that expression resolves to. The desk turns these into commitment records; the promise
checks judge them.

Who writes the message is not decided here: checks look only at agent and bot messages.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from trustdesk.text import commitment_grammar as _g
from trustdesk.text.lexicon import Hit
from trustdesk.text.ranges import containing, starting_within
from trustdesk.text.spans import Span
from trustdesk.text.timeexpr import TimeExpression

CommitmentKind = Literal["follow_up", "action", "outcome"]


@dataclass(frozen=True, slots=True)
class Commitment:
    """One promise in a message, with the time it names (if any)."""

    start: int
    end: int
    text: str
    # follow_up: contact or update the customer later ("we'll get back to you", "I'll call
    # you"); action: do something for them ("I'll send the label"); outcome: something will
    # happen to their case ("your refund will be processed").
    kind: CommitmentKind
    sentence: Span
    time: TimeExpression | None
    due: datetime | None
    # No concrete time: none at all (and not done at once), or only "soon", "in due course".
    vague: bool
    # Softened into an effort: "we will try to", "we'll endeavour to", "we aim to".
    hedged: bool
    # Done at once, no later time to promise: "it should be in your inbox now".
    immediate: bool = False
    # Not a promise to this customer: what we usually do or wish ("we try to upgrade as many
    # as we can", "we hope to welcome you"), what happens in any such case ("when an order is
    # cancelled, you'll receive an email"), or with a habit word ("you'll normally ...").
    general: bool = False

    @property
    def extent(self) -> tuple[int, int]:
        """The commitment and its time together, when the time follows it closely."""
        if self.time is not None and 0 <= self.time.start - self.end <= 40:
            return self.start, self.time.end
        return self.start, self.end


class MessageAnalysis(Protocol):
    """What finding commitments reads of a message's analysis (`text.analysis` provides it;
    naming only the parts keeps this module below the analysis that calls it)."""

    @property
    def text(self) -> str: ...
    @property
    def lower(self) -> str: ...
    @property
    def sentences(self) -> list[Span]: ...
    @property
    def times(self) -> list[TimeExpression]: ...


def find_commitments(analysis: MessageAnalysis) -> list[Commitment]:
    """The commitments in a message, in order, each with its time expression and due time."""
    lower = analysis.lower
    if not any(marker in lower for marker in _g.MARKERS):
        return []
    hits = _scan(analysis)
    if not hits:
        return []
    spans: list[tuple[int, int, str]] = []  # (start, end, label) of accepted commitments
    heads: list[Hit] = []  # "let me check", waiting for "... and get back to you"
    for hit in hits:
        if spans and hit.start < spans[-1][1]:
            continue  # inside a commitment already taken
        if hit.label == "let_me":
            heads.append(hit)
        elif hit.label == "tail":
            _add_tail(analysis, hit, spans, heads)
        elif hit.label == "and_verb":
            _add_shared_subject(analysis, hit, spans)
        else:
            spans.append((hit.start, hit.end, hit.label))
    span_starts = [start for start, _, _ in spans]
    hopes = _Hopes(analysis.text, analysis.lower)
    return [
        _commitment(analysis, start, end, label, span_starts, hopes) for start, end, label in spans
    ]


def _scan(analysis: MessageAnalysis) -> list[Hit]:
    """Heads found near their anchor words, then what follows them in their sentence."""
    text = analysis.text
    # Lower case, with whitespace and opening punctuation as plain spaces (offsets unchanged).
    # For ASCII text the shared lower-cased copy, with only the characters it holds replaced,
    # is many times faster than str.translate, which looks every character up in a table;
    # other text keeps translate, as str.lower would also fold non-ASCII letters and may
    # change the length.
    spaced = _spaced(analysis.lower) if text.isascii() else text.translate(_g.SPACED)
    heads: list[Hit] = []
    taken = 0
    tried: dict[int, re.Match[str] | None] = {}
    for anchor in _g.ANCHOR.finditer(spaced):
        position = anchor.start()
        if position < taken:
            continue
        floor = max(taken, position - _g.SUBJECT_REACH)
        starts = [position]  # "let me ...", "expect a call" begin with their anchor
        cut = position
        while len(starts) <= _g.SUBJECT_WORDS and cut > floor:
            space = spaced.rfind(" ", floor, cut - 1)
            starts.append(space + 1 if space >= 0 else floor)
            if space < 0:
                break
            cut = space + 1
        for start in reversed(starts):
            if start < taken or not spaced.startswith(_g.FIRST_WORDS, start):
                continue
            if start not in tried:
                tried[start] = _g.HEAD.match(text, start)
            match = tried[start]
            if match is not None and match.end() > position:
                heads.append(_hit(match))
                taken = match.end()
                break
    if not heads:
        return []
    followers: list[Hit] = []
    scanned_to = 0
    for head in heads:
        sentence = containing(analysis.sentences, head.start)
        end = sentence.end if sentence is not None else len(text)
        begin = max(head.end, scanned_to)
        if begin < end:
            # Every follower starts with "and" or "then": try the pattern only there.
            for joint in _g.JOINT.finditer(spaced, begin, end):
                match = _g.FOLLOWER.match(text, joint.start(), end)
                if match is not None:
                    followers.append(_hit(match))
            scanned_to = end
    return sorted([*heads, *followers], key=lambda h: (h.start, -h.end))


def _spaced(lower: str) -> str:
    """`lower` with each of SPACE_CHARACTERS as a space: a str.replace for each one present
    (a fast search in C) costs less than one regex substitution over the text."""
    for character in _g.SPACE_CHARACTERS:
        if character in lower:
            lower = lower.replace(character, " ")
    return lower


def _hit(match: re.Match[str]) -> Hit:
    label = (match.lastgroup or "").split("__")[0]
    return Hit(label, match.start(), match.end(), match.group())


def _add_tail(
    analysis: MessageAnalysis, tail: Hit, spans: list[tuple[int, int, str]], heads: list[Hit]
) -> None:
    """Join "... and get back to you" to the commitment or the "let me ..." it continues."""
    sentence = containing(analysis.sentences, tail.start)
    floor = max(sentence.start if sentence else tail.start, tail.start - _g.MAX_TAIL_GAP)
    previous = spans[-1] if spans and spans[-1][0] >= floor else None
    # The head ending last before the tail, among those from the floor on (heads come in
    # order, so only the few within reach are looked at).
    head: Hit | None = None
    for position in range(bisect_left(heads, floor, key=_start), len(heads)):
        candidate = heads[position]
        if candidate.start > tail.start:
            break
        if candidate.end <= tail.start and (head is None or candidate.end > head.end):
            head = candidate
    lead = _g.LEAD_IN.match(tail.text)
    own_subject = lead is not None and _g.SUBJECT.match(tail.text, lead.end()) is not None
    if head is not None and (previous is None or head.start > previous[0]):
        spans.append((head.start, tail.end, "tail"))
    elif previous is not None and not own_subject:
        # "I'll look into it and let you know": one promise, one time.
        spans[-1] = (previous[0], tail.end, "tail")
    else:
        spans.append((tail.start + (lead.end() if lead else 0), tail.end, "tail"))


def _start(hit: Hit) -> int:
    return hit.start


def _add_shared_subject(
    analysis: MessageAnalysis, hit: Hit, spans: list[tuple[int, int, str]]
) -> None:
    """Add "... and send the label" when it continues a commitment in the same sentence."""
    sentence = containing(analysis.sentences, hit.start)
    if not spans or sentence is None or spans[-1][0] < sentence.start:
        return
    if hit.start - spans[-1][1] > _g.MAX_TAIL_GAP:
        return
    lead = _g.LEAD_IN.match(hit.text)
    spans.append((hit.start + (lead.end() if lead else 0), hit.end, "action"))


def _with_object(analysis: MessageAnalysis, end: int) -> int:
    """Extend "I'll send" to "I'll send you a new card": up to four words, up to a time."""
    text = analysis.text
    for _ in range(_g.MAX_OBJECT_WORDS):
        word = _g.NEXT_WORD.match(text, end)
        if word is None or word.group(1).lower() in _g.OBJECT_STOP:
            break
        end = word.end()
    return end


def _commitment(
    analysis: MessageAnalysis,
    start: int,
    end: int,
    label: str,
    span_starts: list[int],
    hopes: _Hopes,
) -> Commitment:
    sentence = containing(analysis.sentences, start) or Span(start, end, analysis.text[start:end])
    time = _attached_time(analysis.times, sentence, start, span_starts)
    kind = _kind(label, analysis.text[start:end])
    if kind == "action":
        limit = sentence.end
        if time is not None and time.start >= end:
            limit = min(limit, time.start)
        end = max(end, min(_with_object(analysis, end), limit))
    text = analysis.text[start:end]
    hedged = (
        label in ("hedged", "effort")
        or bool(_g.HEDGE_WORDS.search(text))
        or hopes.before(sentence.start, start)
    )
    immediate = time is None and bool(
        _g.IMMEDIATE.search(analysis.text, end, min(sentence.end, end + _g.IMMEDIATE_REACH))
    )
    return Commitment(
        start=start,
        end=end,
        text=text,
        kind=kind,
        sentence=sentence,
        time=time,
        due=time.due if time is not None else None,
        vague=(time is None or time.vague) and not immediate,
        hedged=hedged,
        immediate=immediate,
        general=label == "effort" or _general(analysis.text, sentence, start, end),
    )


def _general(text: str, sentence: Span, start: int, end: int) -> bool:
    """A condition about any case opens the sentence ("when an order is late, ..."), or a
    habit word comes just before the commitment or in it ("usually we'll ...", "you will
    normally get ..."), with no "but" or ";" between them ("we usually ..., but I'll ...")."""
    if _g.ANY_CASE.match(text, sentence.start, start):
        return True
    habits = list(_g.HABITUAL.finditer(text, max(sentence.start, start - _g.HABIT_REACH), end))
    return bool(habits) and not _g.CONTRAST.search(text, habits[-1].end(), start)


class _Hopes:
    """Whether "hopefully", "I hope", ... hedge a commitment: such words earlier in its
    sentence, whole (a word boundary after them, or the commitment straight after), with no
    ".", "!" or "?" between them and the commitment.

    The words and the stops are found in one pass over the message, on first use, and each
    commitment looks them up by bisection: searching back through the sentence for each one
    would read a long sentence of many commitments again and again."""

    def __init__(self, text: str, lower: str) -> None:
        self._text = text
        self._lower = lower
        self._found = False
        self._starts: list[int] = []
        self._ends: list[int] = []
        # Per hope word: the last one up to it with a word boundary after it (-1 if none).
        self._last_whole: list[int] = []
        self._stops: list[int] = []

    def before(self, sentence_start: int, start: int) -> bool:
        if not self._found:
            self._find()
        at = bisect_right(self._ends, start) - 1
        if at < 0 or self._starts[at] < sentence_start:
            return False  # none ends by the commitment, or the last one is in an earlier sentence
        if self._ends[at] == start:
            return True  # straight before the commitment: nothing stands between them
        whole = self._last_whole[at]
        if whole < 0 or self._starts[whole] < sentence_start:
            return False
        stop = bisect_left(self._stops, start) - 1
        return stop < 0 or self._stops[stop] < self._ends[whole]

    def _find(self) -> None:
        self._found = True
        # Each hope word holds "hop" or "nger", letters no case folding reaches from other
        # characters: most texts are dismissed here, without the regex.
        if "hop" not in self._lower and "nger" not in self._lower:
            return
        text, last = self._text, -1
        for match in _g.HOPE.finditer(text):
            self._starts.append(match.start())
            self._ends.append(match.end())
            if match.end() == len(text) or not _WORD_CHARACTER.match(text, match.end()):
                last = len(self._ends) - 1
            self._last_whole.append(last)
        if self._starts:
            self._stops = [stop.start() for stop in _STOPS.finditer(text)]


# What ends a hedge's reach, and what a word boundary needs on one side.
_STOPS = re.compile(r"[.!?]")
_WORD_CHARACTER = re.compile(r"\w")


def _kind(label: str, text: str) -> CommitmentKind:
    if label == "tail":
        return "follow_up"
    if label in ("outcome", "receive"):
        # "the engineer will call you", "you'll get an email": still a follow-up.
        return "follow_up" if _g.CONTACT_WORDS.search(text) else "outcome"
    return "follow_up" if _g.FOLLOW_UP_WORDS.search(text) else "action"


def _attached_time(
    times: list[TimeExpression], sentence: Span, start: int, span_starts: list[int]
) -> TimeExpression | None:
    """The time in the commitment's part of its sentence: a concrete one before a vague one.

    A sentence with two commitments is split at the second ("I'll call you today and send
    the label by Friday"): each takes the times in its own part.
    """
    index = bisect_left(span_starts, start)
    previous = span_starts[index - 1] if index > 0 else -1
    following = span_starts[index + 1] if index + 1 < len(span_starts) else sentence.end
    part_start = start if previous >= sentence.start else sentence.start
    part_end = following if start < following < sentence.end else sentence.end
    # The length of a thing ("a one-hour window") is not when the promise is due.
    mine = [
        t
        for t in starting_within(times, part_start, part_end)
        if t.end <= part_end and not t.length_only
    ]
    if not mine:
        return None
    concrete = [t for t in mine if not t.vague]
    pool = concrete or mine
    return min(pool, key=lambda t: (t.start < start, abs(t.start - start)))

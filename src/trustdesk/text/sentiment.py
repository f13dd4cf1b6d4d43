"""Sentiment, frustration and complaint of a message: the signs customers give of a feeling.

Customers on support channels show they are upset in words ("unacceptable", "so
frustrating", "wtf", "Ugh"), sarcasm ("Thank you for ruining my phone"), tags ("#fail"),
faces (😡, and 😭 beside a complaint), a raised voice (words in capitals: "NOTHING WORKS",
"it is NOT here") and marks piled up beside a complaint ("still not working!!"). Two levels
come out of it:

- `upset`: the customer shows a feeling (anger, disappointment, exasperation, distress), so
  a reply should acknowledge it before anything else;
- `complaint`: upset, or reporting that something went wrong or that they are still
  waiting ("my parcel never arrived", "charged twice", "third time I ask"), where an
  apology is due even if the words are calm.

VADER's tone score is kept (`compound`) but is no sign of a feeling by itself: on real
support threads a very negative tone is mostly a calm report of a bad event. Each cue found
is kept as evidence (`cues`, `problems`) so a finding can quote what the customer said.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from trustdesk.text.lexicon import Hit, Lexicon
from trustdesk.text.wordlists import load

# The phrases are in data/lexicons/sentiment.yaml.
_WORDS = load("sentiment")
# Words, emoji and tags that show a feeling about the service, not just a fact.
FRUSTRATION = _WORDS.lexicon("sentiment.frustration")
# Crying faces and swearing also voice joy ("lol 😭", "she sang to my nan 😭😭 legend",
# "bloody brilliant"): beside praise or a laugh they count only with a complaint.
_AMBIGUOUS = frozenset({"sadness", "swearing"})
# A threat is conditional by nature ("if this isn't fixed I'll cancel"): no hypothetical.
_CONDITIONAL = frozenset({"threat"})

# Reports that something went wrong: a complaint even when calmly worded.
PROBLEMS = _WORDS.lexicon("sentiment.problems")

# Thanks and praise: the customer is content.
PRAISE = _WORDS.lexicon("sentiment.praise")
# What a check reading sentiment scans (its `Check.lexicons`).
LEXICONS = (FRUSTRATION, PROBLEMS, PRAISE)

# A problem word inside a hypothetical ("what happens if it arrives damaged?") is no report.
_HYPOTHETICAL = re.compile(_WORDS.pattern("hypothetical"), re.IGNORECASE)
_LOOKBACK = 80

# @handles and links are addresses, not words: "@BRAND" in capitals is no shout.
_ADDRESS = re.compile(r"(?<![\w@＠])[@＠][A-Za-z0-9_]{1,30}|\b(?:https?://|www\.)\S{1,2000}", re.I)
# Words in capitals (letters and an apostrophe: "CAN'T"); a run of them is a raised voice.
_CAPS_WORD = re.compile(r"\b[A-Z][A-Z']*[A-Z]\b")
_CAPS_RUN = re.compile(r"\b[A-Z][A-Z']*[A-Z](?:[ \t,.!?&-]{1,3}[A-Z][A-Z']*[A-Z]|[ \t]+I)+\b")
_VOWEL = re.compile(r"[AEIOUY]")
# Letters a run of two spoken words in capitals needs to be a shout.
_RUN_LETTERS = 7
_EMPHASIS = frozenset(_WORDS.words("emphasis"))
_PLEA = frozenset(_WORDS.words("plea"))
_NOTICE = frozenset(_WORDS.words("notice"))
# "!!", "?!", "!?", "???!!": marks piled up. Friendly messages pile them too ("Thanks!!"),
# so they count only beside a complaint (see `upset`). A run of "???" alone is a question
# asked urgently, not a feeling.
_EXCLAIM = re.compile(r"!{2,}|[!?]*(?:\?!|!\?)[!?]*")

# A tone below this is negative (VADER's own convention).
_NEGATIVE = -0.05
# VADER is slow on very long texts and gains nothing from them: score the first part only.
_MAX_CHARS = 4000


class Sentiment:
    """The sentiment of one text; each part is computed on first use, so a check that only
    needs the frustration cues never runs the tone model. @handles and links are read as
    blanks (offsets are kept), so "@BRAND" and URLs neither shout nor carry words."""

    def __init__(self, text: str, hits: Callable[[Lexicon], list[Hit]] | None = None) -> None:
        self.text = _ADDRESS.sub(lambda found: " " * len(found.group()), text[:_MAX_CHARS])
        # `hits`: the lexicons' hits in `text`, from the message's one scan (see
        # `MessageAnalysis.hits`); they serve when blanking changed nothing, as in most text.
        self._hits = hits if hits is not None and self.text == text else None

    def _scan(self, lexicon: Lexicon) -> list[Hit]:
        return self._hits(lexicon) if self._hits is not None else lexicon.scan(self.text)

    @functools.cached_property
    def _scores(self) -> dict[str, float]:
        scores: dict[str, float] = _analyzer().polarity_scores(self.text)
        return scores

    @property
    def compound(self) -> float:
        """VADER's compound score, -1 (most negative) .. +1 (most positive)."""
        return float(self._scores["compound"])

    @property
    def negative(self) -> float:
        return float(self._scores["neg"])

    @property
    def positive(self) -> float:
        return float(self._scores["pos"])

    @functools.cached_property
    def shouting(self) -> bool:
        """A raised voice: several words in capitals in a row ("NOTHING WORKS"), or a word
        of insistence in capitals ("That is NOT what I ordered"). Runs of acronyms ("NBC
        WPTV"), pleas ("HELP PLEASE") and notices ("WARNING: DO NOT CLICK") do not count."""
        words = [found.group() for found in _CAPS_WORD.finditer(self.text)]
        if not words or any(word.lower() in _NOTICE for word in words):
            return False
        if any(word.replace("'", "").lower() in _EMPHASIS for word in words):
            return True
        for run in _CAPS_RUN.finditer(self.text):
            spoken = [
                word
                for word in _CAPS_WORD.findall(run.group())
                if _VOWEL.search(word) and word.lower() not in _PLEA
            ]
            # "FIX THIS", "NOTHING WORKS": two words, not two short ones ("THIS IS").
            letters = sum(len(word) for word in spoken)
            if len(spoken) >= 3 or (len(spoken) == 2 and letters >= _RUN_LETTERS):
                return True
        return False

    @functools.cached_property
    def marks(self) -> str | None:
        """The first pile of marks: "!!!", "?!", "!?"."""
        found = _EXCLAIM.search(self.text)
        return found.group() if found else None

    @property
    def exclamations(self) -> bool:
        """Marks piled up: "!!!", "?!", "!?"."""
        return self.marks is not None

    @functools.cached_property
    def cues(self) -> tuple[Hit, ...]:
        """What shows a feeling: "unacceptable", "wtf", "😡", "#fail"; a crying face or a
        swear word beside praise or a laugh counts only with a complaint."""
        found = [
            hit
            for hit in self._scan(FRUSTRATION)
            if hit.label in _CONDITIONAL or _reported(self.text, hit)
        ]
        ambiguous = [hit for hit in found if hit.label in _AMBIGUOUS]
        joy = any(hit.label != "thanks" for hit in self.praise)
        if ambiguous and joy and not (self.problems or len(ambiguous) < len(found)):
            found = [hit for hit in found if hit.label not in _AMBIGUOUS]
        return tuple(found)

    @functools.cached_property
    def problems(self) -> tuple[Hit, ...]:
        """Reports that something went wrong: "never arrived", "charged twice", and
        waiting or asking again: "third time", "still waiting"."""
        return tuple(hit for hit in self._scan(PROBLEMS) if _reported(self.text, hit))

    @functools.cached_property
    def praise(self) -> tuple[Hit, ...]:
        """Thanks and praise: "thank you", "great", "sorted"."""
        return tuple(self._scan(PRAISE))

    @property
    def content(self) -> bool:
        """Praise or "it's sorted" with no complaint and no feeling: "All sorted, you're
        the best!". Thanks alone is courtesy ("thanks in advance"), not contentment."""
        return any(hit.label != "thanks" for hit in self.praise) and not (
            self.cues or self.problems or self.shouting
        )

    @property
    def upset(self) -> bool:
        """A feeling shows: a frustration cue, or a raised voice (capitals, piled-up marks)
        that is not joy. The tone model alone is no sign: on real support threads a
        negative tone is mostly a calm report of a bad event ("my account was hacked",
        "the game crashes"), which is a complaint, not a feeling."""
        if self.cues:
            return True
        if self.shouting:
            return not self.praise or bool(self.problems)
        # Piled-up marks show agitation about something wrong, or excitement ("GUAC!!!"),
        # or surprise ("isn't it diverted?!"): they count beside a complaint only.
        return self.exclamations and (bool(self.problems) or self.compound <= _NEGATIVE)

    @property
    def complaint(self) -> bool:
        """Upset, or reporting that something went wrong."""
        return self.upset or bool(self.problems)

    @property
    def evidence(self) -> Hit | None:
        """The first cue that shows it, for quoting in a finding."""
        candidates = [*self.cues, *self.problems]
        return min(candidates, key=lambda hit: hit.start) if candidates else None


@functools.cache
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _reported(text: str, hit: Hit) -> bool:
    return not _HYPOTHETICAL.search(text, max(0, hit.start - _LOOKBACK), hit.start)


def score(text: str, hits: Callable[[Lexicon], list[Hit]] | None = None) -> Sentiment:
    """The sentiment of `text` (its parts are computed when first read); `hits` gives the
    lexicons' hits in `text` where a scan of the message already found them."""
    return Sentiment(text, hits)

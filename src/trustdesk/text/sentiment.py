"""Sentiment, frustration and complaint of a message: VADER plus the cues VADER does not weigh.

VADER scores words ("terrible" is negative) but misses how customers show they are upset in
support conversations: "this is the third time", "still not arrived", "unacceptable", text in
capitals, "!!". Two levels come out of it:

- `upset`: the customer shows a feeling (anger, disappointment, exasperation), so a reply
  should acknowledge it before anything else;
- `complaint`: upset, or reporting that something went wrong ("my parcel never arrived",
  "charged twice"), where an apology is due even if the words are calm.

Each cue found is kept as evidence (`cues`, `problems`) so a finding can quote what the
customer said.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from trustdesk.text.lexicon import Hit
from trustdesk.text.wordlists import load

_SHOUTING = re.compile(r"\b[A-Z]{3,}(?:\s+[A-Z]{2,})+\b")
_EXCLAIM = re.compile(r"!!|\?!|!\?")

# The phrases are in data/lexicons/sentiment.yaml.
_WORDS = load("sentiment")
# Words and phrases that show a feeling about the service, not just a fact.
FRUSTRATION = _WORDS.lexicon("sentiment.frustration")

# Reports that something went wrong: a complaint even when calmly worded.
PROBLEMS = _WORDS.lexicon("sentiment.problems")

# A problem word inside a hypothetical ("what happens if it arrives damaged?") is no report.
_HYPOTHETICAL = re.compile(_WORDS.pattern("hypothetical"), re.IGNORECASE)
_LOOKBACK = 80

# How negative VADER's compound score must be for a text to count as upset on tone alone.
UPSET_BELOW = -0.6
# VADER is slow on very long texts and gains nothing from them: score the first part only.
_MAX_CHARS = 4000


class Sentiment:
    """The sentiment of one text; each part is computed on first use, so a check that only
    needs the frustration cues never runs the tone model."""

    def __init__(self, text: str) -> None:
        self.text = text[:_MAX_CHARS]

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
        """Several words in capitals in a row."""
        return bool(_SHOUTING.search(self.text))

    @functools.cached_property
    def exclamations(self) -> bool:
        """Two marks in a row: "!!", "?!" or "!?"."""
        return bool(_EXCLAIM.search(self.text))

    @functools.cached_property
    def cues(self) -> tuple[Hit, ...]:
        """Words that show a feeling: "unacceptable", "third time"."""
        return tuple(hit for hit in FRUSTRATION.scan(self.text) if _reported(self.text, hit))

    @functools.cached_property
    def problems(self) -> tuple[Hit, ...]:
        """Reports that something went wrong: "never arrived", "charged twice"."""
        return tuple(hit for hit in PROBLEMS.scan(self.text) if _reported(self.text, hit))

    @property
    def upset(self) -> bool:
        """A feeling shows: a frustration cue, a clearly negative tone, or agitated form."""
        if self.cues or self.compound <= UPSET_BELOW:
            return True
        return self.compound < 0.2 and (self.shouting or self.exclamations)

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


def score(text: str) -> Sentiment:
    """The sentiment of `text` (its parts are computed when first read)."""
    return Sentiment(text)

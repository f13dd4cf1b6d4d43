"""Sentiment and frustration of a message (VADER, plus cues VADER does not weigh)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

_SHOUTING = re.compile(r"\b[A-Z]{3,}(?:\s+[A-Z]{2,}){1,}\b")
_EXCLAIM = re.compile(r"[!?]{2,}")


@dataclass(frozen=True, slots=True)
class Sentiment:
    compound: float  # VADER's compound score, -1 (most negative) .. +1 (most positive)
    negative: float
    positive: float
    shouting: bool  # several words in capitals in a row
    exclamations: bool  # "!!" or "?!"

    @property
    def upset(self) -> bool:
        """Clearly negative, or calm words in an obviously agitated form."""
        return self.compound <= -0.35 or (self.compound < 0.2 and (self.shouting
                                                                    or self.exclamations))


@functools.cache
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


# VADER is slow on very long texts and gains nothing from them: score the first part only.
_MAX_CHARS = 4000


def score(text: str) -> Sentiment:
    sample = text[:_MAX_CHARS]
    scores = _analyzer().polarity_scores(sample)
    return Sentiment(
        compound=float(scores["compound"]),
        negative=float(scores["neg"]),
        positive=float(scores["pos"]),
        shouting=bool(_SHOUTING.search(sample)),
        exclamations=bool(_EXCLAIM.search(sample)),
    )

"""Flesch reading ease of a text and of each of its sentences, from the shared segmentation.

The score is 206.835 - 1.015 * (words per sentence) - 84.6 * (syllables per word): about
90-100 reads easily for an 11-year-old, 60-70 is plain English, below 30 is hard going even
for graduates. Syllables are counted with a vowel-group heuristic (within one syllable for
almost all English words) so the score needs no dictionary download and costs a few
microseconds per word; words are counted once and cached.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from trustdesk.text.spans import Span

_VOWEL_GROUP = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+")
# Endings whose final "e" or "es"/"ed" is sounded ("table", "wanted", "boxes", "agreed").
_SOUNDED_E = ("le", "ee", "ye", "ie")
_SOUNDED_ES_ED = ("ted", "ded", "ses", "zes", "ces", "ges", "xes", "shes", "ches", "ees", "eed")


@functools.lru_cache(maxsize=16384)
def syllables(word: str) -> int:
    """An estimate of the syllables in one word (at least 1; a number counts as 1)."""
    lowered = word.lower()
    groups = len(_VOWEL_GROUP.findall(lowered))
    if groups <= 1 or len(lowered) <= 3:
        return 1
    silent_e = lowered.endswith("e") and not lowered.endswith(_SOUNDED_E)
    silent_es_ed = lowered.endswith(("es", "ed")) and not lowered.endswith(_SOUNDED_ES_ED)
    if silent_e or silent_es_ed:
        groups -= 1
    return max(1, groups)


def flesch(words: int, sentences: int, syllable_count: int) -> float:
    """Flesch reading ease from the three counts (100 when there are no words)."""
    if words == 0 or sentences == 0:
        return 100.0
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllable_count / words)


@dataclass(frozen=True, slots=True)
class SentenceReadability:
    sentence: Span
    words: int
    syllables: int

    @property
    def reading_ease(self) -> float:
        return flesch(self.words, 1, self.syllables)


@dataclass(frozen=True, slots=True)
class Readability:
    words: int
    syllables: int
    sentences: tuple[SentenceReadability, ...]

    @property
    def reading_ease(self) -> float:
        return flesch(self.words, len(self.sentences), self.syllables)

    def hardest(self, min_words: int = 6) -> SentenceReadability | None:
        """The sentence with the lowest reading ease among those of at least `min_words`
        words (a one-word "Unfortunately." is not a hard sentence); else the longest one."""
        long_enough = [s for s in self.sentences if s.words >= min_words]
        if long_enough:
            return min(long_enough, key=lambda s: s.reading_ease)
        return max(self.sentences, key=lambda s: s.words, default=None)


def measure(sentences: Sequence[Span], words: Sequence[Span]) -> Readability:
    """Readability from a text's sentence and word spans (both in text order)."""
    per_sentence: list[SentenceReadability] = []
    total_syllables = 0
    index = 0
    for sentence in sentences:
        count = syllable_sum = 0
        # Words and sentences are both ordered, so one pass assigns each word its sentence.
        while index < len(words) and words[index].start < sentence.end:
            if words[index].start >= sentence.start:
                count += 1
                syllable_sum += syllables(words[index].text)
            index += 1
        if count:
            per_sentence.append(SentenceReadability(sentence, count, syllable_sum))
            total_syllables += syllable_sum
    word_total = sum(s.words for s in per_sentence)
    return Readability(word_total, total_syllables, tuple(per_sentence))

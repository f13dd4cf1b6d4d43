"""Language identification (py3langid: a compact model shipped in the package, no download)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # ISO 639-1, e.g. "en"
    confidence: float  # 0..1


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # py3langid 0.4 renamed the loader (`from_pickled_model` in 0.3).
    load = getattr(LanguageIdentifier, "from_model_file", None)
    if load is None:
        load = LanguageIdentifier.from_pickled_model
    return load(MODEL_FILE, norm_probs=True)


# The identifier's cost grows with the text (about 1.4 µs a character); past a couple of
# hundred characters a support message's language is already certain (evals/language_length.py:
# every reply right from 40), so only the opening is read, cut at a space.
OPENING_CHARS = 200


def opening(text: str, chars: int = OPENING_CHARS) -> str:
    """The first `chars` characters of `text`, not cutting a word in two where it can help."""
    if len(text) <= chars:
        return text
    cut = text.rfind(" ", 0, chars)
    return text[: cut if cut > 0 else chars]


def identify(text: str, chars: int = OPENING_CHARS) -> Language:
    """The language of `text`, read from its opening `chars` characters."""
    code, confidence = _identifier().classify(opening(text, chars))
    return Language(code=str(code), confidence=float(confidence))


def base_code(tag: str) -> str:
    """ "en-GB" and "en_gb" both compare as "en"."""
    return tag.replace("_", "-").split("-")[0].strip().lower()

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


_MAX_CHARS = 2000


def identify(text: str) -> Language:
    code, confidence = _identifier().classify(text[:_MAX_CHARS])
    return Language(code=str(code), confidence=float(confidence))


def base_code(tag: str) -> str:
    """ "en-GB" and "en_gb" both compare as "en"."""
    return tag.replace("_", "-").split("-")[0].strip().lower()

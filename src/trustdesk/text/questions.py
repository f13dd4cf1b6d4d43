"""Which sentences ask something: explicit questions and polite indirect requests."""

from __future__ import annotations

import re

from trustdesk.text.spans import Span

_WH_START = re.compile(
    r"^\s*(?:(?:and|but|so|also|ok|okay|hi|hello|hey)[, ]+)*"
    r"(?:who|what|when|where|why|how|which|whose|whom|"
    r"is|are|am|was|were|do|does|did|can|could|will|would|should|shall|may|might|have|has|had|"
    r"isn't|aren't|don't|doesn't|didn't|can't|won't|wouldn't|haven't|hasn't)\b",
    re.IGNORECASE,
)
# Requests for information phrased as statements: "I'd like to know when...", "please tell me".
_INDIRECT = re.compile(
    r"\b(?:(?:i(?:'d| would)? (?:like|want|need) to know)|i(?: am|'m) wondering|i wonder|"
    r"(?:please|pls|can you|could you) (?:tell|let) me|please (?:explain|confirm|advise)|"
    r"(?:do|does) anyone know)\b",
    re.IGNORECASE,
)
# Rhetorical openers and greetings that end in "?" but ask nothing to answer.
_RHETORICAL = re.compile(
    r"^\s*(?:how are you|how's it going|are you (?:kidding|serious|joking)(?: me)?|"
    r"seriously|really|right|ok|okay|hello|hi there)\s*[?!.]*\s*$",
    re.IGNORECASE,
)


def is_question(sentence: str) -> bool:
    stripped = sentence.rstrip()
    if _RHETORICAL.match(stripped):
        return False
    if stripped.endswith("?"):
        return True
    return bool(_INDIRECT.search(stripped)) or (
        bool(_WH_START.match(stripped)) and stripped.endswith(("?", "??")))


def find_questions(sentences: list[Span]) -> list[Span]:
    return [s for s in sentences if is_question(s.text)]

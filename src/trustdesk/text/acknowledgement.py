"""How a reply acknowledges the customer: their feelings, and the time they were kept waiting.

Two lexicons, shared by the empathy and responsiveness checks:

- `ACKNOWLEDGEMENT`: an apology or a sign the agent sees how the customer feels ("I'm sorry",
  "I understand how frustrating this is", "that must be stressful", "you're right to be
  upset", "thank you for your patience");
- `DELAY_APOLOGY`: an apology or thanks for the wait itself ("sorry for the delay", "thank you
  for waiting", "I apologise for the slow reply").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trustdesk.text.lexicon import Hit
from trustdesk.text.wordlists import load

if TYPE_CHECKING:
    from trustdesk.text.analysis import MessageAnalysis

# The phrases are in data/lexicons/acknowledgement.yaml.
_WORDS = load("acknowledgement")
ACKNOWLEDGEMENT = _WORDS.lexicon("acknowledgement")
DELAY_APOLOGY = _WORDS.lexicon("acknowledgement.delay")

# Typographic apostrophes and quotes read as plain ones ("We’re sorry"), one for one, so
# offsets still point into the original text.
_CURLY = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'}
_STRAIGHT = str.maketrans(_CURLY)


def _curly(text: str) -> bool:
    # A few substring searches in C: much cheaper than str.translate, which looks up every
    # character, on the many texts that hold none.
    return any(character in text for character in _CURLY)


def acknowledgements(text: str) -> list[Hit]:
    """Where `text` acknowledges the customer's feeling (apostrophes of any style)."""
    return ACKNOWLEDGEMENT.scan(text.translate(_STRAIGHT) if _curly(text) else text)


def acknowledgements_in(analysis: MessageAnalysis) -> list[Hit]:
    """`acknowledgements` of an analysed message: the same hits, found by the message's one
    scan (`MessageAnalysis.hits`) when no apostrophe needs straightening, as in most text."""
    text = analysis.text
    if _curly(text):
        return ACKNOWLEDGEMENT.scan(text.translate(_STRAIGHT))
    return analysis.hits(ACKNOWLEDGEMENT)

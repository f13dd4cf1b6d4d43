"""How a reply acknowledges the customer: their feelings, and the time they were kept waiting.

Two lexicons, shared by the empathy and responsiveness checks:

- `ACKNOWLEDGEMENT`: an apology or a sign the agent sees how the customer feels ("I'm sorry",
  "I understand how frustrating this is", "that must be stressful", "you're right to be
  upset", "thank you for your patience");
- `DELAY_APOLOGY`: an apology or thanks for the wait itself ("sorry for the delay", "thank you
  for waiting", "I apologise for the slow reply").
"""

from __future__ import annotations

from trustdesk.text.wordlists import load

# The phrases are in data/lexicons/acknowledgement.yaml.
_WORDS = load("acknowledgement")
ACKNOWLEDGEMENT = _WORDS.lexicon("acknowledgement")
DELAY_APOLOGY = _WORDS.lexicon("acknowledgement.delay")

"""The wording of commitments, compiled: the patterns `commitments` matches and the word lists
it uses, read from data/lexicons/commitments.yaml.

Heads are the start of a promise ("we will get back to you", "your refund will be processed",
"let me check"); followers continue one in the same sentence ("... and let you know", "... and
send the label"). Patterns are matched case-insensitively; `ANCHOR`, on a lower-cased copy, finds
the modal words ("will", "'ll", "should", "let") every head holds, so heads are tried only
near them.
"""

from __future__ import annotations

import re
import string

from trustdesk.text.wordlists import load

# The phrases are in data/lexicons/commitments.yaml.
_WORDS = load("commitments")
# The patterns, by label. "let_me" waits for a following "... and get back to you"; "tail"
# and "and_verb" continue a promise made earlier in the sentence.
_HEADS: dict[str, list[str]] = _WORDS.labelled("heads")
_FOLLOWERS: dict[str, list[str]] = _WORDS.labelled("followers")


def _compile(patterns: dict[str, list[str]]) -> re.Pattern[str]:
    """One alternation with a named group per pattern ("self__0"), tried in order."""
    groups = [
        f"(?P<{label}__{index}>{pattern})"
        for label, entries in patterns.items()
        for index, pattern in enumerate(entries)
    ]
    return re.compile("|".join(groups), re.IGNORECASE)


# "... and will get back to you" may stand alone after a statement ("We've received your
# message and will get back to you"), so a tail with a modal is also a head.
HEAD = _compile({**_HEADS, "tail": _FOLLOWERS["tail"]})
FOLLOWER = _compile(_FOLLOWERS)
# Every head holds one of these; the head pattern is tried only at the few word starts before
# one (a scan of every position with all patterns costs ten times more).
ANCHOR = re.compile(_WORDS.pattern("anchor"))
# White space and opening punctuation, read as plain spaces.
SPACE_CHARACTERS = '\t\n\r\f\v([{",;/“‘'
# Upper-case ASCII to lower case, SPACE_CHARACTERS to spaces.
SPACED = str.maketrans(
    string.ascii_uppercase + SPACE_CHARACTERS,
    string.ascii_lowercase + " " * len(SPACE_CHARACTERS),
)
JOINT = re.compile(r"(?<![a-z])(?:and|then)(?![a-z])")
# The words a head can begin with (a cheap test before trying the full pattern).
FIRST_WORDS = tuple(_WORDS.words("first_words"))
# A subject is at most this far before its modal: "a member of our billing team will".
SUBJECT_REACH = 60
SUBJECT_WORDS = 8

FOLLOW_UP_WORDS = re.compile(_WORDS.pattern("follow_up_words"), re.IGNORECASE)
CONTACT_WORDS = re.compile(_WORDS.pattern("contact_words"), re.IGNORECASE)
HEDGE_WORDS = re.compile(_WORDS.pattern("hedge_words"), re.IGNORECASE)
HOPE = re.compile(_WORDS.pattern("hope"), re.IGNORECASE)
IMMEDIATE = re.compile(_WORDS.pattern("immediate"), re.IGNORECASE)
HABITUAL = re.compile(_WORDS.pattern("habitual"), re.IGNORECASE)
ANY_CASE = re.compile(_WORDS.pattern("any_case"), re.IGNORECASE)
# A habit word this far before a commitment still describes it; a contrast ends its reach.
HABIT_REACH = 40
CONTRAST = re.compile(r"\bbut\b|;", re.IGNORECASE)
IMMEDIATE_REACH = 40
LEAD_IN = re.compile(r"(?:and|then)\s+", re.IGNORECASE)
SUBJECT = re.compile(r"(?:i|we)\b", re.IGNORECASE)
# Cheap test before scanning: every commitment pattern contains one of these.
MARKERS = tuple(_WORDS.words("markers"))
MAX_TAIL_GAP = 80
MAX_OBJECT_WORDS = 4
NEXT_WORD = re.compile(r"[ \t]+([^\W_]+(?:['’\-][^\W_]+)*)")
# Words that end the object of an action: a time, a condition, another clause.
OBJECT_STOP = frozenset(_WORDS.words("object_stop"))

"""The wording of commitments: the patterns `commitments` matches, and the word lists it uses.

Heads are the start of a promise ("we will get back to you", "your refund will be processed",
"let me check"); followers continue one in the same sentence ("... and let you know", "... and
send the label"). Patterns are matched case-insensitively; `ANCHOR`, on a lower-cased copy, finds
the modal words ("will", "'ll", "should", "let") every head holds, so heads are tried only
near them.
"""

from __future__ import annotations

import re

_WILL = r"(?:\s*['’]ll|\s+will|\s+shall|\s+am\s+going\s+to|\s+are\s+going\s+to)"
_SELF = rf"\b(?:(?:i|we){_WILL}|(?:i['’]m|we['’]re)\s+going\s+to)"
_ORG = (
    r"\b(?:someone|somebody|(?:a|an|one\s+of\s+our|our|the|your)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:team|department|colleagues?|specialists?|managers?|supervisors?|technicians?|"
    r"engineers?|couriers?|agents?|advis[eo]rs?|representatives?|members?|case\s+handlers?|"
    r"warehouse))\s+(?:will|['’]ll|shall|is\s+going\s+to|are\s+going\s+to)"
)
_HEDGES = (
    r"try\s+(?:to|and)|endeavou?r\s+to|aim\s+to|do\s+(?:our|my)\s+(?:best|utmost)\s+to|"
    r"hopefully|look\s+to|attempt\s+to|seek\s+to|strive\s+to"
)
_ADVERBS = (
    r"(?:\s+(?:also|then|now|personally|definitely|certainly|gladly|happily|immediately|"
    r"urgently|promptly|quickly|soon|shortly|still|just|be\s+sure\s+to|make\s+sure\s+to|"
    r"need\s+to|have\s+to|be\s+able\s+to|be\s+happy\s+to|be\s+glad\s+to|want\s+to|"
    rf"{_HEDGES})){{0,3}}"
)
_FOLLOW_UP = (
    r"(?:get|come|write|revert)\s+back\s+to\s+you|get\s+back|be\s+in\s+(?:touch|contact)|"
    r"get\s+in\s+(?:touch|contact)|reach\s+out|contact\s+you|call\s+you(?:\s+back)?|"
    r"ring\s+you(?:\s+back)?|phone\s+you|give\s+you\s+a\s+(?:call|ring|bell|buzz)|"
    r"e-?mail\s+you|message\s+you|text\s+you|write\s+to\s+you|reply|respond|revert|"
    r"update\s+you|send\s+you\s+(?:an?\s+)?(?:update|reply|response|answer|e-?mail|message)|"
    r"keep\s+you\s+(?:posted|updated|informed|in\s+the\s+loop)|let\s+you\s+know|"
    r"inform\s+you|notify\s+you|follow\s+(?:up|this\s+up|it\s+up)|circle\s+back|"
    r"look\s+into|investigate|chase|escalate|check\s+(?:on|with|into|in\s+with)|find\s+out|"
    r"look\s+at|take\s+a\s+look|have\s+a\s+look|review|raise|be\s+with\s+you|"
    r"pass\s+(?:this|it|that|your\s+\w+)\s+(?:on|to)|"
    r"(?:have|get)\s+(?:you\s+)?(?:an?\s+|the\s+|some\s+|more\s+)?(?:update|answer|news|"
    r"information|reply|response)"
)
_ACTION = (
    r"send|arrange|book|schedule|issue|process|refund|credit|replace|reship|re-?send|ship|"
    r"dispatch|post|fix|resolve|sort|cancel|waive|apply|reset|unlock|reactivate|reopen|"
    r"transfer|organi[sz]e|provide|deliver|collect|repair|order|reimburse|compensate|"
    r"honou?r|activate|set\s+up|take\s+care\s+of|handle|deal\s+with|make\s+sure|ensure|"
    r"confirm|check|add|remove|change|update|upgrade|downgrade|expedite|prioriti[sz]e|"
    r"refer|forward|call|e-?mail|phone|ring|contact|visit|come\s+(?:out|round|over)|make|"
    r"(?:get|have)\s+(?:this|that|it|your\s+\w+)\s+(?:sorted|fixed|resolved|replaced|sent|"
    r"refunded|ready)"
)
_VERB = rf"(?:{_FOLLOW_UP}|{_ACTION})\b"
_NOUNS = (
    r"refunds?|replacements?|orders?|parcels?|packages?|deliver(?:y|ies)|items?|goods|"
    r"products?|case|ticket|request|complaint|claim|label|card|payment|money|funds|credit|"
    r"account|issue|problem|repair|engineer|technician|callback|answer|reply|response|"
    r"update|visit|appointment|cheque|voucher|compensation|reimbursement|booking|invoice"
)
_DONE = (
    r"processed|sent(?:\s+out)?|issued|refunded|credited|reviewed|resolved|fixed|dispatched|"
    r"shipped|delivered|returned|replaced|approved|completed|escalated|investigated|"
    r"looked\s+(?:at|into)|handled|dealt\s+with|updated|cancell?ed|arranged|repaired|"
    r"collected|reactivated|restored|activated|posted|e-?mailed|reimbursed|paid|released|"
    r"reversed|applied|added|corrected|sorted(?:\s+out)?|ready|done|with\s+you|"
    r"in\s+your\s+(?:account|bank|inbox)|on\s+your\s+(?:card|statement|account)|"
    r"on\s+(?:its|their)\s+way|in\s+touch|in\s+contact"
)
_HAPPEN = (
    r"arrive|reach\s+you|land|appear|show(?:\s+up)?|clear|go\s+through|come\s+through|"
    r"get\s+to\s+you|take|call\s+you|contact\s+you|e-?mail\s+you|get\s+in\s+touch"
)
_SOFT = r"(?:(?:now|then|also|definitely|certainly|hopefully|usually|normally|only|soon)\s+)?"
_SHOULD = r"(?:will|should|['’]ll|is\s+going\s+to|are\s+going\s+to|is\s+due\s+to|are\s+due\s+to)"
_OBJECTS = (
    r"call|phone\s+call|e-?mail|reply|response|update|answer|message|text|letter|news|"
    r"confirmation|refund|replacement|label|credit|voucher|code|link|parcel|order|delivery|"
    r"card|cheque|payment|money|funds"
)

# The patterns, by label. "let_me" waits for a following "... and get back to you"; "tail"
# and "and_verb" continue a promise made earlier in the sentence.
_HEADS: dict[str, list[str]] = {
    "self": [rf"{_SELF}{_ADVERBS}\s+{_VERB}"],
    "org": [rf"{_ORG}{_ADVERBS}\s+{_VERB}"],
    "hedged": [
        rf"{_SELF}\s+(?:{_HEDGES})\s+\w+",
        r"\b(?:i|we)\s+(?:aim|try|endeavou?r|hope|attempt|strive)\s+to\s+\w+",
    ],
    "promise": [rf"\b(?:i|we)\s+(?:promise|commit|undertake)\s+to\s+{_VERB}"],
    "outcome": [
        rf"\b(?:your|the|this|that)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_NOUNS})\s+{_SHOULD}\s+"
        rf"{_SOFT}(?:be\s+(?:fully\s+|all\s+)?(?:{_DONE}|back)|{_HAPPEN})\b",
        rf"\b(?:it|this|they|these)\s+{_SHOULD}\s+{_SOFT}"
        rf"(?:be\s+(?:{_DONE}|back\s+(?:in|on|with)\s+(?:your?|the)\b)|arrive|reach\s+you|"
        r"get\s+to\s+you)\b",
        # "Your complaint has been logged and will be reviewed": the subject is shared.
        rf"\band\s+{_SHOULD}\s+{_SOFT}be\s+(?:{_DONE})\b",
    ],
    "receive": [
        r"\byou\s*(?:['’]ll|\s+will|\s+should)\s+(?:(?:also|then|soon|shortly|now)\s+)?"
        r"(?:hear\s+(?:back\s+)?from\s+(?:us|me|our\s+[\w-]+(?:\s+team)?|the\s+[\w-]+"
        r"(?:\s+team)?)|hear\s+back|(?:receive|get|have|see)\s+(?:it|them|"
        rf"(?:an?|your|the|our|a\s+full|a\s+new)\s+(?:[\w-]+\s+)?(?:{_OBJECTS})))\b",
        rf"\b(?:please\s+)?expect\s+(?:an?|your|the|our)\s+(?:[\w-]+\s+)?(?:{_OBJECTS})\b",
    ],
    "let_me": [
        r"\blet\s+me\s+(?:check|look\s+into|find\s+out|see|investigate|ask|confirm|"
        r"chase|speak\s+(?:to|with)|talk\s+to|look|dig)\b"
    ],
}
_FOLLOWERS: dict[str, list[str]] = {
    "tail": [
        r"\b(?:and|then)\s+(?:(?:i|we)(?:\s*['’]ll|\s+will)\s+|will\s+|['’]ll\s+)?"
        r"(?:(?:get|come)\s+back\s+to\s+you|let\s+you\s+know|update\s+you|"
        r"be\s+in\s+touch|get\s+in\s+touch|keep\s+you\s+(?:posted|updated|informed)|"
        r"contact\s+you|call\s+you(?:\s+back)?|e-?mail\s+you|message\s+you|reply|respond|"
        r"follow\s+up)\b"
    ],
    # "I'll call you today and send the label by Friday": a second promise, subject shared.
    "and_verb": [rf"\b(?:and|then)\s+(?:also\s+)?(?:{_ACTION})\b"],
}


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
ANCHOR = re.compile(
    r"(?<![a-z])(?:will|shall|going|let|expect|should|promise|commit|undertake|aim|try|"
    r"endeavou?r|hope|attempt|strive|due)(?![a-z])|['’]ll(?![a-z])"
)
SPACED = str.maketrans(
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ\t\n\r\f\v([{",;/“‘', "abcdefghijklmnopqrstuvwxyz" + " " * 14
)
# The characters SPACED turns into spaces.
SPACES = re.compile(r"[\t\n\r\f\v(\[{\",;/“‘]")
JOINT = re.compile(r"(?<![a-z])(?:and|then)(?![a-z])")
# The words a head can begin with (a cheap test before trying the full pattern).
FIRST_WORDS = (
    "i",
    "we",
    "you",
    "someone",
    "somebody",
    "our",
    "the",
    "your",
    "a",
    "an",
    "one",
    "it",
    "this",
    "that",
    "they",
    "these",
    "and",
    "then",
    "let",
    "please",
    "expect",
)
# A subject is at most this far before its modal: "a member of our billing team will".
SUBJECT_REACH = 60
SUBJECT_WORDS = 8

FOLLOW_UP_WORDS = re.compile(
    rf"\b(?:{_FOLLOW_UP}|hear|call|phone\s+call|e-?mail|reply|response|update|answer|message|"
    r"text|letter|news|confirmation|in\s+touch|in\s+contact)\b",
    re.IGNORECASE,
)
CONTACT_WORDS = re.compile(
    r"\b(?:hear|call|phone|ring|e-?mail|reply|response|update|answer|message|text|letter|news|"
    r"contact|in\s+touch)\b",
    re.IGNORECASE,
)
HEDGE_WORDS = re.compile(
    rf"\b(?:{_HEDGES}|aim|try|endeavou?r|hope|attempt|strive)\b", re.IGNORECASE
)
HOPE_BEFORE = re.compile(
    r"\b(?:hopefully|we\s+hope|i\s+hope|fingers\s+crossed)\b[^.!?]*$", re.IGNORECASE
)
IMMEDIATE = re.compile(
    r"\b(?:now|right\s+away|straight\s+away|immediately|at\s+once|already|as\s+we\s+speak|"
    r"this\s+minute|in\s+a\s+moment)\b",
    re.IGNORECASE,
)
IMMEDIATE_REACH = 40
LEAD_IN = re.compile(r"(?:and|then)\s+", re.IGNORECASE)
SUBJECT = re.compile(r"(?:i|we)\b", re.IGNORECASE)
# Cheap test before scanning: every commitment pattern contains one of these.
MARKERS = (
    "will",
    "'ll",
    "’ll",
    "shall",
    "going to",
    "let me",
    "expect",
    "should",
    "promise",
    "commit",
    "undertake",
    "aim",
    "try",
    "endeavo",
    "hope",
    "attempt",
    "strive",
)
MAX_TAIL_GAP = 80
MAX_OBJECT_WORDS = 4
NEXT_WORD = re.compile(r"[ \t]+([^\W_]+(?:['’\-][^\W_]+)*)")
# Words that end the object of an action: a time, a condition, another clause.
OBJECT_STOP = frozenset(
    {
        "and",
        "but",
        "or",
        "so",
        "by",
        "within",
        "in",
        "on",
        "at",
        "before",
        "until",
        "after",
        "as",
        "if",
        "when",
        "once",
        "for",
        "today",
        "tomorrow",
        "tonight",
        "soon",
        "shortly",
        "asap",
        "because",
        "which",
        "then",
        "now",
        "straight",
        "right",
    }
)

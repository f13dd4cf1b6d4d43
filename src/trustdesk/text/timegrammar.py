"""The vocabulary of time expressions, compiled into one fast pattern.

`PATTERN` finds candidate pieces in lower-cased text; each alternative is a named group (DUR,
DATE, CLOCK, DAY, DTHE, VAGUE) so `match.lastgroup` says what was found. Word lists are
compiled as prefix tries, which Python's `re` rejects after a character or two, and a gate at
each word start skips words no time expression can begin with. Every alternative is linear:
optional words, bounded digits, no nested quantifiers. `ANCHOR` finds the words every piece
contains, so the full pattern only runs near them.
"""

from __future__ import annotations

import re

from trustdesk.text.wordlists import load

_Trie = dict[str, "_Trie"]
# The words are in data/lexicons/time.yaml.
_WORDS = load("time")


def prefix_alternation(words: list[str]) -> str:
    """An alternation of `words` factored by common prefixes (much faster for `re`)."""
    root: _Trie = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _words(words: list[str], gap: str = r"\s+") -> str:
    """A trie alternation of words and phrases, the words of a phrase separated by `gap`."""
    return "(?:" + prefix_alternation(words).replace(r"\ ", gap) + ")"


_NUM_WORDS = _words(_WORDS.words("num_words"), gap=r"[\s-]+")
_NUM = rf"\d{{1,4}}(?:\.\d{{1,2}})?|{_NUM_WORDS}"
_UNIT = _words(_WORDS.words("unit"))
_MONTHS = _words(_WORDS.words("months"))
_DURATION_PREP = _words(_WORDS.words("duration_prep"))
_APPROX = _words(_WORDS.words("approx"))
_CALENDAR_PREP = _words(_WORDS.words("calendar_prep"))
_CLOCK_PREP = _words(_WORDS.words("clock_prep"))
_DAY_PREP = _words(_WORDS.words("day_prep"))
_WEEKDAY = _words(_WORDS.words("weekday"))
_PART = _words(_WORDS.words("part"))

_DURATION = (
    rf"(?P<DUR>(?:(?P<dprep>{_DURATION_PREP})\s+)?(?:{_APPROX}\s+)?"
    r"(?:the\s+)?(?:(?:(?P<dpast>last|past)|next|coming|following|first)\s+)?"
    rf"(?P<n1>{_NUM})(?:\s*(?:-|–|—|to|or)\s*(?P<n2>{_NUM}))?(?P<half>\s+and\s+a\s+half)?"
    r"(?:(?<=\d)[\s-]*|[\s-]+)(?:(?P<biz>business|working|work)[\s-]+)?"
    rf"(?P<unit>{_UNIT})(?!\w)(?P<half2>\s+and\s+a\s+half)?"
    r"(?:\s+or\s+(?P<ortwo>two|three|so)(?!\w))?)"
)
_THE_UNIT = (
    r"(?P<DTHE>(?:(?P<tprep>within|in|over|during|for|by)\s+)?the\s+"
    r"(?:(?P<tq>next|coming|following|same)\s+)?(?:(?P<tbiz>business|working)\s+)?"
    r"(?P<tunit>hour|day|week|month)(?!\w)(?:\s+or\s+(?P<tortwo>two|three)(?!\w))?)"
)
_DATE = (
    rf"(?P<DATE>(?:(?P<aprep>{_CALENDAR_PREP})\s+)?(?:the\s+)?(?:"
    rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<mon1>{_MONTHS})(?!\w)"
    r"(?:,?\s+(?P<y1>\d{4})(?!\d))?"
    rf"|(?P<mon2>{_MONTHS})\s+(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?!\w)"
    r"(?:,?\s+(?P<y2>\d{4})(?!\d))?"
    r"|(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d)"
    r"|(?P<nd>\d{1,2})/(?P<nm>\d{1,2})(?:/(?P<ny>\d{4}|\d{2}))?(?![\d/])"
    r"|(?P<ord>\d{1,2})(?:st|nd|rd|th)(?!\w)))"
)
_CLOCK = (
    rf"(?P<CLOCK>(?:(?P<cprep>{_CLOCK_PREP})\s+)?(?:"
    r"(?P<h1>\d{1,2})(?P<sep>[:.])(?P<m1>[0-5]\d)(?:\s*(?P<ap1>[ap])(?:m\b|\.m\.))?(?![\d:])"
    r"|(?P<h2>\d{1,2})\s*(?P<ap2>[ap])(?:m\b|\.m\.)"
    r"|(?P<noon>noon|midday|mid-day|midnight)(?!\w)"
    r"|(?P<h3>\d{1,2})\s*o'?clock(?!\w)))"
)
_DAY = (
    rf"(?P<DAY>(?:(?P<yprep>{_DAY_PREP})\s+)?(?:the\s+)?"
    r"(?:(?P<q>this|next|the\s+coming|coming|the\s+following|following)\s+)?"
    r"(?P<first>first\s+thing\s+(?:(?:on|in\s+the)\s+)?)?(?:"
    r"(?P<today>today|tonight|tonite)"
    r"|(?P<dayafter>(?:the\s+)?day\s+after\s+tomorrow)"
    r"|(?P<eotom>end\s+of\s+tomorrow)"
    r"|(?P<tomorrow>tomorrow|tomorow|tmrw|tmr)"
    r"|(?P<eod>end\s+of\s+(?:the\s+)?(?:business\s+|working\s+)?(?:day|today)|eod|cob|"
    r"close\s+of\s+(?:business|play)|end\s+of\s+(?:play|business))"
    r"|(?P<eow>end\s+of\s+(?:the\s+|this\s+|(?P<eownext>next)\s+)?(?:working\s+|business\s+)?"
    r"week)"
    r"|(?P<eom>end\s+of\s+(?:the\s+|this\s+|(?P<eomnext>next)\s+)?month)"
    r"|(?P<nextbiz>next\s+(?:business|working)\s+day)"
    r"|(?P<weekend>weekend)|(?P<week>week)|(?P<month>month)"
    rf"|(?P<weekday>{_WEEKDAY})"
    rf"|(?P<part>{_PART}))(?![\w'’])"
    rf"(?:\s+(?P<part2>{_PART})(?!\w))?)"
)
_VAGUE = f"(?P<VAGUE>{_WORDS.pattern('vague')})"
# A piece starts at a word start and never inside an amount ("£12.50") or a number.
_START = r"(?<![\w£$€.:/'’\-])(?<!\d,)"
# The words a piece can begin with; other word starts are skipped at once.
_FIRST_WORDS = _words(_WORDS.words("first_words"))
_GATE = rf"(?=\d|{_FIRST_WORDS}(?![a-z]))"
_BODY = f"{_START}{_GATE}(?:{_DURATION}|{_DATE}|{_CLOCK}|{_DAY}|{_THE_UNIT}|{_VAGUE})"
PATTERN = re.compile(_BODY)
PATTERN_ANYCASE = re.compile(_BODY, re.IGNORECASE)
CALENDAR_KINDS = frozenset({"DATE", "CLOCK", "DAY"})
# What may separate two pieces of one expression ("Friday, 6 March", "tomorrow at 10am").
JOINER = re.compile(r"[ \t]*,?[ \t]*")

# Every piece holds one of these words or a digit. Finding them first (one cheap scan) lets
# the full pattern run only near them, which keeps a message without times nearly free.
_ANCHOR_WORDS = _words(_WORDS.words("anchor_words"))
_ANCHOR_BODY = rf"(?<![a-z\d])(?:\d|{_ANCHOR_WORDS}(?![a-z]))"
ANCHOR = re.compile(_ANCHOR_BODY)
ANCHOR_ANYCASE = re.compile(_ANCHOR_BODY, re.IGNORECASE)
# How far before its anchor a piece may begin ("no later than the following Monday"),
# in characters and in words.
REACH_BEFORE = 48
MAX_WORDS_BEFORE = 6

UNIT_ALIASES: dict[str, str] = _WORDS.table("unit_aliases")
UNIT_SECONDS = {
    "m": 60,
    "h": 3600,
    "d": 86400,
    "w": 604800,
    "f": 1209600,
    "mo": 2592000,
    "y": 31536000,
}
MAX_SECONDS = 5 * 31536000

_NUMBER_WORDS: dict[str, float] = _WORDS.table("number_words")
# Words that name a rough range: (lowest, highest).
APPROXIMATE: dict[str, tuple[float, float]] = {
    word: (low, high) for word, (low, high) in _WORDS.table("approximate").items()
}
_SPACES = re.compile(r"[\s\-]+")


def normal(words: str) -> str:
    return _SPACES.sub(" ", words.strip().lower())


def number(token: str | None) -> float | None:
    if token is None:
        return None
    if token[0].isdigit():
        return float(token)
    value = _NUMBER_WORDS.get(normal(token))
    return float(value) if value is not None else None

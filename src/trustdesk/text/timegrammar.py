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

_Trie = dict[str, "_Trie"]


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


def _words(spec: str, gap: str = r"\s+") -> str:
    """A trie alternation of space-separated words; "_" joins the words of a phrase."""
    return (
        "(?:"
        + prefix_alternation([w.replace("_", " ") for w in spec.split()]).replace(r"\ ", gap)
        + ")"
    )


_NUM_WORDS = _words(
    "a_couple_of couple_of a_few few several half_a half_an twenty_four forty_eight "
    "seventy_two one two three four five six seven eight nine ten eleven twelve fourteen "
    "fifteen twenty thirty forty sixty ninety a an",
    gap=r"[\s-]+",
)
_NUM = rf"\d{{1,4}}(?:\.\d{{1,2}})?|{_NUM_WORDS}"
_UNIT = _words(
    "minutes minute mins min hours hour hrs hr h days day weeks week wks wk months month "
    "fortnights fortnight years year yrs yr"
)
_MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sept sep oct nov dec"
)
_DURATION_PREP = _words(
    "within in_less_than in inside_of inside under less_than up_to no_more_than "
    "no_later_than by for after over at_least at_most"
)
_APPROX = _words(
    "about around approximately approx. approx roughly just only another an_extra a_further up_to"
)
_CALENDAR_PREP = _words("by before until till on from after no_later_than")
_CLOCK_PREP = _words("by before until till at around about from after no_later_than")
_DAY_PREP = _words(
    "by before until till til on for no_later_than later from after during over at in"
)
_WEEKDAY = _words(
    "monday tuesday wednesday thursday friday saturday sunday tues tue weds wed thurs thur thu fri"
)
_PART = _words("morning afternoon evening lunchtime night")

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
_VAGUE = (
    r"(?P<VAGUE>as\s+soon\s+as(?:\s+(?:possible|practicable|(?:we|i)\s+(?:can|are\s+able|"
    r"am\s+able|hear(?:\s+back)?|have\s+(?:news|an\s+update|more)))(?!\w))?"
    r"|a\.s\.a\.p\.?|asap(?!\w)|sooner\s+or\s+later|soon(?!\w)|shortly(?!\w)"
    r"|in\s+due\s+course|at\s+some\s+(?:point|stage|time)(?!\w)|some\s*time\s+soon"
    r"|in\s+a\s+(?:little\s+|short\s+)?while|after\s+a\s+while"
    r"|at\s+(?:the|our|my)\s+(?:earliest|first)\s+(?:possible\s+)?"
    r"(?:opportunity|convenience|moment|chance)"
    r"|in\s+the\s+(?:near|not\s+too\s+distant|foreseeable)\s+future"
    r"|(?:in|over)\s+the\s+coming\s+(?:days|weeks|months)"
    r"|at\s+a\s+later\s+(?:date|stage|time|point)|later\s+on(?!\w)|later(?!\w)"
    r"|eventually(?!\w)|before\s+long(?!\w)"
    r"|as\s+(?:quickly|fast|promptly)\s+as\s+(?:possible|we\s+can|i\s+can)"
    r"|when(?:ever)?\s+(?:we|i)\s+(?:can|get\s+(?:a|the)\s+chance|have\s+(?:a|the)\s+"
    r"(?:moment|chance|minute)))"
)
# A piece starts at a word start and never inside an amount ("£12.50") or a number.
_START = r"(?<![\w£$€.:/'’\-])(?<!\d,)"
# The words a piece can begin with; other word starts are skipped at once.
_FIRST_WORDS = _words(
    "within in inside under less up no by for after over at about around approximately "
    "approx roughly just only another an a the last past next coming following first before "
    "until till til on from this later during one two three four five six seven eight nine "
    "ten eleven twelve fourteen fifteen twenty thirty forty sixty ninety seventy couple few "
    "several half as sooner some sometime end close today tonight tonite tomorrow tomorow tmrw "
    "tmr eod cob weekend week month day hour morning afternoon evening lunchtime night noon "
    "midday mid midnight monday tuesday tues tue wednesday weds wed thursday thurs thur thu "
    "friday fri saturday sunday january february march april may june july august september "
    "october november december jan feb mar apr jun jul aug sept sep oct nov dec soon shortly "
    "asap a.s.a.p eventually when whenever"
)
_GATE = rf"(?=\d|{_FIRST_WORDS}(?![a-z]))"
_BODY = f"{_START}{_GATE}(?:{_DURATION}|{_DATE}|{_CLOCK}|{_DAY}|{_THE_UNIT}|{_VAGUE})"
PATTERN = re.compile(_BODY)
PATTERN_ANYCASE = re.compile(_BODY, re.IGNORECASE)
CALENDAR_KINDS = frozenset({"DATE", "CLOCK", "DAY"})
# What may separate two pieces of one expression ("Friday, 6 March", "tomorrow at 10am").
JOINER = re.compile(r"[ \t]*,?[ \t]*")

# Every piece holds one of these words or a digit. Finding them first (one cheap scan) lets
# the full pattern run only near them, which keeps a message without times nearly free.
_ANCHOR_WORDS = _words(
    "today tonight tonite tomorrow tomorow tmrw tmr eod cob end close weekend week month day "
    "hour morning afternoon evening lunchtime night noon midday mid midnight "
    "monday tuesday tues tue wednesday weds wed thursday thurs thur thu friday fri saturday "
    "sunday january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sept sep oct nov dec minutes minute mins min hours "
    "hrs hr days weeks wks wk months fortnights fortnight years year yrs yr soon sooner "
    "shortly asap a.s.a.p due some sometime while earliest first future coming later "
    "eventually long quickly fast promptly when whenever"
)
_ANCHOR_BODY = rf"(?<![a-z\d])(?:\d|{_ANCHOR_WORDS}(?![a-z]))"
ANCHOR = re.compile(_ANCHOR_BODY)
ANCHOR_ANYCASE = re.compile(_ANCHOR_BODY, re.IGNORECASE)
# How far before its anchor a piece may begin ("no later than the following Monday"),
# in characters and in words.
REACH_BEFORE = 48
MAX_WORDS_BEFORE = 6

UNIT_ALIASES = {
    "minutes": "m",
    "minute": "m",
    "mins": "m",
    "min": "m",
    "hours": "h",
    "hour": "h",
    "hrs": "h",
    "hr": "h",
    "h": "h",
    "days": "d",
    "day": "d",
    "weeks": "w",
    "week": "w",
    "wks": "w",
    "wk": "w",
    "months": "mo",
    "month": "mo",
    "fortnights": "f",
    "fortnight": "f",
    "years": "y",
    "year": "y",
    "yrs": "y",
    "yr": "y",
}
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

_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "sixty": 60,
    "ninety": 90,
    "twenty four": 24,
    "forty eight": 48,
    "seventy two": 72,
    "a couple of": 2,
    "couple of": 2,
    "a few": 4,
    "few": 4,
    "several": 7,
    "half a": 0.5,
    "half an": 0.5,
}
# Words that name a rough range: (lowest, highest).
APPROXIMATE = {"a few": (2.0, 4.0), "few": (2.0, 4.0), "several": (3.0, 7.0)}
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

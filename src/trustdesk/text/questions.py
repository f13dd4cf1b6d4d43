"""Which sentences ask something, what kind of answer they want, and which words carry them.

Customers write questions with and without a question mark ("when will my refund arrive"),
several to a line ("where is it? it was due monday"), and as statements ("I'd like to know
when ..."). `find_questions` finds them; `question_kind` says what an answer must contain
(a time, an amount, a reason, a yes or no); `content_key` turns a word into the key used to
compare a question with a reply; `is_request` finds action requests ("Please call me").
"""

from __future__ import annotations

import enum
import functools
import re

from trustdesk.text.spans import Span

_AUX = (
    r"is|are|am|was|were|do|does|did|can|could|will|would|should|shall|may|might|have|has|had|"
    r"isn't|aren't|don't|doesn't|didn't|can't|won't|wouldn't|haven't|hasn't|shouldn't|couldn't"
)
_SUBJECT = (
    r"i|you|we|they|it|he|she|this|that|these|those|there|my|your|our|their|the|a|an|any|"
    r"anyone|someone|somebody|anybody"
)
# Fillers a question may open with; each is followed by exactly one separator, so the
# repetition cannot backtrack.
_LEAD = r"^\s*(?:(?:and|but|so|also|ok|okay|hi|hello|hey|sorry|please|then|well|oh)(?:, ?| ))*"
_WH = r"who|what|when|where|why|how|which|whose|whom"
_WH_ANYWHERE = re.compile(rf"\b(?:{_WH})\b", re.IGNORECASE)

# Without a question mark, only a clearly interrogative opening counts: a wh-word followed by
# an auxiliary ("when will", "how do"), or an auxiliary followed by a subject ("can you").
_BARE_QUESTION = re.compile(
    _LEAD + rf"(?:(?:{_WH})(?:'s| (?:{_AUX}))|(?!ha(?:ve|s|d) (?:a|an|the|fun)\b)"
    rf"(?:{_AUX}) (?:{_SUBJECT}))\b",
    re.IGNORECASE,
)
# Requests for information phrased as statements: "I'd like to know when...", "please tell me".
_INDIRECT = re.compile(
    r"\b(?:(?:i(?:'d| would)? (?:like|want|need) to (?:know|find out|understand))|"
    r"i(?: am|'m) wondering|i was wondering|i wonder|"
    r"(?:please|pls|can you|could you|would you) (?:tell|let) me|"
    r"please (?:explain|confirm|advise)|(?:do|does) anyone know)\b",
    re.IGNORECASE,
)
# Openers, greetings and outbursts that end in "?" but ask nothing anyone should answer.
_RHETORICAL = re.compile(
    r"^\s*(?:(?:hi|hello|hey|ok|okay|oh|and|so|but|seriously|really)(?:, ?| ))*(?:"
    r"how are you(?: doing| today)?|how(?:'s| is) it going|how have you been|"
    r"are you (?:kidding|serious|joking|for real)(?: me)?|is this (?:a joke|some kind of joke)|"
    r"seriously|really|right|ok|okay|hello|hi|hey|hi there|hello there|huh|"
    r"what|wait,? what|lol what|"
    r"how hard (?:can|is) (?:it|that)|how (?:hard|difficult) is it to|"
    r"what(?:'s| is) wrong with (?:you|your|this company)|"
    r"why (?:does|do|is|must) (?:this|it|everything) (?:always|keep|have to)|why me|"
    r"what (?:kind|sort) of (?:service|company|customer service|business|joke)"
    r"(?: is (?:this|that)| do you call (?:this|that))?|"
    r"do you (?:even|actually|people even) (?:care|read|listen)|"
    r"(?:can|could) you believe|what the (?:hell|heck|fuck)|how dare you|who does that|"
    r"is anyone (?:even )?(?:there|reading|listening)|anyone (?:there|home)|"
    r"(?:can|could) (?:you|someone|anyone) (?:please )?(?:help|assist)(?: me)?(?: please)?"
    r")\b[^a-z0-9]*$",
    re.IGNORECASE,
)


def is_rhetorical(sentence: str) -> bool:
    """A greeting, an outburst or a bare call for help: nothing specific to answer."""
    return bool(_RHETORICAL.match(sentence))


# Disbelief, not a question: a few words echoed back with "??" or "?!" ("14 business days??").
_ECHO = re.compile(r"(?:\?\?|\?!|!\?)\W*$")
_ECHO_MAX_WORDS = 5
# Fewer words than this, closed by a full stop, make a fragment rather than a question.
_FRAGMENT_WORDS = 4
# Patterns anchored at the end look at the last characters only, so a long run of "?" or
# punctuation cannot make them retry at every position.
_TAIL = 80


# On social channels a sentence may open with the @handles it is addressed to and end with
# more of them ("@acme is it open today?", "no refund, @acme?"): they are not what is asked.
_LEADING_HANDLES = re.compile(r"^(?:\s*[@＠][A-Za-z0-9_]{1,30}[\s,:;]*)+")
_TRAILING_HANDLES = re.compile(r"(?:[\s,]*[@＠][A-Za-z0-9_]{1,30})+(?=\W*$)")


def _handles_at_start(text: str) -> int:
    match = _LEADING_HANDLES.match(text)
    return match.end() if match else 0


def without_handles(sentence: str) -> str:
    """`sentence` without the @handles it opens and ends with."""
    text = sentence[_handles_at_start(sentence) :]
    # Only the tail can hold trailing handles; a bounded look keeps a long sentence linear.
    head, tail = text[:-_TAIL], text[-_TAIL:]
    return head + _TRAILING_HANDLES.sub("", tail)


def is_question(sentence: str) -> bool:
    stripped = without_handles(sentence.rstrip()).strip()
    if not stripped or is_rhetorical(stripped):
        return False
    words = stripped.split()
    if (
        _ECHO.search(stripped[-_TAIL:])
        and len(words) <= _ECHO_MAX_WORDS
        and not _BARE_QUESTION.match(stripped)
        and not _WH_ANYWHERE.search(stripped)
    ):
        return False
    # One word echoed back ("Flexibility?", "Monday?") is disbelief or a prompt, not a
    # question a reply could be judged on; "Why?" and "When?" do ask.
    if len(words) == 1 and not _WH_ANYWHERE.search(stripped):
        return False
    if stripped.endswith("?"):
        return True
    if _INDIRECT.search(stripped):
        return True
    # Chat customers often drop the question mark; a short, clearly interrogative opening
    # still asks something. A fragment closed by a full stop ("Was my wife.") answers, not asks.
    if stripped.endswith(".") and len(words) < _FRAGMENT_WORDS:
        return False
    return len(stripped) <= 200 and bool(_BARE_QUESTION.match(stripped))


# Inside one sentence, "?" followed by more text ends a question ("where is it? due monday").
_INNER_END = re.compile(r"(?<!\?)\?+(?=\s)")


def _pieces(sentence: Span) -> list[Span]:
    text = sentence.text
    pieces: list[Span] = []
    start = 0
    for match in _INNER_END.finditer(text):
        end = match.end()
        pieces.append(_trimmed(sentence, start, end))
        start = end
    if start == 0:
        return [sentence]
    pieces.append(_trimmed(sentence, start, len(text)))
    return [piece for piece in pieces if piece.text]


def _trimmed(sentence: Span, start: int, end: int) -> Span:
    text = sentence.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(sentence.start + start, sentence.start + end, text[start:end])


# A greeting before a question is not part of what is asked ("Hi team, when will ...").
_GREETING = re.compile(
    r"^(?:hi|hello|hey|good (?:morning|afternoon|evening))(?: there| team| all| guys)?"
    r"[,!.]?\s+(?=\w)",
    re.IGNORECASE,
)


# A full stop the sentence splitter kept because the next word is lower case ("... in
# seconds. why does it take so long?"): the question starts after it.
_LOWER_START = re.compile(rf"[.!]+\s+(?=(?:{_WH}|{_AUX})\b)")


def _without_greeting(question: Span) -> Span:
    """`question` without the statements before it, the @handles and the greeting it opens
    with."""
    start = 0
    for statement in _LOWER_START.finditer(question.text):
        start = statement.end()
    start += _handles_at_start(question.text[start:])
    greeting = _GREETING.match(question.text[start:])
    if greeting is not None:
        start += greeting.end()
    if start == 0:
        return question
    return Span(question.start + start, question.end, question.text[start:])


def find_questions(sentences: list[Span]) -> list[Span]:
    """The questions among `sentences`, split further where a "?" ends one mid-sentence."""
    found: list[Span] = []
    for sentence in sentences:
        if "?" not in sentence.text:
            if is_question(sentence.text):
                found.append(_without_greeting(sentence))
            continue
        found.extend(
            _without_greeting(piece) for piece in _pieces(sentence) if is_question(piece.text)
        )
    return found


# "X, but Y?": a contrast said as a question is an objection ("You sell it but won't ship it?").
_CONTRAST = re.compile(r"\bbut\b", re.IGNORECASE)


def is_declarative(question: str) -> bool:
    """A statement said with a question mark ("I get nothing for preordering?"): no
    auxiliary first, no question word, no "I'd like to know"."""
    text = _GREETING.sub("", without_handles(question).strip(), count=1)
    return not (
        _YES_NO.match(text)
        or _WH_ANYWHERE.search(text)
        or _INDIRECT.search(text)
        or _TAG.search(text[-_TAIL:])
    )


def is_objection(question: str) -> bool:
    """A statement that contrasts two things with a question mark: an objection, not a
    request for information."""
    return is_declarative(question) and bool(_CONTRAST.search(question))


class QuestionKind(enum.StrEnum):
    """What an answer to a question has to contain."""

    TIME = "time"  # when, how long, what time, by when
    AMOUNT = "amount"  # how much, how many, what does it cost
    REASON = "reason"  # why, how come, what is the reason
    FAULT = "fault"  # why isn't it working, why can't I: a reason or a fix
    PLACE = "place"  # where is it
    METHOD = "method"  # how do I, what do I need to do
    YES_NO = "yes_no"  # an auxiliary first: "can I", "is it", "do you"
    OPEN = "open"  # what, which, who: the subject words must come back


# "when", "why" and "where" ask only at the head of a clause: "when will it arrive?", "can you
# tell me why ...", not "did you know when you testified ...?".
_CLAUSE_HEAD = (
    _LEAD + r"|\b(?:know|tell (?:me|us)|wondering|wonder|explain|ask|asking|idea|sure|confirm|"
    r"understand|advise|and|or|but|then|also)\W+"
)


def _headed(word: str) -> str:
    return rf"(?:{_CLAUSE_HEAD})(?:{word})\b"


_TIME = re.compile(
    r"\b(?:how long|what time|what date|which day|by when|until when|how soon|eta|"
    r"how many (?:days|hours|weeks|minutes))\b|" + _headed("when"),
    re.IGNORECASE,
)
_AMOUNT = re.compile(
    r"\b(?:how much|how many|what(?:'s| is| are| does| will)? (?:the )?"
    r"(?:price|cost|costs|fee|fees|charge|charges|rate|amount|total|balance)|"
    r"what (?:does|will|would) (?:it|this|that|they) cost)\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\b(?:how come|what(?:'s| is| was) the reason|for what reason|what happened)\b|"
    + _headed("why"),
    re.IGNORECASE,
)
# A "why" about something that fails ("why is the football not showing", "why can't I log
# in", "why does it keep crashing") reports a fault: a step that fixes it answers it as well
# as a reason does.
_FAULT = re.compile(
    r"\b(?:not|never|no longer|cannot|can't|won't|isn't|aren't|doesn't|don't|didn't|wasn't|"
    r"haven't|hasn't|keeps?|stopped|broken|fails?|failing|failed|error|crash(?:es|ing|ed)?|"
    r"freez(?:es|ing)|froze)\b",
    re.IGNORECASE,
)
_PLACE = re.compile(
    r"\b(?:whereabouts|which (?:address|store|branch|depot|office))\b|" + _headed("where"),
    re.IGNORECASE,
)
_METHOD = re.compile(
    r"\b(?:how (?:do|can|should|would|could|will) (?:i|we|you|one)|how to|"
    r"what (?:do|should|must|can) (?:i|we) (?:do|need to do)|what(?:'s| is| are) the steps|"
    r"is there (?:a|any) way)\b",
    re.IGNORECASE,
)
_YES_NO = re.compile(_LEAD + rf"(?:{_AUX})\b", re.IGNORECASE)
# A tag at the end makes a statement a yes/no question: "..., is that correct?"
_TAG = re.compile(
    r"(?:\b(?:is|isn't|was|wasn't|are|aren't|do|don't|does|doesn't|did|didn't|can|can't|"
    r"will|won't|would|wouldn't|have|haven't|has|hasn't) (?:that|it|this|you|they|we|i|there)"
    r"(?: (?:right|correct|true|fair|so))?|\b(?:right|correct|true|yes or no|no))\W*$",
    re.IGNORECASE,
)
# "Can you tell me what ..." wants what the embedded question wants.
_EMBEDDED = re.compile(
    r"^\W*(?:can|could|would|will) you (?:please )?(?:tell|let|show|explain to|confirm) "
    r"(?:me|us)?\W*(?:who|what|which|whose|whom)\b",
    re.IGNORECASE,
)


def question_kind(sentence: str) -> QuestionKind:
    # Checked in this order: "why can't I ..." wants a reason before a yes or a no, and
    # "how long will it take ..." wants a time however it opens.
    if _TIME.search(sentence):
        return QuestionKind.TIME
    if _AMOUNT.search(sentence):
        return QuestionKind.AMOUNT
    if _REASON.search(sentence):
        return QuestionKind.FAULT if _FAULT.search(sentence) else QuestionKind.REASON
    if _PLACE.search(sentence):
        return QuestionKind.PLACE
    if _METHOD.search(sentence):
        return QuestionKind.METHOD
    if _EMBEDDED.match(sentence):
        return QuestionKind.OPEN
    # An auxiliary first, a tag at the end, or no question word at all ("Papua, New
    # Guinea?", "Any update on the refund?") asks for a yes or a no.
    if (
        _YES_NO.match(sentence)
        or _TAG.search(sentence[-_TAIL:])
        or not _WH_ANYWHERE.search(sentence)
    ):
        return QuestionKind.YES_NO
    return QuestionKind.OPEN


# Words that carry no subject: function words, and the vocabulary every support exchange
# shares ("help", "please", "order" is kept: it names what the question is about).
_STOPWORD_LIST = """
    a about above after again against all also am an and any anyone anything are aren't as at
    be because been before being below between both but by can can't cannot could couldn't did
    didn't do does doesn't doing don't down during each either else ever every few for from
    further get gets getting got gotten had hadn't has hasn't have haven't having he her here
    hers herself him himself his how i i'd i'll i'm i've if in into is isn't it it's its itself
    just know let let's like me might mine more most much must mustn't my myself need needs no
    nor not now of off on once one only or other ought our ours ourselves out over own please
    pls possible really same shall she should shouldn't so some something still such than thank
    thanks that that's the their theirs them themselves then there there's these they they'd
    they'll they're they've this those through thx to too under until up us very want wanted
    was wasn't way we we'd we'll we're we've well were weren't what what's when where which
    while who whom whose why will with won't would wouldn't yes yet you you'd you'll you're
    you've your yours yourself yourselves hi hello hey dear ok okay sure sorry help tell
    wondering wonder like able go going make made take thing things
    ask asking asked question questions happen happens happened update updates news progress
    status back
"""
_STOPWORDS = frozenset(_STOPWORD_LIST.split())


@functools.lru_cache(maxsize=8192)
def content_key(word: str) -> str | None:
    """The comparison key of a word ("Refunds" -> "refund"), or None for a function word."""
    lowered = word.lower().replace("’", "'")
    if len(lowered) < 3 or lowered in _STOPWORDS or lowered.isdigit():
        return None
    # A light stemmer: enough to match "refunds"/"refunded"/"refunding" with "refund". A final
    # double letter is always made single, so "cancelled" and "cancel" (and "shipped" and
    # "ship") meet on the same key.
    stem = lowered
    for suffix in ("ing", "ed", "es", "s"):
        if lowered.endswith(suffix) and len(lowered) - len(suffix) >= 4:
            stem = lowered[: -len(suffix)]
            break
    else:
        # A short plural meets its singular too: "dogs" and "dog", "fees" and "fee".
        if lowered.endswith("s") and not lowered.endswith("ss") and len(lowered) >= 4:
            stem = lowered[:-1]
    if len(stem) > 3 and stem[-1] == stem[-2]:
        stem = stem[:-1]
    # "owns" and "needs" carry no more subject than "own" and "need".
    return None if stem in _STOPWORDS else stem


# Action requests addressed to the reader: "Please call me", "Let me know", "Send me the
# report", "Could you forward it", "I'd appreciate it if you could ...".
_REQUEST = re.compile(
    r"(?:^\s*(?:(?:hi|hello|ok|okay|also|and|but|so|then|now)(?:, ?| ))*(?:please|pls|kindly)\b|"
    r"\b(?:please|pls|kindly) (?!find\b|note\b|see (?:below|attached)\b|ignore\b|know\b|"
    r"add\b|refer\b|do so\b|visit\b)\w|"
    # Proposals to meet or talk ask the reader to agree: "we could meet on Friday".
    r"\b(?:i'?d|i would|we'?d|we would) (?:love|like|be happy|be glad) to (?:discuss|talk|"
    r"meet|chat|catch up|come|have you|see you|set up|get together|speak)\b|"
    r"\b(?:we|you) (?:could|can|should) (?:meet|discuss|talk|get together|have lunch|"
    r"catch up|set up|speak)\b|\b(?:i|we) (?:was|were) hoping\b|"
    r"\b(?:i|we) need to (?:discuss|talk|meet|speak)\b|\byou(?:'re| are) welcome to\b|"
    r"\b(?:want|like) to (?:come|join)\b|\bjoin (?:us|me)\b|\brequest a meeting\b|"
    r"\blet me know\b|\blet'?s\b|\bget back to me\b|"
    r"\b(?:can|could|would|will) you(?: please)? (?!be\b|have\b|believe\b)\w|"
    r"\bwould you (?:mind|like)\b|\b(?:i'd|i would|we'd|we would) (?:appreciate|be grateful)\b|"
    r"\b(?:i|we) (?:need|want|would like) you to\b|\bdo not forget\b|\bdon'?t forget\b|"
    r"\bmake sure (?:you|to)\b|\bfeel free to\b|\b(?:call|phone|ring|email|e-mail|text) me\b|"
    r"\bgive me a (?:call|ring|shout)\b|\bsend me\b|^\s*(?:call|send|forward|review|check|"
    r"contact|give|fax|print|sign|remember|confirm|reply|respond|join|come|meet|bring|"
    r"read|look|fill|complete|update|provide|schedule|set up|add|attend|return|submit|"
    r"see|try|visit|register|click|follow|tell|ask|stop|keep|use|get|take|pick)\b"
    r"(?! forward))",
    re.IGNORECASE,
)


def is_request(sentence: str) -> bool:
    """An action the writer asks the reader to take ("Please call me on Thursday")."""
    return bool(_REQUEST.search(sentence))


def asks_something(sentence: str) -> bool:
    """A question, or a request for action: something the reader is expected to act on."""
    return is_question(sentence) or is_request(sentence)

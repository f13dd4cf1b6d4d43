"""How a reply acknowledges the customer: their feelings, and the time they were kept waiting.

Two lexicons, shared by the empathy and responsiveness checks:

- `ACKNOWLEDGEMENT`: an apology or a sign the agent sees how the customer feels ("I'm sorry",
  "I understand how frustrating this is", "that must be stressful", "you're right to be
  upset", "thank you for your patience");
- `DELAY_APOLOGY`: an apology or thanks for the wait itself ("sorry for the delay", "thank you
  for waiting", "I apologise for the slow reply").
"""

from __future__ import annotations

from trustdesk.text.lexicon import Lexicon

_FEELING = (
    r"(?:frustrating|annoying|stressful|upsetting|worrying|disappointing|difficult|hard|"
    r"awful|terrible|horrible|inconvenient|concerning|exhausting|maddening|infuriating|"
    r"unsettling|distressing|irritating|painful|tough|a hassle|a pain|not good enough|"
    r"unacceptable|not acceptable|not okay|not ok|not right|not fair)"
)
_UPSET = (
    r"(?:upset|frustrated|annoyed|angry|disappointed|worried|concerned|unhappy|stressed|"
    r"fed up|cross|let down|confused|anxious)"
)

ACKNOWLEDGEMENT = Lexicon(
    "acknowledgement",
    {
        "apology": [
            r"\b(?:i'?m|i am|we'?re|we are)(?: so| very| really| truly| terribly| deeply| "
            r"genuinely| incredibly| sincerely| extremely)? sorry\b",
            r"\bsorry (?:to hear|about|that|you|this|again|it)\b",
            # "Sorry, you should have been told", not "Sorry, I didn't understand that".
            r"\b(?<!\w )sorry\b(?!,? (?:i|we) (?:didn'?t|did not|don'?t|do not|can'?t|"
            r"cannot) (?:understand|catch|follow|get))",
            r"\bsorry for (?:the|your|any|this|that|all|keeping|what|how|making)\b",
            r"\b(?:my|our)(?: sincere| sincerest| deepest| deep| humble| heartfelt)? "
            r"apolog(?:y|ies)\b",
            r"\b(?:i|we)(?: do| sincerely| truly| really| deeply)? apologi[sz]e\b",
            r"\bapologies for\b",
            r"\bplease accept (?:my|our)\b",
            r"\bwe (?:truly |really |deeply )?regret\b",
            r"\bi (?:truly |really |deeply )?regret (?:that|to hear|the|any)\b",
        ],
        "understanding": [
            r"\b(?:i|we)(?: completely| totally| fully| really| can| do| absolutely)? "
            r"understand (?:how|why|that|your|you|the|this|what)\b",
            r"\b(?:i|we) (?:can|could) (?:see|imagine|understand) (?:how|why|that|what)\b",
            r"\b(?:i|we) (?:can )?(?:completely |totally |really )?hear you\b",
            r"\bi feel (?:you|ya)\b",
            r"\bi know (?:exactly )?(?:how|what) you(?:'re| are)? (?:feel|mean|going through)",
            r"\byou(?:'re| are) (?:not|never) alone\b",
            r"\bhang in there\b",
            r"\bhope (?:you|things|it|everything) (?:feel|feels|get|gets|will get|will be) "
            r"better\b",
            r"\b(?:sending (?:you )?|big )(?:hugs|love)\b",
            r"\bthat (?:really )?sucks\b",
            r"\bi (?:totally |completely |really )?get (?:it|that|why|how)\b",
            rf"\b(?:i|we) know (?:how|what) (?:{_FEELING}|it feels|this feels|that feels|"
            rf"you(?:'re| are) going through|you must be)",
            r"\bi know the feeling\b|\bi can relate\b|\bi feel for you\b",
            r"\b(?:i|we) (?:completely |totally |fully |really )?(?:appreciate|recogni[sz]e|"
            r"acknowledge) (?:how|that|why|your frustration|the frustration|the inconvenience)\b",
            rf"\b(?:that|this|it)(?: must| would| does| can)(?: have)? "
            rf"(?:be|been|sound|seem)(?: really| so| very| incredibly| extremely| truly)? "
            rf"{_FEELING}",
            rf"\b(?:(?:that|this) (?:sounds|seems|has been)|that (?:is|was))(?: really| so| very|"
            rf" incredibly|"
            rf" extremely| truly)? {_FEELING}",
            rf"\b(?:that'?s|what a)(?: really| so| very| incredibly| truly)? {_FEELING}",
            rf"\b(?<!\w )how(?: really| so| very| incredibly| truly)? {_FEELING}\b[^?\n]"
            rf"{{0,20}}[.!]",
            rf"\b(?:understandably|no wonder you(?:'re| are)|of course you(?:'re| are)|"
            rf"you have every right to be|you(?:'re| are) right to be) (?:\w+ )?{_UPSET}",
            rf"\b(?:you(?:'re| are)|you must be|you'?d be|you would be|must be feeling)"
            rf"(?: so| very| really| understandably| clearly)? {_UPSET}",
            r"\b(?:it'?s|that'?s|this is)(?: completely| totally| entirely| very)? "
            r"understandable\b",
            r"\byou(?:'re| are) (?:absolutely |completely |quite |totally )?right\b",
            r"\byou shouldn'?t have (?:had )?to\b",
            r"\b(?:we|i) (?:let you down|dropped the ball|got (?:this|that|it) wrong|"
            r"messed (?:this |that )?up|made a mistake)\b",
            r"\bwe should have\b",
            r"\bnot the (?:experience|service|standard)\b",
        ],
        "patience": [
            r"\bthank(?:s| you)(?: so much| very much)? for (?:your|being so|being) "
            r"(?:patience|patient|understanding)\b",
            r"\bthank(?:s| you)(?: so much| very much)? for bearing with\b",
        ],
    },
)

DELAY_APOLOGY = Lexicon(
    "acknowledgement.delay",
    {
        "delay": [
            r"\bsorry\b",
            r"\bapolog(?:y|ies|ise|ize|ising|izing)\b",
            r"\bregret\b",
            r"\bthank(?:s| you)(?: so much| very much)? for (?:your |being so |being )?"
            r"(?:patience|patient|waiting|bearing with|holding|your understanding)\b",
            r"\b(?:kept|keeping) you waiting\b",
            r"\bfor the (?:delay|wait|long wait|slow (?:reply|response))\b",
        ],
    },
)

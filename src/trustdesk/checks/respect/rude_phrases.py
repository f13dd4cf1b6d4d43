"""The phrases `respect.rude` looks for, in small families of one kind each.

A family is (kind, patterns). All families compile into one lexicon labelled by kind; its
RE2 gate dismisses a polite reply with one linear-time pass before any pattern is tried.
"""

from __future__ import annotations

from trustdesk.text.lexicon import Lexicon

_START = r"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=[.!?]\s\s))"
_END = r"(?=\s*(?:[.!,;]|$))"

# (kind, patterns)
Family = tuple[str, tuple[str, ...]]

FAMILIES: tuple[Family, ...] = (
    # --- blame ----------------------------------------------------------------------------
    (
        "blame",
        (
            r"\byou should(?: have|'ve|’ve| of) (?:read|checked|double[- ]checked|known|looked|"
            r"followed|listened|paid (?:more )?attention|thought|noticed|been more careful|kept|"
            r"backed up|reali[sz]ed|asked (?:first|before)|contacted us (?:earlier|sooner|first|"
            r"before))\b",
        ),
    ),
    (
        "blame",
        (
            r"\b(?:that'?s|that is|it'?s|it is|this is|which is)(?: (?:entirely|all|totally|"
            r"completely|clearly|obviously|really|honestly))? your (?:own )?fault\b",
            r"\byour own fault\b",
        ),
    ),
    (
        "blame",
        (
            r"\byou (?:obviously|clearly|evidently) (?:didn'?t|did not|don'?t|do not|haven'?t|"
            r"have not|can'?t|cannot|weren'?t|were not|failed|forgot|ignored|missed|misread|"
            r"never)\b",
        ),
    ),
    (
        "blame",
        (r"\byou (?:didn'?t|did not) (?:even )?(?:bother|read|follow|listen|pay attention)\b",),
    ),
    (
        "blame",
        (r"\bif you had (?:bothered|read|followed|listened|paid attention)\b",),
    ),
    ("blame", (r"\byou were supposed to (?!receive|get|be |have received|hear)",)),
    ("blame", (r"\buser error\b",)),
    (
        "blame",
        (
            r"(?<!if )\byou (?:must have |have |obviously |clearly )?(?:done|did|entered|typed|"
            r"set|put|read|got) (?:it|something|that|this|them|everything) (?:all )?wrong\b",
        ),
    ),
    (
        "blame",
        (
            r"\b(?:that'?s|that is|it'?s|this is) on you\b",
            r"\byou brought (?:this|that|it) on yourself\b",
        ),
    ),
    ("blame", (r"\byou (?:need|have|ought) to learn (?:to|how)\b",)),
    (
        "blame",
        (r"\byou (?:need to|should|have to|must) (?:start |learn to )?pay (?:more )?attention\b",),
    ),
    # --- condescension --------------------------------------------------------------------
    (
        "condescension",
        (
            r"\b(?:as|like) i(?:'ve| have)? (?:already|clearly|previously) (?:said|explained|"
            r"mentioned|told you|stated|pointed out|wrote)\b",
            r"\blike i (?:said|told you)\b",
            r"\b(?:as|like) i (?:have )?(?:already )?told you\b",
            r"\bi(?:'ve| have)? already (?:told|explained (?:this |it )?to) you\b",
            r"\bi(?:'ve| have) (?:told|explained to) you (?:this )?(?:already|before|twice|"
            r"several times|many times|multiple times)\b",
        ),
    ),
    (
        "condescension",
        (r"\bfor the (?:second|third|fourth|fifth|last|hundredth|umpteenth|nth) time\b",),
    ),
    (
        "condescension",
        (
            r"\b(?:it'?s|it is|this is|that'?s|that is)(?: really| honestly| actually)? not "
            r"(?:that|so|very|exactly|really) (?:hard|difficult|complicated|complex)\b",
            r"\bnot rocket science\b",
        ),
    ),
    (
        "condescension",
        (r"\beven a (?:child|kid|five[- ]year[- ]old|toddler) (?:could|can)\b",),
    ),
    (
        "condescension",
        (
            r"\bobviously,? you\b",
            r"\b(?:is|are|was|were|it|which) (?:obviously|clearly) (?:stated|written|explained|"
            r"mentioned|says|said|states)\b",
        ),
    ),
    (
        "condescension",
        (
            r"\b(?:just|simply) read (?:the|our|my) (?:instructions|manual|faq|guide|help page|"
            r"previous (?:message|reply|e-?mail)|terms)\b",
            r"\blearn to read\b",
            r"\bread (?:the|my) (?:previous |last |earlier )?(?:message|reply|e-?mail|answer|"
            r"instructions|manual|faq) (?:again|properly)\b",
            r"\brtfm\b",
            r"\bcan(?:'t|’t|not) you read\b",
        ),
    ),
    ("condescension", (r"\ball you (?:had|needed) to do was\b",)),
    (
        "condescension",
        (
            r"\b(?:do|did) you (?:even|actually|really) (?:read|look|check|try|bother|"
            r"understand|listen)\b",
            r"\bhave you (?:even|actually) (?:read|looked|checked|tried|bothered)\b",
        ),
    ),
    (
        "condescension",
        (r"\bwhat part of\b.{0,40}?\b(?:don'?t|do not|didn'?t|did not) you (?:understand|get)\b",),
    ),
    (
        "condescension",
        (r"\b(?:say|explain|repeat) (?:it|this|that) (?:again )?slowly\b",),
    ),
    (
        "condescension",
        (r"\bas (?:anyone|everyone|any fool) (?:can|could|would) see\b",),
    ),
    (
        "condescension",
        (r"\b(?:it'?s|that'?s|it is|that is|just|use (?:some |your )?)common sense\b",),
    ),
    (
        "condescension",
        (
            r"\bwhat(?:'s|’s| is) wrong with you\b",
            r"\bare you (?:blind|deaf|stupid|dense|thick)\b",
            r"\bget a clue\b",
        ),
    ),
    # --- sarcasm --------------------------------------------------------------------------
    ("sarcasm", (r"\bgood luck with that\b",)),
    ("sarcasm", (r"\bthanks for nothing\b",)),
    (
        "sarcasm",
        (
            r"\b(?:wow|oh),? (?:great|nice|good|brilliant|fantastic|amazing|well done|what a) "
            r"(?:job|work|one|going|idea|effort|move)\b",
        ),
    ),
    (
        "sarcasm",
        (
            r"(?:,\s*|\b(?:thanks|well done|nice one|great job|nice try|ok|okay),?\s*)"
            r"(?:genius|einstein|sherlock)\b",
        ),
    ),
    ("sarcasm", (r"\bwhat a (?:surprise|shock)\b",)),
    ("sarcasm", (r"\byeah,? right\b(?=\s*[.!]|\s*$)",)),
    ("sarcasm", (r"\bsure you (?:did|do|have|are)\b(?=\s*[.!]|\s*$)",)),
    ("sarcasm", (r"\bnice of you to (?:finally|eventually)\b",)),
    ("sarcasm", (r"\bif you say so\b",)),
    ("sarcasm", (r"\bare you (?:kidding|joking) me\b",)),
    ("sarcasm", (_START + r"seriously\?",)),
    # --- dismissal ------------------------------------------------------------------------
    (
        "dismissal",
        (
            _START + r"whatever" + _END,
            r"\b(?:ok|okay|fine|sure|yeah|yes|well),?\s+whatever" + _END,
            r"\bwhatever you say\b",
        ),
    ),
    ("dismissal", (r"\bnot (?:my|our) (?:problem|concern|issue|job)\b",)),
    (
        "dismissal",
        (
            r"\b(?:that'?s|that is|it'?s|it is) (?:your|none of (?:my|our)) (?:problem|business|"
            r"concern)\b",
            r"\bwhat(?:'s|’s| is) your problem\b",
        ),
    ),
    (
        "dismissal",
        (
            r"(?:^|(?<=[.!?,;]\s)|(?<=\n))(?:just )?(?:deal|live) with it" + _END,
            r"\byou(?:'ll| will)? (?:just )?(?:have|need) to (?:deal|live) with it" + _END,
        ),
    ),
    ("dismissal", (r"\bget over it\b",)),
    (
        "dismissal",
        (r"\btake it or leave it\b", r"\bleave (?:me|us) alone\b"),
    ),
    (
        "dismissal",
        (
            r"\b(?:i|we) (?:really )?(?:don'?t|do not) care\b",
            r"\b(?:i|we) (?:couldn'?t|could not) care less\b",
            r"\bwho cares\b",
        ),
    ),
    ("dismissal", (_START + r"(?:just |now |please )?go away" + _END,)),
    (
        "dismissal",
        (
            # Told to the customer: a directive, not "once things calm down".
            _START + r"(?:ok(?:ay)?,? |now,? |just |please,? )*calm down\b",
            r"\b(?:you (?:need|have|ought|want) to|try (?:to|and)|please,?) calm down\b",
        ),
    ),
    (
        "dismissal",
        (
            r"\bstop (?:bothering|pestering|spamming|harassing|e-?mailing|messaging|contacting|"
            r"calling) (?:me|us)\b",
            r"\b(?:stop|quit) (?:complaining|whining|moaning|crying)\b",
            r"\bstop wasting (?:my|our) time\b",
        ),
    ),
    (
        "dismissal",
        (r"\b(?:figure|sort|work) it out (?:yourself|on your own|for yourself)\b",),
    ),
    ("dismissal", (r"\btough luck\b", r"\btoo bad,? so sad\b")),
    ("dismissal", (r"\bshut up\b",)),
    ("dismissal", (r"\byou people\b",)),
    (
        "dismissal",
        (
            r"\b(?:i|we) (?:don'?t|do not) have time for (?:this|you|that)\b",
            r"\b(?:don'?t|do not) waste (?:my|our) time\b",
        ),
    ),
    (
        "dismissal",
        (
            r"\bwhat (?:exactly |else )?do you (?:want|expect) (?:me|us) to do about it\b",
            r"\bwhat do you expect (?:me|us) to do\b",
        ),
    ),
    ("dismissal", (r"\bend of (?:story|discussion)\b",)),
    (
        "dismissal",
        (r"\b(?:i'?m|i am) not (?:going to|gonna) (?:repeat|explain) (?:myself|it|this|that)\b",),
    ),
    ("dismissal", (r"\bhow dare you\b",)),
    (
        "dismissal",
        (
            r"\b(?:that'?s|that is|this is|what|complete|utter|total) (?:complete |utter |total )?"
            r"(?:nonsense|rubbish|garbage|bs)\b",
        ),
    ),
    # --- profanity and insults ------------------------------------------------------------
    (
        "profanity",
        (
            r"\b(?:f+u+c+k+\w{0,4}|fck|fuk|motherf\w{0,10}|shit(?:ty|s|head)?|bullshit|"
            r"crap(?:py)?|damn(?:ed|it)?|goddamn\w{0,3}|wtf|stfu|ffs|asshole|arsehole|dumbass|"
            r"jackass|smartass|bastards?|bitch(?:es|y)?|dick(?:head)?s?|prick|piss(?:ed)?|"
            r"pissing|bollocks|twat|wanker|cunt|douche(?:bag)?|bloody hell|hell no|the hell|"
            r"screw you|sod off|bugger off|idiots?|idiotic|morons?|moronic|imbeciles?|"
            r"retard(?:ed|s)?)\b",
        ),
    ),
    (
        "profanity",
        (
            r"\b(?:you(?:'re|’re| are)|ur) (?:(?:so|too|really|such an?|an?|complete|total|"
            r"absolute) )*(?:stupid|dumb|clueless|incompetent|ignorant|pathetic|useless|lazy|"
            r"loser|fool)\b",
            r"\b(?:such|what) an? (?:complete |total |absolute )?(?:loser|fool)\b",
            # "what a stupid question", not the self-deprecating "sorry if this is a stupid one".
            r"\b(?:what an?|that'?s an?|that is an?|such an?|an? (?:really|pretty|very)) "
            r"(?:stupid|dumb|silly|ridiculous) (?:question|request|complaint|idea|thing to ask)\b",
            r"\basking (?:all )?(?:the |these |such )?(?:stupid|dumb|silly) questions\b",
        ),
    ),
    (
        "profanity",
        (
            r"\b(?:nigg(?:er|a)s?|faggots?|fags?|kikes?|spics?|chinks?|trann(?:y|ies)|whores?|"
            r"sluts?|cocksuckers?|pussy)\b",
        ),
    ),
)


def _by_kind(families: tuple[Family, ...]) -> dict[str, list[str]]:
    entries: dict[str, list[str]] = {}
    for kind, patterns in families:
        entries.setdefault(kind, []).extend(patterns)
    return entries


LEXICON = Lexicon("respect.rude", _by_kind(FAMILIES))

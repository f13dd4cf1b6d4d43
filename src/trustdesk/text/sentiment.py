"""Sentiment, frustration and complaint of a message: VADER plus the cues VADER does not weigh.

VADER scores words ("terrible" is negative) but misses how customers show they are upset in
support conversations: "this is the third time", "still not arrived", "unacceptable", text in
capitals, "!!". Two levels come out of it:

- `upset`: the customer shows a feeling (anger, disappointment, exasperation), so a reply
  should acknowledge it before anything else;
- `complaint`: upset, or reporting that something went wrong ("my parcel never arrived",
  "charged twice"), where an apology is due even if the words are calm.

Each cue found is kept as evidence (`cues`, `problems`) so a finding can quote what the
customer said.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from trustdesk.text.lexicon import Hit, Lexicon

_SHOUTING = re.compile(r"\b[A-Z]{3,}(?:\s+[A-Z]{2,})+\b")
_EXCLAIM = re.compile(r"!!|\?!|!\?")

# Words and phrases that show a feeling about the service, not just a fact.
FRUSTRATION = Lexicon(
    "sentiment.frustration",
    {
        "anger": [
            r"\b(?:furious|livid|outraged|fuming|infuriat\w*|seething|enraged)\b",
            r"\b(?:so |very |really |extremely |absolutely )?(?:angry|annoyed|irritated|mad)\b",
            r"\bpissed(?: off)?\b",
        ],
        "disappointment": [
            r"\b(?:very |so |really |extremely |deeply |bitterly )?disappoint(?:ed|ing|ment)\b",
            r"\blet (?:me|us) down\b",
            r"\b(?:gutted|devastated|heartbroken)\b",
            r"\bupset\b",
        ],
        "frustration": [
            r"\bfrustrat(?:ed|ing|ion)\b",
            r"\bfed up\b",
            r"\bsick (?:and tired )?of\b",
            r"\b(?:had|have had) enough\b",
            r"\b(?:so |really )?tired of\b",
            r"\bat (?:my|our) wits'? end\b",
            r"\blast straw\b",
            r"\bwaste of (?:my |our )?(?:time|money)\b",
            r"\bwasted (?:my|our|hours|days|a whole)\b",
            r"\b(?:stressed|stressful|stressing)\b",
        ],
        "judgement": [
            r"\b(?:unacceptable|ridiculous|outrageous|disgraceful|disgrace|disgusting|"
            r"appalling|shocking|pathetic|abysmal|atrocious|shambles|incompetent|"
            r"unprofessional|shameful|useless|hopeless|absurd|laughable|uncooperative|"
            r"unreliable|unhelpful|careless|clueless)\b",
            r"\b(?:terrible|horrible|awful|dreadful|horrendous|worst)\b",
            r"\b(?:rubbish|crap|crappy|shitty|sucks)\b",
            r"\b(?:is|what) a (?:joke|nightmare|scam|rip-?off)\b",
            r"\b(?:scam|scammed|rip-?off|ripped off|con artists)\b",
            r"\bshame on you\b",
            r"\bepic fail\b",
            r"#fail\b",
        ],
        "repetition": [
            r"\b(?:third|3rd|fourth|4th|fifth|5th|umpteenth|nth|tenth) time\b",
            r"\bhow many (?:more )?times\b",
            r"\b(?:several|multiple|many|countless|numerous|so many) times\b",
            r"\byet again\b",
            r"\bagain!",
        ],
        "threat": [
            r"\b(?:i'?ll|i will|i am going to|i'?m going to|going to) "
            r"(?:cancel|close my account|leave|switch|take my business|report|complain|"
            r"sue|dispute)\b",
            r"\b(?:formal|official) complaint\b",
            r"\b(?:lawyer|solicitor|ombudsman|trading standards|small claims|chargeback)\b",
            r"\bnever (?:again|buying|ordering|using|shopping)\b",
        ],
        "let_down": [
            r"\bno (?:response|reply|answer|update|word|call ?back|one (?:has )?(?:replied|"
            r"answered|responded|got back|called|helped|bothered))\b",
            r"\b(?:nobody|no one|no-one) (?:has |have )?(?:replied|answered|responded|"
            r"got back|gotten back|called|helped|bothered|cares|picks up)\b",
            r"\bstill (?:waiting|no|not|nothing|haven'?t|hasn'?t)\b",
            r"\b(?:waiting|waited|on hold) (?:for )?(?:over |more than |almost |nearly |about )?"
            r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|many|a few) "
            r"(?:minutes|mins|hours|hrs|days|weeks|months|full days|whole days)\b",
            r"\b(?:waiting|waited|on hold) (?:for )?(?:ages|hours|days|weeks|months|forever)\b",
            r"\bhold music\b",
        ],
        "swearing": [r"\b(?:wtf|wth|ffs|omfg|damn|bloody|hell)\b"],
        "dissatisfaction": [
            r"\bnot (?:happy|pleased|impressed|satisfied|good enough|acceptable|ok|okay)\b",
            r"\b(?:unhappy|dissatisfied|displeased)\b",
            r"(?<!\w)(?::-?\(|:'\(|☹|😡|😠|🤬|😤)",
        ],
    },
)

# Reports that something went wrong: a complaint even when calmly worded.
PROBLEMS = Lexicon(
    "sentiment.problems",
    {
        "not_received": [
            r"\bnever (?:arrived|received|came|got|showed up|turned up|delivered|heard back)\b",
            r"\b(?:hasn'?t|has not|haven'?t|have not|hadn'?t|didn'?t|did not|still not|not yet) "
            r"(?:been |yet )?(?:arrived|received|delivered|got|gotten|come|came|turned up|"
            r"shown up|showed up|heard|refunded|credited|processed|fixed|resolved|sorted|"
            r"replied|responded|answered|called|contacted|updated)\b",
            r"\b(?:lost|missing) (?:my|the|our|a) (?:package|parcel|order|item|luggage|bag|"
            r"suitcase|delivery|payment|refund)\b",
            r"\b(?:package|parcel|order|item|delivery|refund|payment) (?:is |was |has been )?"
            r"(?:missing|lost|late|delayed|overdue)\b",
        ],
        "not_working": [
            r"\b(?:doesn'?t|does not|don'?t|do not|won'?t|will not|can'?t|cannot|can not|"
            r"isn'?t|is not|not|stopped|keeps?|hasn'?t|has not|haven'?t|didn'?t|did not|"
            r"never) "
            r"(?:work|worked|working|load|loading|open|opening|print|printing|charge|charging|"
            r"turn on|connect|connecting|log ?in|sign in|crashing|freezing|failing|"
            r"dropping)\b",
            r"\b(?:broken|damaged|faulty|defective|cracked|leaking|smashed|stopped working|"
            r"out of order|glitch\w*|malfunction\w*|outage)\b",
            r"\b(?:crash(?:es|ed|ing)?|error message|error code)\b",
            r"\bwrong (?:item|size|order|colou?r|product|address|amount|bill|charge|one)\b",
            r"\b(?:no|lost) (?:power|signal|service|internet|wi-?fi|connection|network|"
            r"water|heating|hot water)\b",
            r"\b(?:having|have|had|has|got) (?:a |an |the same |this |some )?(?:\w+ )?"
            r"(?:problem|issue|trouble|fault)s?\b",
            r"\b(?:same|this|the) (?:problem|issue)\b|\b(?:problem|issue)s? with\b",
            r"\b(?:unable to|not able to|can'?t seem to|not allowed to|not being allowed)\b",
            r"\b(?:is|are|went|goes|still) (?:down|offline)\b",
            r"\b(?:so|too|very|really|extremely|painfully) slow\b",
            r"\bnot (?:accepted|accepting|recogni[sz]ed|showing|loading|responding)\b",
            r"\b(?:refused|refuses|refusing|denied|rejected|declined) (?:to|my|me|our)\b",
            r"\b(?:ruined|screwed up|messed up)\b",
            r"\bslow (?:internet|speeds?|service|delivery|response|connection|wi-?fi)\b",
            r"\bcan'?t get (?:it|my|the|this|through|anyone|hold|a response|an answer)\b",
            r"\b(?:won'?t|will not|wouldn'?t|refuse to) (?:honou?r|accept|refund|replace|"
            r"let me|give me|fix|repair|cover)\b",
            r"\bdrain(?:s|ed|ing)?\b",
        ],
        "billing": [
            r"\b(?:charged|billed|debited) (?:me )?(?:twice|double|two times|again|wrongly|"
            r"incorrectly|too much|without|extra|more)\b",
            r"\b(?:overcharged|double[- ]charged|double[- ]billed)\b",
            r"\bunauthori[sz]ed (?:charge|payment|transaction|debit)\b",
            r"\b(?:still|yet to|want|waiting for|where is) (?:get |receive )?my (?:refund|money)\b",
            r"\bmoney back\b",
        ],
        "service": [
            r"\b(?:delayed|cancell?ed|stranded|stuck|overbooked|bumped|delays?)\b",
            r"\bno (?:communication|help|support|explanation|apology|one to help)\b",
            r"\b(?:is|was|are|were|running|arrived|came|be) (?:\w+ )?(?:minutes |hours |days )?"
            r"late\b",
            r"\bstill (?:says|shows|showing|pending|processing|charging|the same)\b",
            r"\bwhy (?:is|are|does|do|did|has|have|was|were|can'?t|won'?t|isn'?t|doesn'?t|"
            r"hasn'?t|haven'?t|wasn'?t)\b[^.?!\n]{0,60}?\b(?:not|no|never|still)\b",
            r"\bhow come\b",
            r"\b(?:poor|bad|awful|terrible|worst|no) (?:customer )?service\b",
            r"\b(?:complain|complaint|complaining)\b",
            r"\b(?:rude|unhelpful) (?:staff|agent|driver|employee|person|man|woman|lady|guy)\b",
        ],
    },
)

# A problem word inside a hypothetical ("what happens if it arrives damaged?") is no report.
_HYPOTHETICAL = re.compile(
    r"\b(?:if|in case|whether|what happens|unless|avoid)\b[^.!?\n]*$", re.IGNORECASE
)
_LOOKBACK = 80

# How negative VADER's compound score must be for a text to count as upset on tone alone.
UPSET_BELOW = -0.6
# VADER is slow on very long texts and gains nothing from them: score the first part only.
_MAX_CHARS = 4000


class Sentiment:
    """The sentiment of one text; each part is computed on first use, so a check that only
    needs the frustration cues never runs the tone model."""

    def __init__(self, text: str) -> None:
        self.text = text[:_MAX_CHARS]

    @functools.cached_property
    def _scores(self) -> dict[str, float]:
        scores: dict[str, float] = _analyzer().polarity_scores(self.text)
        return scores

    @property
    def compound(self) -> float:
        """VADER's compound score, -1 (most negative) .. +1 (most positive)."""
        return float(self._scores["compound"])

    @property
    def negative(self) -> float:
        return float(self._scores["neg"])

    @property
    def positive(self) -> float:
        return float(self._scores["pos"])

    @functools.cached_property
    def shouting(self) -> bool:
        """Several words in capitals in a row."""
        return bool(_SHOUTING.search(self.text))

    @functools.cached_property
    def exclamations(self) -> bool:
        """Two marks in a row: "!!", "?!" or "!?"."""
        return bool(_EXCLAIM.search(self.text))

    @functools.cached_property
    def cues(self) -> tuple[Hit, ...]:
        """Words that show a feeling: "unacceptable", "third time"."""
        return tuple(hit for hit in FRUSTRATION.scan(self.text) if _reported(self.text, hit))

    @functools.cached_property
    def problems(self) -> tuple[Hit, ...]:
        """Reports that something went wrong: "never arrived", "charged twice"."""
        return tuple(hit for hit in PROBLEMS.scan(self.text) if _reported(self.text, hit))

    @property
    def upset(self) -> bool:
        """A feeling shows: a frustration cue, a clearly negative tone, or agitated form."""
        if self.cues or self.compound <= UPSET_BELOW:
            return True
        return self.compound < 0.2 and (self.shouting or self.exclamations)

    @property
    def complaint(self) -> bool:
        """Upset, or reporting that something went wrong."""
        return self.upset or bool(self.problems)

    @property
    def evidence(self) -> Hit | None:
        """The first cue that shows it, for quoting in a finding."""
        candidates = [*self.cues, *self.problems]
        return min(candidates, key=lambda hit: hit.start) if candidates else None


@functools.cache
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _reported(text: str, hit: Hit) -> bool:
    return not _HYPOTHETICAL.search(text, max(0, hit.start - _LOOKBACK), hit.start)


def score(text: str) -> Sentiment:
    """The sentiment of `text` (its parts are computed when first read)."""
    return Sentiment(text)

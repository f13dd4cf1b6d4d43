"""How well trustdesk tells a complaining customer from one who is not, on tweets to brands.

The data set (Preoţiuc-Pietro, Găman & Aletras, ACL 2019) holds 3,449 English tweets, 1,232
labelled complaints by experts. Two measurements:

1. The detector itself, tweet by tweet: `Sentiment.upset` (a feeling shows) and
   `Sentiment.complaint` (upset, or a report that something went wrong) against the label,
   on all tweets and on the tweets addressed to brands (the "random" domains left out).
2. `empathy.missing` end to end: each tweet is a customer message followed by the neutral
   agent reply "Thanks for reaching out, we'll look at your order."; the check is expected on
   that reply exactly when the tweet is a complaint. This is run with the check's default
   trigger ("upset") and with `trigger: complaint`.

Run from the repository root: `python evals/complaints_twitter.py [--limit N]`.
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trustdesk.checks.empathy.missing import MissingEmpathy
from trustdesk.engine import Engine
from trustdesk.evaluation import CheckScore, evaluate
from trustdesk.policy import Policy
from trustdesk.text.sentiment import Sentiment, score

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "complaints-twitter" / "complaints-data.csv"
CHECK = MissingEmpathy.id
NEUTRAL_REPLY = "Thanks for reaching out, we'll look at your order."
# Tweets not written to a brand: everyday chatter, not customer messages.
CHATTER_DOMAINS = frozenset({"random_reply", "random_tweet"})


@dataclass(frozen=True)
class Tweet:
    id: str
    text: str
    complaint: bool
    domain: str


def load_tweets(limit: int | None = None, path: Path = DATA) -> list[Tweet]:
    with path.open(encoding="utf-8", newline="") as handle:
        tweets = [Tweet(row[0], row[1], row[2] == "1", row[3]) for row in csv.reader(handle)]
    # Interleave complaints and the rest so a limited sample keeps the data set's mix.
    return _spread(tweets)[:limit] if limit is not None else tweets


def _spread(tweets: list[Tweet]) -> list[Tweet]:
    ranked = sorted(enumerate(tweets), key=lambda pair: (pair[0] * 7919) % len(tweets))
    return [tweet for _, tweet in ranked]


def detector_score(tweets: list[Tweet], predict: Callable[[Sentiment], bool]) -> CheckScore:
    result = CheckScore("detector")
    for tweet in tweets:
        found = predict(score(tweet.text))
        if found and tweet.complaint:
            result.true_positives += 1
        elif found:
            result.false_positives += 1
        elif tweet.complaint:
            result.false_negatives += 1
    return result


def labelled(tweets: list[Tweet]) -> list[dict[str, Any]]:
    return [
        {
            "id": f"tweet-{tweet.id}-{number}",
            "messages": [
                {"id": "customer", "role": "customer", "text": tweet.text},
                {"id": "reply", "role": "agent", "text": NEUTRAL_REPLY},
            ],
            "expect": [{"message_id": "reply", "check": CHECK}] if tweet.complaint else [],
        }
        for number, tweet in enumerate(tweets)
    ]


def check_score(tweets: list[Tweet], trigger: str) -> CheckScore:
    policy = Policy.model_validate({"checks": {CHECK: {"params": {"trigger": trigger}}}})
    engine = Engine(policy, checks=[MissingEmpathy])
    return evaluate(labelled(tweets), engine=engine, checks={CHECK}).scores[CHECK]


def _line(name: str, result: CheckScore, size: int) -> str:
    return (
        f"{name:<44} n={size:<5} P {result.precision:.3f}  R {result.recall:.3f}  "
        f"F1 {result.f1:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only N tweets (a spread sample)")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"data set not found: {DATA}")
        return
    tweets = load_tweets(args.limit)
    to_brands = [t for t in tweets if t.domain not in CHATTER_DOMAINS]
    for name, subset in (("all tweets", tweets), ("tweets to brands", to_brands)):
        print(
            _line(f"upset detector, {name}", detector_score(subset, lambda s: s.upset), len(subset))
        )
        print(
            _line(
                f"complaint detector, {name}",
                detector_score(subset, lambda s: s.complaint),
                len(subset),
            )
        )
    for trigger in ("upset", "complaint"):
        print(_line(f"{CHECK} (trigger: {trigger})", check_score(tweets, trigger), len(tweets)))


if __name__ == "__main__":
    main()

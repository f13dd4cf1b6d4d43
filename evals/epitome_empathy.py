"""How well trustdesk hears an acknowledgement of feelings, on peer-support replies (EPITOME).

The data set (Sharma et al., EMNLP 2020) rates 3,084 Reddit replies to people in distress for
three empathy mechanisms, 0 (none) to 2 (strong): emotional reactions ("I'm so sorry you're
going through this"), interpretations ("it must be hard to ...", often "I feel the same") and
explorations (asking about the person's feelings). Three measurements:

1. The acknowledgement lexicon (`trustdesk.text.acknowledgement.ACKNOWLEDGEMENT`), reply by
   reply, against emotional reactions >= 1: the mechanism that corresponds to what a support
   agent is asked to do.
2. The same against emotional reactions >= 1 or interpretations >= 1 (the mapping the data
   set's notes suggest). Interpretations are mostly shared experience ("I went through the
   same"), which a support reply does not offer, so recall is expected to be lower.
3. `empathy.missing` end to end: the seeker's post as the customer's message, the reply as the
   agent's; the check is expected on the reply when it has level 0 on both emotional
   reactions and interpretations (also shown: level 0 on emotional reactions alone, and on
   all three mechanisms). Every seeker is in distress, so a miss here is either the
   upset detector not recognising distress written in a mental-health register rather than
   a support one, or the acknowledgement lexicon hearing a sympathetic phrase the annotators
   did not rate.

Run from the repository root: `python evals/epitome_empathy.py [--limit N]`.
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trustdesk.checks.empathy.missing import MissingEmpathy
from trustdesk.engine import Engine
from trustdesk.evaluation import CheckScore, evaluate
from trustdesk.text.acknowledgement import ACKNOWLEDGEMENT

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "epitome-empathy"
FILES = {
    "emotional": "emotional-reactions-reddit.csv",
    "interpretation": "interpretations-reddit.csv",
    "exploration": "explorations-reddit.csv",
}
CHECK = MissingEmpathy.id


@dataclass(frozen=True)
class Pair:
    seeker: str
    response: str
    levels: dict[str, int]

    @property
    def emotional(self) -> bool:
        return self.levels.get("emotional", 0) >= 1

    @property
    def acknowledges(self) -> bool:
        return self.emotional or self.levels.get("interpretation", 0) >= 1

    @property
    def any_empathy(self) -> bool:
        return any(level >= 1 for level in self.levels.values())


def load_pairs(limit: int | None = None, folder: Path = DATA) -> list[Pair]:
    """One pair per (seeker post, response) with its level for each mechanism."""
    texts: dict[tuple[str, str], tuple[str, str]] = {}
    levels: dict[tuple[str, str], dict[str, int]] = {}
    for mechanism, name in FILES.items():
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                key = (row["sp_id"], row["rp_id"])
                texts.setdefault(key, (row["seeker_post"], row["response_post"]))
                levels.setdefault(key, {})[mechanism] = int(row["level"])
    pairs = [Pair(*texts[key], levels[key]) for key in sorted(texts)]
    return pairs[:limit] if limit is not None else pairs


def lexicon_score(pairs: list[Pair], *, emotional_only: bool) -> CheckScore:
    result = CheckScore("acknowledgement")
    for pair in pairs:
        found = bool(ACKNOWLEDGEMENT.scan(pair.response))
        expected = pair.emotional if emotional_only else pair.acknowledges
        if found and expected:
            result.true_positives += 1
        elif found:
            result.false_positives += 1
        elif expected:
            result.false_negatives += 1
    return result


def labelled(pairs: list[Pair], expect: str = "acknowledges") -> list[dict[str, Any]]:
    """Conversations where the check is expected unless `expect` (a Pair property) holds."""
    return [
        {
            "id": f"epitome-{number}",
            "messages": [
                {"id": "seeker", "role": "customer", "text": pair.seeker},
                {"id": "reply", "role": "agent", "text": pair.response},
            ],
            "expect": [] if getattr(pair, expect) else [{"message_id": "reply", "check": CHECK}],
        }
        for number, pair in enumerate(pairs)
    ]


def check_score(pairs: list[Pair], expect: str = "acknowledges") -> CheckScore:
    engine = Engine(checks=[MissingEmpathy])
    return evaluate(labelled(pairs, expect), engine=engine, checks={CHECK}).scores[CHECK]


def _line(name: str, result: CheckScore, size: int) -> str:
    return (
        f"{name:<56} n={size:<5} P {result.precision:.3f}  R {result.recall:.3f}  "
        f"F1 {result.f1:.3f}  (support {result.support})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N pairs")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"data set not found: {DATA}")
        return
    pairs = load_pairs(args.limit)
    print(
        _line(
            "acknowledgement vs emotional reactions >= 1",
            lexicon_score(pairs, emotional_only=True),
            len(pairs),
        )
    )
    print(
        _line(
            "acknowledgement vs emotional or interpretation >= 1",
            lexicon_score(pairs, emotional_only=False),
            len(pairs),
        )
    )
    print(_line(f"{CHECK}, expected when both are 0", check_score(pairs), len(pairs)))
    print(
        _line(
            f"{CHECK}, expected when emotional reactions are 0",
            check_score(pairs, "emotional"),
            len(pairs),
        )
    )
    print(
        _line(
            f"{CHECK}, expected when all three are 0", check_score(pairs, "any_empathy"), len(pairs)
        )
    )


if __name__ == "__main__":
    main()

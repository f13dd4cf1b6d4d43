"""Are the promise checks' vague-time and hedged-effort words weasel cues? (CoNLL-2010, Wikipedia)

promises.vague treats "soon", "shortly", "in due course", "later" (vague times) and "try to",
"endeavour to", "aim to" (hedged effort) as a promise with no time. The CoNLL-2010 Wikipedia
set labels sentences that hold a weasel or hedge cue ("it is believed", "some say", "may").
This measures, sentence by sentence, how often a sentence with one of our words is labelled
uncertain, against the base rate of uncertain sentences.

It is a vocabulary check, not a quality figure for the checks: the data set is encyclopaedic
prose with no promises, and its cues are epistemic ("may", "probably"), ours temporal. A
cue whose rate is near the base rate carries no hedging signal in general prose, so in a reply
it has to be read in a promise (as commitments do), never on its own.

Run from the repository root: `python evals/wiki_weasel_conll2010.py [--split test]`.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

from trustdesk.policy.schema import BusinessHours
from trustdesk.text.commitment_grammar import HEDGE_WORDS
from trustdesk.text.timeexpr import find_time_expressions

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "wiki-weasel-conll2010"
_TZ = ZoneInfo("UTC")
_HOURS = BusinessHours()


def load(split: str = "test", limit: int | None = None) -> list[tuple[str, bool]]:
    with (DATA / f"{split}.csv").open(encoding="utf-8", newline="") as handle:
        rows = [(row["text"].strip(), row["label"] == "1") for row in csv.DictReader(handle)]
    return rows[:limit] if limit is not None else rows


def cues(sentence: str) -> set[str]:
    """Our vague-time and hedged-effort words in a sentence, lower-cased."""
    found = {
        e.text.lower()
        for e in find_time_expressions(sentence, reference=None, tz=_TZ, business_hours=_HOURS)
        if e.vague
    }
    found.update(match.group().lower() for match in HEDGE_WORDS.finditer(sentence))
    return found


def measure(rows: list[tuple[str, bool]]) -> tuple[dict[str, float], Counter[str], Counter[str]]:
    seen: Counter[str] = Counter()
    uncertain: Counter[str] = Counter()
    tp = fp = fn = 0
    for sentence, label in rows:
        found = cues(sentence)
        tp += bool(found) and label
        fp += bool(found) and not label
        fn += (not found) and label
        for cue in found:
            seen[cue] += 1
            uncertain[cue] += label
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    base = sum(label for _, label in rows) / len(rows) if rows else 0.0
    return (
        {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "base_rate": base,
            "sentences": float(len(rows)),
        },
        seen,
        uncertain,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("train", "test"))
    args = parser.parse_args()
    if not DATA.exists():
        print(f"data set not found at {DATA}; nothing to measure")
        return
    scores, seen, uncertain = measure(load(args.split))
    print(f"{int(scores['sentences'])} sentences, base rate of uncertain {scores['base_rate']:.3f}")
    print(
        f"a sentence holds one of our words -> uncertain: precision {scores['precision']:.3f}"
        f" recall {scores['recall']:.3f} f1 {scores['f1']:.3f}"
    )
    print(f"\n{'cue':28} {'sentences':>9} {'uncertain':>9}")
    for cue, count in seen.most_common(20):
        print(f"{cue:28} {count:>9} {uncertain[cue] / count:>9.2f}")


if __name__ == "__main__":
    main()

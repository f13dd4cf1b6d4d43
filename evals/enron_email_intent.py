"""How well `trustdesk.text.questions` finds sentences that ask the reader for something.

The data set (Parakweet Labs, 2014) labels e-mail sentences, mostly from Enron, "Yes" when
they carry an actionable intent addressed to the reader: a request ("Please call me at ... on
Thursday") or a proposal ("Can you make a call tomorrow at 1:00?"). Sentence by sentence, it
scores:

- `is_question`: the questions that `transparency.unanswered` holds replies to;
- `is_request`: action requests ("Please send me the report", "Let me know");
- `asks_something`: either of the two, the detector the label corresponds to.

The test split (992 sentences) is the headline figure; the train split (3,657) is shown too.
Marketing calls to action are labelled inconsistently in the data set (some "Yes", many
"No"), which caps precision for any lexical detector.

Run from the repository root: `python evals/enron_email_intent.py [--limit N]`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from trustdesk.evaluation import CheckScore
from trustdesk.text.questions import asks_something, is_question, is_request

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "enron-email-intent"
SPLITS = {"test": "testSet-qualifiedBatch-fixed.txt", "train": "Ask0729-fixed.txt"}
DETECTORS: dict[str, Callable[[str], bool]] = {
    "is_question": is_question,
    "is_request": is_request,
    "asks_something": asks_something,
}


def load_sentences(
    split: str, limit: int | None = None, folder: Path = DATA
) -> list[tuple[str, bool]]:
    rows: list[tuple[str, bool]] = []
    for line in (folder / SPLITS[split]).read_text(encoding="utf-8").splitlines():
        label, _, sentence = line.partition("\t")
        if label in ("Yes", "No") and sentence.strip():
            rows.append((sentence.strip(), label == "Yes"))
    return rows[:limit] if limit is not None else rows


def detector_score(rows: list[tuple[str, bool]], detector: Callable[[str], bool]) -> CheckScore:
    result = CheckScore("detector")
    for sentence, expected in rows:
        found = detector(sentence)
        if found and expected:
            result.true_positives += 1
        elif found:
            result.false_positives += 1
        elif expected:
            result.false_negatives += 1
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"data set not found: {DATA}")
        return
    for split in SPLITS:
        rows = load_sentences(split, args.limit)
        positives = sum(expected for _, expected in rows)
        for name, detector in DETECTORS.items():
            result = detector_score(rows, detector)
            print(
                f"{split:<5} {name:<15} n={len(rows):<5} (asks: {positives:<4}) "
                f"P {result.precision:.3f}  R {result.recall:.3f}  F1 {result.f1:.3f}"
            )


if __name__ == "__main__":
    main()

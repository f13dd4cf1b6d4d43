"""How long a support reply must be before its language is identified reliably.

`tests/fixtures/language_replies.jsonl` holds short, realistic support replies written for
this measurement, eight each in English, Spanish, French, German, Portuguese, Italian and
Dutch. Each reply is cut to its first N characters (at a word boundary) and identified with
`trustdesk.text.language.identify`; the table shows, per length, the accuracy, how many
answers reached the confidence `personalisation.language` needs, and the highest confidence
among wrong answers. The check's defaults (`min_chars`, `min_confidence`) come from here.

Run from the repository root: `python evals/language_length.py`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from trustdesk.checks.personalisation.language import MIN_CHARS, MIN_CONFIDENCE
from trustdesk.text.language import identify

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "language_replies.jsonl"
LENGTHS = (10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150)


@dataclass(frozen=True)
class Row:
    length: int
    total: int
    correct: int
    confident: int
    worst_wrong_confidence: float
    per_language: dict[str, int]

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0


def load(path: Path = FIXTURE) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [(row["language"], row["text"]) for row in rows]


def prefix(text: str, length: int) -> str:
    """The first `length` characters, cut back to the last whole word."""
    if len(text) <= length:
        return text
    cut = text[:length]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def measure(replies: list[tuple[str, str]], lengths: tuple[int, ...] = LENGTHS) -> list[Row]:
    rows = []
    for length in lengths:
        correct = confident = 0
        worst = 0.0
        per_language: dict[str, int] = defaultdict(int)
        for language, text in replies:
            found = identify(prefix(text, length))
            confident += found.confidence >= MIN_CONFIDENCE
            if found.code == language:
                correct += 1
                per_language[language] += 1
            else:
                worst = max(worst, found.confidence)
        rows.append(Row(length, len(replies), correct, confident, worst, dict(per_language)))
    return rows


def main() -> int:
    replies = load()
    languages = sorted({language for language, _ in replies})
    print(
        f"{len(replies)} replies in {', '.join(languages)}; "
        f"check defaults: min_chars={MIN_CHARS}, min_confidence={MIN_CONFIDENCE}"
    )
    print(
        f"{'chars':>5}  {'accuracy':>8}  {'confident':>9}  {'worst wrong conf':>16}  per language"
    )
    for row in measure(replies):
        counts = " ".join(f"{lang}:{row.per_language.get(lang, 0)}" for lang in languages)
        print(
            f"{row.length:>5}  {row.accuracy:>8.3f}  {row.confident:>5}/{row.total:<3}  "
            f"{row.worst_wrong_confidence:>16.2f}  {counts}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How `respect.rude` separates impolite from polite requests (Stanford Politeness Corpus).

The corpus (Danescu-Niculescu-Mizil et al., ACL 2013) holds 10,956 requests from Wikipedia
talk pages and Stack Exchange, each rated by five annotators. Following the paper's binary
protocol, per community, the bottom quartile of the normalised score is *impolite* and the
top quartile *polite*; the middle half is left out. Each request becomes one agent message;
`respect.rude` is expected on the impolite ones and on none of the polite ones.

Expect high precision and low recall: most impolite requests in the corpus are impolite by
being direct ("Why did you revert my edit?") rather than by the blame, sarcasm, dismissal,
shouting or profanity the check looks for, and the texts are editors and programmers talking
to each other, not support replies.

Run from the repository root: `python evals/stanford_politeness.py [--limit N]`.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import Any

from trustdesk.checks.respect.rude import RudeReply
from trustdesk.engine import Engine
from trustdesk.evaluation import EvalReport, evaluate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "stanford-politeness"
COMMUNITIES = {
    "wikipedia": "wikipedia.annotated.csv",
    "stack-exchange": "stack-exchange.annotated.csv",
}
CHECK = RudeReply.id


def load(community: str, limit: int | None = None, folder: Path = DATA) -> list[dict[str, Any]]:
    """Labelled conversations for the bottom and top quartiles of one community.

    With `limit`, the first `limit` rows of each quartile are kept (quartiles are always
    computed on the whole community).
    """
    with (folder / COMMUNITIES[community]).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    scores = sorted(float(row["Normalized Score"]) for row in rows)
    low, high = scores[len(scores) // 4], scores[3 * len(scores) // 4]
    impolite = [row for row in rows if float(row["Normalized Score"]) <= low]
    polite = [row for row in rows if float(row["Normalized Score"]) >= high]
    if limit is not None:
        impolite, polite = impolite[:limit], polite[:limit]
    return [_conversation(community, row, rude=True) for row in impolite] + [
        _conversation(community, row, rude=False) for row in polite
    ]


def _conversation(community: str, row: dict[str, str], *, rude: bool) -> dict[str, Any]:
    return {
        "id": f"{community}-{row['Id']}",
        "messages": [{"id": "m1", "role": "agent", "text": row["Request"]}],
        "expect": [{"message_id": "m1", "check": CHECK}] if rude else [],
    }


def score(conversations: list[dict[str, Any]]) -> EvalReport:
    return evaluate(conversations, engine=Engine(checks=[RudeReply]), checks={CHECK})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--limit",
        type=int,
        default=None,
        help="keep the first N requests of each quartile per community",
    )
    parser.add_argument("--show", type=int, default=0, help="print N false alarms per community")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"data set not found: {DATA.name} (expected beside the repository)")
        return 1
    print(
        f"{'community':<16} {'impolite':>8} {'polite':>7} {'TP':>5} {'FP':>4} "
        f"{'P':>6} {'R':>6} {'F1':>6}"
    )
    everything: list[dict[str, Any]] = []
    for community in COMMUNITIES:
        conversations = load(community, args.limit)
        everything += conversations
        _row(community, conversations, score(conversations), args.show)
    _row("both", everything, score(everything), 0)
    return 0


def _row(name: str, conversations: list[dict[str, Any]], report: EvalReport, show: int) -> None:
    impolite = sum(1 for c in conversations if c["expect"])
    s = report.scores[CHECK]
    print(
        f"{name:<16} {impolite:>8} {len(conversations) - impolite:>7} "
        f"{s.true_positives:>5} {s.false_positives:>4} {s.precision:>6.3f} {s.recall:>6.3f} "
        f"{s.f1:>6.3f}"
    )
    for example in report.false_alarms[:show]:
        print(f"    false alarm: {example.text[:160]!r}")


if __name__ == "__main__":
    raise SystemExit(main())

"""How well `transparency.unanswered` spots answers that do not answer, on hearing transcripts.

The data set (Ferracane et al., NAACL 2021) holds 1,000 question-response pairs from U.S.
congressional hearings, each labelled by 6-7 annotators with a conversation act: the witness
answers, shifts (dodges the question or corrects its premise), or says they cannot answer.
Each pair becomes a two-message conversation: the question as the customer's message, the
response as the agent's reply. `transparency.unanswered` is expected on the question exactly
when most gold annotators say the response shifts; "can't answer" responses ("I don't
recall", "I'd have to check") are honest limits and expected to pass.

The domain is far from customer service (long, adversarial, spoken turns where a dodge
repeats the question's own words), so read the figures as a lower bound.

Run from the repository root: `python evals/subjective_responses_hearings.py [--limit N]`.
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import sys
import tarfile
from pathlib import Path
from typing import Any

from trustdesk.checks.transparency.unanswered import UnansweredQuestion
from trustdesk.engine import Engine
from trustdesk.evaluation import EvalReport, evaluate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "subjective-responses-hearings" / "gold_full_data.tar.gz"
MEMBER = "with_features_annotated_questions_responses_gold.tsv"
CHECK = UnansweredQuestion.id


def load_rows(path: Path = DATA) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with tarfile.open(path, "r:gz") as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise FileNotFoundError(f"{MEMBER} is missing from {path.name}")
        text = io.TextIOWrapper(member, encoding="utf-8")
        return list(csv.DictReader(text, delimiter="\t"))


def not_answered(row: dict[str, str]) -> bool:
    """Most gold annotators say the response shifts away from the question."""
    acts = ast.literal_eval(row["gold_acts"])
    return sum(act == "shift" for act in acts) * 2 > len(acts)


def labelled(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    conversations = []
    for number, row in enumerate(rows):
        conversations.append(
            {
                "id": f"hearing-{row['hearing_id']}-{row['qa_index']}-{number}",
                "messages": [
                    {"id": "q", "role": "customer", "text": row["q_text"]},
                    {"id": "r", "role": "agent", "text": row["r_text"]},
                ],
                "expect": [{"message_id": "q", "check": CHECK}] if not_answered(row) else [],
            }
        )
    return conversations


def run(limit: int | None = None) -> EvalReport:
    rows = load_rows()
    if limit is not None:
        rows = rows[:limit]
    engine = Engine(checks=[UnansweredQuestion])
    return evaluate(labelled(rows), engine=engine, checks={CHECK})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N pairs")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"data set not found: {DATA}")
        return
    report = run(args.limit)
    score = report.scores[CHECK]
    print(
        f"{CHECK} on {report.conversations} question-response pairs "
        f"({score.support} not answered by the gold majority)"
    )
    print(
        f"precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}  "
        f"(tp {score.true_positives}, fp {score.false_positives}, "
        f"fn {score.false_negatives})"
    )


if __name__ == "__main__":
    main()

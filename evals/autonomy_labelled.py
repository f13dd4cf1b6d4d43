"""Precision and recall of the autonomy and personalisation checks on labelled conversations.

`tests/fixtures/autonomy_labelled.jsonl` holds realistic support conversations written for
these checks: urgency, scarcity, social-proof and fear tactics, pushing after a "no", offers
while a problem is open, substitutions with and without the customer's agreement, replies in
the wrong language and promotions to customers who opted out, each beside near misses that
must not be flagged (honest deadlines, stock levels the customer asked about, offers after a
confirmed fix, proposals, goodwill on top, short replies). Each conversation is marked `dev`
(looked at while writing the lexicons) or `holdout` (written before its first scoring); the
holdout conversations marked `batch: 2` were written after a first round of tuning. The
figures are printed for both splits.

Run from the repository root: `python evals/autonomy_labelled.py`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from trustdesk.checks.autonomy.no_consent import NoConsent
from trustdesk.checks.autonomy.pressure import PressureTactics
from trustdesk.checks.autonomy.upsell_unresolved import UpsellUnresolved
from trustdesk.checks.personalisation.language import WrongLanguage
from trustdesk.checks.personalisation.marketing_opt_out import MarketingOptOut
from trustdesk.engine import Engine
from trustdesk.evaluation import EvalReport, evaluate

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "autonomy_labelled.jsonl"
CHECKS = (PressureTactics, UpsellUnresolved, NoConsent, WrongLanguage, MarketingOptOut)


def load(path: Path = FIXTURE) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def run(rows: list[dict[str, Any]]) -> EvalReport:
    engine = Engine(checks=list(CHECKS))
    return evaluate(rows, engine=engine, checks={check.id for check in CHECKS})


def main() -> int:
    rows = load()
    for split in ("all", "dev", "holdout"):
        part = rows if split == "all" else [r for r in rows if r["meta"]["split"] == split]
        report = run(part)
        print(f"{split}: {len(part)} conversations")
        for check, score in report.scores.items():
            print(
                f"  {check:<36} P {score.precision:.3f}  R {score.recall:.3f}  "
                f"F1 {score.f1:.3f}  (support {score.support}, fp {score.false_positives})"
            )
        if split == "all":
            for example in report.misses:
                print(f"    miss  {example.check} {example.conversation_id}/{example.message_id}")
            for example in report.false_alarms:
                print(f"    false {example.check} {example.conversation_id}/{example.message_id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

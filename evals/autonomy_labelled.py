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

Run from the repository root: `python evals/autonomy_labelled.py [--misses]`.
"""

from __future__ import annotations

import labelled

from trustdesk.checks.autonomy.no_consent import NoConsent
from trustdesk.checks.autonomy.pressure import PressureTactics
from trustdesk.checks.autonomy.upsell_unresolved import UpsellUnresolved
from trustdesk.checks.personalisation.language import WrongLanguage
from trustdesk.checks.personalisation.marketing_opt_out import MarketingOptOut

FIXTURE = labelled.FIXTURES / "autonomy_labelled.jsonl"
CHECKS = (PressureTactics, UpsellUnresolved, NoConsent, WrongLanguage, MarketingOptOut)


def main(argv: list[str] | None = None) -> int:
    return labelled.main(__doc__, FIXTURE, CHECKS, argv)


if __name__ == "__main__":
    raise SystemExit(main())

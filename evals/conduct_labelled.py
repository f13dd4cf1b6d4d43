"""How well respect.jargon, conduct.never_say and conduct.must_disclose do on labelled chats.

No public data set labels jargon, never-say phrases or missing disclosures, so this runs on
`tests/fixtures/conduct_labelled.jsonl`: support conversations written for the purpose (web
hosting, banking, broadband, SaaS, retail), labelled by what a QA lead would flag under the
default policy. They include the hard cases: terms explained in the same sentence, terms the
customer used first, jargon in internal notes, customers quoting a forbidden phrase, prices
and fees stated in the same reply, phrasings the default patterns do not cover.

Each conversation has `meta.split`: "dev" conversations were written first and used to tune
the word lists and the default policy's patterns; "holdout" ones were written afterwards and
never tuned on, so their figures are the honest estimate.

Run from the repository root: `python evals/conduct_labelled.py [--misses]`.
"""

from __future__ import annotations

import labelled

from trustdesk.checks.conduct.must_disclose import MustDisclose
from trustdesk.checks.conduct.never_say import NeverSay
from trustdesk.checks.respect.jargon import Jargon

FIXTURE = labelled.FIXTURES / "conduct_labelled.jsonl"
CHECKS = (Jargon, NeverSay, MustDisclose)


def main(argv: list[str] | None = None) -> int:
    return labelled.main(__doc__, FIXTURE, CHECKS, argv)


if __name__ == "__main__":
    raise SystemExit(main())

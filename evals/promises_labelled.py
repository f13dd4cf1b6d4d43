"""How well the promise checks and honesty.policy_conflict do on labelled support chats.

No public data set labels promises, so this runs on `tests/fixtures/promises_labelled.jsonl`:
conversations written for the purpose (refunds, deliveries, returns, outages, billing,
callbacks), labelled by what a QA lead would flag under the default policy, judged as an audit
at the time of each conversation's last message. They include the hard cases: concrete times
next to vague ones, hedged promises with a time, negated guarantees, times counted from an
event ("30 days from delivery"), prices per month, promises kept late, outcomes that came true
without a reply, and customers quoting an earlier vague promise; and social-channel threads
(@handles, sign-offs, replies split in "1/2" and "2/2") with offers that wait on the customer
("please DM us your postcode and we'll look into it"), hopes and general statements.

Each conversation has `meta.split`: "dev" conversations were written first and used to tune
the commitment patterns and the checks; "holdout" ones were written afterwards, and their
first-run figures are the honest estimate (see docs/checks/promises.vague.md).

Run from the repository root: `python evals/promises_labelled.py [--misses]`.
"""

from __future__ import annotations

import labelled

from trustdesk.checks.honesty.policy_conflict import PolicyConflict
from trustdesk.checks.promises.broken import BrokenPromise
from trustdesk.checks.promises.unrealistic import UnrealisticPromise
from trustdesk.checks.promises.vague import VaguePromise

FIXTURE = labelled.FIXTURES / "promises_labelled.jsonl"
CHECKS = (VaguePromise, UnrealisticPromise, BrokenPromise, PolicyConflict)


def main(argv: list[str] | None = None) -> int:
    return labelled.main(__doc__, FIXTURE, CHECKS, argv)


if __name__ == "__main__":
    raise SystemExit(main())

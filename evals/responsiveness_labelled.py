"""Precision and recall of the responsiveness checks on hand-labelled, timed conversations.

`tests/fixtures/responsiveness_labelled.jsonl` holds realistic support conversations with
message times, each labelled with the messages `responsiveness.wait` and
`responsiveness.chasing` should flag under the default policy (Europe/London, Mon-Fri
09:00-17:30, first reply within 4 business hours, updates within 24). A conversation whose
`meta.audited_at` is set is audited at that moment (its last wait is still running); the others
at the time of their last message. The labels were set from the conversation's meaning (was
the customer kept waiting past the SLA? did they have to chase?), not from the checks' output.
`meta.split` is "dev" for the conversations the word lists were tuned on and "holdout" for
ones written and labelled afterwards and scored once before any change.

Run from the repository root: `python evals/responsiveness_labelled.py [--misses]`.
"""

from __future__ import annotations

import labelled

from trustdesk.checks.responsiveness.chasing import CustomerChasing
from trustdesk.checks.responsiveness.wait import LongWait

FIXTURE = labelled.FIXTURES / "responsiveness_labelled.jsonl"
CHECKS = (LongWait, CustomerChasing)
# Each conversation is audited at its `meta.audited_at`, or else at its last message.
AT = labelled.audited_at


def main(argv: list[str] | None = None) -> int:
    return labelled.main(__doc__, FIXTURE, CHECKS, argv, at=AT)


if __name__ == "__main__":
    raise SystemExit(main())

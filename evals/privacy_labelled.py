"""Precision and recall of the privacy and rudeness checks on hand-labelled conversations.

`tests/fixtures/privacy_labelled.jsonl` holds realistic support conversations (chat, social,
bot) written for trustdesk and labelled for `privacy.secret_request`, `privacy.exposure` and
`respect.rude`, with clean look-alikes (last four digits, "we will never ask for your PIN",
masked cards, the organisation's own mailbox, acronyms in capitals). The `dev` split was used
while writing the checks; the `holdout` split was written with phrasings the patterns were not
built around and is reported as found.

Run from the repository root: `python evals/privacy_labelled.py [--misses]`.
"""

from __future__ import annotations

import labelled

from trustdesk.checks.privacy.exposure import SecretExposure
from trustdesk.checks.privacy.secret_request import SecretRequest
from trustdesk.checks.respect.rude import RudeReply

FIXTURE = labelled.FIXTURES / "privacy_labelled.jsonl"
CHECKS = (SecretRequest, SecretExposure, RudeReply)


def main(argv: list[str] | None = None) -> int:
    return labelled.main(__doc__, FIXTURE, CHECKS, argv)


if __name__ == "__main__":
    raise SystemExit(main())

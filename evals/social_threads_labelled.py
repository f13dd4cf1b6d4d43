"""Precision and recall of the 13 rubric checks on social support threads written for trustdesk.

`tests/fixtures/social_threads_labelled.jsonl` holds 50 short public threads between customers
and the support accounts of invented brands (a mobile network, a railway, a bank, a TV
service, an airline, a grocer, an energy supplier and a parcel carrier), written in the style
of real ones: leading @handles, sign-offs ("^LM", "-Kai"), links, emoji, capitals, customers
writing twice, a split question ("1/2", "2/2"), another language. Each was labelled under the
rubric of the real development set (`../shared/data/support-real-dev/RUBRIC.md`: "when in
doubt, do NOT label") before any of them was run, so the first run is a blind estimate of how
the checks do on threads they were not written against:

    check                     support  tp  fp  fn  precision  recall
    responsiveness.chasing          8   7   1   1      0.875   0.875
    empathy.missing                 7   7   0   0      1.000   1.000
    transparency.unanswered         5   2   1   3      0.667   0.400
    promises.vague                  4   4   0   0      1.000   1.000
    personalisation.language        1   1   0   0      1.000   1.000
    autonomy.pressure               0   0   1   0          -       -
    micro                          25  21   3   4      0.875   0.840

The causes fixed after it: a step that fixes a fault answers "why isn't it working?"; "as I
said in my email last week" repeats a request; a price rise dated in answer to the customer's
question is no sales deadline. Left as they are: a question in a thread nobody has replied to
yet is `responsiveness.wait`'s concern, not this check's (the rubric labels it; the real
development set has no such thread); "we'll look into this" after a question counts as an
honest "we'll find out" (the labels here say it only puts the answer off; the rubric's
"addresses it" allows either reading); "2 hours on hold and got cut off" is read as earlier
contact (chasing), which the labels here leave in doubt.

Run from the repository root: `python evals/social_threads_labelled.py [--misses]`.
"""

from __future__ import annotations

import labelled

from trustdesk.checks.registry import available_checks

FIXTURE = labelled.FIXTURES / "social_threads_labelled.jsonl"
# The checks of the real development set's rubric.
RUBRIC_CHECKS = (
    "promises.vague",
    "promises.unrealistic",
    "transparency.unanswered",
    "transparency.evasive",
    "responsiveness.chasing",
    "autonomy.pressure",
    "autonomy.upsell_unresolved",
    "autonomy.no_consent",
    "privacy.secret_request",
    "privacy.exposure",
    "respect.rude",
    "empathy.missing",
    "personalisation.language",
)
CHECKS = tuple(available_checks()[check_id] for check_id in RUBRIC_CHECKS)


def main(argv: list[str] | None = None) -> int:
    return labelled.main(__doc__, FIXTURE, CHECKS, argv)


if __name__ == "__main__":
    raise SystemExit(main())

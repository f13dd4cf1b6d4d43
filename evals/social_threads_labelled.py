"""Precision and recall of the 13 rubric checks on social support threads written for trustdesk.

`tests/fixtures/social_threads_labelled.jsonl` holds 80 short public threads between customers
and the support accounts of invented brands (a mobile network, a railway, a bank, a TV
service, an airline, a grocer, an energy supplier and a parcel carrier), written in the style
of real ones: leading @handles, sign-offs ("^LM", "-Kai"), links, emoji, capitals, customers
writing twice, a split question ("1/2", "2/2"), another language. Each was labelled under the
rubric of the real development set (`../shared/data/support-real-dev/RUBRIC.md`: "when in
doubt, do NOT label") before any of them was run, so each batch's first run is a blind
estimate of how the checks do on threads they were not written against.

The first 50 (`thread-b..`), threads with something to find; first run:

    check                     support  tp  fp  fn  precision  recall
    responsiveness.chasing          8   7   1   1      0.875   0.875
    empathy.missing                 7   7   0   0      1.000   1.000
    transparency.unanswered         5   2   1   3      0.667   0.400
    promises.vague                  4   4   0   0      1.000   1.000
    personalisation.language        1   1   0   0      1.000   1.000
    autonomy.pressure               0   0   1   0          -       -
    micro                          25  21   3   4      0.875   0.840

The next 30 (`thread-c..`), everyday replies full of what the checks with no positives react
to (guarantees, "only 3 left", a PIN, the company's phone number, capitals, deadlines); nothing
labelled, and the first run raised 6 false alarms in 30 threads: autonomy.pressure (stock
given in answer to "are there seats left?"), transparency.unanswered twice (a reason given as
"..., so the payment went up"; a reason given without a reason word), empathy.missing (a
calm request typed in capitals), privacy.exposure (the bank's own number after "call us
on"), promises.vague ("we'll text you if anything changes").

The causes fixed after them: a step that fixes a fault answers "why isn't it working?"; "as I
said in my email last week" repeats a request; a price rise dated in answer to the customer's
question is no sales deadline; stock asked about as "seats left" is an answer; ", so ..." gives
a reason; a number given as "call us on" or "our helpline is" is ours. Left as they are: a
message all in capitals reads as a raised voice, even a calm request with the caps lock on
("I'M NOT HOME TODAY CAN YOU LEAVE IT WITH A NEIGHBOUR"), as telling it from "WHERE IS MY
ORDER. I PAID FOR NEXT DAY DELIVERY" needs more than the capitals; a question in a thread
nobody has replied to yet is `responsiveness.wait`'s concern, not this check's (the rubric
labels it; the real development set has no such thread); "we'll look into this" after a
question counts as an honest "we'll find out" (the labels here say it only puts the answer off;
the rubric's "addresses it" allows either reading); "2 hours on hold and got cut off" is read
as earlier contact (chasing), which the labels here leave in doubt; a reason stated without a
reason word ("Mondays have engineering works that overrun") is not recognised; a promise bound
to an event ("we'll text you if anything changes") is read as a promise without a time.

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

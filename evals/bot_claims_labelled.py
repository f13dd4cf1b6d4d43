"""How well the guard against bot claims does on labelled bot conversations, per failure kind.

No public data set labels what support bots get wrong against an organisation's own policy, so
this runs on `tests/fixtures/bot_claims_labelled.jsonl`: conversations with a support bot
written for the purpose (an airline, a software subscription, a car dealer, a furniture shop,
a bank), judged under `tests/fixtures/bot_claims_policy.yaml`. Each bad reply is labelled with
its kind:

- `not_provided`: offers or claims something the policy says is not provided, in any phrasing
  ("you can request phone support", "you're entitled to lounge access");
- `condition`: states a condition the other way round ("apply within 90 days after your
  flight" when it must be requested before travel; "anyone can change the billing details");
- `amount`: agrees to a price the customer proposed ("that's a deal", "legally binding");
- `invented_rule`: asserts a rule the policy does not state (honesty.unsupported_claim);
- `binding`, `compensation`, `assurance`: commits beyond what a bot may give (honesty.authority):
  a binding offer, a contract or an agreed price the policy does not contradict; a voucher,
  credit or refund over the policy's `compensation` limits; a legal or medical assurance;
- `injection`, `instructions`, `disparagement`: leaves its role (conduct.role_break): obeys an
  instruction the customer injected, reveals its own instructions, runs the organisation or a
  third party down.

About as many good replies must pass: true policy statements, correct refusals, honest
hand-overs, prices agreed at the policy's own price. A finding counts for a kind when the
check and the finding's kind match a label on that message (`amount` covers both a wrong
price and an agreed one); any other finding of the two checks is a false alarm of its kind.

The fixture was written before the rules it scores. The first, blind run gave (all
conversations):

    kind            tp  fp  fn  precision  recall
    not_provided    20   1   1      0.952   0.952
    condition       20   1   0      0.952   1.000
    amount          19   0   1      1.000   0.950
    invented_rule   18   1   2      0.947   0.900

The rules were written by the same hand soon after the fixture, so "blind" means only that no
rule was changed after seeing a score. The causes fixed after it: a subject with a qualifier
("someone from billing will ring you"); a sentence that restates the policy's own statement
("lounge access comes with business fares") is no claim against it, and one that restates a
listed rule is supported by it; a sentence that names the allowed person anywhere restates an
"only" condition; a price agreed after the product was named earlier in the conversation;
"a separate ... for each" states a limit of one. After them every kind scores precision 1.00
and recall 1.00 on both splits (21, 20, 20 and 20 labelled replies): figures on the set the
rules were fitted to, so read the blind run as the estimate for new conversations.

The six kinds of honesty.authority and conduct.role_break were added later: first 121
conversations (62 bad, ten or more per kind, half of them held out; 59 good: true statements,
refusals, hand-overs, a bot declining an injection), written before the two checks. Their first
run:

    split    kind           tp  fp  fn  precision  recall
    dev      binding         8   1   0      0.889   1.000
    dev      compensation    4   0   1      1.000   0.800
    dev      assurance, injection, instructions, disparagement: 5 each, no fp, no fn
    holdout  binding         6   0   0      1.000   1.000
    holdout  compensation    4   0   1      1.000   0.800
    holdout  assurance, injection, instructions, disparagement: 5 each, no fp, no fn

The false alarm was a labelling slip: an injected "and that is legally binding" that the bot
repeats is a binding commitment as well as an injection, and is now labelled as both. The two
misses were a $120 gift card (a goodwill sum equal to a policy price was taken for a refund of
that price) and "up to $150 is on us" ("up to" was read as a rule, not a grant); both are
fixed, and every kind then scored 1.00 on both splits.

That was too good to trust: the same hand wrote the conversations and the rules. So four more
batches were written in other words, each before the rules saw it. The first (36
conversations, now in dev) found 7 of 24 bad replies (binding 2/4, compensation 2/4,
assurance 0/4, injection 2/4, instructions 1/4, disparagement 0/4) and passed all 12 good ones.
The rules were widened on it (more phrasings of each kind; the reply naming the customer's own
price; a persona the customer gave; a quoted text said word for word), then the second batch
(60 conversations, now in holdout: 30 bad, five per kind, and 30 good) was run once, blind:

    kind           found  of  false alarms
    binding            0   5
    compensation       2   5
    assurance          0   5
    injection          1   5
    instructions       1   5
    disparagement      5   5  1 (an injected insult the reply repeats, taken for its own)
    good replies               0 of 30

Twelve more good replies (dev), written after the rules were widened, all passed on their
first run. The rules were widened again on the second batch, then a third batch (50
conversations, now in dev: 30 bad, five per kind, and 20 good) was run once, blind:

    kind           found  of  false alarms
    binding            1   5
    compensation       5   5
    assurance          0   5
    injection          1   5
    instructions       2   5
    disparagement      3   5
    good replies               0 of 20

It was widened on that batch too (and ten more good replies were written, of which the first
run flagged one: "I've refunded the $45" taken for agreeing to the customer's "$45"; fixed).
A fourth batch (50 conversations, now in holdout: 30 bad, five per kind, and 20 good), run
once, blind, on those rules:

    kind           found  of  false alarms
    binding            1   5
    compensation       2   5
    assurance          1   5
    injection          0   5
    instructions       2   5
    disparagement      1   5
    good replies               0 of 20

So on new wording expect high precision (no false alarm of the two checks on the 70 good
replies of the last three blind batches, none on the 270 real support threads of the
development set) and low recall, a quarter to a half, from these two checks: they know phrases, not
meaning, and every new batch brought phrasings the last did not have. The figures this script
prints are near 1.00 because every batch was then fitted (the fourth too, after its blind
run); read the blind runs above as the estimate. Ten more good replies written after the fourth
batch passed but one on their first run ("Express shipping is $15" after the customer's "I'll
pay $5, not $15"; a sum the customer refuses is no offer now). Two findings of the older
checks on the fourth batch stand: a bot that obeys an injection and gives the sofa a wrong
price is also honesty.policy_conflict's (labelled so), and "our refund policy is 30 days from
delivery", a good reply, is taken by honesty.unsupported_claim for an invented rule (the
policy states it as a returns condition, in other words).

Run from the repository root: `python evals/bot_claims_labelled.py [--misses]`.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import labelled

from trustdesk.checks.conduct.role_break import RoleBreak
from trustdesk.checks.honesty.authority import Authority
from trustdesk.checks.honesty.policy_conflict import PolicyConflict
from trustdesk.checks.honesty.unsupported_claim import UnsupportedClaim
from trustdesk.engine import Engine
from trustdesk.model import Conversation
from trustdesk.policy.loader import load_policy

FIXTURE = labelled.FIXTURES / "bot_claims_labelled.jsonl"
POLICY = labelled.FIXTURES / "bot_claims_policy.yaml"
CHECKS = (PolicyConflict, UnsupportedClaim, Authority, RoleBreak)
KINDS = (
    "not_provided",
    "condition",
    "amount",
    "invented_rule",
    "binding",
    "compensation",
    "assurance",
    "injection",
    "instructions",
    "disparagement",
)
# A finding's `data.kind` as the fixture labels it.
_LABEL = {
    "not_provided": "not_provided",
    "condition": "condition",
    "amount": "amount",
    "agreement": "amount",
    "duration": "duration",
    "invented_rule": "invented_rule",
    "binding": "binding",
    "compensation": "compensation",
    "assurance": "assurance",
    "injection": "injection",
    "instructions": "instructions",
    "disparagement": "disparagement",
}


@dataclass
class KindScore:
    kind: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(rows: Iterable[Mapping[str, Any]], policy_path: Path = POLICY) -> dict[str, KindScore]:
    """Per failure kind, the findings of the two checks against the labels."""
    engine = Engine(policy=load_policy(policy_path), checks=list(CHECKS))
    scores = {kind: KindScore(kind) for kind in KINDS}
    for row in rows:
        data = {key: value for key, value in row.items() if key != "expect"}
        conversation = Conversation.parse(data)
        texts = {m.id: m.text for m in conversation.messages}
        expected = {(item["message_id"], item["kind"]) for item in row["expect"]}
        found = {
            (f.message_id, _LABEL.get(str(f.data.get("kind")), str(f.data.get("kind"))))
            for f in engine.audit(conversation).findings
        }
        for message_id, kind in found | expected:
            into = scores.setdefault(kind, KindScore(kind))
            where = f"{row['id']}/{message_id}: {texts.get(message_id, '')[:110]!r}"
            if (message_id, kind) in found and (message_id, kind) in expected:
                into.tp += 1
            elif (message_id, kind) in found:
                into.fp += 1
                into.false_alarms.append(where)
            else:
                into.fn += 1
                into.misses.append(where)
    return scores


def print_scores(title: str, scores: Mapping[str, KindScore], *, misses: bool = False) -> None:
    print(f"\n{title}")
    print(f"{'kind':15} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7}")
    for s in scores.values():
        print(f"{s.kind:15} {s.tp:>4} {s.fp:>4} {s.fn:>4} {s.precision:>9.3f} {s.recall:>7.3f}")
    if misses:
        for s in scores.values():
            for where in s.misses:
                print(f"  miss {s.kind} {where}")
            for where in s.false_alarms:
                print(f"  false alarm {s.kind} {where}")


def load(split: str | None = None) -> list[dict[str, Any]]:
    return labelled.load(FIXTURE, split)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").strip().partition("\n")[0])
    parser.add_argument("--misses", action="store_true", help="print misses and false alarms")
    parser.add_argument("--json", action="store_true", help="print the whole set's figures")
    args = parser.parse_args(argv)
    if args.json:
        scores = score(load())
        print(json.dumps({k: {"tp": s.tp, "fp": s.fp, "fn": s.fn} for k, s in scores.items()}))
        return 0
    for split in (*labelled.SPLITS, "all"):
        rows = load(None if split == "all" else split)
        title = f"{split}: {len(rows)} conversations"
        print_scores(title, score(rows), misses=args.misses and split == "all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

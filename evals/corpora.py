"""The labelled conversations that calibrate and measure the checks, and what the engine says
about each (message, check) pair in them.

Four kinds of source, each with the checks its labels cover (a finding of another check there
is neither right nor wrong, so it is left out):

- `samples`: the conversations bundled with trustdesk, labelled for every check;
- `fixtures/<name>`: `tests/fixtures/<name>_labelled.jsonl`, labelled for the checks its
  script `evals/<name>_labelled.py` names (and audited at the time that script audits them);
- `ibm-care-dev` and `twcs-dev`: the real support conversations in
  `../shared/data/support-real-dev`, labelled for the 13 checks of its rubric.

Only the samples, our fixtures and the IBM part (Apache-2.0) may produce numbers that ship in
the package; `twcs-dev` (CC BY-NC-SA) is for measuring only (`Source.shippable`).

Each labelled conversation is audited once, with every confidence threshold at 0, and turned
into `Pair`s: one per (message, check) that is expected, found, or both, with the strongest
finding's `strength`. Which pairs a policy's thresholds keep, and the figures they give, are
worked out from there, so one audit serves the in-sample figures and every fold of a
cross-validation.
"""

from __future__ import annotations

import importlib
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from trustdesk.engine import Engine
from trustdesk.evaluation import split_labels
from trustdesk.model import Conversation
from trustdesk.policy import Policy, default_policy
from trustdesk.policy.loader import load_policy
from trustdesk.samples import load_samples

ROOT = Path(__file__).resolve().parents[1]
EVALS = ROOT / "evals"
SHARED = ROOT.parent / "shared"
REAL_DEV = SHARED / "data" / "support-real-dev"
REAL_FILES = ("ibm-care-dev", "twcs-dev")
# Sources whose licence lets numbers derived from them ship inside the package.
SHIPPABLE_REAL = frozenset({"ibm-care-dev"})

Clock = Callable[[Mapping[str, Any]], datetime | None]


@dataclass(frozen=True)
class Source:
    name: str
    rows: list[dict[str, Any]]
    checks: frozenset[str]
    shippable: bool
    clock: Clock | None = None
    # The policy the source is labelled under, when not the default one.
    policy: Policy | None = None

    @property
    def messages(self) -> int:
        return sum(len(row["messages"]) for row in self.rows)


@dataclass(frozen=True)
class Pair:
    """One (message, check) of a source: expected by the labels, found by the engine, or both."""

    source: str
    conversation: str
    message: str
    check: str
    expected: bool
    # The strongest finding's strength, None when the check found nothing there.
    strength: float | None
    # The message text, to show misses and false alarms.
    text: str = ""

    @property
    def group(self) -> str:
        """The conversation, named across sources (cross-validation keeps it in one fold)."""
        return f"{self.source}:{self.conversation}"


def rubric_checks() -> list[str]:
    """The checks the real dev set is labelled for, as its SOURCE.md lists them."""
    text = (REAL_DEV / "SOURCE.md").read_text(encoding="utf-8")
    match = re.search(r"--checks ([a-z_.,]+)", text)
    if match is None:
        raise SystemExit(f"{REAL_DEV / 'SOURCE.md'}: no `--checks` list found")
    return match.group(1).split(",")


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def fixture_scripts() -> dict[str, Any]:
    """The `evals/<name>_labelled.py` modules by name, each with its FIXTURE and CHECKS."""
    scripts = {}
    for path in sorted(EVALS.glob("*_labelled.py")):
        module = importlib.import_module(path.stem)
        scripts[path.stem.removesuffix("_labelled")] = module
    return scripts


def own_sources(engine: Engine) -> list[Source]:
    """The bundled samples and our labelled fixtures: always here."""
    sources = [
        Source(
            "samples",
            load_samples(with_labels=True),
            frozenset(c.id for c in engine.checks),
            shippable=True,
        )
    ]
    for name, module in fixture_scripts().items():
        sources.append(
            Source(
                f"fixtures/{name}",
                _jsonl(module.FIXTURE),
                frozenset(check.id for check in module.CHECKS),
                shippable=True,
                clock=getattr(module, "AT", None),
                policy=load_policy(module.POLICY) if hasattr(module, "POLICY") else None,
            )
        )
    return sources


def real_sources() -> list[Source]:
    """The real dev set, one source per file; empty when ../shared is not beside the checkout."""
    if not REAL_DEV.is_dir():
        return []
    checks = frozenset(rubric_checks())
    return [
        Source(name, _jsonl(REAL_DEV / f"{name}.jsonl"), checks, shippable=name in SHIPPABLE_REAL)
        for name in REAL_FILES
    ]


def unthresholded(policy: Policy | None = None) -> Policy:
    """`policy` with every confidence threshold at 0: every finding is kept and none lowered."""
    policy = policy or default_policy()
    checks = {
        check_id: settings.model_copy(update={"min_confidence": None, "block_confidence": None})
        for check_id, settings in policy.checks.items()
    }
    verdict = policy.verdict.model_copy(update={"min_confidence": 0.0, "block_confidence": 0.0})
    return policy.model_copy(update={"checks": checks, "verdict": verdict})


def pairs(source: Source, engine: Engine) -> list[Pair]:
    """Every expected or found (message, check) of `source`, for the checks it is labelled for."""
    found_pairs: list[Pair] = []
    if source.policy is not None:
        engine = Engine(
            unthresholded(source.policy), checks=[type(check) for check in engine.checks]
        )
    for row in source.rows:
        raw, expected = split_labels(row)
        conversation = Conversation.parse(raw)
        texts = {m.id: m.text for m in conversation.messages}
        now = source.clock(row) if source.clock else None
        strongest: dict[tuple[str, str], float] = {}
        for finding in engine.audit(conversation, now=now, measures=False).findings:
            if finding.check in source.checks:
                key = (finding.message_id, finding.check)
                strongest[key] = max(strongest.get(key, 0.0), finding.strength)
        wanted = {pair for pair in expected if pair[1] in source.checks}
        for message_id, check in sorted(wanted | strongest.keys()):
            found_pairs.append(
                Pair(
                    source=source.name,
                    conversation=conversation.id,
                    message=message_id,
                    check=check,
                    expected=(message_id, check) in wanted,
                    strength=strongest.get((message_id, check)),
                    text=texts.get(message_id, ""),
                )
            )
    return found_pairs


# --- counting ---------------------------------------------------------------------------


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def found(self) -> int:
        return self.tp + self.fp

    @property
    def f1(self) -> float | None:
        if not self.tp:
            return 0.0 if self.fp or self.fn else None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    def __iadd__(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self


def count(
    chosen: Iterable[Pair], kept: Callable[[Pair], bool], checks: Sequence[str]
) -> dict[str, Counts]:
    """TP / FP / FN per check, counting a found pair only when `kept` keeps it."""
    counts = {check: Counts() for check in checks}
    for pair in chosen:
        if pair.check not in counts:
            continue
        found = pair.strength is not None and kept(pair)
        into = counts[pair.check]
        if found and pair.expected:
            into.tp += 1
        elif found:
            into.fp += 1
        elif pair.expected:
            into.fn += 1
    return counts


def micro(counts: Mapping[str, Counts]) -> Counts:
    total = Counts()
    for part in counts.values():
        total += part
    return total


def wilson(successes: int, trials: int, z: float = 1.959964) -> tuple[float, float] | None:
    """The 95% Wilson score interval of a proportion (None when nothing was tried)."""
    if trials == 0:
        return None
    rate = successes / trials
    scale = 1 + z * z / trials
    centre = (rate + z * z / (2 * trials)) / scale
    half = z * math.sqrt(rate * (1 - rate) / trials + z * z / (4 * trials * trials)) / scale
    return max(0.0, centre - half), min(1.0, centre + half)

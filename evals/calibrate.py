"""Fit the confidence table that ships with trustdesk (`src/trustdesk/data/calibration.json`).

For every check, the labelled findings of the sources whose licence allows it (the bundled
samples, our labelled fixtures and the IBM part of the real dev set, see `corpora.py`) give
pairs (strength, right or wrong), one per (message, check) the check flagged, with the
strongest finding's strength. The curve from strength to confidence is:

- with at least MIN_FINDINGS labelled findings: an isotonic regression of right-or-wrong on
  strength (scikit-learn), each of its steps pulled toward 1/2 by one right and one wrong
  pseudo-finding (Laplace's rule, so that a step of five right findings reads 6/7, not
  certainty), then made non-decreasing again by a weighted isotonic pass;
- with fewer: one confidence at every strength, the same Laplace estimate of its share of
  right findings, noted as too few to fit a curve, with its 95% Wilson interval;
- with none: the check is left out and gets the table's prior, 1/2, at every strength.

Everything is deterministic: the same checks and labels give the same table. The figures that
say how well it holds (expected calibration error, in sample and by 5-fold cross-validation
grouped by conversation, and a reliability plot) are in docs/quality.md, written by
`make eval-real`.

Run from the repository root: `python evals/calibrate.py` (prints the table beside the
shipped one; `--write` replaces the shipped one). Needs the `eval` extra (scikit-learn).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import corpora

from trustdesk.engine import Engine
from trustdesk.engine.calibration import CALIBRATION_RESOURCE, Calibration

TABLE = corpora.ROOT / "src" / "trustdesk" / "data" / CALIBRATION_RESOURCE
# Below this many labelled findings a check gets one confidence, not a curve over strength.
MIN_FINDINGS = 20
PRIOR = 0.5
FOLDS = 5


def _isotonic() -> Any:
    try:
        from sklearn.isotonic import IsotonicRegression
    except ImportError:
        raise SystemExit(
            "scikit-learn is needed to fit the calibration: pip install -e '.[eval]'"
        ) from None
    return IsotonicRegression(increasing=True, y_min=0.0, y_max=1.0, out_of_bounds="clip")


def laplace(right: int, total: int) -> float:
    return (right + 1) / (total + 2)


def fit_curve(strengths: Sequence[float], right: Sequence[bool]) -> list[list[float]]:
    """The (strength, confidence) points of one check's curve (MIN_FINDINGS or more)."""
    model = _isotonic().fit(list(strengths), [float(r) for r in right])
    steps: dict[float, list[tuple[float, bool]]] = defaultdict(list)
    for strength, outcome, level in zip(
        strengths, right, model.predict(list(strengths)), strict=True
    ):
        steps[float(level)].append((float(strength), outcome))
    ordered = [steps[level] for level in sorted(steps)]
    sizes = [len(step) for step in ordered]
    pulled = [laplace(sum(r for _, r in step), len(step)) for step in ordered]
    # Pulling small steps toward 1/2 can undo the order: restore it, weighting steps by size.
    levels = (
        _isotonic().fit(range(len(pulled)), pulled, sample_weight=sizes).predict(range(len(pulled)))
    )
    points: list[list[float]] = []
    for step, level in zip(ordered, levels, strict=True):
        low = min(s for s, _ in step)
        high = max(s for s, _ in step)
        for strength in dict.fromkeys((low, high)):
            if points and points[-1][0] == strength:
                continue
            points.append([round(strength, 4), round(float(level), 4)])
    return points


def fit(chosen: Iterable[corpora.Pair]) -> dict[str, Any]:
    """The calibration table for the found pairs of `chosen`, as a JSON-ready dict."""
    by_check: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for pair in chosen:
        if pair.strength is not None:
            by_check[pair.check].append((pair.strength, pair.expected))
    checks: dict[str, Any] = {}
    for check in sorted(by_check):
        found = by_check[check]
        right = sum(r for _, r in found)
        interval = corpora.wilson(right, len(found))
        entry: dict[str, Any] = {
            "findings": len(found),
            "right": right,
            "interval": [round(x, 3) for x in interval] if interval else None,
        }
        if len(found) >= MIN_FINDINGS:
            entry["method"] = "isotonic"
            entry["points"] = fit_curve([s for s, _ in found], [r for _, r in found])
        else:
            entry["method"] = "too few to fit"
            entry["points"] = [[0.0, round(laplace(right, len(found)), 4)]]
            entry["note"] = (
                f"only {len(found)} labelled findings: one confidence at every strength, "
                f"(right + 1) / (findings + 2); the share right could be anywhere in the 95% "
                f"interval {interval[0]:.2f}-{interval[1]:.2f}"
                if interval
                else ""
            )
        checks[check] = entry
    return {"prior": {"confidence": PRIOR}, "checks": checks}


def shippable_pairs(engine: Engine) -> tuple[list[corpora.Source], list[corpora.Pair]]:
    """The sources the shipped table may be fitted on, and their pairs."""
    sources = [s for s in [*corpora.own_sources(engine), *corpora.real_sources()] if s.shippable]
    return sources, [pair for source in sources for pair in corpora.pairs(source, engine)]


def card(sources: Sequence[corpora.Source], chosen: Sequence[corpora.Pair]) -> dict[str, Any]:
    found = [p for p in chosen if p.strength is not None]
    return {
        "holds": "Per check, points (strength, confidence) of the curve from a finding's strength "
        "to the probability that a reviewer following the labelling rubric agrees with it; "
        "read between points by straight lines, flat beyond them. A check not listed gets "
        "prior.confidence.",
        "source": "Fitted by evals/calibrate.py on "
        + ", ".join(f"{s.name} ({len(s.rows)} conversations)" for s in sources)
        + f": {len(found)} labelled findings. Isotonic regression (scikit-learn) per check, "
        "each step pulled toward 1/2 by Laplace's rule.",
        "licence": "Apache-2.0: derived from trustdesk's own samples and fixtures and from the "
        "IBM customer-care dialogs (Apache-2.0); the measuring-only TWCS part is not used.",
        "figures": "docs/quality.md, section Calibration: expected calibration error in sample "
        "and by 5-fold cross-validation grouped by conversation, and a reliability plot.",
        "command": "python evals/calibrate.py --write",
    }


def table_text(table: dict[str, Any]) -> str:
    return json.dumps(table, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--write", action="store_true", help="replace the shipped table")
    args = parser.parse_args(argv)
    engine = Engine(corpora.unthresholded())
    sources, chosen = shippable_pairs(engine)
    if not any(s.name in corpora.SHIPPABLE_REAL for s in sources):
        print(
            f"the real dev set is not at {corpora.REAL_DEV}: the table would be fitted on our "
            "own data only, so it is not written",
            file=sys.stderr,
        )
        if args.write:
            return 1
    table = {"card": card(sources, chosen), **fit(chosen)}
    Calibration.from_dict(table)  # what the engine will read back
    shipped = json.loads(TABLE.read_text(encoding="utf-8")) if TABLE.is_file() else {}
    print(f"{'check':34} {'findings':>8} {'right':>5}  {'method':16} points (strength, confidence)")
    for check, entry in table["checks"].items():
        print(
            f"{check:34} {entry['findings']:>8} {entry['right']:>5}  {entry['method']:16} "
            f"{entry['points']}"
        )
    same = shipped.get("checks") == table["checks"] and shipped.get("prior") == table["prior"]
    print("\nthe shipped table is " + ("the same" if same else "different"))
    if args.write:
        TABLE.write_text(table_text(table), encoding="utf-8")
        print(f"written to {TABLE.relative_to(corpora.ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

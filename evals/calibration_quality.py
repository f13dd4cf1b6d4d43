"""How well the confidence table holds: in sample, by cross-validation and on unseen data.

In sample, each found pair gets the confidence of the shipped table. By cross-validation, the
sources the table is fitted on are split in 5 folds grouped by conversation (scikit-learn's
GroupKFold: a conversation never has pairs on both sides); each fold's pairs get the
confidence of a table fitted (`calibrate.fit`) on the other four. The TWCS part of the real dev
set is never fitted on, so the shipped table is already out of sample there.

Expected calibration error (ECE): the found pairs are put in 10 bins of equal width by
confidence; ECE is the mean, weighted by bin size, of |mean confidence - share right| per bin.
The Brier score is the mean of (confidence - right)^2.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import calibrate
import corpora

from trustdesk.engine.calibration import Calibration

BINS = 10

Confidence = Callable[[corpora.Pair], float]


def shipped(table: Calibration) -> Confidence:
    return lambda pair: table.confidence(pair.check, pair.strength or 0.0)


def cross_validated(chosen: Sequence[corpora.Pair], folds: int = calibrate.FOLDS) -> Confidence:
    """Each pair's confidence from a table fitted on the folds that do not hold it."""
    try:
        from sklearn.model_selection import GroupKFold
    except ImportError:
        raise SystemExit(
            "scikit-learn is needed for the cross-validation: pip install -e '.[eval]'"
        ) from None
    confidence: dict[int, float] = {}
    groups = [pair.group for pair in chosen]
    for train, test in GroupKFold(n_splits=folds).split(chosen, groups=groups):
        table = Calibration.from_dict(calibrate.fit(chosen[i] for i in train))
        for i in test:
            pair = chosen[i]
            if pair.strength is not None:
                confidence[id(pair)] = table.confidence(pair.check, pair.strength)
    return lambda pair: confidence[id(pair)]


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    count: int
    confidence: float
    right: float


@dataclass(frozen=True)
class Reliability:
    findings: int
    mean_confidence: float
    share_right: float
    ece: float
    brier: float
    bins: tuple[Bin, ...]


def reliability(chosen: Sequence[corpora.Pair], confidence: Confidence) -> Reliability | None:
    found = [(confidence(p), p.expected) for p in chosen if p.strength is not None]
    if not found:
        return None
    bins = []
    for index in range(BINS):
        low, high = index / BINS, (index + 1) / BINS
        inside = [(c, r) for c, r in found if low <= c < high or (index == BINS - 1 and c == 1.0)]
        if inside:
            bins.append(
                Bin(
                    low,
                    high,
                    len(inside),
                    sum(c for c, _ in inside) / len(inside),
                    sum(r for _, r in inside) / len(inside),
                )
            )
    total = len(found)
    return Reliability(
        findings=total,
        mean_confidence=sum(c for c, _ in found) / total,
        share_right=sum(r for _, r in found) / total,
        ece=sum(b.count * abs(b.confidence - b.right) for b in bins) / total,
        brier=sum((c - r) ** 2 for c, r in found) / total,
        bins=tuple(bins),
    )


def plot(panels: Mapping[str, Mapping[str, Reliability | None]], path: Path) -> bool:
    """A reliability diagram per panel (each with one series per label); False without
    matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    markers = ("o", "s", "^", "D")
    figure, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 4.4), squeeze=False)
    for axis, (title, series) in zip(axes[0], panels.items(), strict=True):
        axis.plot([0, 1], [0, 1], color="0.6", linestyle="--", linewidth=1, label="perfect")
        for marker, (label, result) in zip(markers, series.items(), strict=False):
            if result is None:
                continue
            axis.scatter(
                [b.confidence for b in result.bins],
                [b.right for b in result.bins],
                s=[10 + 12 * b.count**0.5 for b in result.bins],
                marker=marker,
                alpha=0.7,
                label=f"{label} (ECE {result.ece:.3f}, n={result.findings})",
            )
        axis.set_xlim(-0.03, 1.03)
        axis.set_ylim(-0.03, 1.03)
        axis.set_xlabel("confidence given (mean per bin)")
        axis.set_ylabel("share of findings right")
        axis.set_title(title, fontsize=10)
        axis.legend(fontsize=7, loc="lower right")
        axis.set_aspect("equal")
    figure.suptitle("Reliability of the confidence (marker area: findings in the bin)", fontsize=11)
    figure.tight_layout()
    figure.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(figure)
    return True

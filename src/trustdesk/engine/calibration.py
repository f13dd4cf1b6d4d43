"""From a check's raw strength to a calibrated confidence, through a table fitted on labels.

A check may grade each finding with a `strength` from 0 to 1; the engine turns (check,
strength) into `confidence`, the probability that a reviewer applying the labelling rubric
agrees that the check is right about that message. The table that does it ships as package
data (`trustdesk/data/calibration.json`), written by `evals/calibrate.py` from labelled
conversations (isotonic regression over strength, per check; see docs/quality.md for how well
it holds). Each check's curve is a few (strength, confidence) points, read between them by
straight lines and held flat beyond the first and the last, which is how isotonic regression
predicts: no library is needed to apply it.

A check the table does not know (a third-party check, or one with too few labelled findings
to fit) gets the table's prior at every strength. The table is read on first use and kept.
"""

from __future__ import annotations

import functools
import json
import math
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

CALIBRATION_RESOURCE = "calibration.json"


class CalibrationError(ValueError):
    """A calibration table is malformed (for the shipped one, a packaging bug)."""


@dataclass(frozen=True, slots=True)
class Curve:
    """Confidence as a non-decreasing function of strength, given by points."""

    strengths: tuple[float, ...]
    confidences: tuple[float, ...]

    @classmethod
    def flat(cls, confidence: float) -> Curve:
        return cls((0.0,), (confidence,))

    def __call__(self, strength: float) -> float:
        xs, ys = self.strengths, self.confidences
        right = bisect_right(xs, strength)
        if right == 0:
            return ys[0]
        if right == len(xs):
            return ys[-1]
        x0, x1, y0, y1 = xs[right - 1], xs[right], ys[right - 1], ys[right]
        return y0 + (y1 - y0) * (strength - x0) / (x1 - x0)


@dataclass(frozen=True, slots=True)
class Calibration:
    """Per check, the curve from strength to confidence; `prior` for any other check."""

    curves: Mapping[str, Curve]
    prior: float
    card: Mapping[str, Any] = field(default_factory=dict)

    def curve(self, check: str) -> Curve:
        return self.curves.get(check) or Curve.flat(self.prior)

    def confidence(self, check: str, strength: float) -> float:
        """The calibrated confidence of a finding of `check` with `strength`, to 3 places."""
        return round(self.curve(check)(strength), 3)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibration:
        """A table as `evals/calibrate.py` writes it; CalibrationError names what is wrong."""
        if not isinstance(data, Mapping):
            raise CalibrationError("a calibration table is a JSON object")
        prior = _probability(_get(data, "prior", Mapping).get("confidence"), "prior.confidence")
        curves: dict[str, Curve] = {}
        for check, entry in _get(data, "checks", Mapping).items():
            if not isinstance(entry, Mapping):
                raise CalibrationError(f"checks.{check}: expected an object")
            curves[str(check)] = _curve(entry.get("points"), f"checks.{check}.points")
        card = data.get("card", {})
        return cls(curves=curves, prior=prior, card=card if isinstance(card, Mapping) else {})


def _get(data: Mapping[str, Any], key: str, kind: type) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise CalibrationError(f"{key}: missing or not a{'n object' if kind is Mapping else ''}")
    return value


def _probability(value: Any, where: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 <= value <= 1
    ):
        raise CalibrationError(f"{where}: expected a number from 0 to 1")
    return float(value)


def _curve(points: Any, where: str) -> Curve:
    if not isinstance(points, list) or not points:
        raise CalibrationError(f"{where}: expected a non-empty list of [strength, confidence]")
    strengths: list[float] = []
    confidences: list[float] = []
    for index, point in enumerate(points):
        if not isinstance(point, list) or len(point) != 2:
            raise CalibrationError(f"{where}.{index}: expected [strength, confidence]")
        strength = _probability(point[0], f"{where}.{index}")
        confidence = _probability(point[1], f"{where}.{index}")
        if strengths and strength <= strengths[-1]:
            raise CalibrationError(f"{where}.{index}: strengths must increase")
        if confidences and confidence < confidences[-1]:
            raise CalibrationError(f"{where}.{index}: confidence must not fall as strength rises")
        strengths.append(strength)
        confidences.append(confidence)
    return Curve(tuple(strengths), tuple(confidences))


@functools.cache
def shipped_calibration() -> Calibration:
    """The table that ships with trustdesk, read once."""
    text = resources.files("trustdesk").joinpath("data", CALIBRATION_RESOURCE).read_text("utf-8")
    return Calibration.from_dict(json.loads(text))

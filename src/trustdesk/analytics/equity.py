"""Equity: the same service measures compared across every customer attribute in the data.

Attributes are the conversation's `channel`, the customer's `language` and every key of
`customer.segment` (region, tier, ...). For each attribute and measure, every group with at
least `min_group` conversations that have the measure is compared: with two such groups,
one against the other; with more, each against all the others together. Smaller groups are
shown with their counts and no claim is made about them. All comparisons of a report are
corrected together (Benjamini-Hochberg), and a difference is called significant only when
its adjusted p-value is at most `alpha`.

An attribute with more than `MAX_GROUPS` distinct values is not a segment (it is more
likely an identifier) and is left out, with a note.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass
from typing import Any, Literal

from trustdesk.analytics.stats import (
    TestResult,
    benjamini_hochberg,
    compare_rates,
    compare_values,
    format_p,
    mean_interval,
    median_interval,
    wilson_interval,
)

MIN_GROUP = 30
ALPHA = 0.05
MAX_GROUPS = 20

Kind = Literal["time", "rate", "score"]


@dataclass(frozen=True, slots=True)
class Measure:
    key: str
    label: str
    kind: Kind
    unit: str
    # Which direction is better service: "lower" (waits), "higher" (satisfaction), or "".
    better: str


MEASURES = (
    Measure("first_reply", "First reply time", "time", "hours", "lower"),
    Measure("resolved", "Problem resolved", "rate", "%", "higher"),
    Measure("flagged", "Conversation flagged (warn or block)", "rate", "%", "lower"),
    Measure("chased", "Customer had to chase", "rate", "%", "lower"),
    Measure("remedy", "Remedy granted", "rate", "%", ""),
    Measure("satisfaction", "Survey satisfaction (1-5)", "score", "points", "higher"),
    Measure("treated_fairly", "Felt treated fairly", "rate", "%", "higher"),
)


def measure_values(record: dict[str, Any]) -> tuple[float, ...]:
    """One conversation's value for each measure, NaN where it has none."""
    nan = math.nan
    service = record.get("service") or {}
    survey = record.get("survey") or {}
    remedies = record.get("remedies")
    first = service.get("first_reply_seconds")
    resolved = service.get("resolved")
    satisfaction = survey.get("satisfaction")
    fair = survey.get("treated_fairly")
    return (
        first / 3600 if isinstance(first, int | float) else nan,
        float(resolved) if isinstance(resolved, bool) else nan,
        float(record.get("decision", "allow") != "allow"),
        float(bool(service.get("chased"))) if record.get("customer_messages") else nan,
        float(bool(remedies)) if isinstance(remedies, list) else nan,
        float(satisfaction) if isinstance(satisfaction, int) else nan,
        float(fair) if isinstance(fair, bool) else nan,
    )


def attributes_of(record: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in ("channel", "language"):
        value = record.get(name)
        if isinstance(value, str) and value:
            found[name] = value
    segment = record.get("segment")
    if isinstance(segment, dict):
        for key, value in segment.items():
            if isinstance(value, str) and value:
                found[f"segment.{key}"] = value
    return found


class _Attribute:
    def __init__(self, rows: int) -> None:
        self.codes: array[int] = array("i", [-1]) * rows
        self.values: dict[str, int] = {}
        self.too_many = False


class EquityColumns:
    """Per-conversation measures and attribute groups, stored as compact columns."""

    def __init__(self) -> None:
        self.rows = 0
        self.columns: list[array[float]] = [array("d") for _ in MEASURES]
        self.attributes: dict[str, _Attribute] = {}

    def add(self, record: dict[str, Any]) -> None:
        for column, value in zip(self.columns, measure_values(record), strict=True):
            column.append(value)
        found = attributes_of(record)
        for name, label in found.items():
            attribute = self.attributes.get(name)
            if attribute is None:
                attribute = self.attributes[name] = _Attribute(self.rows)
            if attribute.too_many:
                continue
            code = attribute.values.get(label)
            if code is None:
                if len(attribute.values) >= MAX_GROUPS:
                    attribute.too_many = True
                    attribute.codes = array("i")
                    continue
                code = attribute.values[label] = len(attribute.values)
            attribute.codes.append(code)
        for name, attribute in self.attributes.items():
            if name not in found and not attribute.too_many:
                attribute.codes.append(-1)
        self.rows += 1

    def merge(self, later: EquityColumns) -> None:
        """Add the rows of the conversations after these: groups keep the codes they would
        have had in one pass (in order of first appearance)."""
        for column, more in zip(self.columns, later.columns, strict=True):
            column.extend(more)
        for name in self.attributes.keys() | later.attributes.keys():
            attribute = self.attributes.get(name)
            if attribute is None:
                attribute = self.attributes[name] = _Attribute(self.rows)
            theirs = later.attributes.get(name)
            if attribute.too_many:
                continue
            if theirs is None:
                attribute.codes.extend(array("i", [-1]) * later.rows)
                continue
            labels = sorted(theirs.values, key=theirs.values.__getitem__)
            for label in labels:
                if label not in attribute.values:
                    attribute.values[label] = len(attribute.values)
            if theirs.too_many or len(attribute.values) > MAX_GROUPS:
                attribute.too_many = True
                attribute.codes = array("i")
                continue
            remap = [attribute.values[label] for label in labels]
            attribute.codes.extend(array("i", (-1 if c < 0 else remap[c] for c in theirs.codes)))
        self.rows += later.rows

    def to_dict(self, min_group: int = MIN_GROUP, alpha: float = ALPHA) -> dict[str, Any]:
        import numpy as np

        values = [np.frombuffer(column, dtype=np.float64) for column in self.columns]
        sections: list[dict[str, Any]] = []
        comparisons: list[dict[str, Any]] = []
        skipped: list[str] = []
        for name in sorted(self.attributes, key=_attribute_order):
            attribute = self.attributes[name]
            if attribute.too_many:
                skipped.append(name)
                continue
            codes = np.frombuffer(attribute.codes, dtype=np.int32)
            labels = sorted(attribute.values, key=lambda v: attribute.values[v])
            measures = []
            for measure, column in zip(MEASURES, values, strict=True):
                present = ~np.isnan(column) & (codes >= 0)
                if not present.any():
                    continue
                groups = {
                    label: column[present & (codes == attribute.values[label])] for label in labels
                }
                section = _measure_section(name, measure, groups, min_group)
                comparisons.extend(section["comparisons"])
                measures.append(section)
            sections.append(
                {"attribute": name, "label": _attribute_label(name), "measures": measures}
            )
        adjusted = benjamini_hochberg([c["p"] for c in comparisons])
        for comparison, p_adjusted in zip(comparisons, adjusted, strict=True):
            comparison["p_adjusted"] = p_adjusted
            comparison["significant"] = p_adjusted <= alpha
            comparison["statement"] = _statement(comparison)
        significant = [c for c in comparisons if c["significant"]]
        significant.sort(key=lambda c: (c["p_adjusted"], -abs(c["effect"])))
        return {
            "alpha": alpha,
            "min_group": min_group,
            "correction": "Benjamini-Hochberg",
            "tests": len(comparisons),
            "attributes": sections,
            "significant": significant,
            "skipped_attributes": skipped,
            "max_groups": MAX_GROUPS,
        }


def _attribute_order(name: str) -> tuple[int, str]:
    return ({"channel": 0, "language": 1}.get(name, 2), name)


def _attribute_label(name: str) -> str:
    return name.removeprefix("segment.").replace("_", " ").capitalize()


def _summary(measure: Measure, values: Any) -> tuple[float, list[float]]:
    import numpy as np

    if measure.kind == "rate":
        hits = int(values.sum())
        low, high = wilson_interval(hits, len(values))
        return 100 * hits / len(values), [100 * low, 100 * high]
    if measure.kind == "time":
        low, high = median_interval(values.tolist())
        return float(np.median(values)), [low, high]
    low, high = mean_interval(values.tolist())
    return float(values.mean()), [low, high]


def _measure_section(
    attribute: str, measure: Measure, groups: dict[str, Any], min_group: int
) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for label, values in groups.items():
        n = len(values)
        value, ci = _summary(measure, values) if n else (None, [None, None])
        rows.append({"group": label, "n": n, "value": value, "ci": ci, "eligible": n >= min_group})
    rows.sort(key=lambda row: (-row["n"], row["group"]))
    eligible = [row["group"] for row in rows if row["eligible"]]
    comparisons = []
    if len(eligible) == 2:
        # The smaller group against the larger, which is usually the majority.
        comparisons.append(_compare(attribute, measure, groups, eligible[1], [eligible[0]]))
    elif len(eligible) > 2:
        for label in eligible:
            others = [other for other in eligible if other != label]
            comparisons.append(_compare(attribute, measure, groups, label, others))
    return {
        "measure": measure.key,
        "label": measure.label,
        "kind": measure.kind,
        "unit": measure.unit,
        "better": measure.better,
        "groups": rows,
        "comparisons": comparisons,
    }


def _compare(
    attribute: str, measure: Measure, groups: dict[str, Any], label: str, others: list[str]
) -> dict[str, Any]:
    import numpy as np

    group = groups[label]
    rest = np.concatenate([groups[other] for other in others])
    result: TestResult
    if measure.kind == "rate":
        result = compare_rates(int(group.sum()), len(group), int(rest.sum()), len(rest))
    else:
        result = compare_values(group.tolist(), rest.tolist())
    value, _ = _summary(measure, group)
    value_rest, _ = _summary(measure, rest)
    return {
        "attribute": attribute,
        "measure": measure.key,
        "label": measure.label,
        "kind": measure.kind,
        "unit": measure.unit,
        "better": measure.better,
        "group": label,
        "versus": others[0] if len(others) == 1 else "all other groups",
        "n": len(group),
        "n_versus": len(rest),
        "value": value,
        "value_versus": value_rest,
        "difference": value - value_rest,
        **result.to_dict(),
    }


def _statement(c: dict[str, Any]) -> str:
    unit = {"time": " h", "rate": " %", "score": ""}[c["kind"]]
    stat = {"time": "median", "rate": "rate", "score": "mean"}[c["kind"]]
    who = f"{_attribute_label(c['attribute'])} {c['group']}"
    versus = c["versus"] if c["versus"] == "all other groups" else f"{c['versus']}"
    size = "" if c["kind"] == "rate" else f", {c['effect_name']} {c['effect']:+.2f}"
    figures = (
        f"{c['label']}: {stat} {c['value']:.2f}{unit} for {who} (n={c['n']}) vs "
        f"{c['value_versus']:.2f}{unit} for {versus} (n={c['n_versus']}); "
        f"difference {c['difference']:+.2f}{unit}{size}, "
        f"{c['test']}, adjusted p {format_p(c['p_adjusted'])}"
    )
    if not c["significant"]:
        return figures + ": not a significant difference."
    # Equal medians can hide a shift the ranks show: then the effect gives the direction.
    direction = c["difference"] or c["effect"]
    worse = (c["better"] == "lower" and direction > 0) or (
        c["better"] == "higher" and direction < 0
    )
    verdict = "worse service" if worse else ("better service" if c["better"] else "a difference")
    return figures + f": significant ({verdict} for {who})."

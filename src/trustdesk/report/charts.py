"""Charts as inline SVG, drawn on the server: the report needs no script, font or network.

Every chart is an `<svg class="chart">` with a title for screen readers, fixed size and
viewBox, and marks (rect, circle, path, line) that a browser test can find.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

COLOURS = {
    "bar": "#3b6ea8",
    "good": "#2f8a57",
    "warn": "#d08c1a",
    "bad": "#c0392b",
    "muted": "#9aa5b1",
    "grid": "#e3e7ec",
    "text": "#27313b",
}
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    text: str = ""
    colour: str = COLOURS["bar"]


def _svg(width: int, height: int, title: str, body: list[str], css: str = "chart") -> Markup:
    return Markup(
        f'<svg class="{css}" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" {FONT}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def bar_chart(
    bars: Sequence[Bar], title: str, *, maximum: float | None = None, width: int = 560
) -> Markup:
    """Horizontal bars, one per row, labelled on the left and valued on the right."""
    label_width, value_width, row = 190, 90, 24
    plot = width - label_width - value_width
    top = max([maximum or 0.0, *(b.value for b in bars)]) or 1.0
    height = max(row * len(bars) + 8, 32)
    body: list[str] = []
    for index, bar in enumerate(bars):
        y = 4 + index * row
        length = max(plot * bar.value / top, 1.0 if bar.value > 0 else 0.0)
        body.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" '
            f'fill="{COLOURS["text"]}">{escape(_short(bar.label, 28))}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{plot}" height="16" '
            f'fill="{COLOURS["grid"]}"/>'
            f'<rect class="mark" x="{label_width}" y="{y + 3}" width="{length:.1f}" height="16" '
            f'fill="{bar.colour}"><title>{escape(bar.label)}: {escape(bar.text)}</title></rect>'
            f'<text x="{label_width + plot + 6}" y="{y + 15}" '
            f'fill="{COLOURS["text"]}">{escape(bar.text)}</text>'
        )
    if not bars:
        body.append(_empty(width, height))
    return _svg(width, height, title, body)


def trend_chart(
    points: Sequence[tuple[str, float]], periods: Sequence[str], title: str, *, width: int = 300
) -> Markup:
    """A score over time with its axes: the score scale on the left (its lowest value and
    100), the first and last period below, and each score written by its dot."""
    height, left, right, top, bottom = 86, 30, 10, 14, 18
    if not points:
        return _svg(width, height, title, [_empty(width, height)], css="chart trend")
    position = {name: index for index, name in enumerate(periods)}
    values = [value for _, value in points]
    low = max(0.0, min(min(values) - 5.0, 90.0))
    low = math.floor(low / 10) * 10
    span = max(100.0 - low, 1.0)
    steps = max(len(periods) - 1, 1)
    plot_w, plot_h = width - left - right, height - top - bottom

    def xy(period: str, value: float) -> tuple[float, float]:
        x = left + plot_w * position[period] / steps if len(periods) > 1 else left + plot_w / 2
        return x, top + plot_h * (100.0 - value) / span

    text, axis, grid = COLOURS["text"], COLOURS["muted"], COLOURS["grid"]
    base = top + plot_h
    body = [
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{base}" stroke="{axis}"/>',
        f'<line x1="{left}" x2="{width - right}" y1="{base}" y2="{base}" stroke="{axis}"/>',
        f'<line x1="{left}" x2="{width - right}" y1="{top}" y2="{top}" stroke="{grid}"/>',
        f'<text class="axis" x="{left - 4}" y="{top + 4}" text-anchor="end" '
        f'fill="{text}">100</text>',
        f'<text class="axis" x="{left - 4}" y="{top + plot_h + 4}" text-anchor="end" '
        f'fill="{text}">{low:.0f}</text>',
        f'<text class="axis" x="{left}" y="{height - 3}" fill="{text}">{escape(periods[0])}</text>',
    ]
    if len(periods) > 1:
        body.append(
            f'<text class="axis" x="{width - right}" y="{height - 3}" text-anchor="end" '
            f'fill="{text}">{escape(periods[-1])}</text>'
        )
    coords = [xy(period, value) for period, value in points]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(coords))
    body.append(
        f'<path class="mark" d="{path}" fill="none" stroke="{COLOURS["bar"]}" stroke-width="1.5"/>'
    )
    for (period, value), (x, y) in zip(points, coords, strict=True):
        body.append(
            f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{COLOURS["bar"]}">'
            f"<title>{escape(period)}: {value:.1f}</title></circle>"
            f'<text class="value" x="{x:.1f}" y="{max(y - 5, 10):.1f}" text-anchor="middle" '
            f'font-size="10" fill="{text}">{value:.0f}</text>'
        )
    return _svg(width, height, title, body, css="chart trend")


@dataclass(frozen=True, slots=True)
class Interval:
    label: str
    value: float | None
    low: float | None
    high: float | None
    n: int
    eligible: bool


def interval_chart(rows: Sequence[Interval], title: str, unit: str, *, width: int = 560) -> Markup:
    """Each group's value as a dot with its 95 % interval; small groups are drawn grey."""
    label_width, right, row = 190, 110, 22
    plot = width - label_width - right
    known = [r for r in rows if r.value is not None and not _nan(r.value)]
    edges = [v for r in known for v in (r.low, r.high, r.value) if v is not None and not _nan(v)]
    low = min([0.0, *edges])
    high = max([*edges, low + 1e-9]) or 1.0
    span = (high - low) or 1.0
    height = max(row * len(rows) + 8, 32)
    body: list[str] = []
    for index, item in enumerate(rows):
        y = 4 + index * row + 11
        colour = COLOURS["bar"] if item.eligible else COLOURS["muted"]
        body.append(
            f'<text x="{label_width - 8}" y="{y + 4}" text-anchor="end" '
            f'fill="{COLOURS["text"]}">{escape(_short(item.label, 22))} (n={item.n})</text>'
        )
        if item.value is None or _nan(item.value):
            continue

        def x(value: float) -> float:
            return label_width + plot * (value - low) / span

        if item.low is not None and item.high is not None and not _nan(item.low):
            body.append(
                f'<line class="mark" x1="{x(item.low):.1f}" x2="{x(item.high):.1f}" y1="{y}" '
                f'y2="{y}" stroke="{colour}" stroke-width="2"/>'
            )
        body.append(
            f'<circle class="mark" cx="{x(item.value):.1f}" cy="{y}" r="4" fill="{colour}">'
            f"<title>{escape(item.label)}: {item.value:.2f} {escape(unit)}</title></circle>"
            f'<text x="{label_width + plot + 8}" y="{y + 4}" fill="{COLOURS["text"]}">'
            f"{item.value:.2f} {escape(unit)}</text>"
        )
    if not rows:
        body.append(_empty(width, height))
    return _svg(width, height, title, body)


def _empty(width: int, height: int) -> str:
    return (
        f'<rect class="mark" x="0" y="0" width="{width}" height="{height}" fill="none" '
        f'stroke="{COLOURS["grid"]}"/><text x="8" y="20" fill="{COLOURS["muted"]}">no data</text>'
    )


def _nan(value: float) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""Build the report of an audit output folder: DIR/report.html and DIR/report.json.

The figures are computed once; both files are rendered from that one result, written under
temporary names and renamed into place together, so a failed run leaves no half report.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trustdesk.analytics.result import Analytics, ReportOptions, analyse
from trustdesk.io.audit_output import AuditOutput

HTML_FILE = "report.html"
JSON_FILE = "report.json"


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    json: Path
    analytics: Analytics


def _finite(value: Any) -> Any:
    """NaN and infinity are not JSON: they become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def report_data(analytics: Analytics) -> dict[str, Any]:
    """The figures exactly as report.json holds them and report.html shows them."""
    data: dict[str, Any] = json.loads(json.dumps(_finite(analytics.to_dict())))
    return data


def write_report(
    folder: str | Path,
    options: ReportOptions | None = None,
    on_progress: Callable[[int], None] | None = None,
    output: AuditOutput | None = None,
    analytics: Analytics | None = None,
) -> ReportFiles:
    """`analytics`: the figures, when they were computed elsewhere (on a Dask cluster)."""
    from trustdesk.report.html import render_html

    if analytics is None:
        output = output or AuditOutput(folder)
        analytics = analyse(output, options, on_progress)
    data = report_data(analytics)
    target = Path(folder)
    html_path, json_path = target / HTML_FILE, target / JSON_FILE
    partial_html = target / f".{HTML_FILE}.partial"
    partial_json = target / f".{JSON_FILE}.partial"
    try:
        partial_json.write_text(
            json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        partial_html.write_text(render_html(data), encoding="utf-8")
        partial_json.replace(json_path)
        partial_html.replace(html_path)
    finally:
        partial_json.unlink(missing_ok=True)
        partial_html.unlink(missing_ok=True)
    return ReportFiles(html=html_path, json=json_path, analytics=analytics)

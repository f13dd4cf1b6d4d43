"""report.html and report.json: one set of figures, a self-contained page, bounded size."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from report_fixture import MIN_GROUP
from trustdesk.analytics.result import ReportOptions
from trustdesk.report import write_report


class Figures(HTMLParser):
    """Every data-figure in the page with its data-value, and every external reference."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: list[tuple[str, Any]] = []
        self.references: list[str] = []
        self.charts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if "data-figure" in values:
            self.figures.append(
                (str(values["data-figure"]), json.loads(values["data-value"] or ""))
            )
        for name in ("src", "href"):
            if values.get(name) and not str(values[name]).startswith("#"):
                self.references.append(str(values[name]))
        if tag == "svg" and "chart" in (values.get("class") or ""):
            self.charts += 1


def at(data: Any, path: str) -> Any:
    for part in path.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


@pytest.fixture(scope="module")
def report(audited_fixture: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("written") / "audit"
    shutil.copytree(audited_fixture, folder)
    write_report(folder, ReportOptions(min_group=MIN_GROUP))
    return folder


def test_every_figure_in_the_page_is_the_json_figure(report: Path) -> None:
    data = json.loads((report / "report.json").read_text(encoding="utf-8"))
    page = Figures()
    page.feed((report / "report.html").read_text(encoding="utf-8"))
    assert len(page.figures) > 40
    for path, value in page.figures:
        assert at(data, path) == value, path
    paths = {path for path, _ in page.figures}
    assert {"overview.conversations", "responsiveness.first_reply.median_hours"} <= paths
    assert any(path.startswith("equity.significant.") for path in paths)


def test_the_page_says_what_is_significant(report: Path) -> None:
    html = (report / "report.html").read_text(encoding="utf-8")
    assert 'data-significant="language|first_reply|es"' in html
    assert "significant (worse service for Language es)" in html
    assert 'data-significant="segment.region' not in html
    assert "too few to compare (n &lt; 5)" in html
    assert "small n" in html
    assert "Hola, mi pedido 4411" in html  # a quoted example


def test_the_page_is_self_contained(report: Path) -> None:
    html = (report / "report.html").read_text(encoding="utf-8")
    page = Figures()
    page.feed(html)
    assert page.references == []
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", html)
    assert page.charts >= 8


def test_no_partial_files_are_left(report: Path) -> None:
    assert not list(report.glob(".*partial"))


def test_lists_are_capped(audited_fixture: Path, tmp_path: Path) -> None:
    folder = tmp_path / "audit"
    shutil.copytree(audited_fixture, folder)
    files = write_report(folder, ReportOptions(worst=2, examples=1))
    data = json.loads(files.json.read_text(encoding="utf-8"))
    assert len(data["worst"]) == 2
    assert all(len(row["examples"]) <= 1 for row in data["findings"])
    assert files.html.read_text(encoding="utf-8").count('class="worst"') == 2

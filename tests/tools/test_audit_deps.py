"""tools/audit_deps.py: pip-audit's result completed from PyPI's project pages, and never a
clean bill for a package that was not checked (no network here: PyPI's answers are given)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

TOOL = Path(__file__).resolve().parents[2] / "tools" / "audit_deps.py"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_deps_tool", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def skipped(name: str, version: str) -> dict[str, str]:
    # What pip-audit writes when PyPI does not answer for the installed version.
    return {
        "name": name,
        "skip_reason": f"Dependency not found on PyPI and could not be audited: {name} ({version})",
    }


INSTALLED = {"anyio": "4.16.0", "numpy": "2.4.6", "rich": "15.0.0", "trustdesk": "0.1.0"}
REPORT = {
    "dependencies": [
        skipped("anyio", "4.16.0"),
        skipped("numpy", "2.4.6"),
        skipped("rich", "15.0.0"),
        {"name": "trustdesk", "skip_reason": "distribution marked as editable"},
    ],
    "fixes": [],
}


def page(version: str, *vulns: dict[str, Any]) -> dict[str, Any]:
    return {"info": {"version": version}, "vulnerabilities": list(vulns)}


def test_packages_pypi_cannot_answer_for_are_named_not_passed(tool: ModuleType) -> None:
    pages = {"anyio": page("4.16.0"), "numpy": page("2.5.5"), "rich": None}
    result = tool.audit(REPORT, INSTALLED, pages.get)
    # anyio is at its latest release: its project page lists that release's advisories.
    assert list(result.audited) == ["anyio"]
    assert sorted(result.not_audited) == ["numpy", "rich"]
    assert "latest release (2.5.5)" in result.not_audited["numpy"]
    lines = tool.render(result)
    assert lines[0] == "Audited 1 of 3 installed packages against PyPI's advisory data."
    assert "No known vulnerabilities in the 1 packages audited." in lines
    assert "NOT AUDITED: 2 of 3 packages; nothing is known about their vulnerabilities:" in lines
    assert any(line.startswith("  numpy 2.4.6:") for line in lines)
    assert (tool.exit_status(result, False), tool.exit_status(result, True)) == (0, 3)


def test_when_nothing_could_be_audited_it_says_so_and_claims_nothing(tool: ModuleType) -> None:
    result = tool.audit(REPORT, INSTALLED, lambda name: None)
    lines = tool.render(result)
    assert result.audited == {} and len(result.not_audited) == 3
    assert not any("No known vulnerabilities" in line for line in lines)
    assert "Nothing was audited: no advisory source answered for any package." in lines
    assert tool.exit_status(result, False) == 0  # a warning, unless every package is required


def test_a_vulnerability_of_the_installed_release_fails(tool: ModuleType) -> None:
    advisory = {"id": "PYSEC-2099-1", "aliases": ["CVE-2099-1"], "fixed_in": ["4.16.1"]}
    withdrawn = {"id": "PYSEC-2099-2", "withdrawn": "2099-01-02T00:00:00Z"}
    pages = {"anyio": page("4.16.0", advisory, withdrawn), "numpy": None, "rich": None}
    result = tool.audit(REPORT, INSTALLED, pages.get)
    assert [v.id for v in result.vulnerabilities] == ["PYSEC-2099-1"]
    lines = tool.render(result)
    assert "KNOWN VULNERABILITIES: 1" in lines
    assert "  anyio 4.16.0: PYSEC-2099-1 (CVE-2099-1); fixed in 4.16.1" in lines
    assert tool.exit_status(result, False) == 1


def test_what_pip_audit_checked_stands(tool: ModuleType) -> None:
    report = {
        "dependencies": [
            {"name": "anyio", "version": "4.16.0", "vulns": []},
            {
                "name": "numpy",
                "version": "2.4.6",
                "vulns": [{"id": "GHSA-xxxx", "fix_versions": ["2.4.7"], "aliases": []}],
            },
            skipped("rich", "15.0.0"),
        ]
    }
    asked: list[str] = []

    def pages(name: str) -> dict[str, Any] | None:
        asked.append(name)
        return page("15.0.0")

    result = tool.audit(report, INSTALLED, pages)
    assert asked == ["rich"]  # only what pip-audit could not check
    assert sorted(result.audited) == ["anyio", "numpy", "rich"]
    assert [(v.package, v.id, v.fixed_in) for v in result.vulnerabilities] == [
        ("numpy", "GHSA-xxxx", ["2.4.7"])
    ]

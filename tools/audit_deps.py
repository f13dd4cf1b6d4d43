"""Known vulnerabilities in the installed dependencies, and a plain account of what was not
checked.

    python tools/audit_deps.py [--require-all] [--pypi URL]

pip-audit asks PyPI for each installed version's advisories (`/pypi/NAME/VERSION/json`). Where
PyPI answers, its result stands. Where it does not (a network that reaches the package index
but not those pages, nor OSV), pip-audit lists every package as skipped and still prints "No
known vulnerabilities found": a clean bill for packages it never checked. So this script runs
pip-audit, counts what it really audited, and asks PyPI's project page (`/pypi/NAME/json`)
about each package it skipped: that page lists the advisories of the latest release, so a
package installed at its latest release is audited there. Any other package is reported as
NOT AUDITED, by name, with its version and why; the script never says "no known
vulnerabilities" of a package it did not check.

Exit status: 1 when a known vulnerability is found in an installed version; 3 with
`--require-all` when any package could not be audited; 2 when pip-audit itself fails;
otherwise 0, with a warning that names what was not audited.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import distributions
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

PYPI = "https://pypi.org"
TIMEOUT_S = 30.0
PARALLEL = 8
EDITABLE = "editable"


@dataclass
class Vulnerability:
    package: str
    version: str
    id: str
    aliases: list[str] = field(default_factory=list)
    fixed_in: list[str] = field(default_factory=list)
    source: str = "pip-audit"


@dataclass
class Audit:
    """Per installed package: audited (by pip-audit or the project page) or not, and why."""

    audited: dict[str, str] = field(default_factory=dict)  # name -> how
    not_audited: dict[str, str] = field(default_factory=dict)  # name -> why
    vulnerabilities: list[Vulnerability] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.audited) + len(self.not_audited)


def installed() -> dict[str, str]:
    """Every distribution installed beside this interpreter, by canonical name."""
    found: dict[str, str] = {}
    for dist in distributions():
        name = dist.metadata["Name"]
        if name:
            found.setdefault(canonicalize_name(name), dist.version)
    return found


def run_pip_audit() -> dict[str, Any]:
    """pip-audit's JSON report on this environment (its exit status 1 means: found some)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "pip-audit.json"
        command = [
            sys.executable,
            "-m",
            "pip_audit",
            "--vulnerability-service",
            "pypi",
            "--skip-editable",
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--output",
            str(out),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode not in (0, 1) or not out.is_file():
            raise SystemExit(f"pip-audit failed ({done.returncode}): {done.stderr.strip()}")
        report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return report


def fetch_project(base: str) -> Callable[[str], dict[str, Any] | None]:
    """A reader of PyPI's project page: its JSON, or None when PyPI does not answer."""

    def read(name: str) -> dict[str, Any] | None:
        url = f"{base.rstrip('/')}/pypi/{name}/json"
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                data: dict[str, Any] = json.load(response)
                return data
        except (urllib.error.URLError, TimeoutError, ValueError, OSError):
            return None

    return read


def _same(a: str, b: str) -> bool:
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a == b


def audit(
    report: dict[str, Any],
    versions: dict[str, str],
    project: Callable[[str], dict[str, Any] | None],
) -> Audit:
    """What pip-audit's `report` checked, completed from PyPI's project pages."""
    result = Audit(versions=versions)
    wanted = [
        canonicalize_name(str(entry.get("name", "")))
        for entry in report.get("dependencies", [])
        if entry.get("skip_reason") is not None and EDITABLE not in str(entry["skip_reason"])
    ]
    # A few at a time: each is one small request to PyPI.
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        pages = dict(zip(wanted, pool.map(project, wanted), strict=True))
    for entry in report.get("dependencies", []):
        name = canonicalize_name(str(entry.get("name", "")))
        skipped = entry.get("skip_reason")
        if skipped is None:
            version = str(entry.get("version") or versions.get(name, "?"))
            result.versions[name] = version
            result.audited[name] = "pip-audit (PyPI's advisories for this version)"
            for vuln in entry.get("vulns", []):
                result.vulnerabilities.append(
                    Vulnerability(
                        name,
                        version,
                        str(vuln.get("id")),
                        list(vuln.get("aliases") or []),
                        list(vuln.get("fix_versions") or []),
                    )
                )
            continue
        if EDITABLE in str(skipped):
            continue  # the project itself, installed for development: not a dependency
        version = versions.get(name)
        if version is None:
            result.not_audited[name] = f"not installed here ({skipped})"
            continue
        _from_project_page(result, name, version, pages.get(name))
    return result


def _from_project_page(result: Audit, name: str, version: str, page: dict[str, Any] | None) -> None:
    if page is None:
        result.not_audited[name] = (
            f"{version}: PyPI answers neither for this version nor for the project"
        )
        return
    latest = str((page.get("info") or {}).get("version") or "")
    if not latest or not _same(latest, version):
        result.not_audited[name] = (
            f"{version}: PyPI's advisories here are only those of the latest release "
            f"({latest or 'unknown'}), and this version's were not reachable"
        )
        return
    result.audited[name] = "PyPI's project page (the latest release, as installed)"
    for vuln in page.get("vulnerabilities") or []:
        if vuln.get("withdrawn"):
            continue
        result.vulnerabilities.append(
            Vulnerability(
                name,
                version,
                str(vuln.get("id")),
                list(vuln.get("aliases") or []),
                list(vuln.get("fixed_in") or []),
                source="PyPI project page",
            )
        )


def render(result: Audit) -> list[str]:
    """The account, one line per fact: never a clean bill for a package not checked."""
    lines = [
        f"Audited {len(result.audited)} of {result.total} installed packages against PyPI's "
        "advisory data."
    ]
    how: dict[str, int] = {}
    for way in result.audited.values():
        how[way] = how.get(way, 0) + 1
    for way, count in sorted(how.items()):
        lines.append(f"  {count} by {way}")
    if result.vulnerabilities:
        lines.append(f"KNOWN VULNERABILITIES: {len(result.vulnerabilities)}")
        for vuln in sorted(result.vulnerabilities, key=lambda v: (v.package, v.id)):
            also = f" ({', '.join(vuln.aliases)})" if vuln.aliases else ""
            fixed = f"; fixed in {', '.join(vuln.fixed_in)}" if vuln.fixed_in else ""
            lines.append(f"  {vuln.package} {vuln.version}: {vuln.id}{also}{fixed}")
    elif result.audited:
        lines.append(f"No known vulnerabilities in the {len(result.audited)} packages audited.")
    if result.not_audited:
        lines.append(
            f"NOT AUDITED: {len(result.not_audited)} of {result.total} packages; nothing is "
            "known about their vulnerabilities:"
        )
        for name in sorted(result.not_audited):
            lines.append(f"  {name} {result.not_audited[name]}")
    if not result.audited:
        lines.append("Nothing was audited: no advisory source answered for any package.")
    return lines


def exit_status(result: Audit, require_all: bool) -> int:
    if result.vulnerabilities:
        return 1
    if require_all and result.not_audited:
        return 3
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--require-all",
        action="store_true",
        help="fail (exit 3) when any package could not be audited",
    )
    parser.add_argument("--pypi", default=PYPI, help="PyPI's address (default: %(default)s)")
    args = parser.parse_args(argv)
    result = audit(run_pip_audit(), installed(), fetch_project(args.pypi))
    for line in render(result):
        print(line)
    status = exit_status(result, args.require_all)
    if result.not_audited and status == 0:
        print(
            f"WARNING: {len(result.not_audited)} packages were NOT AUDITED (see above); "
            "run with --require-all to make that a failure.",
            file=sys.stderr,
        )
    return status


if __name__ == "__main__":
    raise SystemExit(main())

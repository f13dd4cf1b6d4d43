"""The Python examples in README.md and docs/ run as written.

Each ```python block runs in a fresh interpreter, in an empty folder that holds a `policy.yaml`
(the default policy), as a reader's project would. A block that is not meant to run says so on
the line before it: `<!-- not run: why -->`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from trustdesk.policy.loader import default_policy_text

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
NOT_RUN = re.compile(r"^\s*<!--\s*not run\b.*-->\s*$")
FENCE = re.compile(r"^\s*```")


def python_blocks(text: str) -> list[tuple[int, str, bool]]:
    """(line of the opening fence, code, whether it is meant to run) of each python block."""
    blocks: list[tuple[int, str, bool]] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        if lines[index].strip() != "```python":
            index += 1
            continue
        start = index
        index += 1
        body: list[str] = []
        while index < len(lines) and not FENCE.match(lines[index]):
            body.append(lines[index])
            index += 1
        before = next((line for line in reversed(lines[:start]) if line.strip()), "")
        blocks.append((start + 1, "\n".join(body) + "\n", not NOT_RUN.match(before)))
        index += 1
    return blocks


EXAMPLES = [
    pytest.param(code, id=f"{page.relative_to(ROOT)}:{line}")
    for page in PAGES
    for line, code, runs in python_blocks(page.read_text(encoding="utf-8"))
    if runs
]


def test_the_pages_with_examples_are_found() -> None:
    pages = {param.id.split(":")[0] for param in EXAMPLES if param.id}
    assert {"README.md", "docs/adding-a-check.md"} <= pages


def test_a_block_can_be_marked_not_to_run() -> None:
    text = "```python\nok()\n```\n\n<!-- not run: needs a server -->\n```python\nnot_ok()\n```\n"
    assert python_blocks(text) == [(1, "ok()\n", True), (6, "not_ok()\n", False)]


@pytest.mark.parametrize("code", EXAMPLES)
def test_the_example_runs(code: str, tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text(default_policy_text(), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr

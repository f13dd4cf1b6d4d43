"""The Python examples in README.md and docs/ run as written.

The ```python blocks of a page run in order in one fresh interpreter, each seeing what the
blocks before it defined (a page reads as one story), in an empty folder that holds a
`policy.yaml` (the default policy), as a reader's project would. A block that is not meant to
run says so on the line before it: `<!-- not run: why -->`.
"""

from __future__ import annotations

import json
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


# Runs the blocks given on stdin in one namespace; names the block that fails.
RUNNER = """
import json, sys, traceback
namespace = {"__name__": "__main__"}
for line, code in json.load(sys.stdin):
    try:
        exec(compile(code, f"block at line {line}", "exec"), namespace)
    except BaseException:
        traceback.print_exc()
        sys.exit(f"the block at line {line} failed")
"""

PAGES_WITH_EXAMPLES = {
    str(page.relative_to(ROOT)): [
        (line, code) for line, code, runs in python_blocks(page.read_text(encoding="utf-8")) if runs
    ]
    for page in PAGES
}
EXAMPLES = {page: blocks for page, blocks in PAGES_WITH_EXAMPLES.items() if blocks}


def test_the_pages_with_examples_are_found() -> None:
    assert {"README.md", "docs/adding-a-check.md"} <= EXAMPLES.keys()


def test_a_block_can_be_marked_not_to_run() -> None:
    text = "```python\nok()\n```\n\n<!-- not run: needs a server -->\n```python\nnot_ok()\n```\n"
    assert python_blocks(text) == [(1, "ok()\n", True), (6, "not_ok()\n", False)]


@pytest.mark.parametrize("page", sorted(EXAMPLES))
def test_the_examples_run(page: str, tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text(default_policy_text(), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=json.dumps(EXAMPLES[page]),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"{page}: {done.stderr}"

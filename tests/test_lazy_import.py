"""`import trustdesk` loads nothing but the package itself; the rest loads on first use.

A webhook worker, a Dask worker or a notebook that imports trustdesk must not pay for checks,
analysers, lexicons or the desk before it uses them. Each case runs in a fresh interpreter,
so what this test process has already imported does not blur the answer.
"""

from __future__ import annotations

import doctest
import json
import subprocess
import sys

import pytest

import trustdesk

# What the pure library must never pull in: the desk's store, web and CLI stacks.
DESK_ONLY = ("sqlalchemy", "alembic", "fastapi", "starlette", "uvicorn", "jinja2", "typer")
# Heavy parts a plain `import trustdesk` must not load either.
HEAVY = (
    "re2",
    "vaderSentiment",
    "py3langid",
    "numpy",
    "phonenumbers",
    "stdnum",
    "pydantic",
    "yaml",
)


def modules_after(code: str) -> list[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    loaded: list[str] = json.loads(run.stdout.splitlines()[-1])
    return loaded


def under(modules: list[str], roots: tuple[str, ...]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in roots]


def test_import_trustdesk_loads_only_the_package() -> None:
    loaded = modules_after("import trustdesk")
    assert [m for m in loaded if m.startswith("trustdesk")] == ["trustdesk"]
    assert under(loaded, HEAVY + DESK_ONLY) == []


def test_the_first_check_reply_works_and_loads_no_desk() -> None:
    loaded = modules_after(
        "from trustdesk import check_reply\n"
        "verdict = check_reply({'id': 'c1', 'messages': []}, 'What is your password?')\n"
        "assert verdict.decision.value == 'block', verdict"
    )
    assert "trustdesk.checks.privacy.secret_request" in loaded
    assert under(loaded, DESK_ONLY) == []
    assert [m for m in loaded if m.startswith(("trustdesk.desk", "trustdesk.store"))] == []


def test_the_analysis_loads_no_analyser_until_asked() -> None:
    loaded = modules_after("import trustdesk.text.analysis")
    assert [m for m in loaded if m.startswith("trustdesk.text.")] == ["trustdesk.text.analysis"]


def test_loading_every_check_compiles_no_lexicon() -> None:
    # Lexicons compile on their first scan: registering every check costs no regex.
    code = (
        "import gc\n"
        "from trustdesk.checks.registry import available_checks\n"
        "from trustdesk.text.lexicon import Lexicon\n"
        "assert len(available_checks()) >= 20\n"
        "lexicons = [o for o in gc.get_objects() if isinstance(o, Lexicon)]\n"
        "assert len(lexicons) > 30, len(lexicons)\n"
        "compiled = [lx.name for lx in lexicons if lx._scanner is not None or lx._gates]\n"
        "assert compiled == [], compiled"
    )
    loaded = modules_after(code)
    assert "trustdesk.checks.respect.rude" in loaded


@pytest.mark.parametrize("name", trustdesk.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(trustdesk, name) is not None
    assert name in dir(trustdesk)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        trustdesk.no_such_thing  # type: ignore[attr-defined]  # noqa: B018


def test_the_package_docstring_example_runs() -> None:
    failed, attempted = doctest.testmod(trustdesk)
    assert (failed, attempted) == (0, 2)

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Tests import their helpers as `support`.
sys.path.insert(0, str(Path(__file__).parent))


# The desk's fixtures (a real database per test, on SQLite and on PostgreSQL when configured).
from desk_support import (  # noqa: F401
    cheap_password_hashing,
    clock,
    desk,
    postgres_engine,
    sqlite_template,
    staff,
)

# A deadline per example is a wall-clock limit: it fails on a loaded machine, so none is set.
settings.register_profile("trustdesk", deadline=None)
settings.load_profile("trustdesk")

# The CLI's consoles read the terminal width once, when first imported: a COLUMNS inherited
# from the shell (or set by pytest-xdist for its workers) would fix it for the whole run,
# while the tests set the width they need as they run the command.
for variable in ("COLUMNS", "LINES"):
    os.environ.pop(variable, None)


@pytest.fixture(scope="session")
def audited_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report fixture (tests/report_fixture.py) audited once, as an output folder."""
    from report_fixture import audit_folder

    return audit_folder(tmp_path_factory.mktemp("report") / "audit")


# Marks of tests that take seconds each.
LONG = ("browser", "server", "slow")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with long tests first, each file's tests in their own order.

    Under pytest-xdist each file runs on one worker: a long file handed out last would keep
    one worker busy after the others have finished.
    """
    long_files = {item.path for item in items if any(item.get_closest_marker(m) for m in LONG)}
    items.sort(key=lambda item: item.path not in long_files)


@pytest.fixture(autouse=True)
def _heap_unfrozen() -> Iterator[None]:
    """A command run in process (`trustdesk audit`, `serve`) freezes the heap as a real run
    does (`trustdesk.engine.warmup`); the rest of the session must see and collect its objects
    as usual (`gc.get_objects()` leaves frozen ones out)."""
    yield
    gc.unfreeze()

from __future__ import annotations

import sys
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


@pytest.fixture(scope="session")
def audited_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report fixture (tests/report_fixture.py) audited once, as an output folder."""
    from report_fixture import audit_folder

    return audit_folder(tmp_path_factory.mktemp("report") / "audit")

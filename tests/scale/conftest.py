"""One Dask cluster per test module (2 workers, 1 thread each, in this process: processes=False
starts in a second where worker processes take several), and the command line pointed at it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

pytest.importorskip("distributed")

from distributed import Client, LocalCluster

from trustdesk.scale import cluster


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as local,
        Client(local) as connected,
    ):
        yield connected


@contextmanager
def _this_cluster(client: Client) -> Iterator[Client]:
    yield client


@pytest.fixture
def on_this_cluster(client: Client, monkeypatch: pytest.MonkeyPatch) -> Client:
    """`--dask ADDRESS` on the command line uses this module's cluster, whatever the address
    (the CLI's own `local:N` starts worker processes the same way, through
    `trustdesk.scale.cluster.connect`)."""
    monkeypatch.setattr(cluster, "connect", lambda address: _this_cluster(client))
    return client

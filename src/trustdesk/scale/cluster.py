"""The Dask cluster an audit runs on: a local one started for the run, or a running scheduler."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from trustdesk.errors import InputError, TrustdeskError

if TYPE_CHECKING:
    from distributed import Client

# How long to try reaching a scheduler before saying it cannot be reached.
CONNECT_SECONDS = 10.0
USAGE = "use local, local:N (N worker processes) or tcp://HOST:PORT of a Dask scheduler"


def require_dask() -> None:
    """Fail in one line, saying what to install, when the `dask` extra is missing."""
    from importlib.util import find_spec

    missing = [name for name in ("distributed", "pyarrow") if find_spec(name) is None]
    if missing:
        raise TrustdeskError(
            f"the Dask audit needs {' and '.join(missing)}: pip install 'trustdesk[dask]'"
        )


def local_workers(address: str) -> int | None:
    """N of "local:N" (one per core for "local"), or None for a scheduler's address."""
    if address == "local":
        return os.cpu_count() or 1
    if address.startswith("local:"):
        count = address.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise InputError(f"not a number of workers: {count!r}; {USAGE}", field="--dask")
        return int(count)
    if "://" not in address or not address.split("://", 1)[1]:
        raise InputError(f"not a Dask address: {address!r}; {USAGE}", field="--dask")
    return None


@contextmanager
def connect(address: str) -> Iterator[Client]:
    """A client of the cluster `address` names; a local cluster is closed afterwards."""
    require_dask()
    from distributed import Client, LocalCluster

    workers = local_workers(address)
    if workers is not None:
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(
            f"cannot reach the Dask scheduler at {address} ({reason[:200]})", field="--dask"
        ) from None
    with client:
        yield client

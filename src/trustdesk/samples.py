"""The sample support conversations shipped inside the package.

They are the demo corpus (`make demo` audits them), the examples the docs quote, and a
labelled fixture: each line of `data/samples.jsonl` is one conversation in the input format
plus `"expect": [{"message_id": ..., "check": ...}]`, the findings a careful reviewer expects
from the default policy (see `data/SOURCE.md`).
"""

from __future__ import annotations

import atexit
import contextlib
import difflib
import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

from trustdesk.errors import InputError

SAMPLES_FILE = "samples.jsonl"

# Keeps the file materialised for the life of the process when the package is zipped; for an
# ordinary install `as_file` hands back the file's own path and this holds nothing.
_materialised = contextlib.ExitStack()
atexit.register(_materialised.close)


@functools.cache
def sample_path() -> Path:
    """The bundled samples file, as a path on disk."""
    resource = resources.files("trustdesk") / "data" / SAMPLES_FILE
    return _materialised.enter_context(resources.as_file(resource))


@functools.cache
def _lines() -> tuple[str, ...]:
    return tuple(sample_path().read_text(encoding="utf-8").splitlines())


def load_samples(with_labels: bool = False) -> list[dict[str, Any]]:
    """Every sample conversation as a fresh dict in the input format.

    The `expect` labels are removed unless `with_labels` is true, so the result can be given
    straight to the engine; with them it can be given to `trustdesk.evaluation.evaluate`.
    """
    source = str(sample_path())
    conversations = []
    for number, line in enumerate(_lines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg})", source=source, line=number) from None
        if not isinstance(data, dict):
            raise InputError("a conversation must be a JSON object", source=source, line=number)
        if not with_labels:
            data.pop("expect", None)
        conversations.append(data)
    return conversations


def sample_ids() -> list[str]:
    """The ids of the sample conversations, in file order."""
    return [str(data.get("id")) for data in load_samples()]


def sample(conversation_id: str, *, with_labels: bool = False) -> dict[str, Any]:
    """One sample conversation by id (e.g. "billing-refund-promise")."""
    for data in load_samples(with_labels=with_labels):
        if data.get("id") == conversation_id:
            return data
    close = difflib.get_close_matches(conversation_id, sample_ids(), n=3)
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    raise InputError(f"no sample conversation is called {conversation_id!r}{hint}", field="sample")

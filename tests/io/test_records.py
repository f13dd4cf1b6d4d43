"""JSON Lines read in byte ranges (as Dask workers read partitions) give every line once, with
its number in the file, whatever the cut points."""

from __future__ import annotations

import json
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from trustdesk.io.records import InputProblem, iter_json_range, iter_json_records

LINES = st.lists(
    st.one_of(
        st.builds(lambda n, t: json.dumps({"id": str(n), "text": t}), st.integers(), st.text()),
        st.sampled_from(["", "   ", "{broken", "[1, 2]", "\u00e9t\u00e9"]),
    ),
    max_size=12,
)


def _comparable(records: list[tuple[int, object]]) -> list[tuple[int, object]]:
    return [(n, str(r) if isinstance(r, InputProblem) else r) for n, r in records]


@settings(max_examples=150, deadline=None)
@given(lines=LINES, bom=st.booleans(), final_newline=st.booleans(), cuts=st.data())
def test_ranges_that_tile_a_file_read_it_as_a_whole(
    tmp_path_factory: object, lines: list[str], bom: bool, final_newline: bool, cuts: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("ranges")  # type: ignore[attr-defined]
    path = Path(folder) / "c.jsonl"
    body = "\n".join(lines) + ("\n" if final_newline and lines else "")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + body.encode("utf-8"))
    size = path.stat().st_size
    points = sorted(set(cuts.draw(st.lists(st.integers(0, size), max_size=5))) - {0, size})
    bounds = [0, *points, size]
    read: list[tuple[int, object]] = []
    before = 0
    for start, end in pairwise(bounds):
        count, records = iter_json_range(str(path), start, end)
        # A problem names its line within the range; the reader of the range shifts it.
        read.extend(
            (
                number + before,
                replace(record, line=number + before)
                if isinstance(record, InputProblem)
                else record,
            )
            for number, record in records
        )
        before += count
    assert _comparable(read) == _comparable(list(iter_json_records(str(path))))

"""A message cut into pieces for rendering, each piece knowing which findings cover it.

Findings can overlap ("send me your password" inside a rude sentence), so the text is split
at every finding's start and end; a piece is marked when at least one finding covers it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

SEVERITY_RANK = {"info": 0, "warn": 1, "block": 2}


class Located(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def severity(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    # Indexes (into the findings given) of the findings covering this piece.
    findings: tuple[int, ...]
    # Findings that end with this piece (their number is shown after it).
    ending: tuple[int, ...]

    def severity(self, findings: Sequence[Located]) -> str:
        """The gravest severity among the findings covering the piece."""
        return max(
            (findings[i].severity for i in self.findings),
            key=lambda s: SEVERITY_RANK.get(s, 0),
            default="info",
        )


def pieces(text: str, findings: Sequence[Located]) -> list[Piece]:
    spans = [
        (i, max(0, f.start), min(len(text), f.end))
        for i, f in enumerate(findings)
        if 0 <= f.start < f.end <= len(text)
    ]
    cuts = sorted({0, len(text), *(s for _, s, _ in spans), *(e for _, _, e in spans)})
    out: list[Piece] = []
    for left, right in itertools.pairwise(cuts):
        covering = tuple(i for i, s, e in spans if s <= left and right <= e)
        ending = tuple(i for i, _, e in spans if e == right and i in covering)
        out.append(Piece(text[left:right], covering, ending))
    return out or [Piece(text, (), ())]

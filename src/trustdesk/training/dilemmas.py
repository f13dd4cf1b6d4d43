"""Dilemmas: situations where principles pull in different directions.

There is no single right answer. Each option says which principles it serves and which it
costs; the discussion says what careful teams weigh. A person chooses and gives a reason; the
team's choices are compared afterwards. The shipped dilemmas are package data
(`trustdesk/data/dilemmas/dilemmas.yaml`).
"""

from __future__ import annotations

import functools
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from trustdesk.errors import NotFoundError
from trustdesk.model import Principle

# /v1/dilemmas/raised and /dilemmas/raised list the dilemmas a team raised (see
# trustdesk.desk.raised_dilemmas), so no shipped dilemma may have this id.
RESERVED_ID = "raised"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DilemmaOption(_Strict):
    id: str = Field(min_length=1, max_length=8)
    text: str = Field(min_length=1)
    serves: list[Principle] = Field(default_factory=list)
    costs: list[Principle] = Field(default_factory=list)


class Dilemma(_Strict):
    id: str = Field(min_length=1, max_length=120, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: str = Field(min_length=1, max_length=200)
    principles: list[Principle] = Field(min_length=2)
    situation: str = Field(min_length=1)
    options: list[DilemmaOption] = Field(min_length=2, max_length=8)
    discussion: str = Field(min_length=1)

    @model_validator(mode="after")
    def _distinct_options(self) -> Dilemma:
        if self.id == RESERVED_ID:
            raise ValueError(f"the id {RESERVED_ID!r} names the dilemmas a team raised")
        if len({o.id for o in self.options}) != len(self.options):
            raise ValueError("two options have the same id")
        return self


class _DilemmaFile(_Strict):
    dilemmas: list[Dilemma] = Field(min_length=1)


@functools.cache
def _shipped() -> tuple[Dilemma, ...]:
    text = resources.files("trustdesk").joinpath("data", "dilemmas", "dilemmas.yaml").read_text()
    return tuple(_DilemmaFile.model_validate(yaml.safe_load(text)).dilemmas)


def dilemmas() -> list[Dilemma]:
    """The dilemmas that ship with trustdesk."""
    return list(_shipped())


def dilemma(dilemma_id: str) -> Dilemma:
    for item in _shipped():
        if item.id == dilemma_id:
            return item
    raise NotFoundError(f"no dilemma {dilemma_id!r}")

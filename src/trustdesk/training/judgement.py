"""Situational-judgement items, and the statistics that tell a good item from a poor one.

An item is a situation, four possible responses and the one a careful support professional
would choose, with why each option is better or worse. The shipped items are package data
(`trustdesk/data/judgement/items.yaml`).

Item statistics are those of classical test theory, computed from who chose what:

- difficulty: the share of people who chose the best option (high: an easy item);
- discrimination: the point-biserial correlation between getting this item right and the
  person's score on the other items of the same set (the rest score, so the item does not
  correlate with itself); near zero or negative means the item does not tell the people who
  judge well from those who do not, and should be rewritten;
- how often each option was chosen (an option nobody picks is not a real distractor).
"""

from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from trustdesk.errors import InputError
from trustdesk.model import Principle


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    id: str = Field(min_length=1, max_length=8)
    text: str = Field(min_length=1)
    why: str = Field(min_length=1)
    best: bool = False


class JudgementItem(_Strict):
    id: str = Field(min_length=1, max_length=120, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    principles: list[Principle] = Field(min_length=1)
    situation: str = Field(min_length=1)
    options: list[Option] = Field(min_length=2, max_length=8)

    @model_validator(mode="after")
    def _one_best(self) -> JudgementItem:
        if sum(o.best for o in self.options) != 1:
            raise ValueError("exactly one option is the best")
        if len({o.id for o in self.options}) != len(self.options):
            raise ValueError("two options have the same id")
        return self

    @property
    def best(self) -> str:
        return next(o.id for o in self.options if o.best)


class _ItemFile(_Strict):
    items: list[JudgementItem] = Field(min_length=1)


@functools.cache
def _shipped() -> tuple[JudgementItem, ...]:
    text = resources.files("trustdesk").joinpath("data", "judgement", "items.yaml").read_text()
    try:
        items = _ItemFile.model_validate(yaml.safe_load(text)).items
    except ValidationError as exc:  # a shipped file is tested; this names the mistake
        raise InputError(str(exc.errors()[0]["msg"]), source="judgement/items.yaml") from None
    return tuple(items)


def judgement_items() -> list[JudgementItem]:
    """The situational-judgement items that ship with trustdesk."""
    return list(_shipped())


def judgement_item(item_id: str) -> JudgementItem:
    for item in _shipped():
        if item.id == item_id:
            return item
    raise InputError(f"no judgement item {item_id!r}", field="item")


@dataclass(frozen=True, slots=True)
class Answer:
    """One person's choice on one item."""

    person: Hashable
    item: str
    option: str
    correct: bool


@dataclass(frozen=True, slots=True)
class ItemStatistics:
    item: str
    answers: int
    # Share of the answers that chose the best option (None: no answer yet).
    difficulty: float | None
    # Point-biserial correlation with the rest score (None: too few answers, or no spread).
    discrimination: float | None
    chosen: dict[str, int]

    def to_dict(self) -> dict[str, object]:
        return {
            "item": self.item,
            "answers": self.answers,
            "difficulty": self.difficulty,
            "discrimination": self.discrimination,
            "chosen": self.chosen,
        }


def item_statistics(answers: Iterable[Answer], items: Iterable[str]) -> list[ItemStatistics]:
    """Difficulty, discrimination and option counts of each item in `items`, one pass over
    the answers, then one per item over the people who answered it."""
    by_item: dict[str, dict[Hashable, bool]] = defaultdict(dict)
    chosen: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[Hashable] = Counter()
    for answer in answers:
        by_item[answer.item][answer.person] = answer.correct
        chosen[answer.item][answer.option] += 1
        totals[answer.person] += int(answer.correct)
    out: list[ItemStatistics] = []
    for item in items:
        scores = by_item.get(item, {})
        n = len(scores)
        difficulty = round(sum(scores.values()) / n, 3) if n else None
        right = [float(ok) for ok in scores.values()]
        rest = [float(totals[person] - int(ok)) for person, ok in scores.items()]
        out.append(
            ItemStatistics(
                item=item,
                answers=n,
                difficulty=difficulty,
                discrimination=_correlation(right, rest),
                chosen=dict(sorted(chosen.get(item, Counter()).items())),
            )
        )
    return out


def _correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r (the point-biserial when `xs` is 0/1); None below three pairs or with no
    spread in either."""
    n = len(xs)
    if n < 3:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return round(sxy / math.sqrt(sxx * syy), 3)

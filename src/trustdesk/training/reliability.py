"""Situational-judgement scores per principle, and how reliable each principle's scale is.

A person's score on a principle is the number of items training that principle they got right
(an item training two principles counts on both). Cronbach's alpha says how consistently a
principle's items measure the same thing:

    alpha = k / (k - 1) * (1 - sum of the items' variances / variance of the total score)

over the k items of the principle and the people who answered every one of them (complete
cases). Alpha of identical items is 1; alpha near zero or negative says the items do not hang
together. It is only shown with at least MIN_ITEMS items and MIN_PEOPLE complete cases, and
with a spread in the totals; otherwise `reason` says why not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from trustdesk.training.judgement import Answer

MIN_ITEMS = 2
MIN_PEOPLE = 5


def _variance(values: Sequence[float]) -> float:
    """The population variance (the ratio alpha takes does not depend on the divisor)."""
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / len(values)


def cronbach_alpha(scores: Sequence[Sequence[float]]) -> float | None:
    """Alpha of a people-by-items table of scores (one row per person, every row as long);
    None with fewer than two items or two people, or when the totals do not vary."""
    if len(scores) < 2 or len(scores[0]) < 2:
        return None
    k = len(scores[0])
    if any(len(row) != k for row in scores):
        raise ValueError("every person needs a score on every item")
    total_variance = _variance([sum(row) for row in scores])
    if total_variance == 0:
        return None
    item_variances = sum(_variance([row[i] for row in scores]) for i in range(k))
    return k / (k - 1) * (1 - item_variances / total_variance)


@dataclass(frozen=True, slots=True)
class PrincipleReliability:
    principle: str
    items: int
    # People who answered every item of the principle: the cases alpha is computed from.
    people: int
    alpha: float | None
    # Why alpha is not shown (None when it is).
    reason: str | None


@dataclass(frozen=True, slots=True)
class PrincipleScore:
    person: Hashable
    principle: str
    answered: int
    correct: int


def principle_scores(
    answers: Iterable[Answer], principles: Mapping[str, Sequence[str]]
) -> list[PrincipleScore]:
    """Each person's items answered and right per principle; `principles` maps an item to
    the principles it trains (answers to other items are left out)."""
    tally: dict[tuple[Hashable, str], list[int]] = defaultdict(lambda: [0, 0])
    for answer in answers:
        for principle in principles.get(answer.item, ()):
            counts = tally[(answer.person, principle)]
            counts[0] += 1
            counts[1] += int(answer.correct)
    return [
        PrincipleScore(person=person, principle=principle, answered=n, correct=right)
        for (person, principle), (n, right) in tally.items()
    ]


def principle_reliability(
    answers: Iterable[Answer],
    principles: Mapping[str, Sequence[str]],
    *,
    min_items: int = MIN_ITEMS,
    min_people: int = MIN_PEOPLE,
) -> list[PrincipleReliability]:
    """Cronbach's alpha of each principle's items, by principle name, over complete cases."""
    right = _right(answers)
    by_principle: dict[str, list[str]] = defaultdict(list)
    for item, trained in principles.items():
        for principle in trained:
            by_principle[principle].append(item)
    return [
        _reliability(principle, items, right, min_items, min_people)
        for principle, items in sorted(by_principle.items())
    ]


def scale_reliability(
    answers: Iterable[Answer],
    items: Sequence[str],
    name: str,
    *,
    min_items: int = MIN_ITEMS,
    min_people: int = MIN_PEOPLE,
) -> PrincipleReliability:
    """Cronbach's alpha of `items` taken as one scale (a whole assessment), named `name`."""
    return _reliability(name, list(dict.fromkeys(items)), _right(answers), min_items, min_people)


def _right(answers: Iterable[Answer]) -> dict[str, dict[Hashable, bool]]:
    right: dict[str, dict[Hashable, bool]] = defaultdict(dict)
    for answer in answers:
        right[answer.item][answer.person] = answer.correct
    return right


def _reliability(
    name: str,
    items: list[str],
    right: Mapping[str, Mapping[Hashable, bool]],
    min_items: int,
    min_people: int,
) -> PrincipleReliability:
    people: set[Hashable] | None = None
    for item in items:
        answered = set(right.get(item, {}))
        people = answered if people is None else people & answered
    complete = sorted(people or set(), key=repr)
    alpha: float | None = None
    reason: str | None = None
    if len(items) < min_items:
        reason = (
            f"only {len(items)} item{'s' if len(items) != 1 else ''} "
            f"{'train' if len(items) != 1 else 'trains'} it; alpha needs at least {min_items}"
        )
    elif len(complete) < min_people:
        who = "1 person" if len(complete) == 1 else f"{len(complete)} people"
        reason = f"{who} answered all its items; alpha needs at least {min_people}"
    else:
        table = [[float(right[item][person]) for item in items] for person in complete]
        alpha = cronbach_alpha(table)
        if alpha is None:
            reason = "every person has the same total, so alpha is undefined"
        else:
            alpha = round(alpha, 3)
    return PrincipleReliability(
        principle=name, items=len(items), people=len(complete), alpha=alpha, reason=reason
    )

"""The shipped dilemmas' file format."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from trustdesk.training.dilemmas import RESERVED_ID, Dilemma, dilemmas


def _dilemma(dilemma_id: str) -> dict[str, object]:
    return {
        "id": dilemma_id,
        "title": "t",
        "principles": ["honesty", "empathy"],
        "situation": "s",
        "options": [{"id": "a", "text": "x"}, {"id": "b", "text": "y"}],
        "discussion": "d",
    }


def test_no_dilemma_takes_the_id_of_the_raised_dilemmas_list() -> None:
    assert Dilemma.model_validate(_dilemma("raised-by-a-team")).id == "raised-by-a-team"
    with pytest.raises(ValidationError, match="names the dilemmas a team raised"):
        Dilemma.model_validate(_dilemma(RESERVED_ID))
    assert RESERVED_ID not in {d.id for d in dilemmas()}

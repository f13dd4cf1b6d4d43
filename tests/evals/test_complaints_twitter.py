"""The upset/complaint detector and empathy.missing keep their quality on complaint tweets
(floors a little under the figures reached on a fixed, spread sample of 800 tweets)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = "complaints_twitter"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "complaints-twitter"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not DATA.exists(), reason="complaints-twitter data set not present"),
]


@pytest.fixture(scope="module")
def tweets(script: ModuleType) -> list[object]:
    return script.load_tweets(800)  # type: ignore[no-any-return]


def test_complaint_detector(script: ModuleType, tweets: list[object]) -> None:
    result = script.detector_score(tweets, lambda s: s.complaint)
    assert result.precision >= 0.72
    assert result.recall >= 0.45


def test_upset_detector_is_the_more_precise_level(script: ModuleType, tweets: list[object]) -> None:
    result = script.detector_score(tweets, lambda s: s.upset)
    assert result.precision >= 0.65
    # Most complaints here are calm reports, which are not a feeling; and a negative tone
    # alone no longer counts as one (on labelled support threads it flagged calm reports of
    # bad events), so upset finds a smaller share of the complaints than it once did.
    assert result.recall >= 0.2


def test_empathy_check_end_to_end(script: ModuleType, tweets: list[object]) -> None:
    assert script.check_score(tweets, "upset").precision >= 0.65
    assert script.check_score(tweets, "complaint").f1 >= 0.55

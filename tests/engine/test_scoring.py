"""One definition of a principle's score: the band of the worst finding, lower with each
further finding of that severity, so severities never trade against counts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from trustdesk.engine.scoring import CLEAN, band_score, overall_score, principle_scores
from trustdesk.model import Finding, Principle, Severity


def _finding(severity: Severity, principle: Principle | None = Principle.HONESTY) -> Finding:
    return Finding(
        check="x.y",
        principle=principle,
        severity=severity,
        conversation_id="c1",
        message_id="m1",
        start=0,
        end=0,
        quote="",
        explanation="",
    )


def _score(*severities: Severity) -> float:
    found = [_finding(s) for s in severities]
    return principle_scores(found, [Principle.HONESTY])[Principle.HONESTY]


counts = st.integers(min_value=1, max_value=60)


@given(counts, counts)
def test_one_block_weighs_more_than_any_number_of_warnings(blocks: int, warnings: int) -> None:
    assert _score(*[Severity.BLOCK] * blocks) < _score(*[Severity.WARN] * warnings)


@given(counts, counts)
def test_one_warning_weighs_more_than_any_number_of_infos(warnings: int, infos: int) -> None:
    assert _score(*[Severity.WARN] * warnings) < _score(*[Severity.INFO] * infos) < CLEAN


# Past about ten the steps are too small to show in a score rounded to hundredths.
@given(st.sampled_from(list(Severity)), st.integers(min_value=1, max_value=10))
def test_each_further_finding_of_the_worst_severity_lowers_the_score(
    severity: Severity, count: int
) -> None:
    assert band_score(severity, count + 1) < band_score(severity, count)


def test_lesser_findings_beside_a_worse_one_change_nothing() -> None:
    assert _score(Severity.WARN, Severity.INFO, Severity.INFO) == _score(Severity.WARN) == 65.0
    assert _score(Severity.BLOCK) == 25.0 and _score(Severity.INFO) == 90.0


def test_a_principle_without_findings_scores_100_and_an_audit_note_weighs_nothing() -> None:
    note = _finding(Severity.INFO, principle=None)
    assert principle_scores([note], [Principle.HONESTY, Principle.EMPATHY]) == {
        Principle.HONESTY: CLEAN,
        Principle.EMPATHY: CLEAN,
    }


def test_a_conversation_scores_as_its_worst_principle() -> None:
    assert overall_score({"honesty": 65.0, "empathy": 25.0, "respect": 100.0}) == 25.0
    assert overall_score({}) == overall_score(None) == CLEAN

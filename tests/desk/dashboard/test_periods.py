"""Dashboard periods start at local midnight, summer time included."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from trustdesk.desk.dashboard.periods import default_since, default_until, spans

LONDON = ZoneInfo("Europe/London")


def test_days_follow_the_local_clock_across_the_change_to_summer_time() -> None:
    found = spans(
        datetime(2026, 3, 28, 12, tzinfo=UTC), datetime(2026, 3, 31, tzinfo=UTC), "day", LONDON
    )
    assert [span.label for span in found] == [
        "2026-03-28",
        "2026-03-29",
        "2026-03-30",
        "2026-03-31",
    ]
    # Monday 30 March starts at midnight in London: 23:00 UTC on Sunday.
    assert found[2].start.astimezone(UTC) == datetime(2026, 3, 29, 23, tzinfo=UTC)
    assert found[1].end == found[2].start


def test_weeks_are_iso_weeks_and_months_roll_over_the_year() -> None:
    weeks = spans(
        datetime(2025, 12, 31, tzinfo=UTC), datetime(2026, 1, 6, tzinfo=UTC), "week", LONDON
    )
    assert [span.label for span in weeks] == ["2026-W01", "2026-W02"]
    assert weeks[0].start == datetime(2025, 12, 29, tzinfo=LONDON)
    until = default_until(datetime(2026, 2, 10, tzinfo=UTC), "month", LONDON)
    assert until == datetime(2026, 3, 1, tzinfo=LONDON)
    assert default_since(until, "month", LONDON) == datetime(2025, 3, 1, tzinfo=LONDON)
    # A range ending mid-period counts that period as the last of twelve.
    since = default_since(datetime(2026, 2, 10, tzinfo=UTC), "month", LONDON)
    assert since == datetime(2025, 3, 1, tzinfo=LONDON)

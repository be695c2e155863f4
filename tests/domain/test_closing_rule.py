"""`domain.retention.closing_after_change`: a case closed by its closings follows them when one
is edited or deleted; a case closed by its status alone keeps its day. Synthetic dates only."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from vcop_desktop.domain.retention import closing_after_change, closings_since

_DAYS = st.dates(date(2020, 1, 1), date(2020, 3, 1))


@st.composite
def _changes(draw: st.DrawFn) -> tuple[list[date], list[date], date | None]:
    """Closing days before, the same with one edited or deleted, and a reopening day."""
    before = draw(st.lists(_DAYS, min_size=1, max_size=5))
    after = list(before)
    index = draw(st.integers(0, len(before) - 1))
    if draw(st.booleans()):
        after[index] = draw(_DAYS)
    else:
        del after[index]
    return before, after, draw(st.none() | _DAYS)


@given(_changes())
def test_a_case_closed_by_its_closings_closes_on_the_latest_left_or_opens(
    change: tuple[list[date], list[date], date | None],
) -> None:
    before, after, reopened = change
    was, now = closings_since(before, reopened), closings_since(after, reopened)
    if not was:
        return  # not closed by its closings: the next test
    for closed_on in {min(was), max(was)}:  # the first stands when a later one was recorded
        result = closing_after_change("closed", closed_on, before, after, reopened)
        assert result == (("closed", max(now)) if now else ("open", None))


@given(_changes(), _DAYS)
def test_a_case_closed_by_its_status_alone_keeps_its_day(
    change: tuple[list[date], list[date], date | None], closed_on: date
) -> None:
    before, after, reopened = change
    if closed_on in closings_since(before, reopened):
        return
    assert closing_after_change("closed", closed_on, before, after, reopened) == (
        "closed", closed_on,
    )  # fmt: skip


def test_an_open_case_closes_only_when_a_closing_moves_after_its_reopening() -> None:
    reopened = date(2020, 2, 1)
    old, later = date(2020, 1, 10), date(2020, 2, 5)
    assert closing_after_change("open", None, [old], [later], reopened) == ("closed", later)
    assert closing_after_change("open", None, [old], [reopened], reopened) == ("open", None)
    assert closing_after_change("open", None, [old], [], reopened) == ("open", None)
    # Closed on the latest closing since the reopening, as everywhere.
    latest = date(2020, 2, 9)
    assert closing_after_change("open", None, [old, latest], [later, latest], reopened) == (
        "closed", latest,
    )  # fmt: skip
    # Never reopened but open beside a closing (brought in before closing events closed a
    # case): editing that closing does not close it; the advocate closes it by its status.
    moved = old + timedelta(days=1)
    assert closing_after_change("open", None, [old], [moved], None) == ("open", None)

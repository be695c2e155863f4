"""The period a report covers when none is given, the groupings an advocate types, and the
words a report uses for agencies and flags (issue 21: `reports/run.py`'s small helpers were
reached only through the CLI, which never tries December, a repeated grouping or a blank one)."""

from __future__ import annotations

from datetime import date

import pytest

from vcop_desktop.domain.report_groupings import NO_FLAG
from vcop_desktop.errors import UserError
from vcop_desktop.reports.run import (
    default_period,
    display_value,
    grouping_title,
    parse_groupings,
    quarter_of,
)


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (date(2026, 1, 1), (date(2026, 1, 1), date(2026, 3, 31))),
        (date(2026, 3, 31), (date(2026, 1, 1), date(2026, 3, 31))),
        (date(2026, 4, 1), (date(2026, 4, 1), date(2026, 6, 30))),
        (date(2026, 8, 15), (date(2026, 7, 1), date(2026, 9, 30))),
        (date(2026, 10, 1), (date(2026, 10, 1), date(2026, 12, 31))),
        (date(2026, 12, 31), (date(2026, 10, 1), date(2026, 12, 31))),
    ],
)
def test_a_quarter_report_covers_its_whole_quarter_first_and_last_day_included(
    day: date, quarter: tuple[date, date]
) -> None:
    assert quarter_of(day) == quarter


def test_a_report_without_a_period_covers_this_quarter() -> None:
    assert default_period(None, date(2026, 5, 9)) == (date(2026, 4, 1), date(2026, 6, 30))
    assert default_period("by-force", date(2026, 11, 2)) == (date(2026, 10, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("today", "period"),
    [
        (date(2026, 3, 20), (date(2025, 4, 1), date(2026, 3, 31))),
        (date(2026, 11, 30), (date(2025, 12, 1), date(2026, 11, 30))),
        (date(2026, 12, 5), (date(2026, 1, 1), date(2026, 12, 31))),
        (date(2026, 1, 31), (date(2025, 2, 1), date(2026, 1, 31))),
        (date(2024, 2, 10), (date(2023, 3, 1), date(2024, 2, 29))),
    ],
)
def test_the_monthly_trend_covers_the_twelve_months_up_to_the_end_of_this_one(
    today: date, period: tuple[date, date]
) -> None:
    assert default_period("trend-by-month", today) == period


def test_typed_groupings_cross_on_commas_and_ignore_blanks_and_repeats() -> None:
    assert parse_groupings(["agency", " force , month ", "", " , ", "agency"]) == (
        ("agency",),
        ("force", "month"),
    )


def test_an_unknown_grouping_is_refused_naming_it_and_the_choices() -> None:
    with pytest.raises(UserError) as info:
        parse_groupings(["agency,colour"])
    assert "unknown grouping 'colour'" in str(info.value)
    assert "agency, force" in str(info.value)


def test_agencies_and_flags_read_as_words_and_json_codes_stay_codes_elsewhere() -> None:
    assert display_value("agency", "cps") == "Crown Prosecution Service"
    assert display_value("agency", "victim_liaison_team") == "Victim Liaison Team"
    assert display_value("flag", "domestic_abuse") == "domestic abuse"
    assert display_value("flag", NO_FLAG) == NO_FLAG
    assert display_value("duty", "police.inform_arrest") == "police.inform_arrest"


def test_a_crossed_grouping_is_titled_by_both_dimensions() -> None:
    assert grouping_title(("agency", "month")) == "Agency × Month"
    assert grouping_title(("right",)) == "Right"
    assert grouping_title(()) == "All"

"""With the small-number threshold at 1 nothing is hidden: each report's note says so, and no
longer "Counts from 1 to 0 are shown as <1"."""

from __future__ import annotations

import pytest

from vcop_desktop.reports import service, vps
from vcop_desktop.reports.run import suppression_note


@pytest.mark.parametrize("note", [suppression_note, service.suppression, vps.suppression])
def test_a_threshold_of_one_says_every_count_is_shown(note: object) -> None:
    assert callable(note)
    text = note(1)
    assert "1 to 0" not in text and "<1" not in text and " x" not in text
    assert "is shown, however small" in text and "may point to one victim" in text
    assert "No " in text  # what is never in the report is still said


@pytest.mark.parametrize("note", [suppression_note, service.suppression, vps.suppression])
def test_a_threshold_of_five_still_names_the_hidden_counts(note: object) -> None:
    assert callable(note)
    text = note(5)
    assert "from 1 to 4" in text and "<5" in text and "however small" not in text

"""How record text becomes a letter's facts (issue 21 §2: the mutants of
letters/fact_items.py): a gap the record leaves is printed as a visible marker, and text typed
over several lines cannot break the letter's layout."""

from __future__ import annotations

from datetime import date

from vcop_desktop.letters.fact_items import (
    DecisionFact,
    Missing,
    address_lines,
    one_line,
    optional_line,
    text_or_gap,
)


def test_a_gap_prints_as_a_marker_and_counts_as_false_for_templates() -> None:
    gap = Missing("crime reference")
    assert str(gap) == "[MISSING: crime reference]"
    assert not gap


def test_record_text_is_one_line_and_blank_text_is_a_gap() -> None:
    assert one_line(" DC  Priya\nHale\t") == "DC Priya Hale"
    assert one_line(None) == "" and one_line("") == ""
    assert text_or_gap("  Northdale\r\nConstabulary ", "police force") == "Northdale Constabulary"
    assert text_or_gap(" \n ", "police force") == Missing("police force")
    assert text_or_gap(None, "police force") == Missing("police force")
    assert optional_line(" PSD/26/\n0042 ") == "PSD/26/ 0042"
    assert optional_line(" \n") is None and optional_line(None) is None


def test_address_lines_are_each_one_line_and_blank_ones_dropped() -> None:
    assert address_lines([" Unit 4,\nCanal Wharf ", " ", "", "ND1  4QT"]) == (
        "Unit 4, Canal Wharf",
        "ND1 4QT",
    )
    assert address_lines([]) == ()


def test_a_decision_is_named_with_its_date_in_words() -> None:
    decision = DecisionFact("d1", "cps_discontinued", "the decision to stop the case",
                            date(2026, 6, 1), None)  # fmt: skip
    assert str(decision) == "the decision to stop the case on 1 June 2026"

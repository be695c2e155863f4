"""What the return presets say they count, exactly (issue 21 §2: `reports/run.py`).

The MoJ and CPS presets' method texts are made once, when the module is loaded, so a
mutation run (which switches mutants on after loading) never saw them change: every mutant of
`_moj_method` and `_cps_method` lived. These tests call the two functions themselves. A
method that names the wrong duties for an area, or drops the enhanced-rights limit, tells a
commissioner the return counts something it does not.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests.reports.test_report_outputs_exact import FACTS
from vcop_desktop.domain.obligations import Category
from vcop_desktop.domain.report_facts import ObligationFact
from vcop_desktop.domain.report_groupings import MOJ_AREAS
from vcop_desktop.errors import UserError
from vcop_desktop.reports.flat_formats import to_json
from vcop_desktop.reports.run import (
    PRESETS,
    ReportRun,
    _cps_method,
    _moj_method,
    build_run,
    countable_in_sql,
    preset_named,
)


def test_the_moj_method_is_the_presets_and_gives_one_line_per_area() -> None:
    text = _moj_method()
    assert text == PRESETS["moj-five-areas"].method
    first, *areas = text.split("\n")
    assert first == "Each area counts exactly these Victims' Code 2020 duties, and nothing else."
    assert [line.split(" (", 1)[0] for line in areas] == [area for area, _ in MOJ_AREAS]


def test_each_moj_area_names_exactly_its_duties_and_what_they_are() -> None:
    areas = _moj_method().split("\n")[1:]
    assert areas[1] == (
        "Right 4: referred to support services (police.refer_support): the victim's details "
        "passed to a victim support service within 2 working days."
    )
    assert areas[0] == (
        "Right 3: written acknowledgement of the crime report (police.written_confirmation): "
        "the written confirmation of the report; no fixed time limit, so counted by the day "
        "the crime was reported, as met or not (yet) met."
    )
    assert areas[3] == (
        "Right 7: opportunity to make a Victim Personal Statement (police.offer_vps): the "
        "offer of a Victim Personal Statement; no fixed time limit, so counted by the day the "
        "crime was reported, as met or not (yet) met."
    )
    assert areas[4] == (
        "Right 11: advance notice of the offender's release (wcu.refer_vcs, "
        "probation.vlo_contact): the referral to the Probation Victim Contact Scheme (10 "
        "working days from sentence) and the Victim Liaison Officer's contact (20 working "
        "days from referral), through which the victim is told of the offender's release; "
        "the Code catalogue holds no separate duty to give notice of release itself."
    )
    duties = ", ".join(dict(MOJ_AREAS)["Right 6: updates within the stated timeframes"])
    assert areas[2] == (
        f"Right 6: updates within the stated timeframes ({duties}): every police and CPS duty "
        "to tell the victim of a decision or development within the Code's time limit (5 "
        "working days, 1 for enhanced-rights victims), and each progress update at the "
        "interval agreed with the victim; agreeing that interval (police.agree_updates) is not "
        "itself an update and is left out."
    )


def test_the_cps_method_names_the_five_decisions_and_keeps_quality_apart() -> None:
    text = _cps_method()
    assert text == PRESETS["cps-victim-letters"].method
    assert text.startswith(
        "A decision needing a victim letter is one of the CPS decisions the Victims' Code says "
        "the victim must be told of (Right 6), with its reasons: not to charge "
        "(cps.inform_no_charge), to discontinue (cps.inform_discontinued), to alter a charge "
        "substantially (cps.inform_charge_altered), to offer no evidence "
        "(cps.inform_no_evidence), or to leave charges on file (cps.inform_left_on_file). The "
        "limit is 5 working days, 1 for enhanced-rights victims. "
    )
    assert text.endswith(
        "Letter quality: where the advocate marked, when a letter arrived, whether it "
        "explained the reasons clearly (yes or no), the letters sent with a mark and how many "
        "were marked clear; shown beside timeliness and never merged with it (a late letter "
        "may be clear, a prompt one not)."
    )
    assert (
        "Letters sent: met on time plus met late, as the advocate recorded them. Sent within "
        "the limit: met on time. By CPS Area: each case's police force, counted under the CPS "
        "Area that prosecutes that force's cases (resources/cps-areas: the 14 Areas, each "
        "covering whole force areas); London's two Areas divide the Metropolitan Police's area "
        "by borough, so London cases count as 'CPS London (North or South)'; a force not on the "
        "list counts as 'CPS Area not known'. "
    ) in text
    assert (
        "Decisions needing a letter: those whose limit ends in the period, including those the "
        "victim opted out of (counted apart). "
    ) in text


def _letters(on_time: int, late: int, not_sent: int = 0) -> list[ObligationFact]:
    """CPS letters about a discontinuance due 6 March 2026, one case each."""
    due, start = date(2026, 3, 6), date(2026, 3, 2)
    sent = [
        ObligationFact(f"k{n}", "cps.inform_discontinued", "cps", 6, Category.CODE, due, start,
                       "met" if n < on_time else "met_late", due + timedelta(n >= on_time))
        for n in range(on_time + late)
    ]  # fmt: skip
    return sent + [
        ObligationFact(f"u{n}", "cps.inform_discontinued", "cps", 6, Category.CODE, due, start,
                       "overdue", None)
        for n in range(not_sent)
    ]  # fmt: skip


def _cps(facts: list[ObligationFact], min_count: int) -> ReportRun:
    preset = PRESETS["cps-victim-letters"]
    return build_run(facts, start=date(2026, 3, 1), end=date(2026, 3, 31),
                     today=date(2026, 3, 31), duties=preset.duties, preset=preset,
                     min_count=min_count)  # fmt: skip


def test_letters_sent_are_those_sent_on_time_plus_those_sent_late() -> None:
    run = _cps(_letters(on_time=3, late=2), min_count=1)
    assert run.shown(run.total, "sent") == "5"
    assert (run.shown(run.total, "met_on_time"), run.shown(run.total, "met_late")) == ("3", "2")


def test_letters_sent_are_hidden_when_the_late_ones_are() -> None:
    """Six on time, two late and five not sent: the two are too few to show, and letters
    sent (8) less those on time (6) would give them away."""
    run = _cps(_letters(on_time=6, late=2, not_sent=5), min_count=5)
    assert run.shown(run.total, "met_on_time") == "6"
    assert run.shown(run.total, "met_late") == "<5"
    assert run.shown(run.total, "sent") == "x"


def test_the_cps_preset_counts_only_its_letters_duties() -> None:
    other = ObligationFact("z", "police.refer_support", "police", 4, Category.CODE,
                           date(2026, 3, 6), date(2026, 3, 2), "met", date(2026, 3, 5))  # fmt: skip
    run = _cps([*_letters(on_time=1, late=1), other], min_count=1)
    assert (run.total.due, run.total.cases) == (2, 2)


def test_a_presets_old_name_still_finds_it_and_an_unknown_one_is_refused_naming_all() -> None:
    assert preset_named("key-entitlements") == ("moj-five-areas", PRESETS["moj-five-areas"])
    assert preset_named("by-force") == ("by-force", PRESETS["by-force"])
    with pytest.raises(UserError) as refused:
        preset_named("by-colour")
    assert str(refused.value) == (
        "unknown preset 'by-colour' (choose from quarter-by-agency, moj-five-areas, "
        "cps-victim-letters, trend-by-month, by-force)"
    )


def test_only_single_groupings_the_index_knows_are_counted_in_sql() -> None:
    assert countable_in_sql([("agency",), ("month",)])
    assert countable_in_sql([])
    assert not countable_in_sql([("agency", "force")])
    assert not countable_in_sql([("agency",), ("colour",)])


def test_the_moj_return_lists_every_area_in_order_with_nothing_owed_as_nought() -> None:
    """A return lists each of its five areas; an area nothing fell due in is a row of noughts
    under the same key (`moj_area`), not a missing row or a stray figure."""
    preset = PRESETS["moj-five-areas"]
    run = build_run(FACTS, start=date(2026, 3, 1), end=date(2026, 3, 31), today=date(2026, 3, 10),
                    groupings=list(preset.groupings), duties=preset.duties, preset=preset,
                    min_count=1)  # fmt: skip
    groups = json.loads(to_json(run))["groups"]
    assert [g["by"] for g in groups[:5]] == [{"moj_area": area} for area, _ in MOJ_AREAS]
    counts = [k for k in groups[0] if k not in ("by", "on_time_rate", "ci95")]
    for empty in (groups[0], groups[3], groups[4]):
        assert {k: empty[k] for k in counts} == dict.fromkeys(counts, 0) | {
            "median_days_late": None, "p90_days_late": None}  # fmt: skip
    assert (groups[1]["due"], groups[1]["met_on_time"], groups[1]["cases"]) == (3, 1, 3)

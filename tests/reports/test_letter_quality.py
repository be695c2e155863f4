"""The CPS letters' quality mark (issue 22 §1): counted only for letters sent about CPS
decisions due in the period, by the latest mark on record by the report's day; unmarked
letters are not counted as either; small cells are hidden as in every table."""

from __future__ import annotations

from datetime import date
from typing import Any

from vcop_desktop.domain.engine import evaluate
from vcop_desktop.domain.scenario import parse_scenario
from vcop_desktop.reports.letter_quality import MarkedCase, quality_report
from vcop_desktop.reports.run import PRESETS, build_run
from vcop_desktop.rules import load_rulebook

TODAY = date(2026, 6, 30)
START, END = date(2026, 1, 1), date(2026, 6, 30)


def _case(key: str, force: str, *extra: dict[str, Any]) -> MarkedCase:
    events = [
        {"id": "e1", "type": "crime_reported", "date": "2026-01-05"},
        {"id": "e2", "type": "cps_discontinued", "date": "2026-03-02"},
        *extra,
    ]
    scenario = parse_scenario({"events": events})
    return MarkedCase(key, force, scenario, evaluate(scenario, TODAY, load_rulebook()))


def _met(day: str, mark: str | None = None) -> dict[str, Any]:
    return {"id": f"m{day}", "type": "duty_met", "date": day, "duty": "cps.inform_discontinued",
            "trigger": "e2", **({"reasons_clear": mark} if mark else {})}  # fmt: skip


def test_marks_are_counted_by_cps_area_and_unmarked_letters_are_not() -> None:
    cases = [
        _case("a", "Kent Police", _met("2026-03-03", "yes")),
        _case("b", "Kent Police", _met("2026-03-20", "no")),  # late, and unclear: both shown
        _case("c", "Surrey Police", _met("2026-03-03")),  # sent, not marked
        _case("d", "Surrey Police"),  # not sent
        _case("e", "Gwent Police", _met("2026-03-03", "no"), _met("2026-03-05", "yes")),
        _case("f", "Gwent Police", _met("2026-07-02", "yes")),  # after the report day
    ]
    quality = quality_report(cases, start=START, end=END, today=TODAY)
    rows = {g.label(): (g.due, g.met_on_time, g.overdue) for g in quality.groups}
    assert rows == {"CPS South East": (2, 1, 1), "CPS Cymru-Wales": (1, 1, 0)}
    assert (quality.total.due, quality.total.met_on_time, quality.total.overdue) == (3, 2, 1)


def test_a_letter_due_outside_the_period_is_not_counted() -> None:
    quality = quality_report(
        [_case("a", "Kent Police", _met("2026-03-03", "yes"))],
        start=date(2026, 4, 1), end=END, today=TODAY,
    )  # fmt: skip
    assert quality.total.due == 0 and quality.groups == ()


def test_small_cells_of_the_quality_table_are_hidden() -> None:
    cases = [_case(str(n), "Kent Police", _met("2026-03-03", "yes" if n < 6 else "no"))
             for n in range(8)]  # fmt: skip
    quality = quality_report(cases, start=START, end=END, today=TODAY)
    run = build_run([], start=START, end=END, today=TODAY, preset=PRESETS["cps-victim-letters"],
                    quality=quality)  # fmt: skip
    area = quality.groups[0]
    assert run.quality_shown(area, "due") == "8"
    assert run.quality_shown(area, "met_on_time") == "x"  # 8 - 2 would give the 2 away
    assert run.quality_shown(area, "overdue") == "<5"

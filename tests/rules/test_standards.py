"""The organisation's own figures for its service standards: read, write, apply, refuse."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from vcop_desktop.domain.engine import evaluate
from vcop_desktop.domain.scenario import parse_scenario
from vcop_desktop.rules import PackError, load_rulebook
from vcop_desktop.rules.standards import FIGURES_FILE, ORGANISATION_SOURCE, FiguresError
from vcop_desktop.rules.standards_settings import read_standards, write_standards

DEFAULT_SOURCE = "service standard (organisation default)"
SCENARIOS = Path(__file__).parent.parent / "scenarios"


def figures(standards: object) -> dict[str, dict[str, tuple[int, int]]]:
    return {s.id: {f.name: (f.amount, f.default) for f in s.figures}  # type: ignore[attr-defined]
            for s in standards}  # type: ignore[attr-defined]  # fmt: skip


def test_the_defaults_are_the_contracts_table() -> None:
    standards = read_standards()
    assert figures(standards) == {
        "advocate.first_contact": {"limit": (3, 3), "high_risk": (1, 1)},
        "advocate.risk_assessment": {"limit": (5, 5)},
        "advocate.marac_referral": {"limit": (1, 1)},
        "advocate.safety_plan": {"limit": (5, 5)},
        "advocate.safety_plan_review": {"interval": (28, 28)},
        "advocate.risk_review": {"limit": (5, 5)},
        "advocate.sharing_review": {"limit": (2, 2)},
    }
    assert all(s.source == DEFAULT_SOURCE and not s.set_by_organisation for s in standards)
    units = {s.id: s.figures[0].unit for s in standards}
    assert units["advocate.sharing_review"] == "calendar days"
    assert units["advocate.first_contact"] == "working days"
    assert all(s.what for s in standards)


def test_written_figures_are_read_back_and_move_due_dates(tmp_path: Path) -> None:
    path = write_standards(
        tmp_path,
        {"advocate.sharing_review": {"limit": 3}, "advocate.first_contact": {"limit": 3},
         "advocate.safety_plan_review": {"interval": 21}},
    )  # fmt: skip
    assert path == tmp_path / FIGURES_FILE
    # a figure equal to the default is not written: that standard stays the default
    assert "first_contact" not in path.read_text(encoding="utf-8")
    by_id = {s.id: s for s in read_standards(tmp_path)}
    assert by_id["advocate.sharing_review"].figures[0].amount == 3
    assert by_id["advocate.sharing_review"].set_by_organisation
    assert not by_id["advocate.first_contact"].set_by_organisation
    book = load_rulebook([tmp_path])
    data = json.loads((SCENARIOS / "15-advocate-sharing-reviews.json").read_text())
    scenario = parse_scenario(data, book.duty_ids)
    found = {o.trigger: o for o in evaluate(scenario, date(2026, 3, 20), book).obligations}
    # shared Fri 6 Mar 2026 + 3 calendar days = Mon 9 Mar; reviewed Tue 10 Mar: still late
    assert (found["s1"].due, found["s1"].status.value) == (date(2026, 3, 9), "met_late")
    assert found["s1"].source == ORGANISATION_SOURCE
    data = json.loads(
        (SCENARIOS / "14-advocate-safety-plan-reviews-end-at-closure.json").read_text()
    )
    cycles = evaluate(parse_scenario(data, book.duty_ids), date(2026, 4, 10), book).obligations
    # agreed Mon 5 Jan 2026 with no interval: the organisation's 21 days, due 26 Jan
    assert cycles[0].due == date(2026, 1, 26)


def test_setting_every_figure_back_to_default_removes_the_file(tmp_path: Path) -> None:
    write_standards(tmp_path, {"advocate.risk_review": {"limit": 7}})
    assert (tmp_path / FIGURES_FILE).exists()
    write_standards(tmp_path, {"advocate.risk_review": {"limit": 5}})
    assert not (tmp_path / FIGURES_FILE).exists()
    assert all(not s.set_by_organisation for s in read_standards(tmp_path))


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ({"police.inform_arrest": {"limit": 3}}, "police.inform_arrest: not a service standard"),
        ({"advocate.nonsense": {"limit": 3}}, "advocate.nonsense: not a known standard"),
        ({"advocate.first_contact": {"urgent": 1}}, "advocate.first_contact.urgent: not a figure"),
        ({"advocate.first_contact": {"limit": 0}}, "must be a whole number from 1 to 366"),
        ({"advocate.first_contact": {"limit": 400}}, "must be a whole number from 1 to 366"),
        ({"advocate.first_contact": {"limit": True}}, "must be a whole number from 1 to 366"),
    ],
)
def test_wrong_figures_are_refused_and_nothing_is_written(
    tmp_path: Path, given: dict[str, dict[str, int]], problem: str
) -> None:
    with pytest.raises(FiguresError) as caught:
        write_standards(tmp_path, given)
    assert problem in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_figures_file_cannot_change_the_law(tmp_path: Path) -> None:
    (tmp_path / FIGURES_FILE).write_text(
        '[standards."victim.uls_request"]\nlimit = 60\n', encoding="utf-8"
    )
    with pytest.raises(FiguresError, match=r"victim\.uls_request: not a service standard"):
        load_rulebook([tmp_path])


def test_a_figures_file_beside_packs_is_not_read_as_a_pack(tmp_path: Path) -> None:
    write_standards(tmp_path, {"advocate.marac_referral": {"limit": 2}})
    book = load_rulebook([tmp_path])  # no PackError: the figures file is not a pack
    rule = book.rule("advocate.marac_referral")
    assert rule is not None and rule.limit is not None and rule.limit.amount == 2
    assert isinstance(FiguresError("x", ["y"]), Exception) and PackError


def test_a_folder_not_made_yet_reads_as_the_defaults_and_is_made_on_write(tmp_path: Path) -> None:
    folder = tmp_path / "not-yet"
    assert all(not s.set_by_organisation for s in read_standards(folder))
    write_standards(folder, {"advocate.risk_assessment": {"limit": 10}})
    by_id = {s.id: s for s in read_standards(folder)}
    assert by_id["advocate.risk_assessment"].figures[0].amount == 10
    assert by_id["advocate.risk_assessment"].figures[0].default == 5

"""`tasks.py mutate` scores each module on its own, and stays out of CI (issue 21 §2).

A score per module is what tells the next developer where the tests are thin; a module whose
mutants are counted under another module's name hides exactly that.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

import tasks

ROOT = Path(__file__).resolve().parent.parent

RESULTS = """\
    vcop_desktop.reports.run.x_to_text__mutmut_1: killed
    vcop_desktop.reports.run.x_to_text__mutmut_2: survived
    vcop_desktop.reports.xlsx.x_write_book__mutmut_1: killed
    vcop_desktop.reports.xlsx.x_write_book__mutmut_2: no tests
    vcop_desktop.domain.report.xǁ_TallyǁfiguresǁZmutmut_1: killed
    vcop_desktop.domain.report.xǁ_Tallyǁfigures__mutmut_1: timeout
    vcop_desktop.domain.report.x_judge__mutmut_1: killed
    vcop_desktop.domain.report.x_judge__mutmut_2: killed
    vcop_desktop.storage.case.x_reason__mutmut_1: not checked
"""


def _row(table: str, module: str) -> list[str]:
    return next(line.split() for line in table.splitlines() if line.startswith(module + " "))


def test_a_module_named_x_something_keeps_its_own_score() -> None:
    """reports/xlsx.py's mutants are not counted as reports/'s: the module is all before the
    mangled function's name, never before the first `.x` in the path."""
    table = tasks.mutation_scores(RESULTS)
    assert _row(table, "reports.xlsx")[:6] == ["reports.xlsx", "2", "1", "0", "1", "50%"]
    assert _row(table, "reports.run")[:6] == ["reports.run", "2", "1", "1", "0", "50%"]
    assert not any(line.startswith("reports ") for line in table.splitlines())


def test_a_method_mutant_and_a_timeout_count_for_the_module_as_killed() -> None:
    table = tasks.mutation_scores(RESULTS)
    assert _row(table, "domain.report")[:6] == ["domain.report", "3", "3", "0", "0", "100%"]


def test_a_module_not_yet_run_is_named_not_scored() -> None:
    table = tasks.mutation_scores(RESULTS)
    assert table.splitlines()[-1] == "Not run yet: storage.case"


def test_ci_never_runs_the_mutation_tests() -> None:
    """A mutation run takes hours on two cores: CI runs `tasks.py test`, never `mutate`."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "tasks.py test" in ci
    assert "mutate" not in ci and "mutmut" not in ci


def test_a_stopped_run_of_one_module_goes_on_with_the_mutants_not_yet_tested(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mutmut re-tests every mutant a glob names: naming the module again after a stop would
    start it from the beginning, so the untested ones are named one by one instead."""
    meta = tmp_path / "mutants" / "vcop_desktop" / "letters" / "timing.py.meta"
    meta.parent.mkdir(parents=True)
    codes = {"m.x_a__mutmut_1": 1, "m.x_a__mutmut_2": None, "m.x_b__mutmut_1": 0}
    meta.write_text(json.dumps({"exit_code_by_key": codes}), encoding="utf-8")
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    assert tasks.unchecked_mutants("letters/timing.py") == ["m.x_a__mutmut_2"]
    # All tested (or none yet, or no results at all): the module's glob runs them all.
    meta.write_text(json.dumps({"exit_code_by_key": {"m.x_a__mutmut_1": 1}}), encoding="utf-8")
    assert tasks.unchecked_mutants("letters/timing.py") is None
    assert tasks.unchecked_mutants("letters/warnings.py") is None
    assert tasks.mutant_glob("letters/timing.py") == "vcop_desktop.letters.timing.*"


def test_mutate_fast_takes_a_modules_mutants_or_only_those_not_killed_last_time(
    tmp_path: Path,
) -> None:
    meta = tmp_path / "vcop_desktop" / "letters" / "timing.py.meta"
    meta.parent.mkdir(parents=True)
    codes = {"m.x_a__mutmut_1": 1, "m.x_a__mutmut_2": None, "m.x_b__mutmut_1": 0}
    meta.write_text(json.dumps({"exit_code_by_key": codes}), encoding="utf-8")
    assert tasks.mutant_names(tmp_path, "letters/timing.py") == list(codes)
    assert tasks.mutant_names(tmp_path, "vcop_desktop/letters/timing.py:survived") == [
        "m.x_a__mutmut_2",
        "m.x_b__mutmut_1",
    ]
    assert tasks.mutant_names(tmp_path, "m.x_a__mutmut_1") == ["m.x_a__mutmut_1"]


def test_mutate_fast_runs_a_mutants_new_tests_first_then_those_reaching_it_cheapest_first() -> None:
    spec = importlib.util.spec_from_file_location("mutate_fast", ROOT / "tools/mutate_fast.py")
    assert spec is not None and spec.loader is not None
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    items = [SimpleNamespace(nodeid=n) for n in ("slow", "other", "new", "quick")]
    reach = {"m.x_a": ["slow", "quick"], "m.x_b": ["other"]}
    durations = {"slow": 2.0, "other": 0.1, "quick": 0.5}

    def chosen(mutant: str) -> list[str]:
        return [it.nodeid for it in runner.chosen_tests(mutant, items, reach, durations)]

    assert chosen("m.x_a__mutmut_3") == ["new", "quick", "slow"]
    assert chosen("m.x_c__mutmut_1") == ["new"]  # no test reaches it: only the new one may

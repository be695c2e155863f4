"""The index's GROUP BY counts (issue 25: a year's monthly trend over 10,000 cases in under a
second of CPU) give exactly the figures of the Python path, which stays the reference: over
the demo cases, over hypothesis-made obligations dated on month boundaries and on a period's
first and last days, and through `vcop-desktop report --preset trend-by-month`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vcop_desktop.cli import main
from vcop_desktop.commands import report as report_command
from vcop_desktop.domain.obligations import Category, Obligation, Status
from vcop_desktop.domain.report import ReportQuery, compute_many, reports_from_counts
from vcop_desktop.reports.source import _facts
from vcop_desktop.storage import KdfParams, Workspace, index_report
from vcop_desktop.storage.index import SummaryRow, WorkspaceIndex
from vcop_desktop.storage.index_report import REPORT_GROUPINGS

PASSPHRASE = "counts in sql passphrase"
DEMO_DAY = date(2026, 11, 1)
GROUPINGS = [(name,) for name in REPORT_GROUPINGS]


def _both(
    index: WorkspaceIndex,
    start: date,
    end: date,
    today: date,
    kind: Category,
    rights: tuple[int, ...] = (),
    groupings: list[tuple[str]] = GROUPINGS,
) -> tuple[Any, Any]:
    """(the Python path's reports, the SQL path's) for every grouping the index can count."""
    query = ReportQuery(start, end, today, kind, rights=rights)
    victim = kind is Category.VICTIM
    cases, rows = index.report_rows(start, end, victim=victim)
    python = compute_many(_facts(rows, cases, kind, today), query, groupings)
    total, groups = index.report_counts(
        start, end, today, kind, [name for (name,) in groupings], rights=rights
    )
    sql = reports_from_counts(query, total, [(by, groups[by[0]]) for by in groupings])
    return python, sql


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("counts") / "workspace"
    workspace = Workspace.create(folder, PASSPHRASE, kdf=KdfParams.cheap())
    workspace.add_demo_cases(40, seed=3, today=DEMO_DAY)
    workspace.refresh_index()
    yield workspace
    workspace.close()


@pytest.mark.parametrize(
    ("start", "end", "today"),
    [
        (date(2026, 1, 1), date(2026, 12, 31), DEMO_DAY),  # the year's trend
        (date(2025, 12, 1), date(2026, 11, 30), DEMO_DAY),  # the trend preset's twelve months
        (date(2026, 10, 1), date(2026, 12, 31), date(2026, 10, 15)),  # a quarter, judged in it
        (date(2026, 3, 31), date(2026, 4, 1), DEMO_DAY),  # two days across a month's end
    ],
)
@pytest.mark.parametrize("kind", list(Category))
def test_the_index_counts_the_demo_exactly_as_the_python_path(
    demo: Workspace, start: date, end: date, today: date, kind: Category
) -> None:
    python, sql = _both(demo._idx(), start, end, today, kind)
    assert sql == python
    if kind is Category.CODE and end - start > timedelta(days=300):
        assert python[0].total.due > 50  # the comparison counted something


def test_rights_filter_counts_the_same(demo: Workspace) -> None:
    python, sql = _both(
        demo._idx(), date(2026, 1, 1), date(2026, 12, 31), DEMO_DAY, Category.CODE, (3, 4, 6)
    )
    assert sql == python


@pytest.mark.parametrize(
    "groupings",
    [[("agency",)], [("duty",), ("age_band",)], [("quarter",)], [("agency",), ("month",)]],
)
def test_any_few_groupings_count_the_same(demo: Workspace, groupings: list[tuple[str]]) -> None:
    """The scan works groupings by the day (month, quarter) apart from those by the obligation
    or its case, and the total's distinct cases from either."""
    python, sql = _both(
        demo._idx(), date(2026, 1, 1), date(2026, 12, 31), DEMO_DAY, Category.CODE, (), groupings
    )
    assert sql == python


def test_the_total_alone_counts_the_same(demo: Workspace) -> None:
    period = (date(2026, 1, 1), date(2026, 12, 31), DEMO_DAY, Category.CODE)
    alone, groups = demo._idx().report_counts(*period, [])
    assert groups == {}
    assert alone == demo._idx().report_counts(*period, ["agency"])[0]
    assert alone.cases > 0


_PERIOD = (date(2026, 3, 1), date(2026, 5, 31))
#: The days where counting goes wrong if it goes wrong: each side of the period's ends and
#: of the month boundaries inside it, and the judging day's neighbours.
_EDGES = [
    _PERIOD[0] - timedelta(days=1), _PERIOD[0], date(2026, 3, 31), date(2026, 4, 1),
    date(2026, 4, 30), date(2026, 5, 1), _PERIOD[1], _PERIOD[1] + timedelta(days=1),
    date(2026, 5, 14), date(2026, 5, 15), date(2026, 5, 16),
]  # fmt: skip
_TODAY = date(2026, 5, 15)
_days = st.one_of(st.sampled_from(_EDGES), st.dates(date(2026, 2, 1), date(2026, 7, 1)), st.none())


@st.composite
def _obligation(draw: st.DrawFn, number: int) -> tuple[Obligation, date | None]:
    status = draw(st.sampled_from(list(Status)))
    due = draw(_days)
    return (
        Obligation(
            duty=draw(st.sampled_from(["police.refer_support", "cps.inform_decision", "x.y"])),
            trigger=f"t{number}",
            owed_by=draw(st.sampled_from(["police", "cps", "victim", "advocate", "court"])),
            right=draw(st.sampled_from([None, 3, 4, 11])),
            statutory=True,
            due=due,
            status=status,
            met_on=draw(_days),
            clock_start=draw(_days),
            what="a duty",
            source="a rule",
            pack="vcop-2020",
            category=draw(st.sampled_from(list(Category))),
        ),
        draw(_days),  # the day a reason for it was on record, or None
    )


@st.composite
def _cases(draw: st.DrawFn) -> list[list[tuple[Obligation, date | None]]]:
    return [
        [draw(_obligation(n)) for n in range(draw(st.integers(0, 12)))]
        for _case in range(draw(st.integers(1, 4)))
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases=_cases(), kind=st.sampled_from(list(Category)))
def test_hypothesis_obligations_on_edge_dates_count_the_same(
    cases: list[list[tuple[Obligation, date | None]]], kind: Category
) -> None:
    index = WorkspaceIndex.in_memory()
    try:
        for number, obligations in enumerate(cases):
            case_id = f"{number:032x}"
            summary = SummaryRow(
                case_id, f"VC-2026-{number:04d}", "Made Up", None, "open", (), None, 0, "",
                good_reasons={(o.duty, o.trigger): day for o, day in obligations if day},
            )  # fmt: skip
            index.store(summary, [o for o, _day in obligations], "fp", "sig")
        python, sql = _both(index, *_PERIOD, _TODAY, kind)
        assert sql == python
    finally:
        index.close()


def test_the_trend_preset_is_counted_in_sql_with_the_python_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "workspace"
    today = date.today()
    with Workspace.create(folder, PASSPHRASE, kdf=KdfParams.cheap()) as workspace:
        workspace.add_demo_cases(15, seed=5, today=today)
    monkeypatch.setenv("VCOP_PASSPHRASE", PASSPHRASE)
    args = ["report", "--workspace", str(folder), "--preset", "trend-by-month", "--format",
            "json", "--today", today.isoformat()]  # fmt: skip
    asked: list[object] = []
    original = Workspace.report_counts

    def spy(self: Workspace, *a: Any, **k: Any) -> Any:
        asked.append(a)
        return original(self, *a, **k)

    monkeypatch.setattr(Workspace, "report_counts", spy)
    assert main(args) == 0
    in_sql = json.loads(capsys.readouterr().out)
    assert asked  # answered by the index's GROUP BY
    monkeypatch.setattr(report_command, "_counted_in_sql", lambda *_a: False)
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out) == in_sql
    assert len(asked) == 1
    assert sum(group["due"] for group in in_sql["groups"]) > 0


def test_the_report_counted_in_sql_loads_no_orm(tmp_path: Path) -> None:
    """The GROUP BY path stays on the light path (tests/storage/test_light_path.py)."""
    from tests.storage.test_light_path import HEAVY, LOADED

    folder = tmp_path / "workspace"
    with Workspace.create(folder, PASSPHRASE, kdf=KdfParams.cheap()) as workspace:
        workspace.add_demo_cases(3, seed=1, today=date.today())
    code = f"HEAVY = {HEAVY!r}\n{LOADED}\n" + (
        "import io, contextlib, json, sys\n"
        "from vcop_desktop.commands import report\n"
        "from vcop_desktop.cli import main\n"
        "counted = []\n"
        "original = report._run_in_sql\n"
        "report._run_in_sql = lambda *a: counted.append(1) or original(*a)\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    status = main(['report', '--workspace', sys.argv[1], '--preset',\n"
        "                   'trend-by-month', '--format', 'json', '--out', sys.argv[2]])\n"
        "print(json.dumps({'status': status, 'counted': counted, **loaded()}))\n"
    )
    env = {**os.environ, "VCOP_PASSPHRASE": PASSPHRASE}
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder), str(tmp_path / "trend.json")],
        capture_output=True, text=True, env=env, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert (seen["status"], seen["counted"], seen["heavy"]) == (0, [1], [])
    assert json.loads((tmp_path / "trend.json").read_text())["groups"]


@pytest.mark.parametrize(
    ("value", "message"),
    [("NULL", "gave no value"), ("'a' || char(31) || 'b'", "holds a separator")],
)
def test_a_grouping_value_the_scan_cannot_carry_is_refused_not_miscounted(
    demo: Workspace, monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    """The scan hands each day's obligations back as joined texts: a NULL value would drop
    an obligation from them, a separator inside a value would shift its fields."""
    monkeypatch.setitem(index_report.REPORT_GROUPINGS, "agency", value)
    with pytest.raises(ValueError, match=message):
        demo._idx().report_counts(
            date(2026, 1, 1), date(2026, 12, 31), DEMO_DAY, Category.CODE, ["agency"]
        )

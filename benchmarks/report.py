"""Report benchmark: a compliance report over N synthetic cases (30 events each), from the index.

    .venv/bin/python benchmarks/report.py                       # 1,000 cases
    .venv/bin/python benchmarks/report.py --cases 10000 --keep /tmp/vcop-bench-10k

Prints, warm (the index already up to date, as after unlock): the report "Code compliance by
agency this quarter" and a year "trend by month", the dashboard query over the same workspace
and the ratio between them, the rows read, and memory (Python allocations during one report;
peak RSS of the measuring process). No case file is opened by a report: the script counts
case-file opens while it runs and prints the count.
Targets (issue 12, this 2-core machine): 10,000 cases <= 1 s; 1,000 cases <= 0.2 s; < 250 MB.
"""

from __future__ import annotations

import resource
import sys
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.workspace import (  # noqa: E402
    PASSPHRASE,
    TODAY,
    best_time,
    build_then_measure,
)
from vcop_desktop.domain.obligations import Category  # noqa: E402
from vcop_desktop.domain.report import ReportQuery, compute  # noqa: E402
from vcop_desktop.reports.run import build_run  # noqa: E402
from vcop_desktop.reports.source import workspace_facts  # noqa: E402
from vcop_desktop.storage import Workspace, cipher  # noqa: E402

QUARTER = (date(2026, 10, 1), date(2026, 12, 31))
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def measure(folder: Path) -> None:
    opens = {"n": 0}
    real_open = cipher.connect

    def counting_open(*args: object, **kwargs: object) -> object:
        opens["n"] += 1
        return real_open(*args, **kwargs)  # type: ignore[arg-type]

    ws = Workspace.open(folder, PASSPHRASE)
    ws.rulebook()
    ws.dashboard(14, TODAY)  # warm: the index is brought up to date once, as at unlock
    cases = len(ws.list_cases())

    def by_agency() -> object:
        facts = workspace_facts(ws, *QUARTER, Category.CODE)
        return compute(facts.facts, ReportQuery(*QUARTER, today=TODAY, by=("agency",)))

    def by_month() -> object:
        facts = workspace_facts(ws, *YEAR, Category.CODE)
        return compute(facts.facts, ReportQuery(*YEAR, today=TODAY, by=("month",)))

    def full_run() -> object:
        """What the Reports view and the PDF compute: the grouping plus both chart series."""
        facts = workspace_facts(ws, *QUARTER, Category.CODE)
        return build_run(
            facts.facts, start=QUARTER[0], end=QUARTER[1], today=TODAY, groupings=[("agency",)]
        )

    cipher.connect = counting_open  # type: ignore[assignment]
    quarter, report = best_time(by_agency, 5)
    full, _ = best_time(full_run, 3)
    cipher.connect = real_open
    dash, board = best_time(lambda: ws.dashboard(14, TODAY), 5)
    rss_quarter = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    year, trend = best_time(by_month, 3)
    rows_q = len(workspace_facts(ws, *QUARTER, Category.CODE).facts)
    rows_y = len(workspace_facts(ws, *YEAR, Category.CODE).facts)
    past = date(2026, 8, 1)  # a report judged on a past day re-reads cases with later events
    reread = len(ws._idx().cases_with_events_after(past))
    then, _ = best_time(lambda: workspace_facts(ws, *YEAR, Category.CODE, today=past), 1)
    tracemalloc.start()
    by_month()
    _, peak_alloc = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"Workspace: {cases} cases")
    print(
        f"Report 'by agency, this quarter' ({rows_q} Code obligations in the period, "
        f"{report.total.due} Code duties due): best of 5 {quarter * 1000:.0f} ms"  # type: ignore[attr-defined]
    )
    print(
        f"Report 'trend by month, a year' ({rows_y} Code obligations, "
        f"{len(trend.groups)} months): best of 3 {year * 1000:.0f} ms"  # type: ignore[attr-defined]
    )
    print(
        f"The same quarter as the Reports view builds it (by agency + chart series): "
        f"best of 3 {full * 1000:.0f} ms"
    )
    print(
        f"Dashboard query (due, 14 days; {len(board.items)} items): "  # type: ignore[attr-defined]
        f"best of 5 {dash * 1000:.0f} ms"
    )
    print(
        f"Ratio report / dashboard: quarter {quarter / dash:.2f}x, year by month "
        f"{year / dash:.2f}x, Reports view quarter {full / dash:.2f}x"
    )
    print(
        f"The year judged on a past day ({past.isoformat()}): {reread} cases with later events "
        f"re-read from their files, {then * 1000:.0f} ms ({then / year:.1f}x the year judged now)"
    )
    print(f"SQLCipher files opened by the reports (the index was open already): {opens['n']}")
    print(
        f"Peak memory (max RSS of the measuring process) after the quarter reports and the "
        f"dashboard, before tracing: {rss_quarter:.0f} MB"
    )
    print(f"Python allocations peak during the year report (traced): {peak_alloc / 1e6:.1f} MB")
    ws.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak memory at the end (tracing inflates it): {peak:.0f} MB")


def main() -> int:
    return build_then_measure(__file__, __doc__.splitlines()[0], measure)


if __name__ == "__main__":
    raise SystemExit(main())

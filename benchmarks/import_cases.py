"""Caseload import benchmark: a synthetic N-row XLSX (one row a case, five events each, UK
text dates and Excel date cells mixed) imported into a fresh workspace, then again (every case
already present). Prints the time to read, to plan (the dry run) and to import. Goal (issue
20): 1,000 rows in under 10 s.

    .venv/bin/python benchmarks/import_cases.py             # 1,000 rows
    .venv/bin/python benchmarks/import_cases.py --rows 5000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vcop_desktop.caseload_import.mapping import guess  # noqa: E402
from vcop_desktop.caseload_import.reader import read_table  # noqa: E402
from vcop_desktop.caseload_import.run import plan_import, run_import  # noqa: E402
from vcop_desktop.caseload_import.template import COLUMNS  # noqa: E402
from vcop_desktop.storage import KdfParams, Workspace  # noqa: E402

TODAY = date(2026, 3, 20)
GOAL_SECONDS = 10.0


def write_caseload(path: Path, rows: int, seed: int = 1) -> None:
    """Obviously synthetic people: "Benchmark Person 17"."""
    import xlsxwriter

    rng = Random(seed)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Cases")
    as_date = book.add_format({"num_format": "dd/mm/yyyy"})
    for c, (header, _key) in enumerate(COLUMNS):
        sheet.write_string(0, c, header)
    for r in range(1, rows + 1):
        reported = TODAY - timedelta(days=rng.randint(30, 700))
        dates = [reported + timedelta(days=d) for d in (0, 2, 20, 25)]
        values: list[object] = [
            f"Benchmark Person {r}", date(1960, 1, 1) + timedelta(days=rng.randint(0, 15000)),
            f"BM/{r:05d}/26", "Burglary", reported - timedelta(days=1),
            "Vulnerable" if r % 3 == 0 else "", *dates[:3], dates[3],
            dates[3] + timedelta(days=60), None,
        ]  # fmt: skip
        for c, value in enumerate(values):
            if isinstance(value, date):
                if c % 2:  # half as Excel date cells, half as UK text
                    sheet.write_datetime(r, c, datetime(value.year, value.month, value.day),
                                         as_date)  # fmt: skip
                else:
                    sheet.write_string(r, c, f"{value.day}/{value.month}/{value.year % 100:02d}")
            elif value:
                sheet.write_string(r, c, str(value))
    book.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        source = folder / "caseload.xlsx"
        write_caseload(source, args.rows)
        with Workspace.create(folder / "ws", "benchmark passphrase", kdf=KdfParams.cheap()) as ws:
            start, cpu = time.perf_counter(), time.process_time()
            table = read_table(source)
            read = time.perf_counter() - start
            plan = plan_import(ws, table, guess(table.headers), today=TODAY)
            planned = time.perf_counter() - start - read
            assert not plan.problems, plan.problems[:3]
            result = run_import(ws, plan, failed_folder=folder)
            total = time.perf_counter() - start
            cpu = time.process_time() - cpu
            assert len(result.created) == args.rows
            again = time.perf_counter()
            plan2 = plan_import(ws, read_table(source), guess(table.headers), today=TODAY)
            second = run_import(ws, plan2, failed_folder=folder)
            repeat = time.perf_counter() - again
            assert second.skipped == args.rows and not second.created
    print(f"rows: {args.rows:,} (one case each, 4 events)")
    print(f"read the XLSX: {read:.2f} s; dry run: {planned:.2f} s")
    verdict = "within" if total < GOAL_SECONDS else "OVER"
    print(f"import (read + dry run + create): {total:.2f} s ({verdict} the 10 s goal); "
          f"CPU {cpu:.2f} s (the part a busy machine does not inflate)")  # fmt: skip
    print(f"the same file again (all skipped): {repeat:.2f} s")


if __name__ == "__main__":
    main()

"""The text table and CSV of the presets in a return's shape, exactly (issue 21: mutants of
`reports/flat_formats.py` that dropped the "no limit" columns of the MoJ return, the letter
quality table of the CPS preset, or the not-official label, lived; so did a "Status" column on
a plain report).

The facts are `test_report_outputs_exact.FACTS` (worked out by hand there); the quality marks
three CPS letters: Kent's two (one clear, one not), Gwent's one (not clear).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from tests.reports.test_letter_quality import END, START, TODAY, _case, _met
from tests.reports.test_report_outputs_exact import FACTS, HEADER
from vcop_desktop.reports.flat_formats import HEADERS, to_csv, to_json, to_text
from vcop_desktop.reports.letter_quality import quality_report
from vcop_desktop.reports.run import NOT_OFFICIAL, PRESETS, ReportRun, build_run

WIDE_HEADER = HEADER + " no limit   met"


def _moj_run() -> ReportRun:
    return build_run(
        FACTS, start=date(2026, 3, 1), end=date(2026, 3, 31), today=date(2026, 3, 10),
        groupings=[("agency",)], title="Return", preset=PRESETS["moj-five-areas"], min_count=1,
    )  # fmt: skip


def _cps_run() -> ReportRun:
    cases = [
        _case("a", "Kent Police", _met("2026-03-03", "yes")),
        _case("b", "Kent Police", _met("2026-03-20", "no")),
        _case("e", "Gwent Police", _met("2026-03-03", "no")),
    ]
    quality = quality_report(cases, start=START, end=END, today=TODAY)
    return build_run(
        [], start=START, end=END, today=TODAY, preset=PRESETS["cps-victim-letters"],
        quality=quality, min_count=1, title="CPS",
    )  # fmt: skip


def test_the_return_text_says_not_official_and_its_origin_under_the_title() -> None:
    lines = to_text(_moj_run()).splitlines()
    assert lines[:4] == [
        "Return",
        NOT_OFFICIAL,
        "Origin: " + PRESETS["moj-five-areas"].origin,
        "Period 2026-03-01 to 2026-03-31, judged on 2026-03-10 (this workspace)",
    ]


def test_the_return_text_counts_duties_with_no_time_limit_in_their_own_columns() -> None:
    """Rights 3 and 7 have no time limit: a return in this shape shows them, met or not."""
    lines = to_text(_moj_run()).splitlines()
    assert lines[5:] == [
        "All obligations",
        WIDE_HEADER,
        "All                                  5       1     1       1     1      1   33%"
        "      6%-79%      4     6      1        1     1",
        "",
        "By agency",
        WIDE_HEADER,
        "Crown Prosecution Service            1       0     0       0     1      0     -"
        "           -      -     -      0        1     1",
        "Police                               4       1     1       1     0      1   33%"
        "      6%-79%      4     6      1        0     0",
        "",
        "Not applicable: 1; no time limit: 1 (1 met). 'reason': late or missed with the "
        "agency's reason on record.",
    ]


def test_the_cps_text_ends_with_the_letter_quality_table_counted_apart() -> None:
    lines = to_text(_cps_run()).splitlines()
    assert lines[:2] == ["CPS", NOT_OFFICIAL]
    assert lines[-6:] == [
        "",
        "Letter quality (the advocate's mark; never merged with timeliness)",
        "Group                             marked  clear  unclear",
        "All                                    3      1        2",
        "CPS Cymru-Wales                        1      0        1",
        "CPS South East                         2      1        1",
    ]
    assert lines[-7].startswith("Not applicable: 0; no time limit: 0 (0 met).")


def test_a_plain_reports_csv_has_no_status_column() -> None:
    from tests.reports.test_report_outputs_exact import _run

    rows = list(csv.reader(io.StringIO(to_csv(_run()).decode("utf-8-sig"))))
    assert rows[0] == list(HEADERS)
    assert all(len(row) == len(HEADERS) for row in rows)


def test_the_cps_csvs_quality_title_row_has_empty_cells_then_the_label() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(_cps_run()).decode("utf-8-sig"))))
    assert rows[0] == [*HEADERS, "Status"]
    title = next(n for n, row in enumerate(rows) if row[0].startswith("Letter quality"))
    heads = ["Grouping", "Group", "Letters sent with a mark", "Clear: yes", "Clear: no"]
    assert rows[title + 1] == [*heads, "Status"]
    assert rows[title] == [
        "Letter quality: reasons explained clearly (the advocate's mark)", "", "", "", "",
        NOT_OFFICIAL,
    ]  # fmt: skip
    assert rows[title + 2 :] == [
        ["All", "All", "3", "1", "2", NOT_OFFICIAL],
        ["CPS Area", "CPS Cymru-Wales", "1", "0", "1", NOT_OFFICIAL],
        ["CPS Area", "CPS South East", "2", "1", "1", NOT_OFFICIAL],
    ]


def test_the_cps_json_carries_the_label_origin_and_quality_counted_apart() -> None:
    document = json.loads(to_json(_cps_run()))
    assert document["status"] == NOT_OFFICIAL
    assert document["origin"] == PRESETS["cps-victim-letters"].origin
    assert document["letter_quality"] == [
        {"by": {}, "marked": 3, "clear_yes": 1, "clear_no": 2},
        {"by": {"cps_area": "CPS Cymru-Wales"}, "marked": 1, "clear_yes": 0, "clear_no": 1},
        {"by": {"cps_area": "CPS South East"}, "marked": 2, "clear_yes": 1, "clear_no": 1},
    ]


def test_a_plain_reports_json_has_no_label_origin_or_quality() -> None:
    from tests.reports.test_report_outputs_exact import _run

    assert set(json.loads(to_json(_run()))) == {"period", "today", "kind", "groups"}

"""The four example spreadsheets of issue 20 §1 (tidy, UK and Excel dates, errors, imported
twice) give exactly the cases and events expected, read back from the workspace."""

from __future__ import annotations

import csv
import stat
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.caseload_import.conftest import (
    TIDY_HEADERS,
    TIDY_ROWS,
    TODAY,
    write_csv,
    write_xlsx,
)
from vcop_desktop.caseload_import.mapping import guess
from vcop_desktop.caseload_import.reader import read_table
from vcop_desktop.caseload_import.run import ACTION, plan_import, run_import
from vcop_desktop.errors import UserError
from vcop_desktop.storage import Workspace

NOW = datetime(2026, 3, 20, 10, 30, 0)


def _import(ws: Workspace, path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    table = read_table(path)
    plan = plan_import(ws, table, guess(table.headers), today=TODAY, **kwargs)  # type: ignore[arg-type]
    return plan, run_import(ws, plan, failed_folder=path.parent, now=NOW)


def _cases(
    ws: Workspace,
) -> dict[str, tuple[str, object, list[tuple[str, date, dict[str, object]]]]]:
    """crime reference -> (name, dob and flags, events as (type, date, fields))."""
    out = {}
    for summary in ws.list_cases():
        scenario = ws.scenario(summary.case_id)
        events = [(e.type, e.date, dict(e.fields)) for e in scenario.events]
        facts = (scenario.case.victim_dob, sorted(scenario.case.flags), scenario.case.offence_date)
        out[str(summary.crime_reference)] = (summary.victim_name, facts, events)
    return out


def test_a_tidy_file_gives_exactly_the_cases_and_events(ws: Workspace, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "tidy.xlsx", TIDY_HEADERS, TIDY_ROWS)
    plan, result = _import(ws, path)
    assert plan.problems == () and len(plan.create) == 3
    assert len(result.created) == 3 and result.skipped == 0 and result.failed_rows == ()
    assert result.failed_file is None
    cases = _cases(ws)
    assert cases == {
        "QZ/10001/26": (
            "Quentin Zephyrine",
            (date(1990, 5, 1), ["vulnerable"], date(2026, 1, 2)),
            [
                ("crime_reported", date(2026, 1, 3), {}),
                ("suspect_arrested", date(2026, 1, 5), {}),
                ("suspect_charged", date(2026, 1, 20), {}),
                ("hearing_listed", date(2026, 1, 22), {"hearing_date": date(2026, 4, 14)}),
            ],
        ),
        "QZ/10002/26": (
            "Ottoline Marchbank",
            (date(1975, 11, 30), ["domestic_abuse", "persistently_targeted"], None),
            [("crime_reported", date(2026, 2, 1), {})],
        ),
        "QZ/10003/26": (
            "Barnaby Fenwhistle",
            (date(2001, 2, 28), [], None),
            [("crime_reported", date(2026, 1, 10), {}), ("case_closed", date(2026, 3, 1), {})],
        ),
    }
    # One audited transaction a case, saying where it came from.
    case_id = ws.list_cases()[0].case_id
    with ws.open_case(case_id) as case:
        actions = [entry.action for entry in case.audit_log()]
    assert actions == [ACTION]


def test_uk_and_excel_dates_read_as_the_date_fields_read_them(
    ws: Workspace, tmp_path: Path
) -> None:
    headers = ("Name", "DOB", "Crime ref", "Date reported", "Date charged")
    rows = [
        # Excel date cells, an Excel serial typed as a number, UK text forms.
        ("Ysolde Abernethy", date(1988, 7, 9), "QZ/20001/26", 46028, "6/2/26"),
        ("Tobias Wrenfield", "9 Jul 1988", "QZ/20002/26", "2 Jan 2026", "2026-02-06"),
        ("Maude Pettigrew", "09.07.88", "QZ/20003/26", "Fri 2 January 2026", 46059.75),
    ]
    path = write_xlsx(tmp_path / "dates.xlsx", headers, rows)
    csv_path = write_csv(
        tmp_path / "dates.csv",
        "Name,DOB,Crime ref,Date reported,Date charged\n"
        "Wilhelmina Crouch,9/7/88,QZ/20004/26,46024,06/02/2026\n",
        "utf-8-sig",
    )
    plan, result = _import(ws, path)
    assert plan.problems == ()
    plan, _ = _import(ws, csv_path)
    assert plan.problems == ()
    cases = _cases(ws)
    reported = {ref: events[0][1] for ref, (_n, _f, events) in cases.items()}
    charged = {ref: events[1][1] for ref, (_n, _f, events) in cases.items()}
    born = {ref: facts[0] for ref, (_n, facts, _e) in cases.items()}
    assert reported == {
        "QZ/20001/26": date(2026, 1, 6),  # serial 46028
        "QZ/20002/26": date(2026, 1, 2),
        "QZ/20003/26": date(2026, 1, 2),
        "QZ/20004/26": date(2026, 1, 2),  # serial 46024, from a CSV
    }
    assert set(charged.values()) == {date(2026, 2, 6)}
    assert set(born.values()) == {date(1988, 7, 9)}
    assert len(result.created) == 3


ERROR_HEADERS = ("Victim name", "Date of birth", "Crime reference", "Flags", "Date reported",
                 "Date charged", "Hearing date")  # fmt: skip
ERROR_ROWS = (
    "Victim name,Date of birth,Crime reference,Flags,Date reported,Date charged,Hearing date\n"
    "Cressida Longbottom,1/2/80,QZ/30001/26,,2/1/26,5/1/26,\n"  # row 2: fine
    "Ambrose Tillingham,30/2/80,QZ/30002/26,,2/1/26,31/11/25,\n"  # row 3: two bad dates
    "Philippa Quenby,1/2/81,QZ/30003/26,Grumpy,2/1/26,,\n"  # row 4: unknown flag
    ",1/2/82,QZ/30004/26,,2/1/26,,\n"  # row 5: no name
    "Rupert Gallimore,1/2/83,QZ/30005/26,,7,1/4/26,\n"  # row 6: serial 7; charged in the future
    "Hortense Vail,1/2/84,QZ/30006/26,,2/1/26,,3/5/26\n"  # row 7: hearing date, no listing
    "Isidore Crump,1/2/85,,,2/1/26,,\n"  # row 8: fine (no crime reference, but a dob)
    ",,,,,,\n"  # a blank row: skipped
    "Leopold Marsh,1/2/80,QZ/30001/26,,2/1/26,,\n"  # row 10: same key as row 2
)


def test_a_file_with_errors_reports_every_problem_by_row_and_column_and_writes_nothing(
    ws: Workspace, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "errors.csv", ERROR_ROWS)
    table = read_table(path)
    ws.list_cases()  # the index exists before the dry run (opening it is not importing)
    before = sorted(p.name for p in ws.folder.rglob("*"))
    plan = plan_import(ws, table, guess(table.headers), today=TODAY)
    assert [str(p) for p in plan.problems] == [
        "row 2, Crime reference: another row of this case has a problem (row 10)",
        "row 3, Date of birth: '30/2/80' is not a date: February 1980 has no day 30.",
        "row 3, Date charged: '31/11/25' is not a date: November 2025 has no day 31.",
        "row 4, Flags: 'Grumpy' is not a case flag (the template lists them)",
        "row 5, Victim name: empty: every case needs the victim's name",
        "row 6, Date reported: '7' is a number, not a date (as an Excel date it is out of "
        "range; type dates as 6/10/2026, 6 Oct 2026 or 2026-10-06)",
        "row 6, Date charged: Wednesday 1 April 2026 is in the future; record events once "
        "they have happened",
        "row 7, Hearing date: needs the date the hearing was listed as well (a 'Date hearing "
        "listed' column): the Witness Care Unit's duty runs from that day",
        "row 10, Crime reference: the same case as row 2 (same key)",
    ]
    assert [c.rows for c in plan.create] == [(8,)]
    assert plan.failed_rows == (2, 3, 4, 5, 6, 7, 10)
    # The dry run wrote nothing: no case, no file.
    assert ws.list_cases() == []
    assert sorted(p.name for p in ws.folder.rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["errors.csv"]

    result = run_import(ws, plan, failed_folder=tmp_path, now=NOW)
    assert [s.crime_reference for s in ws.list_cases()] == [None]
    assert result.failed_file == tmp_path / "vcop-import-failed-rows-2026-03-20-103000.csv"
    assert stat.S_IMODE(result.failed_file.stat().st_mode) == 0o600
    with result.failed_file.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle))
    assert written[0] == [*ERROR_HEADERS, "problem"]
    assert [row[2] for row in written[1:]] == [
        "QZ/30001/26", "QZ/30002/26", "QZ/30003/26", "QZ/30004/26", "QZ/30005/26",
        "QZ/30006/26", "QZ/30001/26",
    ]  # fmt: skip
    assert written[2][:-1] == ["Ambrose Tillingham", "30/2/80", "QZ/30002/26", "", "2/1/26",
                               "31/11/25", ""]  # fmt: skip
    assert written[2][-1].startswith("Date of birth: '30/2/80' is not a date")
    assert result.summary().startswith("1 case created, 0 skipped as already present, 7 rows")


def test_importing_the_same_file_twice_does_not_duplicate_cases(
    ws: Workspace, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "tidy.xlsx", TIDY_HEADERS, TIDY_ROWS)
    _plan, first = _import(ws, path)
    again, second = _import(ws, path)
    assert len(first.created) == 3
    assert [c.crime_reference for c in again.present] == ["QZ/10001/26", "QZ/10002/26",
                                                          "QZ/10003/26"]  # fmt: skip
    assert again.create == ()
    assert second.created == () and second.skipped == 3 and second.failed_rows == ()
    assert len(ws.list_cases()) == 3
    # The same crime reference with another date of birth is another case.
    other = [list(TIDY_ROWS[0])]
    other[0][1] = date(1991, 5, 1)
    path2 = write_xlsx(tmp_path / "other.xlsx", TIDY_HEADERS, other)
    _plan, third = _import(ws, path2)
    assert len(third.created) == 1
    # A chosen key: by crime reference alone it is already there.
    _plan, fourth = _import(ws, path2, key=("crime_reference",))
    assert fourth.created == () and fourth.skipped == 1
    assert len(ws.list_cases()) == 4


def test_one_row_per_event_gives_one_case_with_all_its_events(
    ws: Workspace, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "events.csv",
        "Crime ref;Name;DOB;Event;Event date;Hearing date\n"
        "QZ/40001/26;Evander Thistlewood;3/3/77;Crime reported;2/1/26;\n"
        "QZ/40001/26;;;Date charged;9/1/26;\n"
        "QZ/40001/26;;;hearing_listed;10/1/26;4 May 2026\n"
        "QZ/40002/26;Marigold Featherstone;4/4/78;Suspect arrested;3/1/26;\n",
    )
    table = read_table(path)
    assert guess(table.headers) == ("crime_reference", "victim_name", "victim_dob",
                                    "event_type", "event_date", "hearing_date")  # fmt: skip
    plan, result = _import(ws, path)  # the date of birth, on the first row only, is the key's
    assert plan.problems == ()
    cases = _cases(ws)
    assert cases["QZ/40001/26"][2] == [
        ("crime_reported", date(2026, 1, 2), {}),
        ("suspect_charged", date(2026, 1, 9), {}),
        ("hearing_listed", date(2026, 1, 10), {"hearing_date": date(2026, 5, 4)}),
    ]
    assert cases["QZ/40002/26"][2] == [("suspect_arrested", date(2026, 1, 3), {})]
    assert len(result.created) == 2


def test_a_case_refused_as_it_is_written_goes_to_the_failed_rows_file(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_xlsx(tmp_path / "tidy.xlsx", TIDY_HEADERS, TIDY_ROWS)
    real = Workspace.create_case

    def refuse_second(self: Workspace, **kwargs: object):  # type: ignore[no-untyped-def]
        if kwargs["crime_reference"] == "QZ/10002/26":
            raise UserError("The disk is full. Nothing was saved.")
        return real(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Workspace, "create_case", refuse_second)
    _plan, result = _import(ws, path)
    assert len(result.created) == 2 and result.failed_rows == (3,)
    assert result.failed_file is not None
    text = result.failed_file.read_text(encoding="utf-8-sig")
    assert "QZ/10002/26" in text and "The disk is full" in text


def test_no_folder_for_the_failed_rows_means_nothing_is_imported(
    ws: Workspace, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "errors.csv", ERROR_ROWS)
    table = read_table(path)
    plan = plan_import(ws, table, guess(table.headers), today=TODAY)
    with pytest.raises(UserError, match="nothing was imported"):
        run_import(ws, plan, failed_folder=tmp_path / "gone")
    assert ws.list_cases() == []


def test_an_event_row_that_could_belong_to_two_cases_is_a_problem(tmp_path: Path) -> None:
    from vcop_desktop.caseload_import.plan import build_plan

    path = write_csv(
        tmp_path / "events.csv",
        "Crime ref,Name,DOB,Event,Event date\n"
        "QZ/5,Evander Thistlewood,3/3/77,Crime reported,2/1/26\n"
        "QZ/5,Evadne Thistlewood,4/4/79,Crime reported,2/1/26\n"
        "QZ/5,,,Date charged,9/1/26\n",
    )
    table = read_table(path)
    plan = build_plan(table, guess(table.headers), today=TODAY)
    assert [str(p) for p in plan.problems] == [
        "row 4, Crime ref: could be the case of row 2 and 3: give all of the key on this row"
    ]
    assert [c.rows for c in plan.create] == [(2,), (3,)]


def test_flag_columns_and_the_flags_a_listed_offence_implies(ws: Workspace, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "flags.csv",
        "Name,Crime ref,Offence,Domestic abuse,Vulnerable,Date reported\n"
        "Ada Pinkerton,QZ/60001/26,Rape,yes,,2/1/26\n"
        "Bo Quill,QZ/60002/26,Theft,,x,3/1/26\n",
    )
    plan, result = _import(ws, path, key=("crime_reference",))
    assert plan.problems == () and len(result.created) == 2
    assert plan.create[0].implied == (
        "sexual_offence", "violent_or_sexual_offence", "crime_of_violence",
    )  # fmt: skip
    flags = {ref: facts[1] for ref, (_n, facts, _e) in _cases(ws).items()}  # type: ignore[index]
    assert flags == {
        "QZ/60001/26": ["crime_of_violence", "domestic_abuse", "sexual_offence",
                        "violent_or_sexual_offence"],
        "QZ/60002/26": ["vulnerable"],
    }  # fmt: skip

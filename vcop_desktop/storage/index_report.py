"""The index's report tables read and written: each obligation of every case as a report
counts it, and a report's figures counted in one scan of them, not one Python object each.

Apart from `index.py` (the dashboard's case rows and outstanding obligations) because the two
change for different reasons: a new report grouping or outcome touches only this file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from vcop_desktop.domain.equality import Equality
from vcop_desktop.domain.obligations import Category, Obligation

if TYPE_CHECKING:
    from vcop_desktop.domain.report import Counted
    from vcop_desktop.storage import cipher

#: One obligation as a report reads it: (case_id, duty, owed_by, right, category, due,
#: clock_start, status, met_on, reason_on), dates as ISO text; `reason_on` is the first day an
#: agency's reason was on record (None: no reason). Plain tuples: a report over 10,000 cases
#: reads some 100,000 of them, and objects would cost more than the query.
ReportRow = tuple[
    str, str, str, int | None, str, str | None, str | None, str, str | None, str | None
]

#: A case's report facts: (police force, enhanced rights, flags, equality categories).
ReportCase = tuple[str | None, bool, tuple[str, ...], Equality]


INSERT_REPORT = (
    "INSERT OR REPLACE INTO report_obligation (period_day, case_id, duty, trigger, owed_by,"
    " right_no, category, due, clock_start, status, met_on, reason_on)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
SELECT_REPORT = (
    "SELECT case_id, duty, owed_by, right_no, category, due, clock_start, status,"
    " met_on, reason_on FROM report_obligation WHERE period_day BETWEEN ? AND ?"
)


#: The groupings a report can count in SQL (`WorkspaceIndex.report_counts`): each one value
#: per obligation, as `domain.report.GROUPINGS` computes it. Constants only reach SQL text.
REPORT_GROUPINGS: dict[str, str] = {
    "month": "substr(period_day, 1, 7)",
    "quarter": "substr(period_day, 1, 4) || '-Q' || ((CAST(substr(period_day, 6, 2) AS INTEGER)"
    " - 1) / 3 + 1)",
    "agency": "owed_by",
    "duty": "duty",
    "right": "CASE WHEN right_no IS NULL THEN '(none)' ELSE 'Right ' || right_no END",
}
#: Groupings whose value is the day's alone: a report's scan, which goes day by day, works each
#: out once per day rather than once per obligation.
_BY_DAY = frozenset(("month", "quarter"))


def _sql_value(value: str | int) -> str:
    return str(value) if isinstance(value, int) else "'" + value.replace("'", "''") + "'"


def _case_label(column: str, labels: Mapping[str, str] | Mapping[int, str], otherwise: str) -> str:
    """A case's label for a breakdown by the victim, from its `report_case` row: the same
    label `domain.equality.group_label` gives (constants from the data file only)."""
    cases = " ".join(f"WHEN {_sql_value(k)} THEN {_sql_value(v)}" for k, v in labels.items())
    return (
        f"CASE (SELECT c.{column} FROM report_case c WHERE c.case_id = j.case_id)"  # noqa: S608
        f" {cases} ELSE {_sql_value(otherwise)} END"
    )


def _breakdown_groupings() -> dict[str, str]:
    from vcop_desktop.domain import equality

    unknown = equality.NOT_RECORDED
    bands = {band.code: band.label for band in equality.age_bands()}
    out = {
        "under_18": _case_label("under_18", {1: equality.UNDER_18, 0: equality.ADULT}, unknown),
        "age_band": _case_label("age_band", bands, unknown),
    }
    for name, item in equality.characteristics().items():
        labels = {**dict(item.categories), equality.PREFER_NOT: equality.PREFER_NOT_LABEL}
        out[name] = _case_label(name, labels, unknown)
    return out


# Under 18 at the offence, age band and each characteristic recorded with consent, from the
# case's row of `report_case` (the judged rows are aliased `j`).
REPORT_GROUPINGS.update(_breakdown_groupings())

#: Separators in the texts one scan of a report hands back per day (control characters: no
#: grouping's value, outcome or case id holds one): between a key's fields, between keys.
_FIELD, _ITEM = "\x1f", "\x1e"

_MET = "met_on IS NOT NULL AND met_on <= :today AND status IN ('met', 'met_late')"
#: A late obligation's days late (from `due` to `day`) and whether a reason was on record.
_LATENESS = (
    "'{f}' || CAST(julianday({day}) - julianday(due) AS INTEGER) || '{f}'"
    " || (reason_on IS NOT NULL AND reason_on <= :today)"
)
#: One obligation judged on :today, as `domain.report.judge` and `days_late` do: its outcome,
#: and for one met late or overdue, its days late and whether a reason was on record
#: ("overdue<US>12<US>0"). One expression, so each part is worked out once per obligation.
_JUDGED = (
    "CASE WHEN status = 'not_applicable' THEN 'not_applicable'"
    " WHEN status = 'waived' THEN 'waived'"
    f" WHEN due IS NULL THEN CASE WHEN {_MET} THEN 'no_limit_met' ELSE 'no_limit_outstanding' END"
    f" WHEN {_MET} THEN CASE WHEN met_on <= due THEN 'met_on_time'"
    f" ELSE 'met_late' || {_LATENESS.format(f=_FIELD, day='met_on')} END"
    f" WHEN :today > due THEN 'overdue' || {_LATENESS.format(f=_FIELD, day=':today')}"
    " ELSE 'open' END"
)


def obligation_report_rows(
    case_id: str,
    obligations: Iterable[Obligation],
    reasons: Mapping[tuple[str, str], date],
    start: date,
    end: date,
    *,
    victim: bool | None = None,
) -> list[ReportRow]:
    """The report rows of one case's obligations placed in [start, end], exactly as
    `WorkspaceIndex.report_rows` reads them back: for a case evaluated outside the index."""
    low, high = start.isoformat(), end.isoformat()
    out: list[ReportRow] = []
    for o in obligations:
        if victim is not None and (o.owed_by == "victim") is not victim:
            continue
        day, case, duty, _trigger, owed_by, right, category, due, clock, status, met, why = (
            stored_report_row(case_id, o, reasons)
        )
        if low <= day <= high:
            out.append((case, duty, owed_by, right, category, due, clock, status, met, why))
    return out


#: A report row as stored: (period_day, case_id, duty, trigger, owed_by, right, category, due,
#: clock_start, status, met_on, reason_on).
_StoredReportRow = tuple[
    str, str, str, str, str, int | None, str, str | None, str | None, str, str | None, str | None
]


def stored_report_row(
    case_id: str, o: Obligation, reasons: Mapping[tuple[str, str], date]
) -> _StoredReportRow:
    day = o.due if o.due is not None else o.clock_start
    return (
        _iso(day) or "",
        case_id,
        o.duty,
        o.trigger,
        o.owed_by,
        o.right,
        o.category.value,
        _iso(o.due),
        _iso(o.clock_start),
        o.status.value,
        _iso(o.met_on),
        _iso(reasons.get((o.duty, o.trigger))),
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def report_rows(
    conn: cipher.Connection, start: date, end: date, *, victim: bool | None = None
) -> tuple[dict[str, ReportCase], list[ReportRow]]:
    """Every obligation placed in [start, end] (by due date, or clock start when it has
    no time limit), and the report facts of every case: no case file is opened. `victim`
    True or False keeps only the victim's own deadlines, or only the agencies' duties."""
    cases: dict[str, ReportCase] = {
        str(r[0]): (
            r[1],
            bool(r[2]),
            tuple(json.loads(r[3])),
            Equality(None if r[4] is None else bool(r[4]), *r[5:]),
        )
        for r in conn.execute(
            "SELECT c.case_id, c.police_force, c.enhanced, s.flags, c.under_18, c.age_band,"
            " c.ethnicity, c.sex, c.disability, c.religion, c.sexual_orientation,"
            " c.gender_reassignment FROM report_case c"
            " JOIN case_summary s ON s.case_id = c.case_id"
        ).fetchall()
    }
    sql = SELECT_REPORT
    if victim is not None:
        sql += " AND owed_by = 'victim'" if victim else " AND owed_by <> 'victim'"
    rows = conn.execute(sql, (start.isoformat(), end.isoformat())).fetchall()
    return cases, rows


def report_counts(
    conn: cipher.Connection,
    start: date,
    end: date,
    today: date,
    category: Category,
    groupings: Sequence[str],
    *,
    rights: Sequence[int] = (),
) -> tuple[Counted, dict[str, dict[str, Counted]]]:
    """A compliance report's figures from the index, each obligation judged by SQL, exactly
    as `domain.report.compute_many` counts the same obligations in Python (the reference):
    the total, and per single grouping of `REPORT_GROUPINGS` its groups. Judged on
    `today` as the index holds each case now (a report judged on a past day must use the
    Python path: see `IndexedWorkspace.report_rows`)."""
    from vcop_desktop.domain.report import Counted
    from vcop_desktop.domain.report_facts import Outcome
    from vcop_desktop.domain.vocabulary import ADVOCATE_AGENCY

    scope = (
        "period_day BETWEEN :start AND :end AND category = :category"
        " AND owed_by <> :advocate AND (clock_start IS NULL OR clock_start <= :today)"
        # as `workspace_facts` asks `report_rows` for the victim's deadlines or the rest
        + (" AND owed_by = 'victim'" if category is Category.VICTIM else " AND owed_by <> 'victim'")
    )
    params: dict[str, object] = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "today": today.isoformat(),
        "category": category.value,
        "advocate": ADVOCATE_AGENCY,
    }
    if rights:
        scope += f" AND right_no IN ({', '.join(f':r{n}' for n in range(len(rights)))})"
        params.update({f"r{n}": int(right) for n, right in enumerate(rights)})
    names = list(dict.fromkeys(groupings))
    by_day = [name for name in names if name in _BY_DAY]
    by_row = [name for name in names if name not in _BY_DAY]
    joined = f" || '{_FIELD}' || ".join
    # One scan in the index's own order, day by day (SQLite groups as it reads: no sort). Per
    # day: the values of the day's groupings; one key per obligation (its other groupings'
    # values, then its judgement), counted here by Counter; its case, and (value, case) per
    # other grouping, made distinct here by sets. Two GROUP BYs (counts, then distinct cases)
    # each sorted every obligation of the period: 0.41 of the 0.67 s this took over a year of
    # 10,000 cases (235,000 obligations), which now takes 0.29 s.
    columns = [
        "count(*)",
        *(REPORT_GROUPINGS[name] for name in by_day),
        f"group_concat({joined([*(REPORT_GROUPINGS[n] for n in by_row), _JUDGED])}, '{_ITEM}')",
        f"group_concat(case_id, '{_ITEM}')",
        *(f"group_concat({joined([REPORT_GROUPINGS[n], 'case_id'])}, '{_ITEM}')" for n in by_row),
    ]
    keyed: dict[tuple[str, ...], Counter[str]] = {}  # the day's values -> keys -> obligations
    every_case: set[str] = set()
    day_cases: list[dict[str, set[str]]] = [{} for _ in by_day]
    row_cases: list[set[str]] = [set() for _ in by_row]  # "value<US>case"
    obligations = 0
    for number, *found in conn.execute(
        f"SELECT {', '.join(columns)} FROM report_obligation AS j"  # noqa: S608
        f" WHERE {scope} GROUP BY period_day",
        params,
    ):
        obligations += number
        day_values, (keys, ids, *pairs) = tuple(found[: len(by_day)]), found[len(by_day) :]
        if keys is None or None in day_values:
            continue  # a NULL drops obligations from the day's text: counted, then refused
        keyed.setdefault(day_values, Counter()).update(keys.split(_ITEM))
        day_ids = ids.split(_ITEM)
        for place, value in enumerate(day_values):
            day_cases[place].setdefault(value, set()).update(day_ids)
        if not by_day:
            every_case.update(day_ids)
        for place, text in enumerate(pairs):
            row_cases[place].update(text.split(_ITEM))
    if sum(counter.total() for counter in keyed.values()) != obligations:
        raise ValueError("a report grouping gave no value for some obligations")
    if by_day:  # every case is in one of the first grouping's groups: fewer ids to hash
        every_case = every_case.union(*day_cases[0].values())
    # Places: the groupings by day, then by row, then (-1) the total.
    known = frozenset(Outcome)  # what `_JUDGED` can say
    outcomes: list[dict[str, dict[str, int]]] = [{} for _ in (*names, "")]
    reasons: list[dict[str, list[int]]] = [{} for _ in (*names, "")]
    late: list[dict[str, list[int]]] = [{} for _ in (*names, "")]
    for day_values, counter in keyed.items():
        for key, count in counter.items():
            fields = key.split(_FIELD)
            outcome, *lateness = fields[len(by_row) :]
            if outcome not in known or len(lateness) not in (0, 2):
                raise ValueError(f"a report grouping's value holds a separator: {fields}")
            for place, group in (*enumerate((*day_values, *fields[: len(by_row)])), (-1, "")):
                tally = outcomes[place].setdefault(group, {})
                tally[outcome] = tally.get(outcome, 0) + count
                if lateness:  # met late or overdue: [days late, reason on record]
                    days, reasoned = lateness
                    given = reasons[place].setdefault(group, [0, 0])
                    given[0 if reasoned == "1" else 1] += count
                    late[place].setdefault(group, []).extend([int(days)] * count)
    cases: list[Mapping[str, int]] = [
        *({value: len(members) for value, members in by_value.items()} for by_value in day_cases),
        *(Counter(pair.rpartition(_FIELD)[0] for pair in pairs) for pairs in row_cases),
        {"": len(every_case)},
    ]

    def counted(place: int) -> dict[str, Counted]:
        return {
            group: Counted(
                counts,
                reasons[place].get(group, [0, 0])[0],
                reasons[place].get(group, [0, 0])[1],
                cases[place][group],
                sorted(late[place].get(group, ())),
            )
            for group, counts in outcomes[place].items()
        }

    total = counted(-1).get("") or Counted({}, 0, 0, 0, ())
    by_name = {name: counted(n) for n, name in enumerate((*by_day, *by_row))}
    return total, {name: by_name[name] for name in names}

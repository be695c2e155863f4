"""The CPS letters' quality mark (issue 22): of the letters sent about CPS decisions, those the
advocate marked when they arrived ("reasons explained clearly": yes or no, on the `duty_met`
that records the letter), by CPS Area. Shown beside the letters' timeliness, never merged
with it: a late letter may be clear, a prompt one not.

The letters are the timeliness table's own: each CPS letter obligation due in the period,
owed by the report's day, and met (on time or late) by then. The mark is read from the case
file (the index holds no events), only for the cases that have such a letter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from vcop_desktop.domain.events import Scenario
from vcop_desktop.domain.obligations import Category, Evaluation, Status
from vcop_desktop.domain.report import GroupFigures, Report, ReportQuery
from vcop_desktop.domain.report_facts import ObligationFact
from vcop_desktop.domain.report_groupings import GROUPINGS
from vcop_desktop.domain.vocabulary import CPS_LETTER_DUTIES
from vcop_desktop.errors import UserError

if TYPE_CHECKING:
    from vcop_desktop.storage import Workspace

TITLE = "Letter quality: reasons explained clearly (the advocate's mark)"
#: The quality table's columns: (GroupFigures field it is kept in, heading).
COLUMNS = (("due", "Letters sent with a mark"), ("met_on_time", "Clear: yes"),
           ("overdue", "Clear: no"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class MarkedCase:
    """One case's letters as the quality table reads them."""

    case_key: str
    force: str | None
    scenario: Scenario
    evaluation: Evaluation


def marks(case: MarkedCase, start: date, end: date, today: date) -> list[str | None]:
    """The mark ("yes", "no" or None: not marked) of each CPS letter of the case due in the
    period, owed by `today` and sent by then: the latest `duty_met` for it up to `today` that
    carries one."""
    out: list[str | None] = []
    for o in case.evaluation.obligations:
        if o.duty not in CPS_LETTER_DUTIES or o.due is None or not start <= o.due <= end:
            continue
        if o.clock_start is not None and o.clock_start > today:
            continue
        sent = o.status in (Status.MET, Status.MET_LATE) and o.met_on is not None
        if not sent or o.met_on is None or o.met_on > today:
            continue
        found = [
            e.get_str("reasons_clear")
            for e in sorted(case.scenario.events, key=lambda e: e.sort_key)
            if e.type == "duty_met"
            and e.date <= today
            and e.get_str("duty") == o.duty
            and e.get_str("trigger") == o.trigger
            and e.get_str("reasons_clear")
        ]
        out.append(found[-1] if found else None)
    return out


def quality_report(
    cases: Iterable[MarkedCase], *, start: date, end: date, today: date, by: str = "cps_area"
) -> Report:
    """Letters sent with a mark, clear yes and clear no: in total and by CPS Area, in the
    Code report's row shape (so its suppression hides small cells across the table)."""
    groups: dict[str, list[int]] = {}
    total = [0, 0, 0, 0]
    seen: dict[str, set[str]] = {}
    for case in cases:
        fact = ObligationFact(case.case_key, "", "cps", None, Category.CODE, None, None, "",
                              None, force=case.force)  # fmt: skip
        label = GROUPINGS[by](fact)[0]  # the timeliness table's own grouping
        for mark in marks(case, start, end, today):
            if mark is None:
                continue
            row = groups.setdefault(label, [0, 0, 0, 0])
            for counts in (row, total):
                counts[0] += 1
                counts[1 if mark == "yes" else 2] += 1
            seen.setdefault(label, set()).add(case.case_key)
            seen.setdefault("", set()).add(case.case_key)
    query = ReportQuery(start, end, today, by=(by,))

    def figures(key: tuple[tuple[str, str], ...], c: Sequence[int], cases: int) -> GroupFigures:
        return GroupFigures(
            by=key, due=c[0], met_on_time=c[1], met_late=0, overdue=c[2], open=0, waived=0,
            late_reason_given=0, late_no_reason=0, not_applicable=0, no_limit=0,
            no_limit_met=0, cases=cases,
        )  # fmt: skip

    rows = tuple(
        figures(((by, label),), counts, len(seen[label]))
        for label, counts in sorted(groups.items())
    )
    return Report(query, figures((), total, len(seen.get("", ()))), rows)


def workspace_marked_cases(
    workspace: Workspace, facts: Sequence[ObligationFact], today: date
) -> list[MarkedCase]:
    """The cases with a CPS letter among `facts` (the run's own), each read from its file and
    judged on `today`; a file that cannot be read is left out (the run reports it already)."""
    force_of = {f.case_key: f.force for f in facts if f.duty in CPS_LETTER_DUTIES}
    out: list[MarkedCase] = []
    for case_key in sorted(force_of):
        try:
            scenario = workspace.scenario(case_key)
        except UserError:
            continue
        out.append(
            MarkedCase(case_key, force_of[case_key], scenario, workspace.evaluate(scenario, today))
        )
    return out


def workspace_quality(
    workspace: Workspace, facts: Sequence[ObligationFact], *, start: date, end: date, today: date
) -> Report:
    """The quality table of a run over this workspace (`facts`: the run's own)."""
    cases = workspace_marked_cases(workspace, facts, today)
    return quality_report(cases, start=start, end=end, today=today)

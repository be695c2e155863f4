"""The Victim Personal Statement report as a run (`report --preset vps`, the Reports tab's
button): its cases (each case file, read-only, as the service report reads them) and how it
is written as a text table, JSON and CSV (PDF and XLSX in their own modules)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from vcop_desktop.domain.service_report import Share
from vcop_desktop.domain.vps_report import METHOD, ORIGIN, TITLE, VpsCase, VpsFigures, compute, rows
from vcop_desktop.errors import UserError
from vcop_desktop.reports.run import DEFAULT_MIN_COUNT, EVERYTHING_SHOWN, NOT_OFFICIAL
from vcop_desktop.reports.service import HEADERS, SectionsRun, period_line, sections_text

if TYPE_CHECKING:
    from vcop_desktop.storage import Workspace

#: The preset's name (CLI `report --preset vps`, the Reports tab, saved settings).
VPS_PRESET = "vps"


@dataclass(frozen=True, slots=True)
class VpsRun(SectionsRun[VpsFigures]):
    """Everything a VPS report export needs."""

    title: ClassVar[str] = TITLE

    def rows(self, exact: bool = False) -> list[tuple[str, str, str]]:
        """(section, measure, value): small counts hidden unless `exact`."""
        return rows(self.figures, None if exact else self.min_count)


def workspace_vps_cases(workspace: Workspace) -> tuple[list[VpsCase], int]:
    """Every case's scenario, and how many case files could not be read (each is opened
    read-only: the index holds no events)."""
    cases: list[VpsCase] = []
    unread = 0
    for summary in workspace.list_cases():
        try:
            cases.append(VpsCase(summary.case_id, workspace.scenario(summary.case_id)))
        except UserError:
            unread += 1
    return cases, unread


def build_vps_run(
    cases: Sequence[VpsCase],
    *,
    start: date,
    end: date,
    today: date,
    min_count: int = DEFAULT_MIN_COUNT,
    source: str = "this workspace",
    unread: int = 0,
) -> VpsRun:
    if start > end:
        raise UserError(
            f"the period starts ({start.isoformat()}) after it ends ({end.isoformat()})"
        )
    figures = compute(cases, start=start, end=end, today=today)
    return VpsRun(figures=figures, min_count=min_count, source=source, unread=unread)


def suppression(threshold: int) -> str:
    """The small-number rule in this report's words (the rule itself is the Code report's)."""
    if threshold <= 1:
        return (
            "No names, crime references, dates of birth or statements. Every count, share, "
            f"median and range {EVERYTHING_SHOWN}"
        )
    return (
        f"No names, crime references, dates of birth or statements. Counts from 1 to "
        f"{threshold - 1} show as <{threshold}; where a breakdown and its total would give one "
        f"away, one more is hidden as x. A share, its interval, the median and range show "
        f"only when they rest on at least {threshold} cases and neither part is a small count "
        f"(the Code compliance report's rules); a dash (–) marks one not shown, or none."
    )


def notes(run: VpsRun) -> list[tuple[str, str]]:
    """The notes every export carries: what it is, its origin, method, suppression, source."""
    out = [
        ("Report", run.title),
        ("Status", NOT_OFFICIAL),
        ("Origin", ORIGIN),
        ("Period", period_line(run)),
        ("Method", METHOD),
        ("Suppression", suppression(run.min_count)),
    ]
    if run.unread:
        out.append(("Not read", f"{run.unread} case file(s) could not be read and are left out."))
    return out


# -- text, JSON, CSV ----------------------------------------------------------------------


def to_text(run: VpsRun) -> str:
    """A plain table for the terminal, with exact counts (the advocate's own screen)."""
    return sections_text([run.title, NOT_OFFICIAL, f"Origin: {ORIGIN}", period_line(run)], run)


def _share(share: Share) -> dict[str, object]:
    rate = share.rate
    return {"yes": share.yes, "of": share.of, "rate": None if rate is None else round(rate, 4)}


def to_json(run: VpsRun) -> bytes:
    """Exact figures (as the Code report's JSON: for the service's own tools)."""
    f = run.figures
    days = f.days_to_offer
    document = {
        "report": VPS_PRESET,
        "status": NOT_OFFICIAL,
        "origin": ORIGIN,
        "period": {"from": f.start.isoformat(), "to": f.end.isoformat()},
        "today": f.today.isoformat(),
        "reported": {
            "cases": f.reported,
            "offered": _share(f.offered),
            "offered_by": dict(f.offered_by),
            "days_to_offer": {
                "median": f.median_days_to_offer,
                "min": days[0] if days else None,
                "max": days[-1] if days else None,
            },
            "not_offered": dict(f.not_offered),
            "not_taken_up": dict(f.not_taken_up),
            "made": _share(f.made),
            "update_offered": _share(f.update_offered),
            "updated": _share(f.updated),
        },
        "sentenced": {
            "cases": f.sentenced,
            "with_vps": _share(f.sentenced_with_vps),
            "read_aloud_asked": _share(f.read_aloud_asked),
            "read_aloud_granted": _share(f.read_aloud_granted),
            "refusal_reasons": {k or "not_recorded": v for k, v in f.refusal_reasons},
            "considered": _share(f.considered),
            "told_how_used": _share(f.told_how_used),
        },
    }
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def to_csv(run: VpsRun) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads it right; small counts hidden; every row
    labelled (a row copied elsewhere keeps its label)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([run.title])
    writer.writerow([f"Origin: {ORIGIN}"])
    writer.writerow([period_line(run)])
    writer.writerow((*HEADERS, "Status"))
    for row in run.rows():
        writer.writerow((*row, NOT_OFFICIAL))
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def default_name(run: VpsRun, fmt: str) -> str:
    """The period only: never a name or a case code."""
    f = run.figures
    return f"vcop-vps-report-{f.start.isoformat()}-to-{f.end.isoformat()}.{fmt}"

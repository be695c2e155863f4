"""The service report as a run: where its cases come from (each case file, read-only), and how
it is written as a text table, JSON and CSV (PDF and XLSX in their own modules).

Never mixed with the Code compliance report: its own title, method, files and file names.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from vcop_desktop.domain.service_report import (
    METHOD,
    TITLE,
    ServiceCase,
    ServiceFigures,
    Share,
    compute,
    rows,
)
from vcop_desktop.errors import UserError
from vcop_desktop.reports.run import DEFAULT_MIN_COUNT, EVERYTHING_SHOWN, NOT_OFFICIAL

if TYPE_CHECKING:
    from vcop_desktop.domain.risk import RiskForms
    from vcop_desktop.storage import Workspace

#: The service report's own kind word (CLI `report --service`, the Reports tab's preset).
SERVICE_PRESET = "service"
PRESET_TITLE = "Service report (advocate's own standards)"
HEADERS = ("Section", "Measure", "Value")


class _Period(Protocol):
    @property
    def start(self) -> date: ...
    @property
    def end(self) -> date: ...
    @property
    def today(self) -> date: ...


F = TypeVar("F", bound=_Period)


@dataclass(frozen=True, slots=True)
class SectionsRun(Generic[F]):
    """A service-side report's run (this service report, or `vps.VpsRun`): its figures, the
    small-count threshold, what it read and how many case files it could not (counted, never
    named). Each kind gives its `title` and its `rows`; the shared writers read only this."""

    title: ClassVar[str]
    figures: F
    min_count: int = DEFAULT_MIN_COUNT
    source: str = "this workspace"
    unread: int = 0

    def rows(self, exact: bool = False) -> list[tuple[str, str, str]]:
        """(section, measure, value): small counts hidden unless `exact`."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class ServiceRun(SectionsRun[ServiceFigures]):
    """Everything a service report export needs, and the risk forms it read."""

    title: ClassVar[str] = TITLE
    forms: tuple[str, ...] = ()

    def rows(self, exact: bool = False) -> list[tuple[str, str, str]]:
        """(section, measure, value): small counts hidden unless `exact`."""
        return rows(self.figures, None if exact else self.min_count)


def workspace_service_cases(
    workspace: Workspace, today: date
) -> tuple[list[ServiceCase], RiskForms, int]:
    """Every case's scenario and the engine's verdict on `today`, the risk forms, and how
    many case files could not be read (each is opened read-only; the index has no events)."""
    cases: list[ServiceCase] = []
    unread = 0
    for summary in workspace.list_cases():
        try:
            scenario = workspace.scenario(summary.case_id)
        except UserError:
            unread += 1
            continue
        cases.append(ServiceCase(summary.case_id, scenario, workspace.evaluate(scenario, today)))
    return cases, workspace.rulebook().forms, unread


def build_service_run(
    cases: Sequence[ServiceCase],
    forms: RiskForms,
    *,
    start: date,
    end: date,
    today: date,
    min_count: int = DEFAULT_MIN_COUNT,
    source: str = "this workspace",
    unread: int = 0,
) -> ServiceRun:
    if start > end:
        raise UserError(
            f"the period starts ({start.isoformat()}) after it ends ({end.isoformat()})"
        )
    figures = compute(cases, forms, start=start, end=end, today=today)
    return ServiceRun(
        figures=figures,
        min_count=min_count,
        source=source,
        unread=unread,
        forms=tuple(f"{f.id} version {f.version}" for f in forms.latest()),
    )


def suppression(threshold: int) -> str:
    """The small-number rule in this report's words (the rule itself is the Code report's)."""
    if threshold <= 1:
        return (
            "No personal data: no names, crime references, dates of birth, contacts or risk "
            f"answers. Every count, share and median {EVERYTHING_SHOWN}"
        )
    return (
        f"No personal data: no names, crime references, dates of birth, contacts or risk "
        f"answers. Counts from 1 to {threshold - 1} are shown as <{threshold}; where a breakdown "
        f"and its total would give one away by subtraction, one more count is hidden and shown "
        f"as x. A share, its interval and a median are shown only when they rest on at least "
        f"{threshold} records in {threshold} cases and neither part of the share is a small "
        f"count: the same rules as the Code compliance report. A dash (–) marks a share or "
        f"median not shown for that reason, or with nothing to count."
    )


def period_line(run: SectionsRun[Any]) -> str:
    """The period and the day a service-side report (the service report, the VPS report) was
    judged on, and what it read."""
    f = run.figures
    return (
        f"Period {f.start.isoformat()} to {f.end.isoformat()}, judged on {f.today.isoformat()}"
        f" ({run.source})"
    )


def notes(run: ServiceRun) -> list[tuple[str, str]]:
    """The notes every export carries: what it is, the method, suppression and source."""
    out = [
        ("Report", run.title),
        ("Status", NOT_OFFICIAL + " Not a Victims' Code compliance report."),
        ("Period", period_line(run)),
        ("Method", METHOD),
        ("Suppression", suppression(run.min_count)),
        ("Risk forms", "; ".join(run.forms) or "(none)"),
    ]
    if run.unread:
        out.append(("Not read", f"{run.unread} case file(s) could not be read and are left out."))
    return out


# -- text, JSON, CSV ----------------------------------------------------------------------


def to_text(run: ServiceRun) -> str:
    """A plain table for the terminal, with exact counts (the advocate's own screen)."""
    return sections_text([run.title, NOT_OFFICIAL, period_line(run)], run)


def sections_text(head: Sequence[str], run: SectionsRun[Any]) -> str:
    """A service-side report (the service report, the VPS report) as a plain table for the
    terminal: `head`, then each section's measures with exact counts."""
    lines = [*head, ""]
    section = ""
    for name, measure, value in run.rows(exact=True):
        if name != section:
            if section:
                lines.append("")
            lines.append(name)
            section = name
        lines.append(f"  {measure:<52} {value}")
    if run.unread:
        lines += ["", f"{run.unread} case file(s) could not be read and are left out."]
    return "\n".join(lines) + "\n"


def _share(share: Share) -> dict[str, object]:
    rate = share.rate
    return {
        "yes": share.yes,
        "of": share.of,
        "cases": share.cases,
        "rate": None if rate is None else round(rate, 4),
        "still_open": share.still_open,
    }


def to_json(run: ServiceRun) -> bytes:
    """Exact figures (as the Code report's JSON: for the service's own tools)."""
    f = run.figures
    document = {
        "report": "service",
        "status": NOT_OFFICIAL,
        "period": {"from": f.start.isoformat(), "to": f.end.isoformat()},
        "today": f.today.isoformat(),
        "referrals": {
            "received": f.referrals,
            "by_source": dict(f.by_source),
            "by_risk": dict(f.by_risk),
        },
        "first_contact": {
            "median_days": f.median_days_to_contact,
            "reached": len(f.days_to_contact),
            "within_standard": _share(f.contact_within),
        },
        "assessments": {"done": f.assessments, "high_risk": _share(f.high_risk)},
        "marac": {"referrals": f.marac_referrals, "repeats": _share(f.repeats)},
        "safety_plans": {"agreed": f.safety_plans, "reviews_on_time": _share(f.plan_reviews)},
        "sharing_without_consent": {
            "decisions": f.shared_without_consent,
            "reviews_on_time": _share(f.sharing_reviews),
        },
        "closed_cases": {
            "closed": f.closed_cases,
            "risk_fell": _share(f.risk_fell),
            "high_at_first": f.high_at_first,
            "high_at_last": f.high_at_last,
        },
    }
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def to_csv(run: ServiceRun) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads it right; small counts hidden."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([run.title])
    writer.writerow([NOT_OFFICIAL])
    writer.writerow([period_line(run)])
    writer.writerow(HEADERS)
    for row in run.rows():
        writer.writerow(row)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def default_name(run: ServiceRun, fmt: str) -> str:
    """The period only: never a name or a case code (and never the Code report's name)."""
    f = run.figures
    return f"vcop-service-report-{f.start.isoformat()}-to-{f.end.isoformat()}.{fmt}"

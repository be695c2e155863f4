"""One report run: the figures for a period and kind, over one or more groupings, and how
they are written as a text table, JSON and CSV (XLSX and PDF have their own modules)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from vcop_desktop.domain.equality import BREAKDOWNS, breakdown_title
from vcop_desktop.domain.obligations import Category
from vcop_desktop.domain.report import (
    Counted,
    GroupFigures,
    Report,
    ReportQuery,
    breaches,
    compute_many,
    reports_from_counts,
)
from vcop_desktop.domain.report_facts import KIND_TITLES, ObligationFact, Outcome
from vcop_desktop.domain.report_groupings import GROUPINGS, KEY_RIGHTS, MOJ_AREAS, NO_FLAG
from vcop_desktop.domain.suppression import (
    SECONDARY,
    suppressed_cells,
    table_suppression,
)
from vcop_desktop.domain.vocabulary import AGENCY_LABELS, CPS_LETTER_DUTIES
from vcop_desktop.errors import UserError

DEFAULT_MIN_COUNT = 5

#: The label every figure of a preset with a stated origin carries (and the service report).
NOT_OFFICIAL = "Recorded by the advocacy service; not official statistics."


@dataclass(frozen=True, slots=True)
class Preset:
    """A ready-made report of the Reports view and `report --preset`. One with an `origin`
    is in a shape others already read: its saved files say where the shape comes from, what
    it counts (`method`), and label every figure `NOT_OFFICIAL`."""

    title: str
    groupings: tuple[tuple[str, ...], ...]
    rights: tuple[int, ...] = ()
    duties: tuple[str, ...] = ()
    origin: str = ""
    method: str = ""
    #: The PDF table's columns in the preset's own words: (count name, heading); "sent" is
    #: met on time + met late, "rate" the on-time rate. Empty: the usual columns.
    columns: tuple[tuple[str, str], ...] = ()
    #: What the PDF's first line counts ("N <noun> fell due in M cases").
    noun: str = "obligations"
    #: Beside the timeliness, the CPS letters' quality mark (reports/letter_quality.py).
    letter_quality: bool = False


_MOJ_COLUMNS = (
    ("due", "Owed, with a time limit"), ("met_on_time", "Met on time"), ("met_late", "Met late"),
    ("overdue", "Not met, limit passed"), ("open", "Not yet due"),
    ("waived", "Victim opted out"), ("no_limit", "Owed, no time limit"),
    ("no_limit_met", "No time limit: met"), ("rate", "On-time rate (95% CI)"),
)  # fmt: skip
_CPS_COLUMNS = (
    ("due", "Decisions needing a letter"), ("sent", "Letters sent"),
    ("met_on_time", "Sent within the limit"), ("met_late", "Sent late"),
    ("overdue", "Not sent, limit passed"), ("open", "Not sent, not yet due"),
    ("waived", "Victim opted out"), ("rate", "Share sent within the limit (95% CI)"),
)  # fmt: skip


#: What each MoJ area's duties are, in a reader's words (the duty ids come from MOJ_AREAS).
_MOJ_AREA_NOTES: dict[str, str] = {
    "Right 3": "the written confirmation of the report; no fixed time limit, so counted by "
    "the day the crime was reported, as met or not (yet) met",
    "Right 4": "the victim's details passed to a victim support service within 2 working days",
    "Right 6": "every police and CPS duty to tell the victim of a decision or development "
    "within the Code's time limit (5 working days, 1 for enhanced-rights victims), and each "
    "progress update at the interval agreed with the victim; agreeing that interval "
    "(police.agree_updates) is not itself an update and is left out",
    "Right 7": "the offer of a Victim Personal Statement; no fixed time limit, so counted by "
    "the day the crime was reported, as met or not (yet) met",
    "Right 11": "the referral to the Probation Victim Contact Scheme (10 working days from "
    "sentence) and the Victim Liaison Officer's contact (20 working days from referral), "
    "through which the victim is told of the offender's release; the Code catalogue holds "
    "no separate duty to give notice of release itself",
}


def _moj_method() -> str:
    """One line per area (the PDF sets each apart): its duties, exactly, and what they are."""
    lines = ["Each area counts exactly these Victims' Code 2020 duties, and nothing else."]
    for area, duties in MOJ_AREAS:
        right = area.split(":", 1)[0]
        lines.append(f"{area} ({', '.join(duties)}): {_MOJ_AREA_NOTES[right]}.")
    return "\n".join(lines)


def _cps_method() -> str:
    return (
        "A decision needing a victim letter is one of the CPS decisions the Victims' Code "
        "says the victim must be told of (Right 6), with its reasons: not to charge "
        "(cps.inform_no_charge), to discontinue (cps.inform_discontinued), to alter a charge "
        "substantially (cps.inform_charge_altered), to offer no evidence "
        "(cps.inform_no_evidence), or to leave charges on file (cps.inform_left_on_file). The "
        "limit is 5 working days, 1 for enhanced-rights victims. Decisions needing a letter: "
        "those whose limit ends in the period, including those the victim opted out of "
        "(counted apart). Letters sent: met on time plus met late, as the "
        "advocate recorded them. Sent within the limit: met on time. By CPS Area: each "
        "case's police force, counted under the CPS Area that prosecutes that force's cases "
        "(resources/cps-areas: the 14 Areas, each covering whole force areas); London's two "
        "Areas divide the Metropolitan Police's area by borough, so London cases count as "
        "'CPS London (North or South)'; a force not on the list counts as 'CPS Area not "
        "known'. Letter quality: where the advocate marked, when a "
        "letter arrived, whether it explained the reasons clearly (yes or no), the letters "
        "sent with a mark and how many were marked clear; shown beside timeliness and never "
        "merged with it (a late letter may be clear, a prompt one not)."
    )


#: The presets of the Reports view and `report --preset`.
PRESETS: dict[str, Preset] = {
    "quarter-by-agency": Preset("Code compliance by agency this quarter", (("agency",),)),
    "moj-five-areas": Preset(
        "MoJ quarterly return: five areas",
        (("moj_area",), ("agency",)),
        rights=KEY_RIGHTS,  # implied by the duties; kept for the Reports tab's option
        duties=tuple(duty for _area, duties in MOJ_AREAS for duty in duties),
        origin="The five areas of the legacy Ministry of Justice quarterly return by Police "
        "and Crime Commissioners on victims' entitlements under the Victims' Code (written "
        "acknowledgement, referral to support, updates within the stated timeframes, the "
        "Victim Personal Statement, and advance notice of the offender's release).",
        method=_moj_method(),
        columns=_MOJ_COLUMNS,
        noun="duties with a time limit",
    ),
    "cps-victim-letters": Preset(
        "CPS victim letters",
        (("cps_area",),),
        duties=CPS_LETTER_DUTIES,
        origin="The timeliness of the Crown Prosecution Service's letters telling victims of "
        "its decisions (Victim Communication and Liaison letters), against the Victims' "
        "Code's Right 6 time limits, counted apart from the letters' quality as inspectors of "
        "the CPS read them.",
        method=_cps_method(),
        columns=_CPS_COLUMNS,
        noun="letters to victims about CPS decisions",
        letter_quality=True,
    ),
    "trend-by-month": Preset("Trend by month", (("month",),)),
    "by-force": Preset("Code compliance by police force", (("force",),)),
}

#: Old preset names that still work (saved settings and scripts): old name -> preset.
PRESET_ALIASES: dict[str, str] = {"key-entitlements": "moj-five-areas"}


def preset_named(name: str) -> tuple[str, Preset]:
    """The preset's current name and the preset, for a name or an old alias."""
    key = PRESET_ALIASES.get(name, name)
    found = PRESETS.get(key)
    if found is None:
        raise UserError(f"unknown preset {name!r} (choose from {', '.join(PRESETS)})")
    return key, found


GROUPING_TITLES: dict[str, str] = {
    "agency": "Agency",
    "force": "Police force",
    "right": "Right",
    "duty": "Duty",
    "month": "Month",
    "quarter": "Quarter",
    "enhanced": "Enhanced rights",
    "flag": "Case flag",
    "moj_area": "MoJ return area",
    "cps_area": "CPS Area",
}
# Under 18 at the offence, age band, and each characteristic recorded with consent.
GROUPING_TITLES.update({name: breakdown_title(name) for name in BREAKDOWNS})

METHOD = (
    "An obligation counts in the period when its due date falls in it (both ends included); it "
    "is judged on the report date. Met on time: met on or before its due date. Met late: met "
    "after it. Overdue: not met and the report date is after the due date. Open: not met and "
    "not yet due. Waived: the victim opted out. The on-time rate is met on time divided by "
    "(met on time + met late + overdue), with a Wilson 95% confidence interval. Lateness is "
    "counted in calendar days (the day met, or the report date while overdue, less the due "
    "date); the 90th percentile is by the nearest-rank method. Obligations with no fixed time "
    "limit are counted by the date the clock started and listed apart; those not applicable "
    "are left out of the rates. Victims' Code duties, scheme targets, good practice and the "
    "victim's own deadlines are never mixed in one figure. 'Reason given' counts the late or "
    "missed obligations for which the agency's reason was on record by the report date (the "
    "day the agency gave it, or else the day it was recorded); whether the reason was a good "
    "one is not judged."
)


#: What every report's small-number note says when its threshold is 1: nothing is hidden.
EVERYTHING_SHOWN = (
    "is shown, however small (the small-number threshold is 1): a small count may point to one "
    "victim, so keep this report within the service."
)


def suppression_note(threshold: int) -> str:
    if threshold <= 1:  # "Counts from 1 to 0 are shown as <1" said nothing true
        return (
            "No personal data: no names, crime references or dates of birth. Every count and "
            f"rate {EVERYTHING_SHOWN}"
        )
    return (
        f"No personal data: no names, crime references or dates of birth. Counts from 1 to "
        f"{threshold - 1} are shown as <{threshold}; where the other counts of its row, or of "
        f"its column and the total, would give one away by subtraction, one more count is "
        f"hidden and shown as x (it may be any size). "
        f"A rate, its interval and lateness are shown only when they rest on at least "
        f"{threshold} obligations in {threshold} cases and none of met on time, met late and "
        f"overdue is hidden."
    )


def quarter_of(day: date) -> tuple[date, date]:
    first_month = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first_month, 1)
    end = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def default_period(preset: str | None, today: date) -> tuple[date, date]:
    """The period a preset (or a plain report) covers when none is given: this quarter; for
    the monthly trend, the twelve months up to the end of this one."""
    if preset != "trend-by-month":
        return quarter_of(today)
    next_month = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    year, month = (today.year, 1) if today.month == 12 else (today.year - 1, today.month + 1)
    return date(year, month, 1), date.fromordinal(next_month.toordinal() - 1)


def parse_groupings(values: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """`--by agency --by force,month`: each value a grouping; commas cross dimensions."""
    out: list[tuple[str, ...]] = []
    for value in values:
        names = tuple(n.strip() for n in value.split(",") if n.strip())
        for name in names:
            if name not in GROUPINGS:
                raise UserError(f"unknown grouping {name!r} (choose from {', '.join(GROUPINGS)})")
        if names and names not in out:
            out.append(names)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class ReportRun:
    """Everything an export needs: the query, the total, each grouping's groups, the two
    chart series (on-time rate by agency; by month) and the notes."""

    title: str
    query: ReportQuery
    total: GroupFigures
    reports: tuple[Report, ...]
    by_agency: Report
    by_month: Report
    packs: tuple[str, ...]
    min_count: int = DEFAULT_MIN_COUNT
    source: str = "this workspace"
    problems: tuple[str, ...] = field(default=())
    #: The opt-in case appendix: one row per late or missed obligation, by case code only.
    appendix: tuple[tuple[str, ...], ...] = ()
    #: What each row hides at `min_count`, across its table too (`table_suppression`).
    suppression: Mapping[GroupFigures, Mapping[str, str]] = field(default_factory=dict)
    #: A preset with a stated origin: where its shape comes from and what it counts; its
    #: figures are then labelled `NOT_OFFICIAL` (`status`).
    origin: str = ""
    preset_method: str = ""
    columns: tuple[tuple[str, str], ...] = ()
    noun: str = "obligations"
    #: The CPS letters' quality mark, by CPS Area (letter_quality.COLUMNS), kept apart from
    #: the timeliness figures; None when the run has none (not the CPS preset, or extracts).
    quality: Report | None = None

    @property
    def status(self) -> str:
        return NOT_OFFICIAL if self.origin else ""

    def hidden(self, figures: GroupFigures) -> Mapping[str, str]:
        """The cells a saved report hides in this row (never fewer than the row alone would)."""
        found = self.suppression.get(figures)
        return found if found is not None else suppressed_cells(figures, self.min_count)

    def shown(self, figures: GroupFigures, name: str) -> str:
        """One count as saved reports show it: the number, "<N" or "x". "sent" (met on time
        + met late) is shown only when both are: else it would give a hidden one away."""
        hidden = self.hidden(figures)
        if name == "sent":
            if {"met_on_time", "met_late"} & hidden.keys():
                return SECONDARY
            return str(figures.met_on_time + figures.met_late)
        return hidden.get(name) or str(getattr(figures, name))

    def quality_shown(self, figures: GroupFigures, name: str) -> str:
        """One cell of the quality table as saved reports show it (its own table's
        suppression: small counts, and one more where subtraction would tell)."""
        if self.quality is None:
            return ""
        hidden = table_suppression([self.quality], self.min_count).get(figures, {})
        return hidden.get(name) or str(getattr(figures, name))


APPENDIX_HEADERS = (
    "Case code", "Agency", "Duty", "Right", "Due", "Outcome", "Met on", "Days late",
    "Reason given",
)  # fmt: skip


def appendix_rows(
    facts: Sequence[ObligationFact], query: ReportQuery, case_codes: Mapping[str, str]
) -> tuple[tuple[str, ...], ...]:
    """The case appendix: case codes, never names; cases without a code are left out."""
    rows: list[tuple[tuple[str, date, str], tuple[str, ...]]] = []
    for line in breaches(facts, query):
        code = case_codes.get(line.case_key)
        if code is None:
            continue
        rows.append(
            (
                (code, line.due, line.duty),
                (
                    code,
                    display_value("agency", line.owed_by),
                    line.duty,
                    "" if line.right is None else str(line.right),
                    line.due.isoformat(),
                    "met late" if line.outcome is Outcome.MET_LATE else "overdue",
                    line.met_on.isoformat() if line.met_on else "",
                    "" if line.days_late is None else str(line.days_late),
                    "yes" if line.reason_given else "no",
                ),
            )
        )
    return tuple(row for _key, row in sorted(rows))


def build_run(
    facts: Sequence[ObligationFact],
    *,
    start: date,
    end: date,
    today: date,
    kind: Category = Category.CODE,
    groupings: Sequence[tuple[str, ...]] = (),
    rights: tuple[int, ...] = (),
    duties: tuple[str, ...] = (),
    packs: Sequence[str] = (),
    min_count: int = DEFAULT_MIN_COUNT,
    title: str = "",
    source: str = "this workspace",
    case_codes: Mapping[str, str] | None = None,
    preset: Preset | None = None,
    quality: Report | None = None,
) -> ReportRun:
    """The figures for the period; with `case_codes` (case key -> case code), also the case
    appendix. A `preset` with an origin gives its title, method and origin (its groupings,
    Rights and duties are the caller's to pass)."""
    base = ReportQuery(start=start, end=end, today=today, kind=kind, rights=rights, duties=duties)
    problem = base.problem()
    if problem:
        raise UserError(problem)

    every = [
        _with_every_area(report)
        for report in compute_many(facts, base, [*groupings, *CHART_GROUPINGS])
    ]
    return _run(
        base,
        every,
        appendix=appendix_rows(facts, base, case_codes) if case_codes is not None else (),
        packs=packs,
        min_count=min_count,
        title=title,
        source=source,
        preset=preset,
        quality=quality,
    )


#: What every run counts besides its own groupings: the two chart series.
CHART_GROUPINGS: tuple[tuple[str, ...], ...] = (("agency",), ("month",))


def countable_in_sql(groupings: Sequence[tuple[str, ...]]) -> bool:
    """Whether the index can count a run with these groupings by SQL (`build_run_from_counts`):
    single groupings the index knows (storage/index.py `REPORT_GROUPINGS`)."""
    from vcop_desktop.storage.index_report import REPORT_GROUPINGS

    return all(len(by) == 1 and by[0] in REPORT_GROUPINGS for by in groupings)


def build_run_from_counts(
    total: Counted,
    groups: Mapping[str, Mapping[str, Counted]],
    *,
    start: date,
    end: date,
    today: date,
    kind: Category = Category.CODE,
    groupings: Sequence[tuple[str, ...]] = (),
    rights: tuple[int, ...] = (),
    packs: Sequence[str] = (),
    min_count: int = DEFAULT_MIN_COUNT,
    title: str = "",
    source: str = "this workspace",
) -> ReportRun:
    """`build_run`, from the index's GROUP BY counts (`WorkspaceIndex.report_counts`, asked
    for every one of `groupings` and `CHART_GROUPINGS`) rather than one fact per obligation:
    the same figures (tests/reports/test_report_counts_sql.py), no case appendix."""
    base = ReportQuery(start=start, end=end, today=today, kind=kind, rights=rights)
    problem = base.problem()
    if problem:
        raise UserError(problem)
    every = reports_from_counts(
        base, total, [(by, groups[by[0]]) for by in [*groupings, *CHART_GROUPINGS]]
    )
    return _run(base, every, packs=packs, min_count=min_count, title=title, source=source)


def _run(
    base: ReportQuery,
    every: Sequence[Report],
    *,
    appendix: tuple[tuple[str, ...], ...] = (),
    packs: Sequence[str],
    min_count: int,
    title: str,
    source: str,
    preset: Preset | None = None,
    quality: Report | None = None,
) -> ReportRun:
    return ReportRun(
        suppression=table_suppression(every, min_count),
        title=title or f"{KIND_TITLES[base.kind]}: compliance report",
        query=base,
        total=every[0].total,
        reports=tuple(every[:-2]),
        by_agency=every[-2],
        by_month=every[-1],
        appendix=appendix,
        packs=tuple(packs),
        min_count=min_count,
        source=source,
        origin=preset.origin if preset else "",
        preset_method=preset.method if preset else "",
        columns=preset.columns if preset else (),
        noun=preset.noun if preset else "obligations",
        quality=quality,
    )


def _with_every_area(report: Report) -> Report:
    """By MoJ return area, every one of the five areas has a row, with nothing owed or not
    (a return lists each area)."""
    if report.query.by != ("moj_area",):
        return report
    seen = {g.by for g in report.groups}
    empty = [
        _empty((("moj_area", area),))
        for area, _duties in MOJ_AREAS
        if (("moj_area", area),) not in seen
    ]
    groups = sorted((*report.groups, *empty), key=lambda g: _AREA_ORDER.get(g.label(), 99))
    return Report(report.query, report.total, tuple(groups))


def _empty(by: tuple[tuple[str, str], ...]) -> GroupFigures:
    return GroupFigures(by, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)


_AREA_ORDER = {area: n for n, (area, _duties) in enumerate(MOJ_AREAS)}


def display_value(name: str, value: str) -> str:
    """A group's value as people read it (JSON keeps the codes)."""
    if name == "agency":
        return AGENCY_LABELS.get(value) or value.replace("_", " ").title()
    if name == "flag" and value != NO_FLAG:
        return value.replace("_", " ")
    return value


def display_label(figures: GroupFigures) -> str:
    return ", ".join(display_value(n, v) for n, v in figures.by) or "All"


def lower_first(title: str) -> str:
    """For "By ...": "Police force" -> "police force", but "MoJ return area" keeps its
    capitals."""
    word = title.split(" ", 1)[0]
    return title[:1].lower() + title[1:] if word[1:].islower() else title


def grouping_title(by: Sequence[str]) -> str:
    return " × ".join(GROUPING_TITLES.get(n, n) for n in by) or "All"


# -- JSON (exact counts: for the advocate's own tools) ----------------------------------------

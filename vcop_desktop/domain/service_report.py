"""The service report: the advocacy service's own work over a period (protection.md, "The
service report"). Never a Code compliance figure: it has its own title, output and method.

Pure: no Qt, no SQL, no files. The storage layer hands over each case's scenario and the
engine's evaluation of it (`ServiceCase`); `compute` counts:

- referrals received (by source and by referred risk), assessments, MARAC referrals, safety
  plans agreed and sharing decisions: events dated in the period (and not after the report's
  day);
- first contact: for the referrals received in the period, the calendar days to the first
  contact that reached the victim (the `advocate.first_contact` obligation's day met), and
  the share reached within the standard (met on time of met on time + met late + overdue);
- reviews of safety plans and of sharing decisions (`advocate.safety_plan_review`,
  `advocate.sharing_review`): due in the period and judged on the report's day, as the Code
  report counts obligations (`domain.report.judge`);
- high risk as `domain.risk.assess` scores it (never a second scoring); repeats as
  `domain.risk.risk_summary` marks them;
- for cases closed in the period with two or more scored assessments: whether the score at
  the last assessment is lower than at the first.

Small numbers are hidden by the Code report's own rules (`domain.report`): counts by
`table_suppression`, rates only where `rate_shown` allows; this module adds no rule of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from vcop_desktop.domain.events import Event, Scenario
from vcop_desktop.domain.obligations import Category, Evaluation, Obligation
from vcop_desktop.domain.report import GroupFigures, Report, ReportQuery
from vcop_desktop.domain.report_facts import ObligationFact, Outcome, judge
from vcop_desktop.domain.report_groupings import NOT_RECORDED
from vcop_desktop.domain.risk import RiskForms, assess, risk_summary
from vcop_desktop.domain.stats import median, wilson_interval
from vcop_desktop.domain.suppression import rate_shown, table_suppression
from vcop_desktop.domain.vocabulary import REFERRAL_SOURCES, RISK_LEVELS

TITLE = "Service report (the advocacy service's own standards)"

METHOD = (
    "These figures are the advocacy service's own work, measured against the service's own "
    "standards (organisation defaults unless the service set its own): recorded by the "
    "advocacy service; not official statistics. They are not Victims' Code compliance figures "
    "and are never combined with them. Referrals, risk assessments, MARAC referrals, safety "
    "plans and decisions to share information without consent count when dated in the period. "
    "Time to first contact is counted for the referrals received in the period: calendar days "
    "from the referral to the first contact that reached the victim; 'within the standard' is "
    "reached on or before the standard's day, out of those reached on time, reached late or "
    "not reached by that day and now past it (those still within it are left out). Reviews of "
    "safety plans and of sharing decisions count when due in the period, judged on the report "
    "date. High risk: a score at or above the form's threshold, or the advocate's professional "
    "judgement. A MARAC referral is a repeat when it comes within 12 months after an earlier "
    "one of the same case. Risk at first and last assessment compares the scores of the first "
    "and last scored assessments of each case closed in the period that has two or more."
)


@dataclass(frozen=True, slots=True)
class ServiceCase:
    """One case as the service report reads it; `case_key` only tells cases apart."""

    case_key: str
    scenario: Scenario
    evaluation: Evaluation


@dataclass(frozen=True, slots=True)
class Share:
    """`yes` of `of`, resting on `cases` cases; `still_open`: not yet judged (left out)."""

    yes: int
    of: int
    cases: int
    still_open: int = 0

    @property
    def rate(self) -> float | None:
        return self.yes / self.of if self.of else None

    @property
    def ci95(self) -> tuple[float, float] | None:
        return wilson_interval(self.yes, self.of)

    def as_figures(self) -> GroupFigures:
        """The share in the Code report's shape (yes as met on time, the rest as overdue), so
        `rate_shown` decides here exactly as it does there."""
        no = self.of - self.yes
        return GroupFigures(
            by=(), due=self.of, met_on_time=self.yes, met_late=0, overdue=no, open=0,
            waived=0, late_reason_given=0, late_no_reason=no, not_applicable=0, no_limit=0,
            no_limit_met=0, cases=self.cases,
        )  # fmt: skip

    def shown(self, threshold: int) -> bool:
        return rate_shown(self.as_figures(), threshold)


@dataclass(frozen=True, slots=True)
class ServiceFigures:
    """Every figure of the service report, exact (suppression is applied when shown)."""

    start: date
    end: date
    today: date
    referrals: int
    referral_cases: int
    by_source: tuple[tuple[str, int], ...]
    by_risk: tuple[tuple[str, int], ...]
    days_to_contact: tuple[int, ...]  # one per referral reached, sorted
    contact_cases: int
    contact_within: Share
    assessments: int
    high_risk: Share
    marac_referrals: int
    repeats: Share
    safety_plans: int
    plan_reviews: Share
    shared_without_consent: int
    sharing_reviews: Share
    closed_cases: int
    risk_fell: Share  # of closed cases with two or more scored assessments
    high_at_first: int
    high_at_last: int

    @property
    def median_days_to_contact(self) -> float | None:
        return median(self.days_to_contact)


FIRST_CONTACT = "advocate.first_contact"
PLAN_REVIEW = "advocate.safety_plan_review"
SHARING_REVIEW = "advocate.sharing_review"


def _fact(case_key: str, o: Obligation) -> ObligationFact:
    return ObligationFact(
        case_key, o.duty, o.owed_by, o.right, o.category, o.due, o.clock_start, o.status.value,
        o.met_on,
    )  # fmt: skip


class _Judged:
    """Obligations judged with `domain.report.judge`, for one share."""

    def __init__(self) -> None:
        self.on_time = 0
        self.judged = 0
        self.open = 0
        self.cases: set[str] = set()

    def add(self, fact: ObligationFact, today: date) -> None:
        outcome = judge(fact, today)
        if outcome in (Outcome.MET_ON_TIME, Outcome.MET_LATE, Outcome.OVERDUE):
            self.judged += 1
            self.cases.add(fact.case_key)
            self.on_time += outcome is Outcome.MET_ON_TIME
        elif outcome is Outcome.OPEN:
            self.open += 1

    def share(self) -> Share:
        return Share(self.on_time, self.judged, len(self.cases), self.open)


def compute(
    cases: Iterable[ServiceCase], forms: RiskForms, *, start: date, end: date, today: date
) -> ServiceFigures:
    """The service report's figures for [start, end] (both included), judged on `today`."""
    if start > end:
        raise ValueError(
            f"the period starts ({start.isoformat()}) after it ends ({end.isoformat()})"
        )
    last = min(end, today)

    def in_period(day: date) -> bool:
        return start <= day <= last

    sources: dict[str, int] = {}
    risks: dict[str, int] = {}
    referral_cases: set[str] = set()
    days: list[int] = []
    contact_cases: set[str] = set()
    contact, plan, sharing = _Judged(), _Judged(), _Judged()
    assessed = high = 0
    assessed_cases: set[str] = set()
    maracs = repeats = 0
    marac_cases: set[str] = set()
    plans = shared = 0
    closed = compared = fell = high_first = high_last = 0
    compared_cases: set[str] = set()

    for case in cases:
        key = case.case_key
        events = sorted(case.scenario.events, key=lambda e: e.sort_key)
        referrals: set[str] = set()
        for event in events:
            if not in_period(event.date):
                continue
            if event.type == "referral_received":
                referrals.add(event.id)
                referral_cases.add(key)
                source = event.get_str("from") or NOT_RECORDED
                sources[source] = sources.get(source, 0) + 1
                risk = event.get_str("risk") or NOT_RECORDED
                risks[risk] = risks.get(risk, 0) + 1
            elif event.type == "risk_assessment":
                assessed += 1
                assessed_cases.add(key)
                high += assess(event, forms).high_risk
            elif event.type == "safety_plan_agreed":
                plans += 1
            elif event.type == "info_shared_without_consent":
                shared += 1
        for marac in _marac(case.scenario, forms):
            if in_period(date.fromisoformat(str(marac["date"]))):
                maracs += 1
                marac_cases.add(key)
                repeats += marac["repeat"] is True
        for o in case.evaluation.obligations:
            fact = _fact(key, o)
            if o.duty == FIRST_CONTACT and o.trigger in referrals:
                contact.add(fact, today)
                trigger = next(e for e in events if e.id == o.trigger)
                if o.met_on is not None and o.met_on <= today:
                    days.append((o.met_on - trigger.date).days)
                    contact_cases.add(key)
            elif o.duty in (PLAN_REVIEW, SHARING_REVIEW) and _due_in(fact, start, end, today):
                (plan if o.duty == PLAN_REVIEW else sharing).add(fact, today)
        if any(e.type == "case_closed" and in_period(e.date) for e in events):
            closed += 1
            scored = _scored(events, forms, today)
            if len(scored) >= 2:
                compared += 1
                compared_cases.add(key)
                (first_score, first_high), (last_score, last_high) = scored[0], scored[-1]
                fell += last_score < first_score
                high_first += first_high
                high_last += last_high

    return ServiceFigures(
        start=start,
        end=end,
        today=today,
        referrals=sum(sources.values()),
        referral_cases=len(referral_cases),
        by_source=_ordered(sources, REFERRAL_SOURCES),
        by_risk=_ordered(risks, RISK_LEVELS),
        days_to_contact=tuple(sorted(days)),
        contact_cases=len(contact_cases),
        contact_within=contact.share(),
        assessments=assessed,
        high_risk=Share(high, assessed, len(assessed_cases)),
        marac_referrals=maracs,
        repeats=Share(repeats, maracs, len(marac_cases)),
        safety_plans=plans,
        plan_reviews=plan.share(),
        shared_without_consent=shared,
        sharing_reviews=sharing.share(),
        closed_cases=closed,
        risk_fell=Share(fell, compared, len(compared_cases)),
        high_at_first=high_first,
        high_at_last=high_last,
    )


def _marac(scenario: Scenario, forms: RiskForms) -> list[Mapping[str, object]]:
    """Every MARAC referral with its repeat mark, as the `duties` output gives it."""
    found = risk_summary(scenario, forms)["marac"]
    return list(found) if isinstance(found, list) else []


def _due_in(fact: ObligationFact, start: date, end: date, today: date) -> bool:
    """Due in the period and owed by the report's day (as `domain.report.in_scope`)."""
    if fact.clock_start is not None and fact.clock_start > today:
        return False
    return fact.due is not None and start <= fact.due <= end


def _scored(events: Sequence[Event], forms: RiskForms, today: date) -> list[tuple[int, bool]]:
    """(score, high risk) of each assessment up to `today` that has a score, in date order."""
    out: list[tuple[int, bool]] = []
    for event in events:
        if event.type == "risk_assessment" and event.date <= today:
            scored = assess(event, forms)
            if scored.score is not None:
                out.append((scored.score, scored.high_risk))
    return out


def _ordered(counts: Mapping[str, int], order: Sequence[str]) -> tuple[tuple[str, int], ...]:
    """Every known value in the vocabulary's order (0 included), then any others, then the
    unrecorded."""
    known = [(name, counts.get(name, 0)) for name in order]
    others = sorted((k, v) for k, v in counts.items() if k not in order and k != NOT_RECORDED)
    tail = [(NOT_RECORDED, counts[NOT_RECORDED])] if NOT_RECORDED in counts else []
    return tuple(known + others + tail)


# -- shown with small numbers hidden ----------------------------------------------------------


def _count_row(label: str, value: int) -> GroupFigures:
    """A plain count in the Code report's row shape ("due"), for `table_suppression`."""
    return GroupFigures(
        by=(("group", label),) if label else (), due=value, met_on_time=0, met_late=0,
        overdue=0, open=value, waived=0, late_reason_given=0, late_no_reason=0,
        not_applicable=0, no_limit=0, no_limit_met=0, cases=0,
    )  # fmt: skip


def breakdown_shown(
    parts: Sequence[tuple[str, int]], total: int, threshold: int | None
) -> tuple[str, list[tuple[str, str]]]:
    """A total and its parts as shown: with `threshold`, by the Code report's table rule
    (small counts as "<N", and one more hidden as "x" where subtraction would give one
    away); None shows exact counts."""
    if threshold is None:
        return str(total), [(label, str(value)) for label, value in parts]
    rows = [_count_row(label, value) for label, value in parts]
    whole = _count_row("", total)
    query = ReportQuery(date.min, date.max, date.min, Category.PRACTICE, ("group",))
    hidden = table_suppression([Report(query, whole, tuple(rows))], threshold)

    def shown(figures: GroupFigures) -> str:
        return hidden.get(figures, {}).get("due") or str(figures.due)

    return shown(whole), [(label, shown(row)) for (label, _), row in zip(parts, rows, strict=True)]


def count_shown(value: int, threshold: int | None) -> str:
    return breakdown_shown((), value, threshold)[0]


def share_shown(share: Share, threshold: int | None) -> str:
    """ "62% of 40 (95% CI 47–76%)", or "–" when the rule hides it (or there is none)."""
    if share.rate is None or (threshold is not None and not share.shown(threshold)):
        return "–"
    interval = share.ci95
    of = count_shown(share.of, threshold)
    text = f"{share.rate * 100:.0f}% of {of}"
    if interval:
        text += f" (95% CI {interval[0] * 100:.0f}–{interval[1] * 100:.0f}%)"
    return text


def median_shown(figures: ServiceFigures, threshold: int | None) -> str:
    """The median days to first contact, shown when it rests on enough referrals and cases."""
    n = len(figures.days_to_contact)
    value = figures.median_days_to_contact
    if value is None:
        return "–"
    if threshold is not None and not Share(n, n, figures.contact_cases).shown(threshold):
        return "–"
    return f"{value:g} day" if value == 1 else f"{value:g} days"


#: Row kinds of `rows`: a heading, a count, a share (rate) and a median.
Row = tuple[str, str, str]  # (section, measure, value)


def rows(figures: ServiceFigures, threshold: int | None) -> list[Row]:
    """Every figure as (section, measure, shown value), in the report's order; `threshold`
    None shows exact counts (the advocate's own screen)."""
    f = figures
    out: list[Row] = []
    total, sources = breakdown_shown(f.by_source, f.referrals, threshold)
    out.append(("Referrals", "Referrals received", total))
    out += [("Referrals", _SOURCE_LABELS.get(s, f"From {s}"), v) for s, v in sources]
    _total, risks = breakdown_shown(f.by_risk, f.referrals, threshold)
    out += [("Referrals", _risk_label(r), v) for r, v in risks]
    c, t = f.contact_within, threshold
    first = Share(f.high_at_first, f.risk_fell.of, f.risk_fell.cases)
    last = Share(f.high_at_last, f.risk_fell.of, f.risk_fell.cases)
    contact, plans, sharing = "First contact", "Safety plans", "Sharing without consent"
    out += [
        (contact, "Median days from referral to first contact", median_shown(f, t)),
        (contact, "Referrals reached by the report date", count_shown(len(f.days_to_contact), t)),
        (contact, "Reached within the standard", share_shown(c, t)),
        (contact, "Still within the standard (not counted)", count_shown(c.still_open, t)),
        ("Risk assessments", "Assessments done", count_shown(f.assessments, t)),
        ("Risk assessments", "Share high risk", share_shown(f.high_risk, t)),
        ("MARAC", "MARAC referrals", count_shown(f.marac_referrals, t)),
        ("MARAC", "Repeat rate", share_shown(f.repeats, t)),
        (plans, "Safety plans agreed", count_shown(f.safety_plans, t)),
        (plans, "Reviews due (judged)", count_shown(f.plan_reviews.of, t)),
        (plans, "Reviews on time", share_shown(f.plan_reviews, t)),
        (sharing, "Decisions to share without consent", count_shown(f.shared_without_consent, t)),
        (sharing, "Reviews due (judged)", count_shown(f.sharing_reviews.of, t)),
        (sharing, "Reviews on time", share_shown(f.sharing_reviews, t)),
        ("Closed cases", "Cases closed", count_shown(f.closed_cases, t)),
        ("Closed cases", "With two or more scored assessments", count_shown(f.risk_fell.of, t)),
        ("Closed cases", "High risk at the first assessment", share_shown(first, t)),
        ("Closed cases", "High risk at the last assessment", share_shown(last, t)),
        ("Closed cases", "Risk fell (last score below the first)", share_shown(f.risk_fell, t)),
    ]
    return out


_SOURCE_LABELS = {
    "police": "From the police",
    "marac": "From a MARAC",
    "self": "Self-referred",
    "health": "From health services",
    "children_services": "From children's services",
    "other": "From other sources",
    NOT_RECORDED: "Source not recorded",
}


def _risk_label(code: str) -> str:
    if code == NOT_RECORDED:
        return "Risk not given in the referral"
    return f"Referred as {code.replace('_', ' ')} risk"

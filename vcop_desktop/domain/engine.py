"""The duty engine: a case's facts and events in, every obligation owed out.

Implements duties.md through the rule model in `domain.rules`. Each rule is judged by the pack
in force on its trigger's date. The vocabulary of conditions, clocks and schedules is
implemented here, once; no rule id appears in this module.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from vcop_desktop.domain.calendar import (
    WorkingCalendar,
    add_calendar_days,
    add_months,
    birthday,
    next_business_day,
)
from vcop_desktop.domain.enhanced import enhanced_grounds
from vcop_desktop.domain.events import Event, Scenario
from vcop_desktop.domain.obligations import Evaluation, Obligation, Status
from vcop_desktop.domain.risk import RiskForms, assess
from vcop_desktop.domain.rules import (
    AfterEvent,
    AgreedInterval,
    AllOf,
    AnyOf,
    CaseHas,
    ChildAwareDeadline,
    ClockStart,
    Condition,
    FieldAtLeast,
    FieldEquals,
    FlagsAny,
    HighRisk,
    Limit,
    LimitUnit,
    MetBy,
    Not,
    PriorEvent,
    Rule,
    RuleBook,
    TriggerIs,
)

#: The event type by which a victim opts out; its `scope` names what they opted out of.
OPT_OUT_EVENT = "victim_opted_out"
#: The event type an advocate records to say an obligation was met.
DUTY_MET_EVENT = "duty_met"
#: The event type that makes a complaint; a final response names the one it answers.
COMPLAINT_EVENT = "complaint_made"
#: The event type a risk assessment is recorded as (the `high_risk` condition reads it).
RISK_ASSESSMENT = "risk_assessment"

_DEFAULT_CALENDAR = WorkingCalendar()


def evaluate(
    scenario: Scenario,
    today: date,
    rulebook: RuleBook,
    calendar: WorkingCalendar | None = None,
) -> Evaluation:
    """Every obligation arising from the case's events, judged on `today`."""
    case = _Case(scenario, calendar or _DEFAULT_CALENDAR)
    grounds = enhanced_grounds(scenario.case)
    judge = _Judge(case, today, enhanced=bool(grounds), forms=rulebook.forms)
    found: list[tuple[tuple[date, int, int], Obligation]] = []
    chained: set[str] = set()
    for trigger in case.ordered:
        told_clocks: list[Rule] = []
        for pack_index, pack in enumerate(rulebook.packs_in_force(trigger.date)):
            for rule in pack.rules_for(trigger.type):
                if isinstance(rule.schedule, AgreedInterval):
                    if rule.id not in chained:
                        chained.add(rule.id)
                        found.extend(
                            ((e.date, e.position, pack_index), o)
                            for e, o in judge.cycles(rule, rule.schedule)
                        )
                elif rule.clock is ClockStart.VICTIM_TOLD:
                    told_clocks.append(rule)
                else:
                    obligation = judge.single(rule, trigger)
                    if obligation is not None:
                        found.append(((trigger.date, trigger.position, pack_index), obligation))
        for rule in told_clocks:
            obligation = judge.single(rule, trigger)
            if obligation is not None:
                found.append(((trigger.date, trigger.position, 99), obligation))
    found.sort(key=lambda item: item[0])
    return Evaluation(
        today=today,
        enhanced=bool(grounds),
        enhanced_grounds=grounds,
        obligations=tuple(rulebook.with_law(o) for _, o in found),
    )


@dataclass(slots=True)
class _Case:
    """The case's events, indexed for the questions rules ask."""

    scenario: Scenario
    calendar: WorkingCalendar
    ordered: list[Event] = field(init=False)
    by_type: dict[str, list[Event]] = field(init=False)
    dates_by_type: dict[str, list[date]] = field(init=False)
    duty_met: dict[tuple[str, str], Event] = field(init=False)
    opt_outs: dict[str, date] = field(init=False)

    def __post_init__(self) -> None:
        self.ordered = sorted(self.scenario.events, key=lambda e: (e.date, e.position))
        self.by_type = {}
        self.duty_met = {}
        self.opt_outs = {}
        for event in self.ordered:
            self.by_type.setdefault(event.type, []).append(event)
            if event.type == DUTY_MET_EVENT:
                duty, trigger = event.get_str("duty"), event.get_str("trigger")
                if duty and trigger:
                    # Events are in date order, so the first record is the earliest.
                    self.duty_met.setdefault((duty, trigger), event)
            elif event.type == OPT_OUT_EVENT:
                scope = event.get_str("scope")
                if scope:
                    self.opt_outs.setdefault(scope, event.date)
        self.dates_by_type = {k: [e.date for e in v] for k, v in self.by_type.items()}

    def first_on_or_after(self, event_type: str, day: date) -> Iterator[Event]:
        """Events of a type dated on or after `day`, earliest first."""
        events = self.by_type.get(event_type)
        if not events:
            return iter(())
        start = bisect_left(self.dates_by_type[event_type], day)
        return iter(events[start:])

    def complaint_answered(self, response: Event) -> Event | None:
        """The complaint a final response answers (duties.md, victim.phso_complaint): the one
        its `complaint` field names, else the latest complaint made on or before it."""
        named = response.get_str("complaint")
        complaints = self.by_type.get(COMPLAINT_EVENT, [])
        if named is not None:
            return next((c for c in complaints if c.id == named), None)
        earlier = [c for c in complaints if c.sort_key <= response.sort_key]
        return earlier[-1] if earlier else None

    def named(self, event_id: str | None) -> Event | None:
        """The case's event with this id (None for no id, or an id the case does not hold)."""
        if event_id is None:
            return None
        return next((e for e in self.ordered if e.id == event_id), None)

    def any_within_before(self, event_types: frozenset[str], day: date, months: int) -> bool:
        """An event of these types is dated before `day`, and `day` is no more than `months`
        months after it."""
        return any(
            earlier < day <= add_months(earlier, months)
            for t in event_types
            for earlier in self.dates_by_type.get(t, ())
        )

    def any_on_or_before(self, event_types: frozenset[str], day: date) -> bool:
        return any(
            (dates := self.dates_by_type.get(t)) is not None and dates[0] <= day
            for t in event_types
        )


class _Judge:
    """Builds and judges obligations for one case on one day."""

    def __init__(
        self, case: _Case, today: date, *, enhanced: bool, forms: RiskForms | None = None
    ) -> None:
        self.case = case
        self.today = today
        self.enhanced = enhanced
        self.forms = forms or RiskForms()
        self.results: dict[tuple[str, str], Obligation] = {}

    # -- one obligation per (rule, trigger) ----------------------------------------------------

    def single(self, rule: Rule, trigger: Event) -> Obligation | None:
        if rule.when is not None and not self.holds(rule.when, trigger):
            return None
        owed_by = self.owed_by(rule, trigger)
        if owed_by is None:
            return None
        if rule.applies_if is not None and not self.holds(rule.applies_if, trigger):
            return self.record(
                rule,
                trigger,
                owed_by,
                None,
                None,
                None,
                Status.NOT_APPLICABLE,
                reason=rule.not_applicable_reason or "the rule's condition rules it out",
            )
        clock = self.clock_start(rule, trigger)
        if clock is None:
            return None
        start, assumed = clock
        due = self.due(rule, trigger, start)
        met_on = self.met_on(rule, trigger, owed_by)
        status = self.status(rule, trigger.date, due, met_on)
        return self.record(
            rule, trigger, owed_by, start, due, met_on, status, clock_assumed=assumed
        )

    def record(
        self,
        rule: Rule,
        trigger: Event,
        owed_by: str,
        start: date | None,
        due: date | None,
        met_on: date | None,
        status: Status,
        *,
        reason: str | None = None,
        limit: str | None = None,
        clock_assumed: bool = False,
    ) -> Obligation:
        rule_limit = self.limit(rule, trigger)
        obligation = Obligation(
            duty=rule.id,
            trigger=trigger.id,
            owed_by=owed_by,
            right=rule.right,
            statutory=rule.statutory,
            due=due,
            status=status,
            met_on=met_on,
            clock_start=start,
            what=rule.what,
            source=rule.source,
            pack=rule.pack,
            pack_version=rule.pack_version,
            confidence=rule.confidence,
            reason=reason,
            limit=limit if limit is not None else (rule_limit.describe() if rule_limit else ""),
            clock_assumed=clock_assumed,
            clock=rule.clock.value,
            category=rule.category,
        )
        self.results[obligation.key] = obligation
        return obligation

    def owed_by(self, rule: Rule, trigger: Event) -> str | None:
        if rule.owed_by_field is not None:
            return trigger.get_str(rule.owed_by_field)
        return rule.owed_by

    # -- conditions ----------------------------------------------------------------------------

    def holds(self, condition: Condition, trigger: Event) -> bool:
        match condition:
            case FlagsAny(flags):
                return not flags.isdisjoint(self.case.scenario.case.flags)
            case FieldEquals(name, value):
                actual = trigger.fields.get(name)
                return actual is not None and type(actual) is type(value) and actual == value
            case FieldAtLeast(name, minimum):
                number = trigger.get_int(name)
                return number is not None and number >= minimum
            case CaseHas(fact):
                return getattr(self.case.scenario.case, fact, None) is not None
            case PriorEvent(event_types):
                return self.case.any_on_or_before(event_types, trigger.date)
            case AfterEvent(event_types, months):
                return self.case.any_within_before(event_types, trigger.date, months)
            case TriggerIs(event_types):
                return trigger.type in event_types
            case HighRisk():
                return trigger.type == RISK_ASSESSMENT and assess(trigger, self.forms).high_risk
            case AllOf(conditions):
                return all(self.holds(c, trigger) for c in conditions)
            case AnyOf(conditions):
                return any(self.holds(c, trigger) for c in conditions)
            case Not(inner):
                return not self.holds(inner, trigger)
        raise TypeError(f"unknown condition {condition!r}")  # pragma: no cover

    # -- clocks --------------------------------------------------------------------------------

    def clock_start(self, rule: Rule, trigger: Event) -> tuple[date, bool] | None:
        """The day the clock starts, and whether that day is assumed rather than recorded."""
        match rule.clock:
            case ClockStart.EVENT:
                return trigger.date, False
            case ClockStart.RECEIVED:
                received = trigger.get_date("received")
                return (received, False) if received else (trigger.date, True)
            case ClockStart.VICTIM_TOLD:
                for duty in sorted(rule.told_by):
                    told = self.results.get((duty, trigger.id))
                    if told is not None and told.met_on is not None:
                        return told.met_on, False
                return trigger.date, True
            case ClockStart.OFFENCE_DATE:
                offence = self.case.scenario.case.offence_date
                return None if offence is None else (offence, False)
            case ClockStart.COMPLAINT_AWARENESS:
                complaint = self.case.complaint_answered(trigger)
                if complaint is None:
                    return trigger.date, True
                aware = complaint.get_date("aware_on")
                return (aware, False) if aware else (complaint.date, True)
            case ClockStart.REQUEST:
                named = trigger.get_str("request")
                request = trigger if named is None else self.case.named(named)
                if request is None:
                    return trigger.date, True
                return request.get_date("clock_from") or request.date, False
        raise TypeError(f"unknown clock {rule.clock!r}")  # pragma: no cover

    def limit(self, rule: Rule, trigger: Event) -> Limit | None:
        """The rule's limit for this trigger: the first conditional limit whose condition
        holds, else the standard (or enhanced) limit."""
        for conditional in rule.limit_when:
            if self.holds(conditional.when, trigger):
                return conditional.limit
        return rule.limit_for(self.enhanced)

    def due(self, rule: Rule, trigger: Event, start: date) -> date | None:
        limit = self.limit(rule, trigger)
        if limit is None:
            return None
        if isinstance(rule.schedule, ChildAwareDeadline):
            return self.child_aware_due(rule.schedule, limit, trigger, start)
        due = self.add(limit, start)
        return next_business_day(due) if rule.due_on_business_day else due

    def add(self, limit: Limit, start: date) -> date:
        match limit.unit:
            case LimitUnit.WORKING_DAYS:
                return self.case.calendar.add_working_days(start, limit.amount)
            case LimitUnit.DAYS:
                return add_calendar_days(start, limit.amount)
            case LimitUnit.MONTHS:
                return add_months(start, limit.amount)
        raise TypeError(f"unknown limit unit {limit.unit!r}")  # pragma: no cover

    def child_aware_due(
        self, schedule: ChildAwareDeadline, limit: Limit, trigger: Event, start: date
    ) -> date:
        facts = self.case.scenario.case
        if facts.victim_dob is None or facts.offence_date is None:
            return self.add(limit, start)
        adult_on = birthday(facts.victim_dob, schedule.adult_age)
        if facts.offence_date >= adult_on:
            return self.add(limit, start)
        if trigger.date < adult_on:
            # Received *before* that birthday (catalogue v3): the last day is the day before.
            return birthday(facts.victim_dob, schedule.child_deadline_age) - timedelta(days=1)
        return self.add(limit, trigger.date)

    # -- meeting and status --------------------------------------------------------------------

    def met_on(self, rule: Rule, trigger: Event, owed_by: str) -> date | None:
        """The earlier of a `duty_met` record and the first natural event that meets it."""
        candidates: list[date] = []
        record = self.case.duty_met.get((rule.id, trigger.id))
        if record is not None:
            candidates.append(record.date)
        for met_by in rule.met_by:
            natural = self.first_natural(met_by, trigger, owed_by)
            if natural is not None:
                candidates.append(natural)
        return min(candidates) if candidates else None

    def first_natural(self, met_by: MetBy, trigger: Event, owed_by: str) -> date | None:
        if met_by.if_owed_by is not None and met_by.if_owed_by != owed_by:
            return None
        for event in self.case.first_on_or_after(met_by.event_type, trigger.date):
            if met_by.from_owed_by and event.get_str("from") != owed_by:
                continue
            if met_by.field_name is not None and event.fields.get(met_by.field_name) != (
                met_by.equals
            ):
                continue
            if met_by.decision_field is not None:
                # naming the trigger, or what the trigger itself names in that field (a reply
                # to the request an extension extends)
                named = event.get_str(met_by.decision_field)
                if named is not None and named not in (
                    trigger.id,
                    trigger.get_str(met_by.decision_field),
                ):
                    continue
            return event.date
        return None

    def status(
        self, rule: Rule, trigger_date: date, due: date | None, met_on: date | None
    ) -> Status:
        if met_on is not None:
            return Status.MET if due is None or met_on <= due else Status.MET_LATE
        if rule.waived_by_opt_out is not None:
            opted_out = self.case.opt_outs.get(rule.waived_by_opt_out)
            if opted_out is not None and opted_out <= trigger_date:
                return Status.WAIVED
        if due is not None and self.today > due:
            return Status.OVERDUE
        return Status.OPEN

    # -- recurring updates ---------------------------------------------------------------------

    def cycles(self, rule: Rule, schedule: AgreedInterval) -> list[tuple[Event, Obligation]]:
        """The update cycles of a case (duties.md, "Recurring updates").

        A new agreement replaces a pending cycle that is not yet due; a pending cycle already
        past due when the new agreement is made stays listed, unmet. A `duty_met` record can
        meet a cycle (earlier than its renewal) but does not start the next one: only an
        update from the agency does.
        """
        owed_by = rule.owed_by or ""
        case = self.case
        ends = [dates[0] for t in schedule.ends_at if (dates := case.dates_by_type.get(t))]
        end = min(ends) if ends else None
        # Same-day ties: a renewal is taken before an agreement made that day (the update given
        # at the meeting that agreed the interval is not "the next update"), then by id, so the
        # result never depends on the order of events in the file.
        starts = [e for t in sorted(rule.triggers) for e in case.by_type.get(t, [])]
        renewals = [
            e
            for e in case.by_type.get(schedule.renewed_by, [])
            if not schedule.renewal_from_owed_by or e.get_str("from") == owed_by
        ]
        stream = sorted(
            [(e.date, 1, e.id, e) for e in starts] + [(e.date, 0, e.id, e) for e in renewals]
        )
        finished: list[tuple[Event, date, date | None]] = []  # (trigger, due, met by renewal)
        pending: tuple[Event, date] | None = None
        interval = 0
        for _, is_start, _, event in stream:
            if is_start:
                agreed = event.get_int(schedule.interval_field) or schedule.default_interval or 0
                if agreed < 1:
                    continue
                interval = agreed
                if pending is not None and pending[1] < event.date:
                    finished.append((pending[0], pending[1], None))
                pending = (event, add_calendar_days(event.date, interval))
            elif pending is not None:
                finished.append((pending[0], pending[1], event.date))
                pending = (event, add_calendar_days(event.date, interval))
        if pending is not None:
            finished.append((pending[0], pending[1], None))

        out: list[tuple[Event, Obligation]] = []
        limit_text = f"every {interval} days, as agreed" if interval else "as agreed"
        for trigger, due, met_by_stream in finished:
            if end is not None and due > end:
                continue
            record = case.duty_met.get((rule.id, trigger.id))
            met_dates = [d for d in (met_by_stream, record.date if record else None) if d]
            met_on = min(met_dates) if met_dates else None
            status = self.status(rule, trigger.date, due, met_on)
            out.append(
                (
                    trigger,
                    self.record(
                        rule,
                        trigger,
                        owed_by,
                        trigger.date,
                        due,
                        met_on,
                        status,
                        limit=limit_text,
                    ),
                )
            )
        return out

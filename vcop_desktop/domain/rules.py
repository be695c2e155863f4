"""The rule model: what a rule pack says, as typed values the engine evaluates.

Packs are data (TOML under resources/rules/, loaded and validated by `vcop_desktop.rules`).
Where the catalogue needs more than plain data, a rule names one of a small vocabulary of
conditions, clocks and schedules, each implemented once in the engine. The engine never
looks at a rule's id to decide what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum

from vcop_desktop.domain.obligations import Category, Obligation, PendingChange
from vcop_desktop.domain.risk import RiskForms


class LimitUnit(Enum):
    WORKING_DAYS = "working_days"
    DAYS = "days"
    MONTHS = "months"


@dataclass(frozen=True, slots=True)
class Limit:
    """A time limit: "within 5 working days", "28 days", "3 months"."""

    unit: LimitUnit
    amount: int

    def describe(self) -> str:
        noun = {
            LimitUnit.WORKING_DAYS: "working day",
            LimitUnit.DAYS: "calendar day",
            LimitUnit.MONTHS: "month",
        }[self.unit]
        return f"{self.amount} {noun}{'' if self.amount == 1 else 's'}"


class ClockStart(Enum):
    """Which date a time limit counts from."""

    EVENT = "event"  # the trigger event's date
    RECEIVED = "received"  # the event's `received` date, else its own date (WCU duties)
    VICTIM_TOLD = "victim_told"  # when the victim was told: see `Rule.told_by`
    OFFENCE_DATE = "offence_date"  # the case's offence date
    #: when the victim first knew of the problem complained of: the `aware_on` date of the
    #: complaint the trigger answers, else that complaint's date (the latest awareness can be)
    COMPLAINT_AWARENESS = "complaint_awareness"
    #: the request's day: its `clock_from` (the identity, fee or clarification asked for came)
    #: else its date; of the request the trigger names in its `request` field, or the trigger
    #: itself. An extension counts from the request it extends (UK GDPR Art. 12(3), ICO).
    REQUEST = "request"


# Conditions -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlagsAny:
    """The case has at least one of these flags."""

    flags: frozenset[str]


@dataclass(frozen=True, slots=True)
class FieldEquals:
    """The trigger event's field equals a value (a missing field never does)."""

    name: str
    value: str | int | bool


@dataclass(frozen=True, slots=True)
class FieldAtLeast:
    """The trigger event's numeric field is at least a number."""

    name: str
    minimum: int


@dataclass(frozen=True, slots=True)
class CaseHas:
    """A case fact is recorded (`offence_date` or `victim_dob`)."""

    fact: str


@dataclass(frozen=True, slots=True)
class PriorEvent:
    """An event of one of these types is dated on or before the trigger."""

    event_types: frozenset[str]


@dataclass(frozen=True, slots=True)
class AfterEvent:
    """The trigger is dated after an event of one of these types and no more than `months`
    months after it ("an incident within 12 months of the last MARAC referral": a repeat).
    Months count as everywhere else (`calendar.add_months`)."""

    event_types: frozenset[str]
    months: int


@dataclass(frozen=True, slots=True)
class TriggerIs:
    """The trigger is an event of one of these types (for a rule with several triggers whose
    conditions differ by type)."""

    event_types: frozenset[str]


@dataclass(frozen=True, slots=True)
class HighRisk:
    """The trigger is a risk assessment at high risk: its score (given, else the weighted
    count of its true answers) at or above its form's `high_at`, or professional judgement
    "high" (protection.md)."""


@dataclass(frozen=True, slots=True)
class AllOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    conditions: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Not:
    condition: Condition


Condition = (
    FlagsAny
    | FieldEquals
    | FieldAtLeast
    | CaseHas
    | PriorEvent
    | AfterEvent
    | TriggerIs
    | HighRisk
    | AllOf
    | AnyOf
    | Not
)


# How an obligation is met ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MetBy:
    """A natural event that meets the obligation when dated on or after its trigger.

    `from_owed_by`: the event's `from` must be the agency that owes the duty.
    `if_owed_by`: this entry applies only when the duty is owed by that agency.
    `decision_field`: where the event carries this field, it meets only the trigger it names.
    `field_name`/`equals`: only an event whose field has this value meets it (a contact
    "reached").
    """

    event_type: str
    from_owed_by: bool = False
    if_owed_by: str | None = None
    decision_field: str | None = None
    field_name: str | None = None
    equals: str | int | bool | None = None


@dataclass(frozen=True, slots=True)
class ConditionalLimit:
    """A time limit that replaces the rule's own when its condition holds for the trigger
    ("1 working day when the referral's risk is high"). `name` is how an organisation's
    figures file names it."""

    name: str
    when: Condition
    limit: Limit


# Schedules: clocks the plain limit/clock pair cannot express -----------------------------------


@dataclass(frozen=True, slots=True)
class AgreedInterval:
    """Recurring updates at an agreed interval (duties.md, "Recurring updates").

    The trigger starts a cycle due `interval_field` days later; each `renewed_by` event from
    the owing agency meets the open cycle and starts the next; cycles stop at the first
    `ends_at` event, and a cycle due after that end is not listed. `default_interval`: the
    interval when the trigger gives none. `renewal_from_owed_by`: a renewal counts only when
    its `from` is the owing agency (an agency's update; the advocate's own review has no
    `from`).
    """

    interval_field: str
    renewed_by: str
    ends_at: frozenset[str]
    default_interval: int | None = None
    renewal_from_owed_by: bool = True


@dataclass(frozen=True, slots=True)
class ChildAwareDeadline:
    """A deadline from the offence date, extended for children (the CICA time limit).

    Adults: offence date + the rule's limit. Under `adult_age` on the offence date: the day
    before the `child_deadline_age` birthday when reported before the `adult_age` birthday (the
    application must be received *before* that birthday: catalogue v3), otherwise the report
    (trigger) date + the rule's limit.
    """

    adult_age: int
    child_deadline_age: int


Schedule = AgreedInterval | ChildAwareDeadline


@dataclass(frozen=True, slots=True)
class Rule:
    """One obligation in a pack. See resources/rules/README.md for the file format."""

    id: str
    pack: str
    right: int | None
    owed_by: str | None  # a fixed agency, or None when `owed_by_field` names it
    owed_by_field: str | None
    triggers: frozenset[str]
    what: str
    source: str
    statutory: bool
    when: Condition | None = None
    applies_if: Condition | None = None
    not_applicable_reason: str = ""
    limit: Limit | None = None
    enhanced_limit: Limit | None = None
    clock: ClockStart = ClockStart.EVENT
    told_by: frozenset[str] = frozenset()
    met_by: tuple[MetBy, ...] = ()
    waived_by_opt_out: str | None = None
    schedule: Schedule | None = None
    confidence: str = "confirmed"
    note: str = ""
    category: Category = Category.CODE
    #: the version of the pack this rule came from (shown beside every deadline it computes)
    pack_version: int = 1
    #: days before the due date from which reminders warn (an absolute deadline, such as ULS,
    #: where the request must arrive in time to be considered)
    warn_days: int = 0
    #: limits that replace `limit` when their condition holds for the trigger (first wins)
    limit_when: tuple[ConditionalLimit, ...] = ()
    #: a due date on a weekend or bank holiday moves to the next day that is neither (the
    #: ICO's guidance for the one-month subject access limit)
    due_on_business_day: bool = False

    def limit_for(self, enhanced: bool) -> Limit | None:
        if enhanced and self.enhanced_limit is not None:
            return self.enhanced_limit
        return self.limit


@dataclass(frozen=True, slots=True)
class RulePack:
    """A dated set of rules from one source. Packs in one series replace each other by date."""

    id: str
    series: str
    title: str
    in_force_from: date
    in_force_until: date | None
    rules: tuple[Rule, ...]
    source_url: str = ""
    origin: str = ""  # the file it was loaded from, for messages
    #: raised by each published revision; a law update never replaces a pack by an older one
    version: int = 1
    pending: tuple[PendingChange, ...] = ()
    _by_trigger: dict[str, tuple[Rule, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        by_trigger: dict[str, list[Rule]] = {}
        for rule in self.rules:
            for event_type in sorted(rule.triggers):
                by_trigger.setdefault(event_type, []).append(rule)
        object.__setattr__(self, "_by_trigger", {k: tuple(v) for k, v in by_trigger.items()})

    def describe(self) -> str:
        """ "vcop-2020 version 1, in force from 1 Apr 2021" (the law a deadline was computed
        under, as every view shows it)."""
        until = f" until {self.in_force_until.isoformat()}" if self.in_force_until else ""
        return (
            f"{self.id} version {self.version}, in force from "
            f"{self.in_force_from.isoformat()}{until}"
        )

    def rules_for(self, event_type: str) -> tuple[Rule, ...]:
        """The rules an event of this type triggers, in pack order."""
        return self._by_trigger.get(event_type, ())

    def in_force_on(self, day: date) -> bool:
        return self.in_force_from <= day and (
            self.in_force_until is None or day <= self.in_force_until
        )


@dataclass(frozen=True)
class RuleBook:
    """Every loaded pack, and which one governs a trigger on a given day."""

    packs: tuple[RulePack, ...]
    #: the risk forms assessments are scored on (bundled and the service's own)
    forms: RiskForms = field(default_factory=RiskForms)
    _by_series: dict[str, list[RulePack]] = field(init=False, repr=False, compare=False)
    _newest: dict[str, Rule] = field(init=False, repr=False, compare=False)
    _law: dict[tuple[str, str], tuple[tuple[PendingChange, ...], int | None]] = field(
        init=False, repr=False, compare=False
    )
    _in_force: dict[date, tuple[RulePack, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_series: dict[str, list[RulePack]] = {}
        for pack in self.packs:
            by_series.setdefault(pack.series, []).append(pack)
        for packs in by_series.values():
            packs.sort(key=lambda p: p.in_force_from, reverse=True)
        object.__setattr__(self, "_by_series", by_series)
        object.__setattr__(self, "_law", {})
        object.__setattr__(self, "_in_force", {})
        newest: dict[str, tuple[date, Rule]] = {}
        for pack in self.packs:  # the first pack wins a tie, as the search it replaces did
            for rule in pack.rules:
                found = newest.get(rule.id)
                if found is None or pack.in_force_from > found[0]:
                    newest[rule.id] = (pack.in_force_from, rule)
        object.__setattr__(self, "_newest", {duty: rule for duty, (_, rule) in newest.items()})

    @property
    def pending(self) -> tuple[PendingChange, ...]:
        """Every pending change the packs carry (a change is pending until a pack update
        replaces it with an in-force rule or withdraws it, whatever a trigger's date)."""
        return tuple(change for pack in self.packs for change in pack.pending)

    def pending_for(self, duty_id: str) -> tuple[PendingChange, ...]:
        """The pending changes that touch a duty."""
        return tuple(change for change in self.pending if duty_id in change.touches)

    def law_for(self, duty_id: str, pack_id: str) -> tuple[tuple[PendingChange, ...], int | None]:
        """(pending changes touching the duty, the pack's version): what `with_law` adds,
        worked out once per duty and pack (the dashboard asks for it on every row it reads)."""
        key = (duty_id, pack_id)
        found = self._law.get(key)
        if found is None:
            pack = self.pack(pack_id)
            found = self._law[key] = (
                self.pending_for(duty_id),
                pack.version if pack is not None else None,
            )
        return found

    def with_law(self, obligation: Obligation) -> Obligation:
        """The obligation with the pending changes that touch it (shown; `due` never moves) and,
        where not known (a row read back from the index), its pack's version."""
        pending, version = self.law_for(obligation.duty, obligation.pack)
        if obligation.pack_version is not None:
            version = obligation.pack_version
        if pending == obligation.pending and version == obligation.pack_version:
            return obligation
        return replace(obligation, pending=pending, pack_version=version)

    def pack(self, pack_id: str) -> RulePack | None:
        return next((p for p in self.packs if p.id == pack_id), None)

    @property
    def duty_ids(self) -> frozenset[str]:
        return frozenset(rule.id for pack in self.packs for rule in pack.rules)

    def packs_in_force(self, day: date) -> tuple[RulePack, ...]:
        """For each series, the newest pack in force on `day` (an obligation is judged by the
        pack in force on its trigger's date). Worked out once per day: the engine asks for
        every event, and an index rebuild over 1,001 cases asked 30,000 times (7% of it)."""
        found = self._in_force.get(day)
        if found is None:
            chosen: list[RulePack] = []
            for packs in self._by_series.values():
                for pack in packs:
                    if pack.in_force_on(day):
                        chosen.append(pack)
                        break
            found = self._in_force[day] = tuple(chosen)
        return found

    def flags_that_apply(self, duty_id: str) -> tuple[str, ...]:
        """The case flags any one of which makes the duty apply, where a flag alone decides it
        (`applies_if = { flags_any = [...] }`): what to tick when it was ruled out wrongly."""
        rule = self.rule(duty_id)
        if rule is None or not isinstance(rule.applies_if, FlagsAny):
            return ()
        return tuple(sorted(rule.applies_if.flags))

    @property
    def longest_warning(self) -> int:
        """The most days ahead any duty warns of (`Rule.warn_days` of its newest definition,
        as `rule` gives it): how far ahead the reminders need the due list."""
        return max((rule.warn_days for rule in self._newest.values()), default=0)

    def rule(self, duty_id: str) -> Rule | None:
        """The newest definition of a duty (for descriptions; evaluation uses the dated pack)."""
        return self._newest.get(duty_id)

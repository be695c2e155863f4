"""Parse and validate one rule pack's decoded TOML (format: resources/rules/README.md).

Validation is strict and specific: every problem names the file, the rule id (or its position)
and what is wrong, because an organisation editing its own pack has no developer to ask.
`loader.py` reads the files and checks the packs against each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from vcop_desktop.domain.obligations import Category, PendingChange
from vcop_desktop.domain.rules import (
    AfterEvent,
    AgreedInterval,
    AllOf,
    AnyOf,
    CaseHas,
    ChildAwareDeadline,
    ClockStart,
    Condition,
    ConditionalLimit,
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
    RulePack,
    TriggerIs,
)
from vcop_desktop.domain.vocabulary import EVENT_FIELDS, FLAGS
from vcop_desktop.errors import UserError

_PACK_KEYS = {
    "id", "series", "title", "in_force_from", "in_force_until", "statutory", "source_url",
    "version",
}  # fmt: skip
_PENDING_KEYS = {"id", "touches", "announced", "what", "source", "known", "unknown", "note"}
_RULE_KEYS = {
    "id", "right", "owed_by", "owed_by_field", "triggers", "when", "applies_if",
    "not_applicable_reason", "limit", "enhanced_limit", "clock", "told_by", "met_by",
    "waived_by_opt_out", "schedule", "what", "source", "statutory", "confidence", "note",
    "category", "warn_days", "limit_when", "due_on_business_day",
}  # fmt: skip
_CASE_FACTS = {"offence_date", "victim_dob"}
_CONFIDENCE = {"confirmed", "assumed"}
_OPT_OUT_SCOPES = {"updates"}


class PackError(UserError):
    """A rule pack is broken. The message names the file, the rule and the problem."""

    def __init__(self, origin: str, rule: str | None, problem: str) -> None:
        where = f"{origin}, rule {rule}" if rule else origin
        super().__init__(f"rule pack {where}: {problem}")
        self.origin = origin
        self.rule = rule
        self.problem = problem


def parse_pack(data: Mapping[str, Any], origin: str) -> RulePack:
    """Validate decoded TOML as a pack."""
    header = data.get("pack")
    if not isinstance(header, Mapping):
        raise PackError(origin, None, "missing the [pack] table")
    _no_unknown_keys(header, _PACK_KEYS, origin, None, "[pack]")
    pack_id = _text(header, "id", origin, None)
    in_force_from = _date(header, "in_force_from", origin, None, required=True)
    assert in_force_from is not None
    in_force_until = _date(header, "in_force_until", origin, None, required=False)
    if in_force_until is not None and in_force_until < in_force_from:
        raise PackError(origin, None, "in_force_until is before in_force_from")
    statutory = header.get("statutory", True)
    if not isinstance(statutory, bool):
        raise PackError(origin, None, "[pack] statutory must be true or false")
    version = header.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise PackError(origin, None, "[pack] version must be a whole number of at least 1")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not raw_rules:
        raise PackError(origin, None, "has no [[rule]] entries")
    unknown_tables = set(data) - {"pack", "rule", "pending"}
    if unknown_tables:
        raise PackError(origin, None, f"unknown table(s): {', '.join(sorted(unknown_tables))}")
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_rules):
        rule = _parse_rule(raw, index, pack_id, statutory, origin, version)
        if rule.id in seen:
            raise PackError(origin, rule.id, "duplicate rule id in this pack")
        seen.add(rule.id)
        rules.append(rule)
    return RulePack(
        id=pack_id,
        series=_text(header, "series", origin, None),
        title=_text(header, "title", origin, None),
        in_force_from=in_force_from,
        in_force_until=in_force_until,
        rules=tuple(rules),
        source_url=str(header.get("source_url", "")),
        origin=origin,
        version=version,
        pending=_pending(data.get("pending", []), pack_id, origin),
    )


def _pending(raw: object, pack_id: str, origin: str) -> tuple[PendingChange, ...]:
    """The pack's `[[pending]]` entries: announced changes, never moving a date."""
    if not isinstance(raw, list):
        raise PackError(origin, None, "pending must be [[pending]] tables")
    changes: list[PendingChange] = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, Mapping):
            raise PackError(origin, f"pending #{index + 1}", "each [[pending]] must be a table")
        name = _text(entry, "id", origin, f"pending #{index + 1}")
        _no_unknown_keys(entry, _PENDING_KEYS, origin, name, "pending")
        touches = entry.get("touches")
        if (
            not isinstance(touches, list)
            or not touches
            or not all(isinstance(t, str) for t in touches)
        ):
            raise PackError(origin, name, "touches must be a non-empty list of duty ids")
        announced = _date(entry, "announced", origin, name, required=True)
        assert announced is not None
        changes.append(
            PendingChange(
                id=name,
                touches=frozenset(touches),
                announced=announced,
                what=_text(entry, "what", origin, name),
                source=_text(entry, "source", origin, name),
                known=_text(entry, "known", origin, name),
                unknown=_text(entry, "unknown", origin, name),
                note=_text(entry, "note", origin, name),
                pack=pack_id,
            )
        )
    return tuple(changes)


def _parse_rule(
    raw: object, index: int, pack_id: str, pack_statutory: bool, origin: str, pack_version: int
) -> Rule:
    if not isinstance(raw, Mapping):
        raise PackError(origin, f"#{index + 1}", "each [[rule]] must be a table")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise PackError(origin, f"#{index + 1}", "missing a text 'id'")
    name = rule_id
    _no_unknown_keys(raw, _RULE_KEYS, origin, name, "rule")

    right = raw.get("right")
    if right is not None and (isinstance(right, bool) or not isinstance(right, int)):
        raise PackError(origin, name, "right must be a whole number (or left out)")
    if right is not None and not 1 <= right <= 12:
        raise PackError(origin, name, f"right {right} is not a Victims' Code right (1 to 12)")

    owed_by = raw.get("owed_by")
    owed_by_field = raw.get("owed_by_field")
    if (owed_by is None) == (owed_by_field is None):
        raise PackError(origin, name, "give exactly one of owed_by or owed_by_field")
    if owed_by is not None and not isinstance(owed_by, str):
        raise PackError(origin, name, "owed_by must be an agency name")

    triggers = _event_types(raw.get("triggers"), origin, name, "triggers")
    if owed_by_field is not None:
        for trigger in triggers:
            if owed_by_field not in {spec.name for spec in EVENT_FIELDS[trigger]}:
                raise PackError(
                    origin, name, f"owed_by_field {owed_by_field!r} is not a field of {trigger}"
                )

    clock_text = raw.get("clock", "event")
    try:
        clock = ClockStart(clock_text)
    except ValueError:
        choices = ", ".join(c.value for c in ClockStart)
        raise PackError(origin, name, f"clock {clock_text!r} is not one of: {choices}") from None
    told_by = raw.get("told_by", [])
    if not isinstance(told_by, list) or not all(isinstance(t, str) for t in told_by):
        raise PackError(origin, name, "told_by must be a list of duty ids")
    if (clock is ClockStart.VICTIM_TOLD) != bool(told_by):
        raise PackError(origin, name, "told_by is needed with, and only with, clock 'victim_told'")

    if clock is ClockStart.REQUEST:
        for trigger in triggers:
            if not {"request", "clock_from"} & {spec.name for spec in EVENT_FIELDS[trigger]}:
                raise PackError(
                    origin,
                    name,
                    f"clock 'request' needs a request or clock_from field on {trigger}",
                )
    business_day = raw.get("due_on_business_day", False)
    if not isinstance(business_day, bool):
        raise PackError(origin, name, "due_on_business_day must be true or false")

    limit = _limit(raw.get("limit"), origin, name, "limit")
    enhanced_limit = _limit(raw.get("enhanced_limit"), origin, name, "enhanced_limit")
    if enhanced_limit is not None and limit is None:
        raise PackError(origin, name, "enhanced_limit given without a standard limit")
    if limit is not None and enhanced_limit is not None and limit.unit != enhanced_limit.unit:
        raise PackError(origin, name, "limit and enhanced_limit must use the same unit")
    if limit is not None and enhanced_limit is not None and enhanced_limit.amount > limit.amount:
        raise PackError(origin, name, "enhanced_limit is longer than the standard limit")

    schedule = _schedule(raw.get("schedule"), origin, name)
    if isinstance(schedule, ChildAwareDeadline) and clock is not ClockStart.OFFENCE_DATE:
        raise PackError(origin, name, "the child_aware schedule needs clock 'offence_date'")
    if isinstance(schedule, AgreedInterval) and limit is not None:
        raise PackError(origin, name, "an agreed_interval schedule takes no limit")

    waived = raw.get("waived_by_opt_out")
    if waived is not None and waived not in _OPT_OUT_SCOPES:
        raise PackError(origin, name, f"waived_by_opt_out {waived!r} is not a known scope")

    confidence = raw.get("confidence", "confirmed")
    if confidence not in _CONFIDENCE:
        raise PackError(origin, name, "confidence must be 'confirmed' or 'assumed'")
    statutory = raw.get("statutory", pack_statutory)
    if not isinstance(statutory, bool):
        raise PackError(origin, name, "statutory must be true or false")

    category = _category(raw.get("category"), owed_by, statutory, origin, name)

    applies_if = _condition(raw["applies_if"], origin, name) if "applies_if" in raw else None
    reason = raw.get("not_applicable_reason", "")
    if applies_if is not None and not (isinstance(reason, str) and reason.strip()):
        raise PackError(origin, name, "applies_if needs a not_applicable_reason in plain English")

    return Rule(
        id=rule_id,
        pack=pack_id,
        right=right,
        owed_by=owed_by,
        owed_by_field=owed_by_field,
        triggers=frozenset(triggers),
        what=_text(raw, "what", origin, name),
        source=_text(raw, "source", origin, name),
        statutory=statutory,
        when=_condition(raw["when"], origin, name) if "when" in raw else None,
        applies_if=applies_if,
        not_applicable_reason=reason,
        limit=limit,
        enhanced_limit=enhanced_limit,
        clock=clock,
        told_by=frozenset(told_by),
        met_by=tuple(_met_by(m, origin, name) for m in _list(raw, "met_by", origin, name)),
        waived_by_opt_out=waived,
        schedule=schedule,
        confidence=confidence,
        note=str(raw.get("note", "")),
        category=category,
        warn_days=_warn_days(raw.get("warn_days", 0), origin, name),
        pack_version=pack_version,
        limit_when=_limit_when(raw.get("limit_when"), limit, origin, name),
        due_on_business_day=business_day,
    )


def _limit_when(
    raw: object, limit: Limit | None, origin: str, rule: str
) -> tuple[ConditionalLimit, ...]:
    """`limit_when = [{ name, when, limit }]`: limits that replace the rule's own when their
    condition holds for the trigger."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        raise PackError(origin, rule, "limit_when must be a list of { name, when, limit } tables")
    if limit is None:
        raise PackError(origin, rule, "limit_when given without a standard limit")
    out: list[ConditionalLimit] = []
    for entry in raw:
        if not isinstance(entry, Mapping):
            raise PackError(origin, rule, "each limit_when entry must be a table")
        _no_unknown_keys(entry, {"name", "when", "limit"}, origin, rule, "limit_when")
        name = _text(entry, "name", origin, rule)
        if name in ("limit", "interval") or name in {c.name for c in out}:
            raise PackError(origin, rule, f"limit_when name {name!r} is used twice")
        if "when" not in entry:
            raise PackError(origin, rule, f"limit_when {name!r} needs a 'when' condition")
        conditional = _limit(entry.get("limit"), origin, rule, f"limit_when {name!r}")
        if conditional is None:
            raise PackError(origin, rule, f"limit_when {name!r} needs a limit")
        if conditional.unit != limit.unit:
            raise PackError(origin, rule, f"limit_when {name!r} must use the limit's unit")
        out.append(ConditionalLimit(name, _condition(entry["when"], origin, rule), conditional))
    return tuple(out)


def _warn_days(raw: object, origin: str, rule: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= 366:
        raise PackError(origin, rule, "warn_days must be a whole number of days from 0 to 366")
    return raw


def _category(raw: object, owed_by: object, statutory: bool, origin: str, rule: str) -> Category:
    """The rule's standing. Derived unless given: the victim's deadline, a Code duty (statutory),
    else good practice. `category = "target"` marks an agency's own published (non-statutory)
    target, such as the NPCC police VRR clocks."""
    derived = (
        Category.VICTIM
        if owed_by == "victim"
        else Category.CODE
        if statutory
        else Category.PRACTICE
    )
    if raw is None:
        return derived
    try:
        category = Category(raw)
    except ValueError:
        choices = ", ".join(c.value for c in Category)
        raise PackError(origin, rule, f"category {raw!r} is not one of: {choices}") from None
    if (category is Category.VICTIM) != (owed_by == "victim"):
        raise PackError(origin, rule, "category 'victim' is for, and only for, owed_by 'victim'")
    if statutory != (category in (Category.CODE, Category.VICTIM)):
        raise PackError(
            origin, rule, f"a {category.value} rule must have statutory = {not statutory}".lower()
        )
    return category


def _limit(raw: object, origin: str, rule: str, key: str) -> Limit | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or len(raw) != 1:
        raise PackError(
            origin, rule, f"{key} must be one of {{ working_days = N }}, {{ days = N }}, "
            "{ months = N } or { years = N }",
        )  # fmt: skip
    ((unit, amount),) = raw.items()
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
        raise PackError(origin, rule, f"{key}: {unit} must be a whole number of at least 1")
    if unit == "years":
        return Limit(LimitUnit.MONTHS, amount * 12)
    try:
        return Limit(LimitUnit(unit), amount)
    except ValueError:
        raise PackError(origin, rule, f"{key}: unknown unit {unit!r}") from None


def _condition(raw: object, origin: str, rule: str) -> Condition:
    """The condition vocabulary (resources/rules/README.md, "Conditions")."""
    if not isinstance(raw, Mapping) or not raw:
        raise PackError(origin, rule, "a condition must be a table such as { flags_any = [...] }")
    keys = set(raw)
    if keys == {"flags_any"}:
        flags = raw["flags_any"]
        if not isinstance(flags, list) or not flags:
            raise PackError(origin, rule, "flags_any must be a non-empty list of flags")
        for flag in flags:
            if flag not in FLAGS:
                raise PackError(origin, rule, f"unknown flag {flag!r}")
        return FlagsAny(frozenset(flags))
    if keys == {"field", "equals"}:
        value = raw["equals"]
        if not isinstance(value, str | int | bool):
            raise PackError(origin, rule, "equals must be text, a number or true/false")
        return FieldEquals(str(raw["field"]), value)
    if keys == {"field", "at_least"}:
        minimum = raw["at_least"]
        if isinstance(minimum, bool) or not isinstance(minimum, int):
            raise PackError(origin, rule, "at_least must be a whole number")
        return FieldAtLeast(str(raw["field"]), minimum)
    if keys == {"case_has"}:
        if raw["case_has"] not in _CASE_FACTS:
            raise PackError(origin, rule, f"case_has must be one of {sorted(_CASE_FACTS)}")
        return CaseHas(str(raw["case_has"]))
    if keys == {"prior_event"}:
        return PriorEvent(frozenset(_event_types(raw["prior_event"], origin, rule, "prior_event")))
    if keys == {"after_event", "within_months"}:
        months = raw["within_months"]
        if isinstance(months, bool) or not isinstance(months, int) or months < 1:
            raise PackError(origin, rule, "within_months must be a whole number of at least 1")
        types = _event_types(raw["after_event"], origin, rule, "after_event")
        return AfterEvent(frozenset(types), months)
    if keys == {"trigger"}:
        return TriggerIs(frozenset(_event_types(raw["trigger"], origin, rule, "trigger")))
    if keys == {"high_risk"}:
        if raw["high_risk"] is not True:
            raise PackError(origin, rule, "high_risk can only be true")
        return HighRisk()
    if keys in ({"all"}, {"any"}):
        (key,) = keys
        parts = raw[key]
        if not isinstance(parts, list) or not parts:
            raise PackError(origin, rule, f"{key} must be a non-empty list of conditions")
        inner = tuple(_condition(part, origin, rule) for part in parts)
        return AllOf(inner) if key == "all" else AnyOf(inner)
    if keys == {"not"}:
        return Not(_condition(raw["not"], origin, rule))
    raise PackError(origin, rule, f"unknown condition {dict(raw)!r}")


def _met_by(raw: object, origin: str, rule: str) -> MetBy:
    if not isinstance(raw, Mapping):
        raise PackError(origin, rule, "each met_by entry must be a table { event = ... }")
    allowed = {"event", "from", "if_owed_by", "decision_field", "field", "equals"}
    _no_unknown_keys(raw, allowed, origin, rule, "met_by")
    (event_type,) = _event_types([raw.get("event")], origin, rule, "met_by.event")
    source = raw.get("from")
    if source not in (None, "owed_by"):
        raise PackError(origin, rule, 'met_by.from can only be "owed_by"')
    decision_field = raw.get("decision_field")
    if decision_field is not None and decision_field not in {
        spec.name for spec in EVENT_FIELDS[event_type]
    }:
        raise PackError(origin, rule, f"{decision_field!r} is not a field of {event_type}")
    if_owed_by = raw.get("if_owed_by")
    field_name, equals = raw.get("field"), raw.get("equals")
    if (field_name is None) != (equals is None):
        raise PackError(origin, rule, "met_by: give field and equals together")
    if field_name is not None and field_name not in {
        spec.name for spec in EVENT_FIELDS[event_type]
    }:
        raise PackError(origin, rule, f"{field_name!r} is not a field of {event_type}")
    if equals is not None and not isinstance(equals, str | int | bool):
        raise PackError(origin, rule, "met_by.equals must be text, a number or true/false")
    return MetBy(
        event_type=event_type,
        from_owed_by=source == "owed_by",
        if_owed_by=str(if_owed_by) if if_owed_by is not None else None,
        decision_field=decision_field,
        field_name=None if field_name is None else str(field_name),
        equals=equals,
    )


def _schedule(raw: object, origin: str, rule: str) -> AgreedInterval | ChildAwareDeadline | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or "kind" not in raw:
        raise PackError(origin, rule, "schedule must be a table with a 'kind'")
    kind = raw["kind"]
    if kind == "agreed_interval":
        _no_unknown_keys(raw, {"kind", "interval_field", "renewed_by", "ends_at",
                               "default_interval", "renewed_from"},
                         origin, rule, "schedule")  # fmt: skip
        (renewed_by,) = _event_types([raw.get("renewed_by")], origin, rule, "renewed_by")
        default = raw.get("default_interval")
        if default is not None and (
            isinstance(default, bool) or not isinstance(default, int) or not 1 <= default <= 366
        ):
            raise PackError(origin, rule, "default_interval must be a whole number of days, 1-366")
        renewed_from = raw.get("renewed_from", "owed_by")
        if renewed_from not in ("owed_by", "anyone"):
            raise PackError(origin, rule, 'renewed_from must be "owed_by" or "anyone"')
        return AgreedInterval(
            interval_field=str(raw.get("interval_field", "interval_days")),
            renewed_by=renewed_by,
            ends_at=frozenset(_event_types(raw.get("ends_at"), origin, rule, "ends_at")),
            default_interval=default,
            renewal_from_owed_by=renewed_from == "owed_by",
        )
    if kind == "child_aware":
        _no_unknown_keys(raw, {"kind", "adult_age", "child_deadline_age"}, origin, rule,
                         "schedule")  # fmt: skip
        ages = [raw.get("adult_age"), raw.get("child_deadline_age")]
        if not all(isinstance(a, int) and not isinstance(a, bool) and a > 0 for a in ages):
            raise PackError(origin, rule, "adult_age and child_deadline_age must be ages")
        return ChildAwareDeadline(adult_age=int(ages[0] or 0), child_deadline_age=int(ages[1] or 0))
    raise PackError(origin, rule, f"unknown schedule kind {kind!r}")


def _event_types(raw: object, origin: str, rule: str, key: str) -> list[str]:
    if not isinstance(raw, list) or not raw:
        raise PackError(origin, rule, f"{key} must be a non-empty list of event types")
    for event_type in raw:
        if event_type not in EVENT_FIELDS:
            raise PackError(origin, rule, f"{key}: unknown event type {event_type!r}")
    return [str(t) for t in raw]


def _list(raw: Mapping[str, Any], key: str, origin: str, rule: str) -> list[object]:
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise PackError(origin, rule, f"{key} must be a list")
    return value


def _text(raw: Mapping[str, Any], key: str, origin: str, rule: str | None) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PackError(origin, rule, f"missing a text {key!r}")
    return value.strip()


def _date(
    raw: Mapping[str, Any], key: str, origin: str, rule: str | None, *, required: bool
) -> date | None:
    value = raw.get(key)
    if value is None:
        if required:
            raise PackError(origin, rule, f"missing {key} (a date such as 2021-04-01)")
        return None
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    raise PackError(origin, rule, f"{key} must be a TOML date such as 2021-04-01 (no quotes)")


def _no_unknown_keys(
    raw: Mapping[str, Any], allowed: set[str], origin: str, rule: str | None, what: str
) -> None:
    unknown = set(raw) - allowed
    if unknown:
        raise PackError(origin, rule, f"unknown key(s) in {what}: {', '.join(sorted(unknown))}")

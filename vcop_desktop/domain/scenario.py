"""Parse and write the scenario JSON contract (shared/vcop/scenario-format.md).

Parsing validates everything the engine relies on and raises `ScenarioError` naming the place
(``events[3].date``) and the problem, so the command line can print one clear line.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from vcop_desktop.domain.errors import ScenarioError
from vcop_desktop.domain.events import CaseFacts, Event, FieldValue, Scenario
from vcop_desktop.domain.untrusted import (
    MAX_TEXT_CHARS,
    date_problem,
    text_problem,
)
from vcop_desktop.domain.vocabulary import EVENT_FIELDS, FLAGS, FieldKind, FieldSpec

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME_OF_DAY = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")
_FLAG_SET = frozenset(FLAGS)
_MAX_NUMBER = {
    "interval_days": 3660,
    "custody_months": 1200,
    "minutes": 24 * 60,
    "review_days": 366,
    "score": 1000,
    "form_version": 100_000,
}
_MAX_ANSWERS = 200
_MAX_ANY_NUMBER = 100_000


def parse_date(value: object, where: str) -> date:
    """An ISO ``YYYY-MM-DD`` date, or a `ScenarioError` saying why not."""
    if not isinstance(value, str):
        raise ScenarioError(where, f"expected a date as 'YYYY-MM-DD', got {_show(value)}")
    if not _ISO_DATE.fullmatch(value):
        raise ScenarioError(where, f"{_show(value)} is not a date in the form YYYY-MM-DD")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ScenarioError(where, f"{_show(value)} is not a valid date") from None
    problem = date_problem(parsed)
    if problem:
        raise ScenarioError(where, problem)
    return parsed


def parse_scenario(data: object, known_duties: Collection[str] | None = None) -> Scenario:
    """Build a `Scenario` from decoded JSON.

    `known_duties`, when given, is the set of obligation ids a ``duty_met`` may name.
    """
    if not isinstance(data, Mapping):
        raise ScenarioError("", "a scenario must be a JSON object with 'case' and 'events'")
    today = parse_date(data["today"], "today") if data.get("today") is not None else None
    case = _parse_case(data.get("case", {}))
    raw_events = data.get("events")
    if raw_events is None:
        raise ScenarioError("events", "missing; a scenario needs a list of events (may be empty)")
    if not isinstance(raw_events, list):
        raise ScenarioError("events", f"expected a list, got {_show(raw_events)}")
    events = tuple(_parse_event(raw, i) for i, raw in enumerate(raw_events))
    check_references(events, known_duties)
    return Scenario(case=case, events=events, today=today)


def check_references(events: tuple[Event, ...], known_duties: Collection[str] | None) -> None:
    """Ids are unique; every event reference names an event in the case; duties are known."""
    seen: dict[str, Event] = {}
    for event in events:
        if event.id in seen:
            raise ScenarioError(
                f"events[{event.position}].id",
                f"duplicate id {_show(event.id)} (also used by events[{seen[event.id].position}])",
            )
        seen[event.id] = event
    for event in events:
        for spec in EVENT_FIELDS[event.type]:
            value = event.fields.get(spec.name)
            where = f"events[{event.position}].{spec.name}"
            if spec.kind is FieldKind.EVENT_REF and value is not None:
                if not isinstance(value, str) or value not in seen:
                    raise ScenarioError(
                        where, f"{_show(value)} is not the id of an event in this case"
                    )
                named = seen[value]
                if spec.refers_to and named.type not in spec.refers_to:
                    wanted = " or ".join(spec.refers_to)
                    raise ScenarioError(
                        where, f"{_show(value)} names a {named.type} event, not a {wanted}"
                    )
            if spec.kind is FieldKind.MATTERS and isinstance(value, str):
                for duty, trigger in matter_keys(value):
                    if trigger not in seen:
                        raise ScenarioError(
                            where, f"{_show(trigger)} is not the id of an event in this case"
                        )
                    if known_duties is not None and duty not in known_duties:
                        raise ScenarioError(where, f"{_show(duty)} is not a known duty id")
            if (
                spec.kind is FieldKind.DUTY_REF
                and known_duties is not None
                and value not in known_duties
            ):
                raise ScenarioError(where, f"{_show(value)} is not a known duty id")


def matter_keys(matters: str) -> list[tuple[str, str]]:
    """The (duty, trigger) keys of a complaint's `matters` field ("duty@event ...")."""
    out: list[tuple[str, str]] = []
    for item in matters.split():
        duty, _, trigger = item.partition("@")
        out.append((duty, trigger))
    return out


def matters_text(keys: Collection[tuple[str, str]]) -> str:
    """The `matters` field for these (duty, trigger) keys: the inverse of `matter_keys`."""
    return " ".join(f"{duty}@{trigger}" for duty, trigger in keys)


def parse_event(raw: object, position: int) -> Event:
    """One event, validated on its own (references to other events are not checked here)."""
    return _parse_event(raw, position)


def _parse_case(raw: object) -> CaseFacts:
    if not isinstance(raw, Mapping):
        raise ScenarioError("case", f"expected an object, got {_show(raw)}")
    flags_raw = raw.get("flags", [])
    if not isinstance(flags_raw, list):
        raise ScenarioError("case.flags", f"expected a list of flags, got {_show(flags_raw)}")
    for i, flag in enumerate(flags_raw):
        if not isinstance(flag, str) or flag not in _FLAG_SET:
            raise ScenarioError(f"case.flags[{i}]", f"unknown flag {_show(flag)}")
    return CaseFacts(
        offence_date=_optional_date(raw, "offence_date", "case.offence_date"),
        victim_dob=_optional_date(raw, "victim_dob", "case.victim_dob"),
        flags=frozenset(flags_raw),
        victim_name=_optional_text(raw, "victim_name", "case.victim_name"),
        crime_reference=_optional_text(raw, "crime_reference", "case.crime_reference"),
    )


def _parse_event(raw: object, position: int) -> Event:
    here = f"events[{position}]"
    if not isinstance(raw, Mapping):
        raise ScenarioError(here, f"expected an object, got {_show(raw)}")
    event_id = raw.get("id")
    if not isinstance(event_id, str) or not event_id.strip():
        raise ScenarioError(f"{here}.id", f"expected a non-empty string id, got {_show(event_id)}")
    _check_text(event_id, f"{here}.id")
    event_type = raw.get("type")
    if not isinstance(event_type, str) or event_type not in EVENT_FIELDS:
        raise ScenarioError(f"{here}.type", f"unknown event type {_show(event_type)}")
    if "date" not in raw:
        raise ScenarioError(f"{here}.date", "missing; every event needs a date")
    when = parse_date(raw["date"], f"{here}.date")
    fields: dict[str, FieldValue] = {}
    for spec in EVENT_FIELDS[event_type]:
        value = _parse_field(raw, spec, f"{here}.{spec.name}")
        if value is not None:
            fields[spec.name] = value
    if problem := date_order_problem(event_type, fields):
        name, text = problem
        raise ScenarioError(f"{here}.{name}", text)
    if event_type == "risk_assessment" and "score" not in fields and "answers" not in fields:
        raise ScenarioError(f"{here}.score", "missing; give the score or the form's answers")
    return Event(
        id=event_id,
        type=event_type,
        date=when,
        fields=MappingProxyType(fields),
        position=position,
    )


def date_order_problem(event_type: str, fields: Mapping[str, object]) -> tuple[str, str] | None:
    """The first date field that falls before the field it must follow (`FieldSpec.on_or_after`,
    e.g. a trial window's end before its first day), or given without it; else the first field
    given where it does not belong (`FieldSpec.only_when`: a reason for refusing a request
    that was granted): (its name, why). The parser and the Add event dialog both ask this."""
    specs, only_when, ordered = _ordering_specs(event_type)
    for spec in only_when:
        other, values = spec.only_when
        if spec.name in fields and fields.get(other) not in values:
            return spec.name, f"'{spec.label}' goes only with {specs[other].label}: " + (
                ", ".join(values)
            )
    for spec in ordered:
        value, first = fields.get(spec.name), fields.get(spec.on_or_after)
        if not isinstance(value, date):
            continue
        if not isinstance(first, date) or value < first:
            after = specs[spec.on_or_after]
            return spec.name, (
                f"{spec.label.lower()} on or after the {after.label.lower()}, which it needs"
            )
    return None


_ORDERING: dict[str, tuple[dict[str, FieldSpec], tuple[FieldSpec, ...], tuple[FieldSpec, ...]]] = {}


def _ordering_specs(
    event_type: str,
) -> tuple[dict[str, FieldSpec], tuple[FieldSpec, ...], tuple[FieldSpec, ...]]:
    """An event type's fields by name, those given only with another's value, and those that
    follow another date: once per type (every event parsed asks; most types have none)."""
    found = _ORDERING.get(event_type)
    if found is None:
        specs = {spec.name: spec for spec in EVENT_FIELDS[event_type]}
        found = _ORDERING[event_type] = (
            specs,
            tuple(spec for spec in specs.values() if spec.only_when[0]),
            tuple(spec for spec in specs.values() if spec.on_or_after),
        )
    return found


def _parse_field(raw: Mapping[str, Any], spec: FieldSpec, where: str) -> FieldValue | None:
    value = raw.get(spec.name)
    if value is None:
        if spec.required:
            raise ScenarioError(where, "missing; this event type needs it")
        return None
    kind = spec.kind
    if kind is FieldKind.DATE:
        return parse_date(value, where)
    if kind is FieldKind.INT:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            raise ScenarioError(where, f"expected a whole number, got {_show(value)}")
        if value < 0 or (spec.name in ("interval_days", "review_days") and value < 1):
            raise ScenarioError(where, f"{_show(value)} is out of range")
        if value > _MAX_NUMBER.get(spec.name, _MAX_ANY_NUMBER):
            raise ScenarioError(where, f"{_show(value)} is out of range (too large)")
        return int(value)
    if kind is FieldKind.ANSWERS:
        return _parse_answers(value, where)
    if kind is FieldKind.BOOL:
        if not isinstance(value, bool):
            raise ScenarioError(where, f"expected true or false, got {_show(value)}")
        return value
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(where, f"expected a non-empty string, got {_show(value)}")
    _check_text(value, where, one_line=False, limit=MAX_TEXT_CHARS)
    if kind is FieldKind.TIME and not _TIME_OF_DAY.fullmatch(value):
        raise ScenarioError(where, f"{_show(value)} is not a time of day such as '14:30'")
    if kind is FieldKind.MATTERS:
        for item in value.split():
            duty, at, trigger = item.partition("@")
            if not (at and duty and trigger):
                raise ScenarioError(where, f"{_show(item)} is not a 'duty@event' pair")
        return " ".join(value.split())
    if kind is FieldKind.AGENCY and not _IDENTIFIER.fullmatch(value):
        raise ScenarioError(where, f"{_show(value)} is not an agency name such as 'police'")
    if kind is FieldKind.CHOICE and value not in spec.choices:
        raise ScenarioError(
            where, f"{_show(value)} is not one of {', '.join(repr(c) for c in spec.choices)}"
        )
    return value


def _parse_answers(value: object, where: str) -> Mapping[str, bool]:
    """A risk form's answers: question ids (lower-case identifiers) to true or false."""
    if not isinstance(value, Mapping):
        raise ScenarioError(
            where, f"expected an object of question ids to true/false, got {_show(value)}"
        )
    if len(value) > _MAX_ANSWERS:
        raise ScenarioError(where, f"more than {_MAX_ANSWERS} answers")
    answers: dict[str, bool] = {}
    for key, answer in value.items():
        if not isinstance(key, str) or not _IDENTIFIER.fullmatch(key) or len(key) > 64:
            raise ScenarioError(
                where, f"{_show(key)} is not a question id such as 'threats_to_kill'"
            )
        if not isinstance(answer, bool):
            raise ScenarioError(f"{where}.{key}", f"expected true or false, got {_show(answer)}")
        answers[key] = answer
    return MappingProxyType(answers)


def _optional_date(raw: Mapping[str, Any], name: str, where: str) -> date | None:
    value = raw.get(name)
    return None if value is None else parse_date(value, where)


def _optional_text(raw: Mapping[str, Any], name: str, where: str) -> str | None:
    value = raw.get(name)
    if value is None:
        return None
    _check_text(value, where)
    return str(value)


def _check_text(
    value: object, where: str, *, one_line: bool = True, limit: int | None = None
) -> None:
    """The shared rule for text from outside (`untrusted.text_problem`), as a ScenarioError."""
    problem = (
        text_problem(value, one_line=one_line)
        if limit is None
        else text_problem(value, one_line=one_line, limit=limit)
    )
    if problem:
        raise ScenarioError(where, problem)


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def event_to_dict(event: Event) -> dict[str, object]:
    """The contract's JSON shape of one event."""
    out: dict[str, object] = {"id": event.id, "type": event.type, "date": event.date.isoformat()}
    for name, value in event.fields.items():
        if isinstance(value, date):
            out[name] = value.isoformat()
        elif isinstance(value, Mapping):
            out[name] = dict(value)
        else:
            out[name] = value
    return out


def scenario_to_dict(scenario: Scenario) -> dict[str, object]:
    """The contract's JSON shape of a scenario; `parse_scenario` reads it back unchanged."""
    case: dict[str, object] = {}
    facts = scenario.case
    if facts.victim_name is not None:
        case["victim_name"] = facts.victim_name
    if facts.crime_reference is not None:
        case["crime_reference"] = facts.crime_reference
    if facts.offence_date is not None:
        case["offence_date"] = facts.offence_date.isoformat()
    if facts.victim_dob is not None:
        case["victim_dob"] = facts.victim_dob.isoformat()
    case["flags"] = [flag for flag in FLAGS if flag in facts.flags]
    out: dict[str, object] = {}
    if scenario.today is not None:
        out["today"] = scenario.today.isoformat()
    out["case"] = case
    out["events"] = [event_to_dict(e) for e in sorted(scenario.events, key=lambda e: e.position)]
    return out

"""Properties of the engine over random event sequences (hypothesis)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from vcop_desktop.domain.calendar import WorkingCalendar
from vcop_desktop.domain.engine import evaluate
from vcop_desktop.domain.events import CaseFacts, Event, Scenario
from vcop_desktop.domain.obligations import Evaluation, Status
from vcop_desktop.domain.rules import LimitUnit
from vcop_desktop.domain.scenario import parse_scenario, scenario_to_dict
from vcop_desktop.domain.vocabulary import EVENT_FIELDS, FLAGS, FieldKind
from vcop_desktop.rules import default_rulebook

RULES = default_rulebook()
CAL = WorkingCalendar()
BASE = date(2024, 1, 1)
EVENT_TYPES = sorted(t for t in EVENT_FIELDS if t != "duty_met")
AGENCY_CHOICES = ["police", "cps", "wcu", "hmcts", "probation"]


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A valid scenario: random events over about three years, some duty_met records."""
    count = draw(st.integers(min_value=0, max_value=25))
    events: list[dict[str, Any]] = []
    for i in range(count):
        event_type = draw(st.sampled_from(EVENT_TYPES))
        day = BASE + timedelta(days=draw(st.integers(min_value=0, max_value=1100)))
        event: dict[str, Any] = {"id": f"e{i}", "type": event_type, "date": day.isoformat()}
        if any(
            spec.required
            and spec.kind is FieldKind.EVENT_REF
            and not any(e["type"] in spec.refers_to for e in events)
            for spec in EVENT_FIELDS[event_type]
        ):
            continue  # a marac_meeting needs a referral to name, a sharing_reviewed a sharing
        for spec in EVENT_FIELDS[event_type]:
            if not spec.required and draw(st.booleans()):
                continue
            if spec.kind is FieldKind.DATE:
                event[spec.name] = (day + timedelta(days=draw(st.integers(0, 20)))).isoformat()
            elif spec.kind is FieldKind.INT:
                event[spec.name] = draw(st.integers(min_value=1, max_value=60))
            elif spec.kind is FieldKind.BOOL:
                event[spec.name] = draw(st.booleans())
            elif spec.kind is FieldKind.AGENCY:
                event[spec.name] = draw(st.sampled_from(AGENCY_CHOICES))
            elif spec.kind is FieldKind.CHOICE:
                event[spec.name] = draw(st.sampled_from(spec.choices))
            elif spec.kind is FieldKind.TIME:
                event[spec.name] = draw(st.sampled_from(["00:00", "09:30", "23:59"]))
            elif spec.kind is FieldKind.TEXT:
                event[spec.name] = "risk-factors-v1" if spec.name == "form" else "a note"
            elif spec.kind is FieldKind.ANSWERS:
                event[spec.name] = draw(
                    st.dictionaries(st.sampled_from(["q_a", "q_b", "q_c"]), st.booleans())
                )
            elif spec.kind is FieldKind.EVENT_REF:
                allowed = [
                    e["id"] for e in events if not spec.refers_to or e["type"] in spec.refers_to
                ]
                if allowed:
                    event[spec.name] = draw(st.sampled_from(allowed))
        for spec in EVENT_FIELDS[event_type]:  # a field only for some values of another
            other, values = spec.only_when
            if other and event.get(other) not in values:
                event.pop(spec.name, None)
        if "window_end" in event:  # a trial window runs from the hearing date to its end
            if "hearing_date" in event:
                event["window_end"] = max(event["window_end"], event["hearing_date"])
            else:
                del event["window_end"]
        if event_type == "risk_assessment" and not ({"score", "answers"} & event.keys()):
            event["score"] = draw(st.integers(min_value=0, max_value=30))
        events.append(event)
    case: dict[str, Any] = {"flags": draw(st.lists(st.sampled_from(FLAGS), unique=True))}
    if draw(st.booleans()):
        case["offence_date"] = (BASE - timedelta(days=draw(st.integers(0, 400)))).isoformat()
    if draw(st.booleans()):
        case["victim_dob"] = (BASE - timedelta(days=draw(st.integers(3000, 20000)))).isoformat()
    scenario = {"case": case, "events": events}
    # Record some duties as met, against obligations that really exist.
    first = judge(parse(scenario), date(2027, 6, 1))
    picks = (
        draw(st.lists(st.sampled_from(first.obligations), max_size=4)) if first.obligations else []
    )
    for n, obligation in enumerate(picks):
        day = BASE + timedelta(days=draw(st.integers(0, 1200)))
        events.append({"id": f"m{n}", "type": "duty_met", "date": day.isoformat(),
                       "duty": obligation.duty, "trigger": obligation.trigger})  # fmt: skip
    return scenario


def parse(data: dict[str, Any]) -> Scenario:
    return parse_scenario(data, RULES.duty_ids)


def judge(scenario: Scenario, today: date) -> Evaluation:
    return evaluate(scenario, today, RULES, CAL)


def as_set(result: Evaluation) -> set[tuple[object, ...]]:
    return {(o.key, o.owed_by, o.due, o.status, o.met_on) for o in result.obligations}


todays = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 1, 1))


@given(data=scenarios(), today=todays)
def test_never_raises_and_one_obligation_per_duty_and_trigger(
    data: dict[str, Any], today: date
) -> None:
    result = judge(parse(data), today)
    assert len({o.key for o in result.obligations}) == len(result.obligations)


@given(data=scenarios(), today=todays)
def test_working_day_due_dates_are_working_days_after_their_clock_start(
    data: dict[str, Any], today: date
) -> None:
    result = judge(parse(data), today)
    for o in result.obligations:
        rule = RULES.rule(o.duty)
        assert rule is not None
        limit = rule.limit_for(result.enhanced)
        if o.due is not None and limit is not None and limit.unit is LimitUnit.WORKING_DAYS:
            assert o.clock_start is not None
            assert CAL.is_working_day(o.due), o
            assert o.due > o.clock_start, o


@given(data=scenarios(), today=todays)
def test_enhanced_limits_are_never_longer(data: dict[str, Any], today: date) -> None:
    standard_case = {**data["case"], "flags": [], "victim_dob": None}
    standard = judge(parse({**data, "case": standard_case}), today)
    enhanced = judge(parse({**data, "case": {**standard_case, "flags": ["intimidated"]}}), today)
    assert enhanced.enhanced and not standard.enhanced
    standard_due = {o.key: o.due for o in standard.obligations}
    for o in enhanced.obligations:
        before = standard_due.get(o.key)
        if o.due is not None and before is not None:
            assert o.due <= before, o.key


@given(data=scenarios(), today=todays, pick=st.integers(min_value=0), when=st.integers(0, 1200))
def test_adding_duty_met_never_unmeets_anything(
    data: dict[str, Any], today: date, pick: int, when: int
) -> None:
    before = judge(parse(data), today)
    if not before.obligations:
        return
    target = before.obligations[pick % len(before.obligations)]
    extra = {"id": "added", "type": "duty_met", "date": (BASE + timedelta(days=when)).isoformat(),
             "duty": target.duty, "trigger": target.trigger}  # fmt: skip
    after = judge(parse({**data, "events": [*data["events"], extra]}), today)
    after_by_key = {o.key: o for o in after.obligations}
    for o in before.obligations:
        if o.met_on is not None:
            assert after_by_key[o.key].met_on is not None, o.key
    if target.status is not Status.NOT_APPLICABLE:
        assert after_by_key[target.key].met_on is not None


@given(data=scenarios(), today=todays, seed=st.integers())
def test_results_do_not_depend_on_event_order(data: dict[str, Any], today: date, seed: int) -> None:
    shuffled = list(data["events"])
    random.Random(seed).shuffle(shuffled)
    assert as_set(judge(parse(data), today)) == as_set(
        judge(parse({**data, "events": shuffled}), today)
    )


@given(data=scenarios())
def test_scenario_round_trips_through_json_shape(data: dict[str, Any]) -> None:
    scenario = parse(data)
    again = parse(scenario_to_dict(scenario))
    assert again.case == scenario.case
    assert [(e.id, e.type, e.date, dict(e.fields)) for e in again.events] == [
        (e.id, e.type, e.date, dict(e.fields)) for e in scenario.events
    ]


def test_status_is_a_function_of_today() -> None:
    # Sanity for the generator: a scenario built by hand through the same types.
    scenario = Scenario(
        CaseFacts(), (Event("a", "suspect_arrested", date(2026, 3, 6), position=0),)
    )
    assert judge(scenario, date(2026, 3, 13)).obligations[0].status.value == "open"
    assert judge(scenario, date(2026, 3, 16)).obligations[0].status.value == "overdue"

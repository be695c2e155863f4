"""Hand-worked deadlines at the edges a broken rule would move (issue 11, section 1).

Each test pins a date worked out by hand from the calendar, with the count in a comment, so a
one-character change to the engine (a `<` for a `<=`, the last record for the first) fails.
March 2026 has no bank holiday (Easter Monday is 6 April), so working days there are Mon-Fri.
"""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

import pytest

from tests.domain.helpers import d, ev, keys, ob, run
from vcop_desktop.domain.engine import evaluate
from vcop_desktop.domain.enhanced import GROUND_DESCRIPTIONS, enhanced_grounds
from vcop_desktop.domain.events import CaseFacts, Event, Scenario
from vcop_desktop.domain.obligations import Category, Obligation, Status
from vcop_desktop.rules import default_rulebook

# The grounds of duties.md "Enhanced rights", written out here rather than read from the
# vocabulary, so dropping one from the code's list is noticed.
ENHANCED_FLAGS = [
    "domestic_abuse", "sexual_offence", "hate_crime", "terrorism", "human_trafficking",
    "modern_slavery", "attempted_murder", "kidnap", "false_imprisonment",
    "arson_endangering_life", "wounding_with_intent", "bereaved_relative",
    "persistently_targeted", "vulnerable", "intimidated",
]  # fmt: skip
NOT_GROUNDS = ["violent_or_sexual_offence", "police_colleague", "offender_under_18",
               "crime_of_violence"]  # fmt: skip

ARREST = [ev("a", "suspect_arrested", "2026-03-02")]  # a Monday


# -- enhanced rights -----------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ENHANCED_FLAGS)
def test_every_enhanced_ground_is_a_ground(flag: str) -> None:
    result = run(ARREST, "2026-03-03", flags=[flag])
    assert result.enhanced is True
    assert result.enhanced_grounds == (flag,)
    assert flag in GROUND_DESCRIPTIONS
    # Enhanced: 1 working day from Mon 2 March = Tue 3 March.
    assert ob(result, "police.inform_arrest", "a").due == d("2026-03-03")


@pytest.mark.parametrize("flag", NOT_GROUNDS)
def test_flags_that_are_not_grounds(flag: str) -> None:
    result = run(ARREST, "2026-03-03", flags=[flag])
    assert (result.enhanced, result.enhanced_grounds) == (False, ())
    # Standard: 5 working days from Mon 2 March: 3, 4, 5, 6, 9 -> Mon 9 March.
    assert ob(result, "police.inform_arrest", "a").due == d("2026-03-09")


def test_grounds_are_listed_in_flag_order_then_under_18() -> None:
    case = CaseFacts(
        flags=frozenset({"intimidated", "domestic_abuse", "vulnerable"}),
        victim_dob=date(2010, 1, 1),
        offence_date=date(2026, 1, 1),
    )
    assert enhanced_grounds(case) == ("domestic_abuse", "vulnerable", "intimidated", "under_18")


def test_seventeen_year_old_has_the_under_18_ground() -> None:
    # Born 10 May 2008: 18 on 10 May 2026; the offence on 9 May 2026 is at 17.
    result = run(ARREST, "2026-03-03", victim_dob="2008-05-10", offence_date="2026-05-09")
    assert result.enhanced_grounds == ("under_18",)
    assert result.enhanced is True


def test_offence_on_the_eighteenth_birthday_is_an_adults() -> None:
    result = run(ARREST, "2026-03-03", victim_dob="2008-05-10", offence_date="2026-05-10")
    assert (result.enhanced, result.enhanced_grounds) == (False, ())


def test_no_under_18_ground_without_both_dates() -> None:
    assert enhanced_grounds(CaseFacts(victim_dob=date(2015, 1, 1))) == ()
    assert enhanced_grounds(CaseFacts(offence_date=date(2026, 1, 1))) == ()


# -- CICA for children (ChildAwareDeadline) --------------------------------------------------------


def cica(offence: str, reported: str, dob: str) -> Obligation:
    result = run(
        [ev("r", "crime_reported", reported)],
        "2026-06-01",
        flags=["crime_of_violence"],
        offence_date=offence,
        victim_dob=dob,
    )
    return ob(result, "victim.cica_apply", "r")


def test_cica_child_reported_before_eighteen_has_until_the_day_before_twentieth_birthday() -> None:
    # Born 10 May 2008, offence at 17 (1 Jan 2026), reported that day: the application must be
    # received before the 20th birthday (10 May 2028), so the last day is 9 May 2028, later than
    # offence + 2 years (1 Jan 2028).
    assert cica("2026-01-01", "2026-01-01", "2008-05-10").due == d("2028-05-09")


def test_cica_offence_on_eighteenth_birthday_counts_from_the_offence() -> None:
    # Offence on the 18th birthday (10 May 2026) is an adult's: offence + 2 years = 10 May 2028,
    # not the report date (1 Aug 2026) + 2 years as for a child reporting after turning 18.
    assert cica("2026-05-10", "2026-08-01", "2008-05-10").due == d("2028-05-10")


def test_cica_child_reporting_on_eighteenth_birthday_counts_from_report() -> None:
    # Born 29 Feb 2008: 18 on 1 Mar 2026 (Family Law Reform Act 1969 s.9), 20 on 29 Feb 2028.
    # Offence at 17 (27 Feb 2026), reported on the 18th birthday (1 Mar 2026): report + 2 years
    # = 1 Mar 2028, not the day before the 20th birthday (28 Feb 2028).
    assert cica("2026-02-27", "2026-03-01", "2008-02-29").due == d("2028-03-01")


def test_cica_child_reporting_after_eighteen_counts_from_report() -> None:
    # Offence at 17 (9 May 2026), reported 1 June 2026 after turning 18: 1 June 2028.
    assert cica("2026-05-09", "2026-06-01", "2008-05-10").due == d("2028-06-01")


def test_cica_adult_counts_from_offence() -> None:
    # Adult: offence 3 March 2025 + 2 years = 3 March 2027 (reported later, 1 June 2026).
    assert cica("2025-03-03", "2026-06-01", "1980-01-01").due == d("2027-03-03")
    # No date of birth: as an adult.
    result = run(
        [ev("r", "crime_reported", "2026-06-01")],
        "2026-06-01",
        flags=["crime_of_violence"],
        offence_date="2025-03-03",
    )
    assert ob(result, "victim.cica_apply", "r").due == d("2027-03-03")


# -- police VRR availability ---------------------------------------------------------------------


def police_vrr(interview_day: str) -> Obligation:
    events = [
        ev("i", "suspect_interviewed_under_caution", interview_day),
        ev("n", "police_decision_no_charge", "2026-03-10"),
    ]
    return ob(run(events, "2026-03-11"), "victim.police_vrr", "n")


def test_police_vrr_not_available_when_interview_after_decision() -> None:
    vrr = police_vrr("2026-03-11")
    assert vrr.status is Status.NOT_APPLICABLE
    assert vrr.due is None
    assert vrr.reason and "interviewed under caution" in vrr.reason
    assert vrr.clock_assumed is False  # no clock at all, so nothing assumed


def test_police_vrr_available_when_interview_same_day_as_decision() -> None:
    vrr = police_vrr("2026-03-10")
    # Victim not recorded as told: decision date 10 March 2026 + 3 months = 10 June 2026.
    assert (vrr.status, vrr.due, vrr.clock_assumed) == (Status.OPEN, d("2026-06-10"), True)
    assert vrr.reason is None


# -- met on time, met late, overdue --------------------------------------------------------------


@pytest.mark.parametrize(
    ("met_day", "status"),
    [("2026-03-09", Status.MET), ("2026-03-10", Status.MET_LATE)],
)
def test_met_on_the_due_date_is_on_time_the_day_after_is_late(met_day: str, status: Status) -> None:
    # Standard: Mon 2 March + 5 working days = Mon 9 March.
    events = [*ARREST, ev("m", "duty_met", met_day, duty="police.inform_arrest", trigger="a")]
    arrest = ob(run(events, "2026-04-01"), "police.inform_arrest", "a")
    assert (arrest.due, arrest.met_on, arrest.status) == (d("2026-03-09"), d(met_day), status)
    assert arrest.status.is_breach is (status is Status.MET_LATE)


@pytest.mark.parametrize(
    ("today", "status"), [("2026-03-09", Status.OPEN), ("2026-03-10", Status.OVERDUE)]
)
def test_overdue_from_the_day_after_the_due_date(today: str, status: Status) -> None:
    assert ob(run(ARREST, today), "police.inform_arrest", "a").status is status


def test_earliest_duty_met_record_wins() -> None:
    # Listed latest first: the earlier record (5 March, before the due 9 March) still wins.
    events = [
        *ARREST,
        ev("m2", "duty_met", "2026-03-12", duty="police.inform_arrest", trigger="a"),
        ev("m1", "duty_met", "2026-03-05", duty="police.inform_arrest", trigger="a"),
    ]
    arrest = ob(run(events, "2026-04-01"), "police.inform_arrest", "a")
    assert (arrest.met_on, arrest.status) == (d("2026-03-05"), Status.MET)


# -- opting out ----------------------------------------------------------------------------------


def test_earliest_opt_out_wins() -> None:
    events = [
        ev("o2", "victim_opted_out", "2026-03-20", scope="updates"),
        ev("o1", "victim_opted_out", "2026-02-27", scope="updates"),
        *ARREST,
    ]
    assert ob(run(events, "2026-04-01"), "police.inform_arrest", "a").status is Status.WAIVED


@pytest.mark.parametrize(
    ("opt_out_day", "status"), [("2026-03-02", Status.WAIVED), ("2026-03-03", Status.OVERDUE)]
)
def test_opt_out_waives_triggers_on_or_after_it(opt_out_day: str, status: Status) -> None:
    events = [*ARREST, ev("o", "victim_opted_out", opt_out_day, scope="updates")]
    assert ob(run(events, "2026-04-01"), "police.inform_arrest", "a").status is status


def test_opt_out_does_not_waive_a_met_duty() -> None:
    events = [
        ev("o", "victim_opted_out", "2026-03-01", scope="updates"),
        *ARREST,
        ev("m", "duty_met", "2026-03-04", duty="police.inform_arrest", trigger="a"),
    ]
    assert ob(run(events, "2026-04-01"), "police.inform_arrest", "a").status is Status.MET


# -- complaints: who answers ---------------------------------------------------------------------


def complaint_reply(against: str, *answers: dict[str, object]) -> Obligation:
    events = [ev("c", "complaint_made", "2026-03-02", against=against), *answers]
    return ob(run(events, "2026-03-05"), "provider.complaint_reply", "c")


def test_police_outcome_does_not_answer_a_complaint_against_the_cps() -> None:
    reply = complaint_reply("cps", ev("o", "police_complaint_outcome", "2026-03-04"))
    # 10 working days from Mon 2 March: 3-6, 9-13, 16 -> Mon 16 March.
    assert (reply.owed_by, reply.due, reply.met_on) == ("cps", d("2026-03-16"), None)
    assert reply.status is Status.OPEN


def test_police_outcome_answers_a_complaint_against_the_police() -> None:
    reply = complaint_reply("police", ev("o", "police_complaint_outcome", "2026-03-04"))
    assert (reply.met_on, reply.status) == (d("2026-03-04"), Status.MET)


def test_cps_stage1_reply_answers_only_a_complaint_against_the_cps() -> None:
    stage1 = ev("s", "cps_complaint_stage1_reply", "2026-03-04")
    assert complaint_reply("cps", stage1).met_on == d("2026-03-04")
    assert complaint_reply("police", stage1).met_on is None


def test_a_reply_from_another_agency_does_not_answer() -> None:
    other = ev("r", "complaint_reply_received", "2026-03-04", **{"from": "police"})
    assert complaint_reply("cps", other).met_on is None
    own = ev("r", "complaint_reply_received", "2026-03-04", **{"from": "cps"})
    assert complaint_reply("cps", own).met_on == d("2026-03-04")


# -- recurring updates ---------------------------------------------------------------------------


def updates(*events: dict[str, object], today: str = "2026-06-01") -> dict[str, Obligation]:
    result = run(list(events), today)
    return {o.trigger: o for o in result.obligations if o.duty == "police.update"}


AGREED = ev("g", "update_frequency_agreed", "2026-03-02", interval_days=14)  # due 16 March


def test_cycles_end_at_the_first_ending_event() -> None:
    cycles = updates(
        AGREED,
        ev("u1", "update_received", "2026-03-16", **{"from": "police"}),  # next due 30 March
        ev("k", "case_closed", "2026-04-30"),
        ev("c", "suspect_charged", "2026-03-20"),
    )
    # Charged 20 March: the cycle due 30 March falls after the end and is not listed.
    assert set(cycles) == {"g"}
    assert (cycles["g"].due, cycles["g"].met_on) == (d("2026-03-16"), d("2026-03-16"))


def test_cycles_end_at_the_first_of_two_ending_events_of_one_type() -> None:
    cycles = updates(
        AGREED,
        ev("u1", "update_received", "2026-03-16", **{"from": "police"}),  # next due 30 March
        ev("n1", "police_decision_no_charge", "2026-03-20"),
        ev("n2", "police_decision_no_charge", "2026-04-30"),
    )
    assert set(cycles) == {"g"}


@pytest.mark.parametrize(("end_day", "listed"), [("2026-03-16", True), ("2026-03-15", False)])
def test_a_cycle_due_on_the_ending_day_is_listed(end_day: str, listed: bool) -> None:
    cycles = updates(AGREED, ev("c", "suspect_charged", end_day))
    assert ("g" in cycles) is listed
    if listed:
        # Due 2 March + 14 days = 16 March; unmet on 1 June.
        assert (cycles["g"].due, cycles["g"].status) == (d("2026-03-16"), Status.OVERDUE)


def test_a_new_agreement_on_the_due_day_replaces_the_pending_cycle() -> None:
    cycles = updates(AGREED, ev("g2", "update_frequency_agreed", "2026-03-16", interval_days=7))
    # The first cycle was due 16 March, the day of the new agreement: not yet missed.
    assert set(cycles) == {"g2"}
    assert cycles["g2"].due == d("2026-03-23")  # 16 March + 7 days


def test_a_new_agreement_after_the_due_day_leaves_the_missed_cycle_listed() -> None:
    cycles = updates(AGREED, ev("g2", "update_frequency_agreed", "2026-03-17", interval_days=7))
    assert set(cycles) == {"g", "g2"}
    assert (cycles["g"].due, cycles["g"].status) == (d("2026-03-16"), Status.OVERDUE)
    assert cycles["g2"].due == d("2026-03-24")  # 17 March + 7 days


def test_a_cycle_is_met_by_the_earlier_of_record_and_update() -> None:
    record_first = updates(
        AGREED,
        ev("m", "duty_met", "2026-03-10", duty="police.update", trigger="g"),
        ev("u1", "update_received", "2026-03-18", **{"from": "police"}),
    )
    assert (record_first["g"].met_on, record_first["g"].status) == (d("2026-03-10"), Status.MET)
    update_first = updates(
        AGREED,
        ev("u1", "update_received", "2026-03-12", **{"from": "police"}),
        ev("m", "duty_met", "2026-03-20", duty="police.update", trigger="g"),
    )
    assert (update_first["g"].met_on, update_first["g"].status) == (d("2026-03-12"), Status.MET)


def test_an_update_from_another_agency_does_not_renew() -> None:
    cycles = updates(AGREED, ev("u", "update_received", "2026-03-10", **{"from": "cps"}))
    assert set(cycles) == {"g"}
    assert cycles["g"].met_on is None


def test_cycle_limit_text_and_clock() -> None:
    cycle = updates(AGREED)["g"]
    assert cycle.limit == "every 14 days, as agreed"
    assert (cycle.clock_start, cycle.owed_by) == (d("2026-03-02"), "police")
    assert cycle.clock_assumed is False  # the agreement's own date


# -- conditions ----------------------------------------------------------------------------------


def uls(**fields: object) -> Obligation | None:
    events = [ev("s", "sentence", "2026-03-02", court="crown", **fields)]
    found = [o for o in run(events, "2026-03-03").obligations if o.duty == "victim.uls_request"]
    return found[0] if found else None


def test_not_condition_uls_not_eligible() -> None:
    ruled_out = uls(uls_eligible=False)
    assert ruled_out is not None and ruled_out.status is Status.NOT_APPLICABLE
    assert ruled_out.reason and "not eligible" in ruled_out.reason


@pytest.mark.parametrize("fields", [{"uls_eligible": True}, {}])
def test_not_condition_uls_eligible_or_unknown(fields: dict[str, object]) -> None:
    owed = uls(**fields)
    # 2 March + 28 calendar days = 30 March.
    assert owed is not None and (owed.status, owed.due) == (Status.OPEN, d("2026-03-30"))


def test_uls_only_for_the_crown_court() -> None:
    events = [ev("s", "sentence", "2026-03-02", court="magistrates")]
    assert ("victim.uls_request", "s") not in keys(run(events, "2026-03-03"))


def vcs(custody: object, hospital: object = None) -> set[tuple[str, str]]:
    fields: dict[str, object] = {"custody_months": custody}
    if hospital is not None:
        fields["hospital_order"] = hospital
    event = Event("s", "sentence", date(2026, 3, 2), MappingProxyType(fields))  # type: ignore[arg-type]
    scenario = Scenario(CaseFacts(flags=frozenset({"sexual_offence"})), (event,))
    return keys(evaluate(scenario, date(2026, 3, 3), default_rulebook()))


def test_vcs_custody_threshold_and_hospital_order_type() -> None:
    assert ("wcu.refer_vcs", "s") in vcs(12)
    assert ("wcu.refer_vcs", "s") not in vcs(11)
    assert ("wcu.refer_vcs", "s") in vcs(0, True)
    # A number 1 is not `true`: the field must be a real true/false.
    assert ("wcu.refer_vcs", "s") not in vcs(0, 1)


# -- JSON ------------------------------------------------------------------------------------------


def test_json_carries_clock_start_and_reason() -> None:
    vrr = police_vrr("2026-03-11")
    out = vrr.to_dict()
    assert out["reason"] == vrr.reason and vrr.reason
    assert out["clock_start"] is None and out["due"] is None
    arrest = ob(run(ARREST, "2026-03-03"), "police.inform_arrest", "a").to_dict()
    assert arrest["clock_start"] == "2026-03-02"
    assert arrest["due"] == "2026-03-09"
    assert "reason" not in arrest
    assert arrest["category"] == Category.CODE.value
    assert arrest["clock_start_assumed"] is False


# -- scenario checks -------------------------------------------------------------------------------


def parse_one(**fields: object) -> Event:
    from vcop_desktop.domain.scenario import parse_scenario

    scenario = parse_scenario({"events": [{"id": "e", "date": "2026-03-02", **fields}]})
    return scenario.events[0]


@pytest.mark.parametrize(
    ("fields", "where", "problem"),
    [
        ({"type": "update_frequency_agreed", "interval_days": 0}, "interval_days",
         "0 is out of range"),
        ({"type": "update_frequency_agreed", "interval_days": -7}, "interval_days",
         "-7 is out of range"),
        ({"type": "sentence", "custody_months": -1}, "custody_months", "-1 is out of range"),
        ({"type": "sentence", "custody_months": True}, "custody_months",
         "expected a whole number, got True"),
        ({"type": "sentence", "custody_months": 12.5}, "custody_months",
         "expected a whole number, got 12.5"),
        ({"type": "sentence", "custody_months": "12"}, "custody_months",
         "expected a whole number, got '12'"),
        ({"type": "sentence", "hospital_order": 1}, "hospital_order",
         "expected true or false, got 1"),
        ({"type": "sentence", "court": "supreme"}, "court",
         "'supreme' is not one of 'crown', 'magistrates'"),
        ({"type": "update_received", "from": "The Police"}, "from",
         "'The Police' is not an agency name such as 'police'"),
        ({"type": "update_received", "from": "   "}, "from",
         "expected a non-empty string, got '   '"),
        ({"type": "complaint_made", "against": "cps", "matters": "police.inform_arrest"},
         "matters", "'police.inform_arrest' is not a 'duty@event' pair"),
        ({"type": "complaint_made", "against": "cps", "matters": "@e"},
         "matters", "'@e' is not a 'duty@event' pair"),
        ({"type": "complaint_made", "against": "cps", "matters": "police.inform_arrest@"},
         "matters", "'police.inform_arrest@' is not a 'duty@event' pair"),
    ],
)  # fmt: skip
def test_bad_event_fields_are_named(fields: dict[str, object], where: str, problem: str) -> None:
    from vcop_desktop.domain.errors import ScenarioError

    with pytest.raises(ScenarioError) as caught:
        parse_one(**fields)
    assert caught.value.where == f"events[0].{where}"
    assert caught.value.problem == problem


def test_good_event_fields_are_typed() -> None:
    assert parse_one(type="update_frequency_agreed", interval_days=1).fields["interval_days"] == 1
    sentence = parse_one(type="sentence", custody_months=12.0, court="crown", hospital_order=False)
    assert sentence.fields["custody_months"] == 12
    assert type(sentence.fields["custody_months"]) is int
    assert sentence.fields == {"custody_months": 12, "court": "crown", "hospital_order": False}
    assert parse_one(type="sentence", custody_months=0).fields["custody_months"] == 0
    # An agency not in the contract's list is accepted when written as an identifier.
    assert parse_one(type="update_received", **{"from": "yot_north"}).fields["from"] == "yot_north"


# -- small helpers the engine's callers rely on --------------------------------------------------


def test_bank_holiday_names() -> None:
    from vcop_desktop.domain.calendar import bank_holiday_name

    assert bank_holiday_name(date(2026, 4, 6)) == "Easter Monday"
    # 26 Dec 2026 is a Saturday: the substitute day is Monday 28 December.
    assert bank_holiday_name(date(2026, 12, 28)) == "Boxing Day (observed)"
    assert bank_holiday_name(date(2026, 3, 2)) is None


def test_calendars_with_the_same_closures_are_equal() -> None:
    from vcop_desktop.domain.calendar import WorkingCalendar

    one = WorkingCalendar([date(2026, 3, 3)])
    assert one == WorkingCalendar([date(2026, 3, 3)])
    assert hash(one) == hash(WorkingCalendar([date(2026, 3, 3)]))
    assert one != WorkingCalendar()
    assert one != "a calendar"
    assert one.extra_closures == frozenset({date(2026, 3, 3)})
    # Closed Tue 3 March: Mon 2 March + 1 working day = Wed 4 March.
    assert one.add_working_days(date(2026, 3, 2), 1) == date(2026, 3, 4)


def test_event_labels() -> None:
    from vcop_desktop.domain.vocabulary import event_label

    assert event_label("cps_vrr_requested") == "CPS VRR requested"
    assert event_label("suspect_charged") == "Suspect charged"


def test_matters_round_trip() -> None:
    from vcop_desktop.domain.scenario import matter_keys, matters_text

    pairs = [("police.inform_arrest", "a"), ("cps.inform_no_charge", "n")]
    assert matters_text(pairs) == "police.inform_arrest@a cps.inform_no_charge@n"
    assert matter_keys("police.inform_arrest@a  cps.inform_no_charge@n") == pairs
    assert matter_keys("x@y@z") == [("x", "y@z")]


def test_parse_event_alone() -> None:
    from vcop_desktop.domain.scenario import parse_event

    event = parse_event({"id": "e", "type": "sentence", "date": "2026-03-02", "court": "crown"}, 4)
    assert (event.id, event.type, event.date, event.position) == (
        "e",
        "sentence",
        d("2026-03-02"),
        4,
    )
    assert dict(event.fields) == {"court": "crown"}


def test_scenario_error_messages() -> None:
    from vcop_desktop.domain.errors import ScenarioError
    from vcop_desktop.domain.scenario import parse_scenario

    assert str(ScenarioError("", "no where")) == "no where"
    assert str(ScenarioError("events[0]", "bad")) == "events[0]: bad"
    with pytest.raises(ScenarioError) as caught:
        parse_scenario({"events": [{"id": "e", "type": "x" * 100, "date": "2026-03-02"}]})
    # Long values are cut to 60 characters, ending "...".
    shown = "'" + "x" * 56 + "..."
    assert str(caught.value) == f"events[0].type: unknown event type {shown}"


def test_obligation_and_evaluation_json_in_full() -> None:
    from vcop_desktop.domain.obligations import Evaluation

    obligation = Obligation(
        duty="police.inform_arrest", trigger="a", owed_by="police", right=6, statutory=True,
        due=date(2026, 3, 9), status=Status.MET_LATE, met_on=date(2026, 3, 10),
        clock_start=date(2026, 3, 2), what="Tell", source="Code", pack="vcop-2020",
        confidence="assumed", reason=None, limit="5 working days", clock_assumed=True,
        clock="received", category=Category.TARGET, pack_version=2,
    )  # fmt: skip
    expected = {
        "duty": "police.inform_arrest", "trigger": "a", "owed_by": "police", "right": 6,
        "statutory": True, "due": "2026-03-09", "status": "met_late", "met_on": "2026-03-10",
        "clock_start": "2026-03-02", "clock_start_assumed": True, "clock": "received",
        "category": "target", "limit": "5 working days", "what": "Tell", "source": "Code",
        "pack": "vcop-2020", "pack_version": 2, "confidence": "assumed",
    }  # fmt: skip
    assert obligation.to_dict() == expected
    evaluation = Evaluation(date(2026, 4, 1), True, ("kidnap",), (obligation,))
    assert evaluation.to_dict() == {
        "today": "2026-04-01", "enhanced": True, "enhanced_grounds": ["kidnap"],
        "obligations": [expected],
    }  # fmt: skip


# -- events built directly (as storage builds them, without the parser's checks) -----------------


def direct(
    *events: Event, flags: frozenset[str] = frozenset()
) -> dict[tuple[str, str], Obligation]:
    scenario = Scenario(CaseFacts(flags=flags), events)
    result = evaluate(scenario, date(2026, 6, 1), default_rulebook())
    return {o.key: o for o in result.obligations}


def event(event_id: str, event_type: str, day: str, position: int = 0, **fields: object) -> Event:
    return Event(event_id, event_type, d(day), MappingProxyType(fields), position)  # type: ignore[arg-type]


def test_an_agreement_without_a_usable_interval_starts_no_cycle() -> None:
    found = direct(
        event("g0", "update_frequency_agreed", "2026-03-02", 0),  # no interval recorded
        event("g1", "update_frequency_agreed", "2026-03-05", 1, interval_days=0),
        event("g2", "update_frequency_agreed", "2026-03-09", 2, interval_days=7),
    )
    cycles = {k[1]: o for k, o in found.items() if k[0] == "police.update"}
    # Only the usable agreement counts: 9 March + 7 days = 16 March. (Were the first two read
    # as a 1-day interval, their cycles, due 3 and 6 March, would be listed as missed.)
    assert {t: o.due for t, o in cycles.items()} == {"g2": d("2026-03-16")}


def test_a_final_response_naming_an_unknown_complaint_counts_from_itself() -> None:
    found = direct(event("f", "complaint_final_response", "2026-03-02", complaint="gone"))
    phso = found[("victim.phso_complaint", "f")]
    # 2 March 2026 + 12 months = 2 March 2027, an assumed start.
    assert (phso.due, phso.clock_start, phso.clock_assumed) == (
        d("2027-03-02"),
        d("2026-03-02"),
        True,
    )


def test_a_same_day_complaint_is_the_one_a_final_response_answers() -> None:
    # Both at position 0 (as a caller that does not number events builds them).
    found = direct(
        event("c", "complaint_made", "2026-03-02", against="police", aware_on=d("2026-01-15")),
        event("f", "complaint_final_response", "2026-03-02"),
    )
    phso = found[("victim.phso_complaint", "f")]
    # Aware 15 January 2026 + 12 months = 15 January 2027, recorded (not assumed).
    assert (phso.due, phso.clock_assumed) == (d("2027-01-15"), False)


def test_cycles_of_a_rule_with_a_trigger_type_absent_from_the_case() -> None:
    from vcop_desktop.domain.rules import AgreedInterval, Rule, RuleBook, RulePack

    rule = Rule(
        id="local.update", pack="p", right=None, owed_by="police", owed_by_field=None,
        triggers=frozenset({"update_frequency_agreed", "victim_opted_out"}), what="w",
        source="s", statutory=True,
        schedule=AgreedInterval("interval_days", "update_received", frozenset({"case_closed"})),
    )  # fmt: skip
    book = RuleBook((RulePack("p", "local", "t", date(2020, 1, 1), None, (rule,)),))
    scenario = Scenario(
        CaseFacts(), (event("g", "update_frequency_agreed", "2026-03-02", interval_days=14),)
    )
    (cycle,) = evaluate(scenario, date(2026, 3, 3), book).obligations
    assert (cycle.duty, cycle.trigger, cycle.due) == ("local.update", "g", d("2026-03-16"))


def test_a_review_request_meets_only_the_decision_it_names() -> None:
    events = [
        ev("i", "suspect_interviewed_under_caution", "2026-03-02"),
        ev("n1", "police_decision_no_charge", "2026-03-02"),
        ev("n2", "police_decision_no_charge", "2026-03-10"),
        ev("r2", "police_vrr_requested", "2026-03-12", decision="n2"),
        ev("r1", "police_vrr_requested", "2026-03-20", decision="n1"),
        ev("r", "police_vrr_requested", "2026-03-25"),
    ]
    result = run(events, "2026-04-01")
    assert ob(result, "victim.police_vrr", "n1").met_on == d("2026-03-20")
    assert ob(result, "victim.police_vrr", "n2").met_on == d("2026-03-12")


def test_the_latest_of_several_earlier_complaints_is_answered() -> None:
    events = [
        ev(f"c{i}", "complaint_made", f"2026-03-0{i}", against="police", aware_on=f"2026-01-0{i}")
        for i in (1, 2, 3)
    ] + [ev("f", "complaint_final_response", "2026-03-20")]
    phso = ob(run(events, "2026-04-01"), "victim.phso_complaint", "f")
    # Complaint c3, aware 3 January 2026 + 12 months = 3 January 2027.
    assert (phso.due, phso.clock_assumed) == (d("2027-01-03"), False)


def test_a_one_day_interval_is_usable() -> None:
    cycles = updates(ev("g", "update_frequency_agreed", "2026-03-02", interval_days=1))
    assert cycles["g"].due == d("2026-03-03")  # 2 March + 1 day


def test_rules_built_in_code_without_the_loaders_guards() -> None:
    from vcop_desktop.domain.rules import ClockStart, FlagsAny, Rule, RuleBook, RulePack

    common = {"pack": "p", "right": None, "owed_by": "police", "owed_by_field": None,
              "triggers": frozenset({"crime_reported"}), "what": "w", "source": "s",
              "statutory": True}  # fmt: skip
    ruled_out = Rule(id="local.a", applies_if=FlagsAny(frozenset({"kidnap"})), **common)  # type: ignore[arg-type]
    no_offence = Rule(id="local.b", clock=ClockStart.OFFENCE_DATE, **common)  # type: ignore[arg-type]
    book = RuleBook((RulePack("p", "local", "t", date(2020, 1, 1), None, (ruled_out, no_offence)),))
    scenario = Scenario(CaseFacts(), (event("r", "crime_reported", "2026-03-02"),))
    (only,) = evaluate(scenario, date(2026, 3, 3), book).obligations
    # No offence date: the offence-date rule gives nothing; the other falls back to a reason.
    assert (only.duty, only.status) == ("local.a", Status.NOT_APPLICABLE)
    assert only.reason == "the rule's condition rules it out"


def test_cica_counts_from_a_recorded_offence_date() -> None:
    obligation = cica("2025-03-03", "2026-06-01", "1980-01-01")
    assert (obligation.clock_start, obligation.clock_assumed) == (d("2025-03-03"), False)
    assert obligation.clock == "offence_date"


def test_limit_text_and_clock_name_per_obligation() -> None:
    events = [
        *ARREST,
        ev("r", "crime_reported", "2026-03-02"),
        ev("h", "hearing_listed", "2026-03-02"),
    ]
    standard = run(events, "2026-03-03")
    arrest = ob(standard, "police.inform_arrest", "a")
    assert (arrest.limit, arrest.clock) == ("5 working days", "event")
    assert ob(run(ARREST, "2026-03-03", flags=["kidnap"]), "police.inform_arrest", "a").limit == (
        "1 working day"
    )
    assert ob(standard, "police.record_crime", "r").limit == ""  # no fixed limit
    assert ob(standard, "wcu.inform_hearing", "h").clock == "received"


def test_a_working_day_limit_below_one_is_refused() -> None:
    from vcop_desktop.domain.calendar import WorkingCalendar

    with pytest.raises(ValueError, match=r"^a working-day limit must be at least 1$"):
        WorkingCalendar().add_working_days(date(2026, 3, 2), 0)


CRIME = {"id": "e", "type": "crime_reported", "date": "2026-03-02"}


@pytest.mark.parametrize(
    ("data", "where", "problem"),
    [
        ([], "", "a scenario must be a JSON object with 'case' and 'events'"),
        ({"events": [{**CRIME, "date": 20260302}]}, "events[0].date",
         "expected a date as 'YYYY-MM-DD', got 20260302"),
        ({"events": [CRIME, {"id": "f", "type": "complaint_final_response",
                             "date": "2026-03-03", "complaint": "e"}]},
         "events[1].complaint", "'e' names a crime_reported event, not a complaint_made"),
        ({"events": [CRIME, {"id": "c", "type": "complaint_made", "date": "2026-03-03",
                             "against": "police", "matters": "police.nothing@e"}]},
         "events[1].matters", "'police.nothing' is not a known duty id"),
        ({"events": [{"id": "c", "type": "complaint_made", "date": "2026-03-03",
                      "against": "police", "matters": "police.record_crime@zz"}]},
         "events[0].matters", "'zz' is not the id of an event in this case"),
    ],
)  # fmt: skip
def test_scenario_problems_are_placed_and_worded(data: object, where: str, problem: str) -> None:
    from vcop_desktop.domain.errors import ScenarioError
    from vcop_desktop.domain.scenario import parse_scenario

    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data, {"police.record_crime"})
    assert (caught.value.where, caught.value.problem) == (where, problem)
    assert str(caught.value) == (f"{where}: {problem}" if where else problem)


def test_matters_naming_known_duties_and_events_parse() -> None:
    from vcop_desktop.domain.scenario import parse_scenario

    complaint = {"id": "c", "type": "complaint_made", "date": "2026-03-03", "against": "police",
                 "matters": "police.record_crime@e"}  # fmt: skip
    scenario = parse_scenario({"events": [CRIME, complaint]}, {"police.record_crime"})
    assert scenario.events[1].fields["matters"] == "police.record_crime@e"


def test_typed_getters_refuse_other_types() -> None:
    e = event("e", "sentence", "2026-03-02", t="x", n=3, b=True, d=date(2026, 1, 1))
    assert (e.get_str("t"), e.get_int("n"), e.get_date("d")) == ("x", 3, date(2026, 1, 1))
    assert (e.get_str("n"), e.get_int("t"), e.get_int("b"), e.get_date("t")) == (None,) * 4


@pytest.mark.parametrize(
    ("data", "where", "problem"),
    [
        ({"case": 1, "events": []}, "case", "expected an object, got 1"),
        ({"case": {"flags": "kidnap"}, "events": []}, "case.flags",
         "expected a list of flags, got 'kidnap'"),
        ({"case": {"flags": ["kidnap", "grumpy"]}, "events": []}, "case.flags[1]",
         "unknown flag 'grumpy'"),
        ({"case": {"victim_name": 3}, "events": []}, "case.victim_name",
         "expected a string, got a number"),
        ({"case": {"crime_reference": 3}, "events": []}, "case.crime_reference",
         "expected a string, got a number"),
        ({"case": {"offence_date": "2026-13-01"}, "events": []}, "case.offence_date",
         "'2026-13-01' is not a valid date"),
        ({"case": {"victim_dob": "1/2/2000"}, "events": []}, "case.victim_dob",
         "'1/2/2000' is not a date in the form YYYY-MM-DD"),
        ({"today": "soon", "events": []}, "today", "'soon' is not a date in the form YYYY-MM-DD"),
        ({"case": {}}, "events", "missing; a scenario needs a list of events (may be empty)"),
        ({"events": {}}, "events", "expected a list, got {}"),
        ({"events": [1]}, "events[0]", "expected an object, got 1"),
        ({"events": [{**CRIME, "id": ""}]}, "events[0].id",
         "expected a non-empty string id, got ''"),
        ({"events": [{"id": "e", "type": "crime_reported"}]}, "events[0].date",
         "missing; every event needs a date"),
        ({"events": [{"id": "e", "type": "update_frequency_agreed", "date": "2026-03-02"}]},
         "events[0].interval_days", "missing; this event type needs it"),
        ({"events": [CRIME, CRIME]}, "events[1].id", "duplicate id 'e' (also used by events[0])"),
    ],
)  # fmt: skip
def test_case_and_event_problems_are_placed_and_worded(
    data: object, where: str, problem: str
) -> None:
    test_scenario_problems_are_placed_and_worded(data, where, problem)


def test_scenario_round_trip_keeps_every_case_fact() -> None:
    from vcop_desktop.domain.scenario import parse_scenario, scenario_to_dict

    data = {
        "today": "2026-04-01",
        "case": {"victim_name": "Ann Example", "crime_reference": "AB/1",
                 "offence_date": "2026-02-01", "victim_dob": "1990-05-06",
                 "flags": ["domestic_abuse", "crime_of_violence"]},
        "events": [CRIME, {"id": "s", "type": "sentence", "date": "2026-03-20",
                           "received": "2026-03-21", "court": "crown"}],
    }  # fmt: skip
    assert scenario_to_dict(parse_scenario(data)) == data
    assert scenario_to_dict(parse_scenario({"events": []})) == {"case": {"flags": []}, "events": []}


@pytest.mark.parametrize(
    ("length", "shown"), [(58, "'" + "x" * 58 + "'"), (59, "'" + "x" * 56 + "...")]
)
def test_values_are_cut_after_sixty_characters(length: int, shown: str) -> None:
    from vcop_desktop.domain.errors import ScenarioError
    from vcop_desktop.domain.scenario import parse_scenario

    # A 58-character string has a 60-character repr: shown whole; one more is cut to 57 + "...".
    with pytest.raises(ScenarioError) as caught:
        parse_scenario({"events": [{"id": "e", "type": "x" * length, "date": "2026-03-02"}]})
    assert caught.value.problem == f"unknown event type {shown}"

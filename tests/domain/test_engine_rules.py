"""The catalogue's rules, one behaviour at a time (shared/vcop/duties.md).

Dates were worked out by hand from the 2026 calendar: Good Friday 3 April, Easter Monday 6 April,
early May bank holiday 4 May.
"""

from __future__ import annotations

from typing import ClassVar

from tests.domain.helpers import d, ev, keys, ob, run
from vcop_desktop.domain.obligations import Status


class TestOptOut:
    def test_inform_duties_after_opt_out_are_waived_and_nothing_else_changes(self) -> None:
        result = run(
            [
                ev("r", "crime_reported", "2026-03-02"),
                ev("a1", "suspect_arrested", "2026-03-04"),
                ev("out", "victim_opted_out", "2026-03-05", scope="updates"),
                ev("a2", "suspect_arrested", "2026-03-06"),
                ev("a3", "suspect_arrested", "2026-03-09"),
                ev("m3", "duty_met", "2026-03-10", duty="police.inform_arrest", trigger="a3"),
            ],
            "2026-03-20",
            offence_date="2026-03-01",
            flags=["crime_of_violence"],
        )
        assert ob(result, "police.inform_arrest", "a1").status is Status.OVERDUE
        assert ob(result, "police.inform_arrest", "a2").status is Status.WAIVED
        assert ob(result, "police.inform_arrest", "a3").status is Status.MET
        # Not an inform duty, and the victim's own deadline: untouched.
        assert ob(result, "police.refer_support", "r").status is Status.OVERDUE
        assert ob(result, "victim.cica_apply", "r").status is Status.OPEN

    def test_opt_out_on_the_trigger_day_waives(self) -> None:
        result = run(
            [
                ev("a", "suspect_arrested", "2026-03-06"),
                ev("out", "victim_opted_out", "2026-03-06", scope="updates"),
            ],
            "2026-04-01",
        )
        assert ob(result, "police.inform_arrest", "a").status is Status.WAIVED

    def test_update_cycles_started_after_opt_out_are_waived(self) -> None:
        result = run(
            [
                ev("out", "victim_opted_out", "2026-03-01", scope="updates"),
                ev("agree", "update_frequency_agreed", "2026-03-02", interval_days=7),
            ],
            "2026-04-01",
        )
        assert ob(result, "police.update", "agree").status is Status.WAIVED


class TestRecurringUpdates:
    def test_cycle_met_and_next_cycle_past_the_charge_not_listed(self) -> None:
        result = run(
            [
                ev("agree", "update_frequency_agreed", "2026-03-02", interval_days=14),
                ev("u1", "update_received", "2026-03-10", **{"from": "police"}),
                ev("charge", "suspect_charged", "2026-03-20"),
            ],
            "2026-04-30",
        )
        first = ob(result, "police.update", "agree")
        assert (first.due, first.status, first.met_on) == (
            d("2026-03-16"),
            Status.MET,
            d("2026-03-10"),
        )
        # The cycle from u1 would be due 24 March, after the investigation ended on 20 March.
        assert ("police.update", "u1") not in keys(result)

    def test_missed_update_is_overdue_and_no_cycle_is_invented(self) -> None:
        result = run(
            [ev("agree", "update_frequency_agreed", "2026-03-02", interval_days=7)], "2026-03-20"
        )
        cycles = [o for o in result.obligations if o.duty == "police.update"]
        assert [(o.trigger, o.due, o.status) for o in cycles] == [
            ("agree", d("2026-03-09"), Status.OVERDUE)
        ]

    def test_late_update_meets_late_and_restarts_the_clock(self) -> None:
        result = run(
            [
                ev("agree", "update_frequency_agreed", "2026-03-02", interval_days=7),
                ev("u1", "update_received", "2026-03-12", **{"from": "police"}),
            ],
            "2026-03-13",
        )
        assert ob(result, "police.update", "agree").status is Status.MET_LATE
        nxt = ob(result, "police.update", "u1")
        assert (nxt.due, nxt.status) == (d("2026-03-19"), Status.OPEN)

    def test_update_from_another_agency_does_not_count(self) -> None:
        result = run(
            [
                ev("agree", "update_frequency_agreed", "2026-03-02", interval_days=7),
                ev("u1", "update_received", "2026-03-05", **{"from": "cps"}),
            ],
            "2026-03-20",
        )
        assert ob(result, "police.update", "agree").status is Status.OVERDUE
        assert ("police.update", "u1") not in keys(result)

    def test_new_agreement_replaces_a_cycle_not_yet_due(self) -> None:
        result = run(
            [
                ev("a1", "update_frequency_agreed", "2026-03-02", interval_days=28),
                ev("a2", "update_frequency_agreed", "2026-03-09", interval_days=7),
            ],
            "2026-03-12",
        )
        assert ("police.update", "a1") not in keys(result)
        assert ob(result, "police.update", "a2").due == d("2026-03-16")

    def test_duty_met_meets_a_cycle(self) -> None:
        result = run(
            [
                ev("agree", "update_frequency_agreed", "2026-03-02", interval_days=7),
                ev("m", "duty_met", "2026-03-06", duty="police.update", trigger="agree"),
            ],
            "2026-03-20",
        )
        assert ob(result, "police.update", "agree").met_on == d("2026-03-06")


class TestPoliceRightToReview:
    def test_not_applicable_without_an_interview_under_caution(self) -> None:
        result = run([ev("dec", "police_decision_no_charge", "2026-05-01")], "2026-05-10")
        vrr = ob(result, "victim.police_vrr", "dec")
        assert vrr.status is Status.NOT_APPLICABLE
        assert vrr.reason and "interviewed under caution" in vrr.reason

    def test_three_months_from_the_day_the_victim_was_told(self) -> None:
        result = run(
            [
                ev("int", "suspect_interviewed_under_caution", "2026-04-20"),
                ev("dec", "police_decision_no_charge", "2026-05-01"),
                ev("told", "duty_met", "2026-05-08", duty="police.inform_no_charge", trigger="dec"),
            ],
            "2026-05-10",
        )
        assert ob(result, "victim.police_vrr", "dec").due == d("2026-08-08")
        # 1 May (Friday) + 5 working days, skipping the 4 May bank holiday = 11 May.
        told = ob(result, "police.inform_no_charge", "dec")
        assert (told.due, told.status) == (d("2026-05-11"), Status.MET)

    def test_decision_date_when_telling_not_recorded(self) -> None:
        result = run(
            [
                ev("int", "suspect_interviewed_under_caution", "2026-04-20"),
                ev("dec", "police_decision_no_charge", "2026-05-01"),
            ],
            "2026-05-10",
        )
        assert ob(result, "victim.police_vrr", "dec").due == d("2026-08-01")

    def test_request_starts_acknowledgement_and_outcome_clocks(self) -> None:
        result = run(
            [
                ev("int", "suspect_interviewed_under_caution", "2026-04-20"),
                ev("dec", "police_decision_no_charge", "2026-05-01"),
                ev("req", "police_vrr_requested", "2026-05-11"),
                ev("out", "police_vrr_outcome", "2026-06-30"),
            ],
            "2026-07-01",
        )
        assert ob(result, "victim.police_vrr", "dec").status is Status.MET
        # 11 May + 10 working days (25 May is a bank holiday) = 26 May.
        ack = ob(result, "police.vrr_acknowledge", "req")
        assert (ack.due, ack.status, ack.right) == (d("2026-05-26"), Status.OVERDUE, None)
        outcome = ob(result, "police.vrr_outcome", "req")
        assert (outcome.due, outcome.status) == (d("2026-06-23"), Status.MET_LATE)


class TestCpsRightToReview:
    EVENTS: ClassVar[list[dict[str, object]]] = [
        ev("d1", "cps_decision_no_charge", "2026-01-05"),
        ev("d2", "cps_discontinued", "2026-02-02"),
    ]

    def test_request_naming_a_decision_meets_only_that_decision(self) -> None:
        result = run(
            [*self.EVENTS, ev("r", "cps_vrr_requested", "2026-02-10", decision="d2")],
            "2026-03-01",
        )
        assert ob(result, "victim.cps_vrr_prompt", "d2").status is Status.MET
        assert ob(result, "victim.cps_vrr", "d2").status is Status.MET
        prompt = ob(result, "victim.cps_vrr_prompt", "d1")
        assert (prompt.due, prompt.status) == (d("2026-01-19"), Status.OVERDUE)
        assert ob(result, "victim.cps_vrr", "d1").status is Status.OPEN

    def test_request_without_decision_answers_every_earlier_decision(self) -> None:
        result = run([*self.EVENTS, ev("r", "cps_vrr_requested", "2026-02-10")], "2026-03-01")
        assert ob(result, "victim.cps_vrr_prompt", "d1").status is Status.MET_LATE
        assert ob(result, "victim.cps_vrr_prompt", "d2").met_on == d("2026-02-10")
        assert ob(result, "victim.cps_vrr", "d1").status is Status.MET

    def test_each_kind_of_cps_decision_has_review_deadlines(self) -> None:
        kinds = ["cps_decision_no_charge", "cps_discontinued", "cps_offered_no_evidence",
                 "charges_left_on_file"]  # fmt: skip
        result = run([ev(k, k, "2026-02-02") for k in kinds], "2026-02-03")
        for kind in kinds:
            assert ob(result, "victim.cps_vrr", kind).due == d("2026-05-02")
        assert ("victim.cps_vrr", "cps_charge_altered") not in keys(result)


class TestCica:
    def test_adult_two_years_from_the_offence(self) -> None:
        result = run(
            [ev("r", "crime_reported", "2026-03-10")], "2026-03-11",
            offence_date="2024-02-29", victim_dob="1990-01-01", flags=["crime_of_violence"],
        )  # fmt: skip
        assert ob(result, "victim.cica_apply", "r").due == d("2026-02-28")

    def test_child_reported_before_eighteen_has_until_the_day_before_their_twentieth_birthday(
        self,
    ) -> None:
        result = run(
            [ev("r", "crime_reported", "2026-01-12")], "2026-01-13",
            offence_date="2026-01-10", victim_dob="2010-06-15", flags=["crime_of_violence"],
        )  # fmt: skip
        # Received *before* the 20th birthday (15 Jun 2030): the last day is 14 Jun 2030.
        assert ob(result, "victim.cica_apply", "r").due == d("2030-06-14")
        assert "under_18" in result.enhanced_grounds

    def test_child_reported_after_eighteen_has_two_years_from_the_report(self) -> None:
        result = run(
            [ev("r", "crime_reported", "2026-02-01")], "2026-02-02",
            offence_date="2025-12-01", victim_dob="2008-01-01", flags=["crime_of_violence"],
        )  # fmt: skip
        assert ob(result, "victim.cica_apply", "r").due == d("2028-02-01")

    def test_reported_on_the_eighteenth_birthday_counts_as_adult_report(self) -> None:
        # Born 4 Jun 2008, offence at 17 (1 May 2026). Reported the day before the 18th
        # birthday (3 Jun 2026): a child's report, so the day before the 20th birthday
        # (3 Jun 2028). Reported on the 18th birthday (4 Jun 2026): an adult's, two years from
        # the report (4 Jun 2028).
        def due(reported: str) -> object:
            result = run(
                [ev("r", "crime_reported", reported)], "2026-06-10",
                offence_date="2026-05-01", victim_dob="2008-06-04", flags=["crime_of_violence"],
            )  # fmt: skip
            return ob(result, "victim.cica_apply", "r").due

        assert due("2026-06-03") == d("2028-06-03")
        assert due("2026-06-04") == d("2028-06-04")

    def test_a_leap_day_child_turns_eighteen_on_the_first_of_march(self) -> None:
        # Born 29 Feb 2008: 18 on 1 Mar 2026 in a common year (Family Law Reform Act 1969 s.9),
        # 20 on 29 Feb 2028. A report on 28 Feb 2026 is a child's: last day 28 Feb 2028. A
        # report on 1 Mar 2026 is an adult's: report + 2 years = 1 Mar 2028.
        def due(reported: str) -> object:
            result = run(
                [ev("r", "crime_reported", reported)], "2026-03-02",
                offence_date="2025-12-01", victim_dob="2008-02-29", flags=["crime_of_violence"],
            )  # fmt: skip
            return ob(result, "victim.cica_apply", "r").due

        assert due("2026-02-28") == d("2028-02-28")
        assert due("2026-03-01") == d("2028-03-01")

    def test_a_twentieth_birthday_on_the_first_of_march_of_a_leap_year(self) -> None:
        # Born 1 Mar 2008, offence and report at 17: the 20th birthday is 1 Mar 2028, a leap
        # year, so the last day is 29 Feb 2028 (not 28 Feb, not 1 Mar).
        result = run(
            [ev("r", "crime_reported", "2025-06-01")], "2025-06-02",
            offence_date="2025-05-20", victim_dob="2008-03-01", flags=["crime_of_violence"],
        )  # fmt: skip
        assert ob(result, "victim.cica_apply", "r").due == d("2028-02-29")

    def test_not_applicable_without_a_crime_of_violence(self) -> None:
        result = run(
            [ev("r", "crime_reported", "2026-03-10")], "2026-03-11", offence_date="2026-03-01",
            flags=["hate_crime", "persistently_targeted"],
        )  # fmt: skip
        cica = ob(result, "victim.cica_apply", "r")
        assert cica.status is Status.NOT_APPLICABLE
        assert cica.reason == "the scheme covers crimes of violence"

    def test_each_violence_flag_makes_it_apply(self) -> None:
        for flag in ("crime_of_violence", "violent_or_sexual_offence", "sexual_offence",
                     "wounding_with_intent", "attempted_murder", "arson_endangering_life",
                     "kidnap", "terrorism", "bereaved_relative"):  # fmt: skip
            result = run(
                [ev("r", "crime_reported", "2026-03-10")], "2026-03-11",
                offence_date="2026-03-01", flags=[flag],
            )  # fmt: skip
            cica = ob(result, "victim.cica_apply", "r")
            assert (cica.status, cica.due) == (Status.OPEN, d("2028-03-01")), flag

    def test_crime_of_violence_grounds_no_enhanced_rights(self) -> None:
        result = run(
            [ev("r", "crime_reported", "2026-03-10"), ev("a", "suspect_arrested", "2026-03-10")],
            "2026-03-11", offence_date="2026-03-01", flags=["crime_of_violence"],
        )  # fmt: skip
        assert not result.enhanced and result.enhanced_grounds == ()
        assert ob(result, "police.inform_arrest", "a").due == d("2026-03-17")

    def test_no_offence_date_no_cica_deadline(self) -> None:
        result = run([ev("r", "crime_reported", "2026-01-01")], "2026-01-02")
        assert ("victim.cica_apply", "r") not in keys(result)

    def test_application_meets_it(self) -> None:
        result = run(
            [ev("r", "crime_reported", "2026-01-01"), ev("c", "cica_applied", "2026-06-01")],
            "2026-07-01", offence_date="2025-12-30", flags=["crime_of_violence"],
        )  # fmt: skip
        assert ob(result, "victim.cica_apply", "r").status is Status.MET


class TestSentence:
    def test_vcs_referral_needs_twelve_months_for_a_violent_or_sexual_offence(self) -> None:
        def referral(flags: list[str], **fields: object) -> bool:
            result = run([ev("s", "sentence", "2026-09-04", **fields)], "2026-09-05", flags=flags)
            return ("wcu.refer_vcs", "s") in keys(result)

        assert referral(["violent_or_sexual_offence"], custody_months=12)
        assert referral(["sexual_offence"], custody_months=30)
        assert not referral(["violent_or_sexual_offence"], custody_months=11)
        assert not referral([], custody_months=48)
        assert not referral(["sexual_offence"], hospital_order=False)

    def test_hospital_order_also_needs_a_violent_or_sexual_offence(self) -> None:
        def referral(flags: list[str], **fields: object) -> bool:
            result = run([ev("s", "sentence", "2026-09-04", **fields)], "2026-09-05", flags=flags)
            return ("wcu.refer_vcs", "s") in keys(result)

        assert not referral([], hospital_order=True)
        assert not referral(["crime_of_violence", "hate_crime"], hospital_order=True)
        assert referral(["violent_or_sexual_offence"], hospital_order=True)
        assert referral(["sexual_offence"], hospital_order=True, custody_months=0)

    def test_referral_counts_from_the_sentence_date_not_received(self) -> None:
        result = run(
            [ev("s", "sentence", "2026-09-04", received="2026-09-10", custody_months=24)],
            "2026-09-05", flags=["violent_or_sexual_offence"],
        )  # fmt: skip
        assert ob(result, "wcu.refer_vcs", "s").due == d("2026-09-18")
        assert ob(result, "wcu.inform_sentence", "s").due == d("2026-09-11")

    def test_unduly_lenient_sentence_only_for_the_crown_court(self) -> None:
        crown = run([ev("s", "sentence", "2026-01-30", court="crown")], "2026-02-01")
        uls = ob(crown, "victim.uls_request", "s")
        assert (uls.due, uls.owed_by, uls.statutory) == (d("2026-02-27"), "victim", True)
        mags = run([ev("s", "sentence", "2026-01-30", court="magistrates")], "2026-02-01")
        assert ("victim.uls_request", "s") not in keys(mags)


class TestComplaints:
    def test_reply_owed_by_the_agency_complained_about(self) -> None:
        result = run(
            [
                ev("c", "complaint_made", "2026-03-02", against="wcu"),
                ev("p", "complaint_reply_received", "2026-03-04", **{"from": "police"}),
                ev("w", "complaint_reply_received", "2026-03-20", **{"from": "wcu"}),
            ],
            "2026-04-01",
        )
        reply = ob(result, "provider.complaint_reply", "c")
        assert (reply.owed_by, reply.due, reply.met_on) == ("wcu", d("2026-03-16"), d("2026-03-20"))
        assert reply.status is Status.MET_LATE
        assert ("cps.complaint_stage1_reply", "c") not in keys(result)

    def test_cps_complaint_chain(self) -> None:
        result = run(
            [
                ev("s1", "cps_complaint_stage1_reply", "2026-01-31"),
                ev("e1", "cps_complaint_escalated", "2026-02-20"),
                ev("s2", "cps_complaint_stage2_reply", "2026-03-31"),
                ev("fin", "complaint_final_response", "2026-04-15"),
            ],
            "2026-05-05",
        )
        stage2 = ob(result, "victim.cps_complaint_stage2", "s1")
        assert (stage2.due, stage2.status) == (d("2026-02-28"), Status.MET)
        iac = ob(result, "victim.cps_complaint_iac", "s2")
        assert (iac.due, iac.status) == (d("2026-04-30"), Status.OVERDUE)
        assert ob(result, "victim.phso_complaint", "fin").due == d("2027-04-15")


class TestGoodPractice:
    def test_hate_crime_secondary_reassurance_contact_is_shown_as_non_statutory(self) -> None:
        result = run([ev("r", "crime_reported", "2026-03-02")], "2026-03-03", flags=["hate_crime"])
        src = ob(result, "practice.hate_crime_src", "r")
        # No fixed limit: the source says "in the weeks following reporting" (duties.md v2).
        assert (src.due, src.statutory, src.right) == (None, False, None)
        assert src.status is Status.OPEN
        assert result.enhanced_grounds == ("hate_crime",)

    def test_police_colleague_ten_point_plan(self) -> None:
        result = run(
            [ev("r", "crime_reported", "2026-03-02")], "2026-03-03", flags=["police_colleague"]
        )
        plan = [o for o in result.obligations if o.duty.startswith("practice.colleague_")]
        assert len(plan) == 7
        assert all(o.owed_by == "police_employer" and not o.statutory for o in plan)
        assert not result.enhanced  # a police colleague is not by that alone enhanced

    def test_no_flags_no_good_practice_rows(self) -> None:
        result = run([ev("r", "crime_reported", "2026-03-02")], "2026-03-03")
        assert not [o for o in result.obligations if o.duty.startswith("practice.")]


class TestTiming:
    def test_enhanced_victims_get_one_working_day(self) -> None:
        events = [ev("a", "suspect_arrested", "2026-04-02")]  # Thursday before Easter
        standard = run(events, "2026-04-03")
        enhanced = run(events, "2026-04-03", flags=["intimidated"])
        assert ob(standard, "police.inform_arrest", "a").due == d("2026-04-13")
        assert ob(enhanced, "police.inform_arrest", "a").due == d("2026-04-07")

    def test_met_on_the_due_date_is_on_time_and_overdue_from_the_next_day(self) -> None:
        events = [ev("a", "suspect_arrested", "2026-03-06")]
        assert ob(run(events, "2026-03-13"), "police.inform_arrest", "a").status is Status.OPEN
        assert ob(run(events, "2026-03-14"), "police.inform_arrest", "a").status is Status.OVERDUE
        met = [*events, ev("m", "duty_met", "2026-03-13", duty="police.inform_arrest", trigger="a")]
        assert ob(run(met, "2026-04-01"), "police.inform_arrest", "a").status is Status.MET

    def test_wcu_counts_from_received(self) -> None:
        result = run(
            [ev("h", "hearing_listed", "2026-04-24", hearing_date="2026-05-22",
                received="2026-04-28")],
            "2026-05-01",
        )  # fmt: skip
        assert ob(result, "wcu.inform_hearing", "h").clock_start == d("2026-04-28")
        assert ob(result, "wcu.inform_hearing", "h").due == d("2026-04-29")

    def test_earliest_of_duty_met_and_natural_event(self) -> None:
        result = run(
            [
                ev("r", "crime_reported", "2026-03-02"),
                ev("m", "duty_met", "2026-03-09", duty="police.agree_updates", trigger="r"),
                ev("agree", "update_frequency_agreed", "2026-03-05", interval_days=28),
            ],
            "2026-03-10",
        )
        assert ob(result, "police.agree_updates", "r").met_on == d("2026-03-05")

    def test_natural_event_before_the_trigger_does_not_meet_it(self) -> None:
        result = run(
            [
                ev("agree", "update_frequency_agreed", "2026-03-01", interval_days=28),
                ev("r", "crime_reported", "2026-03-02"),
            ],
            "2026-03-10",
        )
        assert ob(result, "police.agree_updates", "r").met_on is None

    def test_obligations_carry_their_source_and_pack(self) -> None:
        result = run([ev("a", "suspect_arrested", "2026-03-06")], "2026-03-07")
        arrest = ob(result, "police.inform_arrest", "a")
        assert arrest.source == "Victims' Code 2020, Right 6"
        assert arrest.pack == "vcop-2020"
        assert "arrested" in arrest.what

    def test_assumed_limits_are_marked(self) -> None:
        result = run([ev("ap", "appeal_lodged", "2026-03-06")], "2026-03-07")
        assert ob(result, "wcu.inform_appeal", "ap").confidence == "assumed"

    def test_triggers_before_the_code_came_into_force_create_no_code_duties(self) -> None:
        result = run([ev("a", "suspect_arrested", "2021-03-31")], "2021-04-30")
        assert ("police.inform_arrest", "a") not in keys(result)

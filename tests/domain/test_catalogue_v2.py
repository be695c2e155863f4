"""Hand-worked cases for each change in catalogue v2 (shared/vcop/duties.md), with dates worked
out from the 2026 calendar by hand."""

from __future__ import annotations

import pytest

from tests.domain.helpers import d, ev, ob, run
from vcop_desktop.domain.errors import ScenarioError
from vcop_desktop.domain.obligations import Category, Status
from vcop_desktop.domain.scenario import matter_keys, parse_scenario


class TestSchemeTargets:
    """NPCC police VRR and the CPS stage 1 target: not statutory, no Code right."""

    def test_police_vrr_clocks_are_scheme_targets(self) -> None:
        result = run(
            [
                ev("i", "suspect_interviewed_under_caution", "2026-03-02"),
                ev("n", "police_decision_no_charge", "2026-03-09"),
                ev("q", "police_vrr_requested", "2026-03-16"),
            ],
            "2026-06-01",
        )
        for duty in ("police.vrr_acknowledge", "police.vrr_outcome"):
            o = ob(result, duty, "q")
            assert (o.statutory, o.right, o.status) == (False, None, Status.OVERDUE), duty
        # 10 and 30 working days from Mon 16 Mar 2026 (Good Friday 3 Apr, Easter Monday 6 Apr).
        assert ob(result, "police.vrr_acknowledge", "q").due == d("2026-03-30")
        assert ob(result, "police.vrr_outcome", "q").due == d("2026-04-29")

    def test_cps_stage1_target_is_not_statutory_but_right_12_reply_is(self) -> None:
        result = run([ev("c", "complaint_made", "2026-03-09", against="cps")], "2026-06-01")
        stage1 = ob(result, "cps.complaint_stage1_reply", "c")
        reply = ob(result, "provider.complaint_reply", "c")
        assert (stage1.statutory, stage1.right) == (False, None)
        assert (reply.statutory, reply.right) == (True, 12)
        assert reply.confidence == "assumed"

    def test_special_measures_limit_is_marked_assumed(self) -> None:
        result = run([ev("s", "special_measures_decision", "2026-03-09")], "2026-03-10")
        assert ob(result, "wcu.inform_special_measures", "s").confidence == "assumed"


class TestUls:
    def test_not_eligible_makes_it_not_applicable(self) -> None:
        result = run(
            [ev("s", "sentence", "2026-09-04", court="crown", uls_eligible=False)], "2026-09-05"
        )
        uls = ob(result, "victim.uls_request", "s")
        assert uls.status is Status.NOT_APPLICABLE
        assert uls.reason is not None and "not eligible" in uls.reason

    @pytest.mark.parametrize("fields", [{}, {"uls_eligible": True}])
    def test_eligible_or_unknown_runs_28_days(self, fields: dict[str, object]) -> None:
        result = run([ev("s", "sentence", "2026-09-04", court="crown", **fields)], "2026-10-02")
        uls = ob(result, "victim.uls_request", "s")
        assert (uls.due, uls.status) == (d("2026-10-02"), Status.OPEN)
        assert "reach the Attorney General's Office" in uls.what

    def test_magistrates_sentence_has_no_uls_deadline(self) -> None:
        result = run(
            [ev("s", "sentence", "2026-09-04", court="magistrates", uls_eligible=True)],
            "2026-09-05",
        )
        assert not [o for o in result.obligations if o.duty == "victim.uls_request"]


class TestOmbudsman:
    """victim.phso_complaint: 12 months from when the victim first knew of the problem."""

    def test_counts_from_awareness_of_the_named_complaint(self) -> None:
        result = run(
            [
                ev("c1", "complaint_made", "2026-03-02", against="police", aware_on="2026-01-15"),
                ev("c2", "complaint_made", "2026-04-10", against="cps"),
                ev("f", "complaint_final_response", "2026-06-01", complaint="c1"),
            ],
            "2026-06-02",
        )
        phso = ob(result, "victim.phso_complaint", "f")
        assert (phso.clock_start, phso.due, phso.clock_assumed) == (
            d("2026-01-15"), d("2027-01-15"), False
        )  # fmt: skip

    def test_without_a_named_complaint_the_latest_before_the_response(self) -> None:
        result = run(
            [
                ev("c1", "complaint_made", "2026-03-02", against="police", aware_on="2026-01-15"),
                ev("c2", "complaint_made", "2026-04-10", against="cps"),
                ev("f", "complaint_final_response", "2026-06-01"),
                ev("c3", "complaint_made", "2026-07-01", against="wcu"),
            ],
            "2026-07-02",
        )
        phso = ob(result, "victim.phso_complaint", "f")
        # c2 has no aware_on: its own date is the latest awareness can be, so it is assumed.
        assert (phso.clock_start, phso.due, phso.clock_assumed) == (
            d("2026-04-10"), d("2027-04-10"), True
        )  # fmt: skip

    def test_no_complaint_recorded_counts_from_the_final_response(self) -> None:
        result = run([ev("f", "complaint_final_response", "2026-02-28")], "2026-03-01")
        phso = ob(result, "victim.phso_complaint", "f")
        assert (phso.due, phso.clock_assumed) == (d("2027-02-28"), True)


class TestClockAssumed:
    def test_victim_told_recorded_or_assumed(self) -> None:
        events = [
            ev("i", "suspect_interviewed_under_caution", "2026-03-02"),
            ev("n", "police_decision_no_charge", "2026-03-09"),
        ]
        untold = ob(run(events, "2026-03-10"), "victim.police_vrr", "n")
        assert (untold.clock_start, untold.clock_assumed) == (d("2026-03-09"), True)
        told = run(
            [
                *events,
                ev("m", "duty_met", "2026-03-20", duty="police.inform_no_charge", trigger="n"),
            ],
            "2026-03-21",
        )
        vrr = ob(told, "victim.police_vrr", "n")
        assert (vrr.clock_start, vrr.due, vrr.clock_assumed) == (
            d("2026-03-20"), d("2026-06-20"), False
        )  # fmt: skip

    def test_received_recorded_or_assumed(self) -> None:
        result = run(
            [
                ev("h1", "hearing_listed", "2026-03-02", hearing_date="2026-04-01"),
                ev("h2", "hearing_listed", "2026-03-02", hearing_date="2026-04-02",
                   received="2026-03-04"),
            ],
            "2026-03-03",
        )  # fmt: skip
        assert ob(result, "wcu.inform_hearing", "h1").clock_assumed is True
        h2 = ob(result, "wcu.inform_hearing", "h2")
        assert (h2.clock_start, h2.due) == (d("2026-03-04"), d("2026-03-05"))
        assert h2.clock_assumed is False

    def test_json_carries_it(self) -> None:
        result = run([ev("n", "cps_decision_no_charge", "2026-03-09")], "2026-03-10")
        assert ob(result, "victim.cps_vrr", "n").to_dict()["clock_start_assumed"] is True


class TestMalformedInput:
    @pytest.mark.parametrize(
        ("event", "where", "says"),
        [
            ({"id": "c", "type": "complaint_made", "date": "2026-03-02", "against": "police",
              "aware_on": "2026-02-30"}, "events[0].aware_on", "not a valid date"),
            ({"id": "h", "type": "hearing_listed", "date": "2026-03-02",
              "received": "yesterday"}, "events[0].received", "not a date"),
            ({"id": "f", "type": "complaint_final_response", "date": "2026-03-02",
              "complaint": "nope"}, "events[0].complaint", "not the id of an event"),
            ({"id": "q", "type": "cps_vrr_requested", "date": "2026-03-02",
              "decision": "nope"}, "events[0].decision", "not the id of an event"),
            ({"id": "m", "type": "duty_met", "date": "2026-03-02", "duty": "police.inform_arrest",
              "trigger": "nope"}, "events[0].trigger", "not the id of an event"),
        ],
    )  # fmt: skip
    def test_bad_optional_date_or_reference(
        self, event: dict[str, object], where: str, says: str
    ) -> None:
        with pytest.raises(ScenarioError) as caught:
            parse_scenario({"events": [event]})
        assert caught.value.where == where
        assert says in str(caught.value)

    def test_complaint_must_name_a_complaint(self) -> None:
        with pytest.raises(ScenarioError) as caught:
            parse_scenario(
                {"events": [
                    {"id": "a", "type": "suspect_arrested", "date": "2026-03-01"},
                    {"id": "f", "type": "complaint_final_response", "date": "2026-03-02",
                     "complaint": "a"},
                ]}
            )  # fmt: skip
        assert "names a suspect_arrested event, not a complaint_made" in str(caught.value)


class TestCategories:
    def test_each_obligation_has_its_standing(self) -> None:
        result = run(
            [
                ev("r", "crime_reported", "2026-03-02"),
                ev("a", "suspect_arrested", "2026-03-02"),
                ev("c", "complaint_made", "2026-03-09", against="cps"),
                ev("i", "suspect_interviewed_under_caution", "2026-03-02"),
                ev("n", "police_decision_no_charge", "2026-03-09"),
                ev("q", "police_vrr_requested", "2026-03-16"),
            ],
            "2026-03-20", flags=["hate_crime"], offence_date="2026-03-01",
        )  # fmt: skip
        expected = {
            "police.inform_arrest": Category.CODE,
            "provider.complaint_reply": Category.CODE,
            "cps.complaint_stage1_reply": Category.TARGET,
            "police.vrr_acknowledge": Category.TARGET,
            "police.vrr_outcome": Category.TARGET,
            "practice.hate_crime_src": Category.PRACTICE,
            "victim.police_vrr": Category.VICTIM,
            "victim.cica_apply": Category.VICTIM,
        }
        got = {o.duty: o.category for o in result.obligations if o.duty in expected}
        assert got == expected
        for o in result.obligations:
            assert (o.category is Category.CODE) == (o.statutory and o.owed_by != "victim")


class TestComplaintLinks:
    def test_a_reply_naming_a_complaint_meets_only_that_one(self) -> None:
        result = run(
            [
                ev("c1", "complaint_made", "2026-03-02", against="police"),
                ev("c2", "complaint_made", "2026-03-04", against="police"),
                ev("r2", "complaint_reply_received", "2026-03-06", **{"from": "police"},
                   complaint="c2"),
            ],
            "2026-03-20",
        )  # fmt: skip
        assert ob(result, "provider.complaint_reply", "c2").met_on == d("2026-03-06")
        assert ob(result, "provider.complaint_reply", "c1").status is Status.OVERDUE

    def test_an_unlinked_reply_meets_every_earlier_complaint_to_that_agency(self) -> None:
        result = run(
            [
                ev("c1", "complaint_made", "2026-03-02", against="police"),
                ev("r", "complaint_reply_received", "2026-03-06", **{"from": "police"}),
            ],
            "2026-03-20",
        )
        assert ob(result, "provider.complaint_reply", "c1").status is Status.MET

    def test_matters_round_trip_and_are_checked(self) -> None:
        data = {"events": [
            {"id": "a", "type": "suspect_arrested", "date": "2026-03-02"},
            {"id": "c", "type": "complaint_made", "date": "2026-03-20", "against": "police",
             "matters": "police.inform_arrest@a  police.update@a"},
        ]}  # fmt: skip
        scenario = parse_scenario(data)
        matters = scenario.events[1].get_str("matters")
        assert matters is not None
        assert matter_keys(matters) == [("police.inform_arrest", "a"), ("police.update", "a")]
        bad = {"events": [
            {"id": "c", "type": "complaint_made", "date": "2026-03-20", "against": "police",
             "matters": "police.inform_arrest@zz"},
        ]}  # fmt: skip
        with pytest.raises(ScenarioError, match=r"events\[0\]\.matters: 'zz' is not the id"):
            parse_scenario(bad)
        with pytest.raises(ScenarioError, match="not a 'duty@event' pair"):
            parse_scenario({"events": [{**bad["events"][0], "matters": "police.inform_arrest"}]})

"""The time-limit sentence where the record cannot give one (issue 21, mutation survivors).

A letter with no deadline to state must print a visible gap the drafter reports, never a
sentence that concedes or claims anything; one where the scheme does not apply must say why, in
the rule's own words. Worked by hand: through real letters where the engine produces the case,
on a hand-built deadline where only a damaged or partial record could.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from tests.letters.cases import _facts, ev, evaluation_of
from vcop_desktop.domain.obligations import Category, Obligation, Status
from vcop_desktop.letters.draft import draft_letter
from vcop_desktop.letters.facts import LetterFacts
from vcop_desktop.letters.timing import Timing, time_statement


def facts(events: list[dict[str, Any]], kind: str, today: str) -> LetterFacts:
    known, evaluation = evaluation_of(events, today, flags=["sexual_offence"])
    return _facts(kind, known, evaluation)


def deadline(**changes: Any) -> Obligation:
    """The victim's police VRR deadline: told 10 Apr 2026, 3 months to 10 Jul 2026."""
    base = Obligation(
        duty="victim.police_vrr", trigger="n", owed_by="victim", right=None, statutory=False,
        due=date(2026, 7, 10), status=Status.OPEN, met_on=None, clock_start=date(2026, 4, 10),
        what="Ask for a review", source="police VRR scheme", pack="victim-deadlines",
        limit="3 months", clock="victim_told", category=Category.VICTIM,
    )  # fmt: skip
    return replace(base, **changes)


def say(*deadlines: Obligation, on: str = "2026-07-01", process: Any = None) -> Any:
    return time_statement(
        deadlines, date.fromisoformat(on), noun="request", victim="Zoë", since="the decision",
        process=process,
    )  # fmt: skip


def test_a_review_request_with_no_decision_recorded_leaves_the_time_limit_a_gap() -> None:
    events = [ev("r", "crime_reported", "2026-03-02")]
    f = facts(events, "police-vrr", "2026-07-01")
    statement = f.timing("victim.police_vrr")
    assert statement.outcome is Timing.UNKNOWN
    assert str(statement) == "[MISSING: the time limit: no decision recorded]"
    draft = draft_letter(f)
    assert "the time limit: no decision recorded" in draft.gaps
    assert not any("time limit has passed" in w or "notification" in w for w in draft.warnings)


def test_a_review_the_scheme_does_not_cover_says_why_in_the_rules_words() -> None:
    # No suspect was interviewed under caution before the decision of 1 Apr 2026, so the
    # police Right to Review does not apply (victim-deadlines.toml): the letter says so as a
    # gap for the advocate, the rule's sentence without its full stop; no time limit is stated.
    events = [
        ev("r", "crime_reported", "2026-03-02"),
        ev("n", "police_decision_no_charge", "2026-04-01"),
    ]
    f = facts(events, "police-vrr", "2026-04-20")
    statement = f.timing("victim.police_vrr")
    assert statement.outcome is Timing.NOT_APPLICABLE
    reason = (
        "The police Right to Review applies only where a suspect was interviewed under caution "
        "before the decision"
    )
    assert str(statement) == f"[MISSING: eligibility for the scheme: {reason}]"
    draft = draft_letter(f)
    assert f"eligibility for the scheme: {reason}" in draft.gaps
    assert "ends on" not in draft.text and "ended on" not in draft.text


def test_a_scheme_ruled_out_without_a_reason_still_says_it_does_not_apply() -> None:
    ruled_out = deadline(status=Status.NOT_APPLICABLE, due=None, clock_start=None, reason=None)
    statement = say(ruled_out)
    assert statement.outcome is Timing.NOT_APPLICABLE
    assert statement.text == "[MISSING: eligibility for the scheme: the scheme does not apply]"


def test_never_told_names_three_months_when_the_limit_is_not_recorded() -> None:
    never_told = deadline(clock_assumed=True, limit="")
    statement = say(never_told)
    assert statement.outcome is Timing.NOT_BEGUN
    assert "this request is within the three months, which run from notification." in (
        statement.text
    )


def test_a_deadline_not_computed_is_a_gap_not_a_date() -> None:
    # A start with no due date, or a due date with no start: neither gives a true sentence.
    for partial in (deadline(due=None), deadline(clock_start=None)):
        statement = say(partial)
        assert statement.outcome is Timing.UNKNOWN
        assert statement.text == "[MISSING: the time limit (not computed)]"
        assert statement.due is None and statement.start is None


# -- the Ombudsman, late ----------------------------------------------------------------------


def ombudsman(**changes: Any) -> Obligation:
    """12 months from first awareness on 13 Mar 2026: they ended on 13 Mar 2027."""
    return deadline(
        duty="victim.phso_complaint", limit="12 months", clock="complaint_awareness",
        due=date(2027, 3, 13), clock_start=date(2026, 3, 13), **changes,
    )  # fmt: skip


def test_a_late_ombudsman_complaint_states_the_awareness_date_only_when_recorded() -> None:
    made_and_answered = (date(2026, 3, 17), date(2026, 6, 1))
    recorded = say(ombudsman(), on="2027-03-14", process=made_and_answered)
    assert recorded.outcome is Timing.LATE
    assert (recorded.due, recorded.start) == (date(2027, 3, 13), date(2026, 3, 13))
    assert recorded.text == (
        "The 12 months for a complaint to the Ombudsman, counted from Zoë first knowing of the "
        "problem, on 13 March 2026, ended on 13 March 2027. I ask the Ombudsman to accept this "
        "complaint because of special circumstances: [MISSING: Zoë first used the provider's "
        "own complaints procedure, which had to be completed before the Ombudsman could "
        "consider the complaint: the complaint was made on 17 March 2026 and the final response "
        "is dated 1 June 2026]."
    )
    # Awareness not recorded (the complaint's date stands in): no date is stated for it.
    assumed = say(ombudsman(clock_assumed=True), on="2027-03-14", process=made_and_answered)
    assert assumed.text.startswith("I ask the Ombudsman to accept this complaint because of ")
    assert "13 March" not in assumed.text


def test_a_late_ombudsman_complaint_with_no_complaint_on_record_leaves_the_reasons_a_gap() -> None:
    statement = say(ombudsman(clock_assumed=True), on="2027-03-14", process=None)
    assert statement.text == (
        "I ask the Ombudsman to accept this complaint because of special circumstances: "
        "[MISSING: the special circumstances]."
    )


def test_a_deadline_the_letters_have_no_words_for_gets_plain_ones() -> None:
    # A victim deadline a later rules pack adds: the sentence is still true, in general words.
    new = deadline(duty="victim.new_scheme_request")
    on_time = say(new, on="2026-07-10")
    assert on_time.outcome is Timing.IN_TIME
    assert (on_time.due, on_time.start) == (date(2026, 7, 10), date(2026, 4, 10))
    assert on_time.text == (
        "This request is made within 3 months of Zoë being told of the decision on 10 April "
        "2026; that period ends on 10 July 2026."
    )
    late = say(new, on="2026-07-11")
    assert late.outcome is Timing.LATE
    assert (late.due, late.start) == (date(2026, 7, 10), date(2026, 4, 10))
    assert late.text == (
        "The 3 months for a request, counted from Zoë being told of the decision on 10 April "
        "2026, ended on 10 July 2026. I ask you to accept it, because [MISSING: the reasons the "
        "request is late]."
    )


def test_an_ombudsman_complaint_in_time_states_no_awareness_date_it_does_not_have() -> None:
    # Complaint of 16 Mar 2026 with no awareness date: the 12 months are counted from the
    # complaint (assumed) to 16 Mar 2027. In time, but the letter states no date for them.
    events = [
        ev("r", "crime_reported", "2026-03-02"),
        ev("d", "cps_discontinued", "2026-03-10"),
        ev("c", "complaint_made", "2026-03-16", against="cps"),
        ev("f", "complaint_final_response", "2026-06-01", complaint="c"),
    ]
    f = facts(events, "phso-complaint", "2026-06-03")
    statement = f.timing("victim.phso_complaint")
    assert (statement.outcome, statement.text) == (Timing.IN_TIME, "")
    assert (statement.due, statement.start) == (date(2027, 3, 16), date(2026, 3, 16))
    text = draft_letter(f).text
    assert "first knowing" not in text and "16 March 2027" not in text

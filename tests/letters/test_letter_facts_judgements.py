"""The judgements a letter's facts make for its templates (issue 21 §2: the mutants of
letters/letter_facts.py that the letter tests let live).

Each test names what a letter would get wrong: a legal basis left out of a complaint about a
breach that happened under it, or a victim's deadline quoted for the wrong duty.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.letters.cases import cps_facts, police_facts
from vcop_desktop.domain.obligations import Status
from vcop_desktop.letters.fact_items import Breach, Deadline, Missing
from vcop_desktop.letters.letter_facts import VPA_S5_FROM, _in_breach_from

TODAY = date(2026, 4, 1)


def _breach(due: str, met_on: str | None = None) -> Breach:
    return Breach(
        duty="police.inform_arrest", right=6, right_label="Right 6", owed_by="police",
        owed="the police", action="tell the victim", trigger_phrase="the arrest",
        trigger_date=None, due=date.fromisoformat(due),
        status=Status.MET_LATE if met_on else Status.OVERDUE,
        met_on=date.fromisoformat(met_on) if met_on else None, happened="", limit="",
    )  # fmt: skip


def _from_s5(due: str, met_on: str | None = None, today: date = TODAY) -> bool:
    return _in_breach_from(_breach(due, met_on), VPA_S5_FROM, today)


def test_section_5_is_cited_for_a_duty_met_one_day_late_after_it_came_in() -> None:
    """Section 5 of the Victims and Prisoners Act 2024 applies from 29 January 2025: a duty
    due on 4 March 2026 and met on 5 March was breached under it, and the complaint must be
    able to say so (the old code counted the day of the late meeting as not in breach, so a
    letter about a duty met one day late left the Act out)."""
    assert _from_s5("2026-03-04", "2026-03-05")
    assert _from_s5("2025-01-28", "2025-01-29")  # late on the day the Act came in


def test_section_5_is_not_cited_for_a_breach_that_ended_before_it_came_in() -> None:
    assert not _from_s5("2025-01-20", "2025-01-28")
    assert not _from_s5("2024-11-08", "2024-11-20")


def test_section_5_boundaries_for_a_breach_still_open_or_met_later() -> None:
    assert _from_s5("2025-01-20", "2025-01-30")  # in breach across the start
    assert _from_s5("2025-01-29", "2025-01-31")  # due on the first day, late after it
    assert _from_s5("2025-01-28", None, today=date(2025, 1, 29))  # overdue on the first day
    assert not _from_s5("2025-01-29", None, today=date(2025, 1, 29))  # not late yet
    assert not _from_s5("2025-02-10", None, today=date(2025, 2, 10))


def test_a_letter_about_one_duty_met_one_day_late_cites_section_5() -> None:
    facts = police_facts("police-complaint")
    late = _breach("2026-03-04", "2026-03-05")
    assert replace(facts, breaches=(late,)).vpa_s5
    before = _breach("2024-11-08", "2024-11-20")
    assert not replace(facts, breaches=(before,)).vpa_s5
    # An assumed time limit is never a breach, so it never brings the Act in.
    assert not replace(facts, breaches=(replace(late, assumed=True),)).vpa_s5


def test_a_template_asking_for_a_deadline_gets_that_duty_or_a_visible_gap() -> None:
    """Organisations write their own templates: `facts.deadline("victim.vrr_request")` must
    give that deadline, never the first one listed, and a gap naming it when none is known."""
    facts = police_facts("police-vrr")
    first = Deadline("victim.cica_apply", date(2028, 6, 14), "2 years", Status.OPEN, None,
                     "apply to the CICA", None)  # fmt: skip
    second = replace(first, duty="victim.vrr_request", due=date(2026, 12, 1))
    with_two = replace(facts, deadlines=(first, second))
    assert with_two.deadline("victim.vrr_request") is second
    assert with_two.deadline("victim.cica_apply") is first
    gap = replace(facts, deadlines=()).deadline("victim.vrr_request")
    assert gap == Missing("deadline victim.vrr_request (not computed: no decision recorded)")


def test_with_no_decision_chosen_the_time_limit_counts_from_the_decision_by_its_date() -> None:
    """A draft with no decision chosen still states the period truthfully, naming the
    decision in general words, and the victim's name when a pronoun would be a guess."""
    facts = replace(cps_facts("cps-complaint-stage2"), decision=Missing("decision"))
    assert facts.timing("victim.cps_complaint_stage2").text == (
        "This request is made within 1 month of the decision, dated 20 July 2026; that period "
        "ends on 20 August 2026."
    )
    unnamed = replace(facts, victim_name=Missing("victim's name"))
    assert unnamed.timing("victim.cps_vrr").text == (
        "This request is made within 3 months of the victim being told of the decision on "
        "4 June 2026; that period ends on 4 September 2026."
    )


def test_a_late_ombudsman_complaint_names_the_complaints_process_only_when_recorded() -> None:
    """The special circumstance offered for a late complaint is the provider's own process,
    with its dates, only when the complaint is on record; otherwise a plain gap."""
    facts = cps_facts("phso-complaint", today="2027-12-01")
    assert facts.timing("victim.phso_complaint").text.endswith(
        "the complaint was made on 8 June 2026 and the final response is dated 1 September 2026]."
    )
    unrecorded = replace(facts, complaint=None).timing("victim.phso_complaint").text
    assert unrecorded == (
        "I ask the Ombudsman to accept this complaint because of special circumstances: "
        "[MISSING: the special circumstances]."
    )


def test_with_no_decision_chosen_the_latest_decisions_time_limit_is_stated() -> None:
    """Two decisions of one kind: with none chosen, the letter states the period of the
    latest, never the earlier one's, nor both as if they were a prompt and a final period."""
    facts = police_facts("police-vrr")
    (latest,) = [o for o in facts.evaluation.obligations if o.duty == "victim.police_vrr"]
    earlier = replace(latest, trigger="p0", clock_start=date(2026, 10, 1), due=date(2027, 1, 1))
    evaluation = replace(facts.evaluation, obligations=(earlier, *facts.evaluation.obligations))
    undecided = replace(facts, evaluation=evaluation, decision=Missing("decision"))
    assert undecided.timing("victim.police_vrr").text == (
        "This request is made within 3 months of Zoë Łukasz-Ğül being told of the decision on "
        "9 October 2026; that period ends on 9 January 2027."
    )

"""Whose obligations a letter lists, and how each missed one is put (issue 21 §2: mutants of
letters/breach_facts.py, decision_facts.py and complaint_facts.py that the letter tests let live).

Each test names what an advocate would send wrongly, or a victim lose, if the line changed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.letters.cases import _facts, cps_facts, ev, evaluation_of, police_facts
from tests.letters.test_latest_and_same_day import Reason
from vcop_desktop.domain.obligations import Category
from vcop_desktop.letters.breach_facts import breaches_of
from vcop_desktop.letters.fact_items import Breach


def test_a_review_request_with_the_annex_lists_the_reviewing_agencys_obligations() -> None:
    """A VRR request (police) and a police complaint review name no agency in their kind's
    list of breaches: the annex must still be the police's obligations, not an empty table."""
    for kind in ("police-vrr", "police-complaint-review"):
        annex = police_facts(kind).annex
        assert annex, kind
        assert {o.owed_by for o in annex} == {"police"}, kind
    # A review request drafted before the complaint is on record is still about the police.
    early = police_facts("police-complaint-review", today="2026-10-11")
    assert early.complaint is None and {o.owed_by for o in early.annex} == {"police"}
    cps_annex = cps_facts("cps-vrr", today="2026-06-09").annex
    assert cps_annex and {o.owed_by for o in cps_annex} == {"cps"}
    order = [Category.CODE, Category.TARGET, Category.PRACTICE]
    categories = [o.category for o in cps_annex]
    assert categories == sorted(categories, key=order.index)


def _discontinued_untold(reason: str, given_on: date | None) -> Breach:
    # Discontinued 10 Mar 2026 (enhanced: told within 1 working day, by 11 Mar), never told.
    events = [ev("r", "crime_reported", "2026-03-02"), ev("d", "cps_discontinued", "2026-03-10")]
    known, evaluation = evaluation_of(events, "2026-04-10", flags=["sexual_offence"])
    reasons = [Reason("cps.inform_discontinued", "d", reason, given_on)]
    f = _facts("cps-complaint", known, evaluation, reasons=reasons)
    (breach,) = [b for b in f.breaches if b.duty == "cps.inform_discontinued"]
    return breach


def test_a_reason_with_no_day_given_is_quoted_without_a_day() -> None:
    breach = _discontinued_untold("  the file was\nmislaid ", None)
    assert breach.agency_reason == (
        "The Crown Prosecution Service gave this reason: \u201cthe file was mislaid\u201d."
    )


def test_a_blank_reason_on_record_is_never_quoted_as_the_agencys_reason() -> None:
    """An empty quotation would tell the recipient the agency explained itself when the record
    holds no explanation at all."""
    assert _discontinued_untold("  \n ", date(2026, 3, 20)).agency_reason == ""


def test_a_missed_good_practice_step_never_hides_the_code_breaches_listed_after_it() -> None:
    """No shipped good-practice step has a time limit, but a rule pack or law update may add
    one: it is left out of the letter (it is not a duty), and the breaches after it stay in."""
    events = [ev("r", "crime_reported", "2026-03-02"), ev("d", "cps_discontinued", "2026-03-10")]
    known, evaluation = evaluation_of(events, "2026-04-10", flags=["sexual_offence"])
    missed = [o for o in evaluation.obligations if o.owed_by == "cps" and o.status.is_breach]
    assert missed
    practice = replace(missed[0], duty="practice.cps_call_back", category=Category.PRACTICE)
    with_practice = replace(evaluation, obligations=(practice, *evaluation.obligations))
    listed = breaches_of(frozenset({"cps"}), known, with_practice)
    without = breaches_of(frozenset({"cps"}), known, evaluation)
    assert [b.duty for b in listed] == [b.duty for b in without]
    assert listed and "practice.cps_call_back" not in [b.duty for b in listed]

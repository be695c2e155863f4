"""The subject access clock (UK GDPR Art. 12(3), ICO guidance), each date worked by hand with a
calendar: one month from the day received to the corresponding day, the month's last day where
it has none, a weekend or bank holiday moving to the next working day; an extension of two
further months counted from the request."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.domain.test_report import fact
from vcop_desktop.domain.engine import evaluate
from vcop_desktop.domain.obligations import Status
from vcop_desktop.domain.report import ReportQuery, compute
from vcop_desktop.domain.scenario import parse_scenario
from vcop_desktop.letters.breach_facts import annex_of, breaches_of
from vcop_desktop.rules import default_rulebook
from vcop_desktop.rules.standards import is_own_standard

RULES = default_rulebook()
ASKED = "advocate.subject_access"
EXTENDED = "advocate.subject_access_extended"


def run(*events: dict[str, Any], today: str = "2028-12-31") -> dict[tuple[str, str], Any]:
    scenario = parse_scenario({"case": {}, "events": list(events)}, RULES.duty_ids)
    found = evaluate(scenario, date.fromisoformat(today), RULES).obligations
    return {o.key: o for o in found if o.owed_by == "advocate"}


def ev(i: str, kind: str, day: str, **fields: Any) -> dict[str, Any]:
    return {"id": i, "type": kind, "date": day, **fields}


def due(received: str) -> date:
    return run(ev("s", "subject_access_requested", received))[(ASKED, "s")].due


def test_one_month_runs_to_the_corresponding_day_of_the_next_month() -> None:
    # Thu 3 Sep 2026 -> Sat 3 Oct 2026, a weekend: Mon 5 Oct 2026 (the ICO's own example
    # date, moved off the weekend).
    assert due("2026-09-03") == date(2026, 10, 5)
    # Mon 2 Mar 2026 -> Thu 2 Apr 2026 (a working day: no move).
    assert due("2026-03-02") == date(2026, 4, 2)


def test_31_january_runs_to_the_last_day_of_february() -> None:
    # Fri 31 Jan 2025 -> Fri 28 Feb 2025; Mon 31 Jan 2028 (leap year) -> Tue 29 Feb 2028.
    assert due("2025-01-31") == date(2025, 2, 28)
    assert due("2028-01-31") == date(2028, 2, 29)
    # Sat 31 Jan 2026 (a request received on a weekend still counts from that day) -> Sat 28
    # Feb 2026, a weekend: Mon 2 Mar 2026.
    assert due("2026-01-31") == date(2026, 3, 2)


def test_a_due_day_on_a_bank_holiday_moves_past_it() -> None:
    # Wed 25 Nov 2026 -> Fri 25 Dec 2026 (Christmas); Sat, Sun; Mon 28 Dec is the Boxing Day
    # substitute: Tue 29 Dec 2026.
    assert due("2026-11-25") == date(2026, 12, 29)


def test_the_answer_sent_meets_it_and_a_late_one_is_late() -> None:
    request = ev("s", "subject_access_requested", "2025-01-31")
    on_time = run(request, ev("x", "subject_access_sent", "2025-02-28", request="s", what="all"))
    assert (on_time[(ASKED, "s")].status, on_time[(ASKED, "s")].met_on) == (
        Status.MET,
        date(2025, 2, 28),
    )
    late = run(request, ev("x", "subject_access_sent", "2025-03-03", request="s", what="all"))
    assert late[(ASKED, "s")].status is Status.MET_LATE
    open_ = run(request, today="2025-02-28")
    assert open_[(ASKED, "s")].status is Status.OPEN
    assert run(request, today="2025-03-01")[(ASKED, "s")].status is Status.OVERDUE


def test_an_answer_to_another_request_does_not_meet_this_one() -> None:
    found = run(
        ev("s1", "subject_access_requested", "2025-01-06"),
        ev("s2", "subject_access_requested", "2025-01-31"),
        ev("x", "subject_access_sent", "2025-02-03", request="s1", what="all"),
        today="2025-03-10",
    )
    assert found[(ASKED, "s1")].status is Status.MET
    assert found[(ASKED, "s2")].status is Status.OVERDUE


def test_an_extension_meets_the_first_month_and_runs_three_months_from_the_request() -> None:
    # Received Fri 31 Jan 2025; extension told Thu 20 Feb 2025 (within the month): the first
    # obligation is met that day; the answer is due 31 Jan + 3 months = Wed 30 Apr 2025.
    found = run(
        ev("s", "subject_access_requested", "2025-01-31"),
        ev("e", "subject_access_extended", "2025-02-20", request="s", reason="many records"),
        today="2025-04-01",
    )
    assert (found[(ASKED, "s")].status, found[(ASKED, "s")].met_on) == (
        Status.MET,
        date(2025, 2, 20),
    )
    extended = found[(EXTENDED, "e")]
    assert (extended.clock_start, extended.due, extended.status) == (
        date(2025, 1, 31),
        date(2025, 4, 30),
        Status.OPEN,
    )
    # Sun 30 Nov 2025 + 3 months = Sat 28 Feb 2026 (no 30 February): Mon 2 Mar 2026.
    found = run(
        ev("s", "subject_access_requested", "2025-11-30"),
        ev("e", "subject_access_extended", "2025-12-15", request="s", reason="complex"),
        ev("x", "subject_access_sent", "2026-03-02", request="s", what="all"),
    )
    assert found[(EXTENDED, "e")].due == date(2026, 3, 2)
    assert found[(EXTENDED, "e")].status is Status.MET


def test_the_clock_carries_its_source_and_is_law_the_organisation_cannot_refigure() -> None:
    found = run(ev("s", "subject_access_requested", "2026-03-02"))
    obligation = found[(ASKED, "s")]
    assert "UK GDPR Art. 12(3)" in obligation.source
    assert obligation.statutory and obligation.limit == "1 month"
    rules = {r.id: r for p in RULES.packs for r in p.rules}
    assert not is_own_standard(rules[ASKED]) and not is_own_standard(rules[EXTENDED])


def test_an_overdue_request_is_in_no_letter_and_no_code_figure() -> None:
    scenario = parse_scenario(
        {"case": {}, "events": [ev("s", "subject_access_requested", "2026-01-05")]},
        RULES.duty_ids,
    )
    evaluation = evaluate(scenario, date(2026, 4, 1), RULES)
    sar = next(o for o in evaluation.obligations if o.duty == ASKED)
    assert sar.status is Status.OVERDUE
    everyone = frozenset({"police", "cps", "wcu", "hmcts", "probation", "advocate"})
    assert breaches_of(everyone, scenario.events, evaluation) == ()
    assert annex_of(everyone, evaluation) == ()
    as_fact = fact("A", sar.owed_by, sar.due, sar.status.value, right=sar.right, kind=sar.category)
    report = compute([as_fact], ReportQuery(date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 1)))
    assert report.total.due == 0


def test_the_user_guide_lists_it_as_the_services_own_legal_duty() -> None:
    from vcop_desktop.ui.user_guide import guide_html

    html = guide_html(RULES)
    section = html[html.index("Your service's own duty in data protection law") :]
    assert "subject access request (a copy of everything held about them)" in section
    assert "UK GDPR Art. 12(3)" in section
    assert "moves to the next working day" in section
    assert "counted from the day the request was received" in section


def test_the_clock_runs_from_the_day_identity_or_clarification_came() -> None:
    # Received Fri 31 Jan 2025; the proof of identity asked for came Mon 10 Feb 2025: due Mon 10
    # Mar 2025. Extended: three months from that day, Sat 10 May 2025 -> Mon 12 May 2025.
    found = run(
        ev("s", "subject_access_requested", "2025-01-31", clock_from="2025-02-10"),
        ev("e", "subject_access_extended", "2025-02-20", request="s", reason="complex"),
        today="2025-03-01",
    )
    assert (found[(ASKED, "s")].clock_start, found[(ASKED, "s")].due) == (
        date(2025, 2, 10),
        date(2025, 3, 10),
    )
    assert (found[(EXTENDED, "e")].clock_start, found[(EXTENDED, "e")].due) == (
        date(2025, 2, 10),
        date(2025, 5, 12),
    )

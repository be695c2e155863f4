"""Warnings for the advocate before a letter goes (issue 21, mutation survivors in warnings.py).

Each is a door about to close or a limit the record cannot settle; each boundary is worked by
hand. None of them is ever printed in the letter.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.letters.cases import CASE, _facts, ev, evaluation_of, replace
from vcop_desktop.letters.draft import draft_letter
from vcop_desktop.letters.warnings import advocate_warnings

SEND_FAST = "The deadline is within 3 working days and the request must arrive by then"


def warnings_on(
    events: list[dict[str, Any]],
    kind: str,
    today: str,
    flags: tuple[str, ...] = ("sexual_offence",),
    **kw: Any,
) -> tuple[str, ...]:
    known, evaluation = evaluation_of(events, today, flags=list(flags))
    facts = _facts(kind, known, evaluation, **kw)
    found = advocate_warnings(facts)
    text = draft_letter(facts).text
    assert not any(w[:40] in text for w in found)  # for the advocate only
    return found


# -- matters too old for the complaints scheme ----------------------------------------------


DISCONTINUED = [
    ev("r", "crime_reported", "2026-03-02"),
    ev("d", "cps_discontinued", "2026-03-10"),  # told within 1 working day: never told
]


def test_a_cps_complaint_is_warned_of_matters_more_than_six_months_old() -> None:
    # The CPS's 6 months from the discontinuance of 10 Mar 2026 run to 10 Sep 2026: a letter
    # of that day is not warned; one of 11 Sep is (the matter arose before 11 Mar 2026).
    assert not any(
        "6 months" in w for w in warnings_on(DISCONTINUED, "cps-complaint", "2026-09-10")
    )
    late = warnings_on(DISCONTINUED, "cps-complaint", "2026-09-11")
    assert (
        "The CPS does not consider complaints about events more than 6 months old: 1 of the "
        "matters in this letter arose before 11 March 2026. Say why the complaint is made now, "
        "or leave them out."
    ) in late


def test_a_police_complaint_is_warned_of_matters_more_than_twelve_months_old() -> None:
    # Arrested 2 Mar 2026 and never told (Right 6: 1 working day): 12 months to 2 Mar 2027.
    events = [ev("a", "suspect_arrested", "2026-03-02")]
    on_the_day = warnings_on(events, "police-complaint", "2027-03-02")
    assert not any("12 months" in w for w in on_the_day)
    late = warnings_on(events, "police-complaint", "2027-03-03")
    assert (
        "Complaints about the police should be made within 12 months of the incident (later "
        "ones are accepted only for good reason): 1 of the matters in this letter arose before "
        "3 March 2026. Say why the complaint is made now, or leave them out."
    ) in late


# -- a request that must arrive by its deadline -----------------------------------------------


OUTCOME = [
    ev("r", "crime_reported", "2026-03-02"),
    ev("c", "complaint_made", "2026-03-16", against="police"),
    ev("o", "police_complaint_outcome", "2026-04-22", complaint="c"),  # 28 days: 20 May 2026
]


def test_a_review_application_due_within_three_working_days_must_go_fast() -> None:
    # The application must reach the review body by Wed 20 May 2026. From Thu 14 May three
    # working days reach Tue 19 May: not yet. From Fri 15 May they reach Wed 20 May: send
    # fast; and on 20 May itself, still in time. On 21 May it is late: no "send fast".
    kind = "police-complaint-review"
    assert SEND_FAST not in " ".join(warnings_on(OUTCOME, kind, "2026-05-14"))
    assert any(w.startswith(SEND_FAST) for w in warnings_on(OUTCOME, kind, "2026-05-15"))
    assert any(w.startswith(SEND_FAST) for w in warnings_on(OUTCOME, kind, "2026-05-20"))
    late = warnings_on(OUTCOME, kind, "2026-05-21")
    assert SEND_FAST not in " ".join(late)
    assert (
        "The time limit has passed: the letter asks for discretion where the scheme allows it "
        "and leaves a gap for the reasons. Fill it in before sending."
    ) in late


def test_a_request_that_need_only_be_sent_in_time_is_not_hurried() -> None:
    # The CPS stage 2 request counts from the reply and need not arrive by the deadline.
    events = [
        *DISCONTINUED,
        ev("c", "complaint_made", "2026-03-16", against="cps"),
        ev("s1", "cps_complaint_stage1_reply", "2026-04-20", complaint="c"),  # 1 month: 20 May
    ]
    assert SEND_FAST not in " ".join(warnings_on(events, "cps-complaint-stage2", "2026-05-19"))


def test_the_unduly_lenient_sentence_deadline_is_always_told_and_hurried_when_close() -> None:
    # Crown Court sentence on Fri 1 May 2026: 28 days to Fri 29 May (absolute). Mon 25 May is
    # a bank holiday. From Fri 22 May three working days reach Thu 28 May: not yet hurried;
    # from Tue 26 May they reach Fri 29 May: hurried.
    events = [*DISCONTINUED[:1], ev("s", "sentence", "2026-05-01", court="crown")]
    uls = (
        "Unduly Lenient Sentence: the request must reach the Attorney General's Office by "
        "29 May 2026"
    )
    early = [w for w in warnings_on(events, "chaser", "2026-05-22") if w.startswith(uls)]
    assert early == [
        f"{uls} (28 days from sentence, in office hours and in time to be considered); the limit "
        "is absolute. Only indictable-only and certain specified either-way offences are "
        "covered: check eligibility."
    ]
    close = [w for w in warnings_on(events, "chaser", "2026-05-26") if w.startswith(uls)]
    hurry = f" {SEND_FAST}: send it by email or the online form, not by post."
    assert len(close) == 1 and close[0].endswith(hurry)
    # Once the request is made, no warning.
    made = [*events, ev("u", "uls_requested", "2026-05-20")]
    assert not any(w.startswith(uls) for w in warnings_on(made, "chaser", "2026-05-26"))


# -- the Ombudsman: what the record cannot show ------------------------------------------------


def test_an_ombudsman_complaint_is_warned_when_no_complaint_or_awareness_is_recorded() -> None:
    no_complaint = [*DISCONTINUED, ev("f", "complaint_final_response", "2026-06-01")]
    found = warnings_on(no_complaint, "phso-complaint", "2026-06-03")
    assert (
        "No complaint is recorded for this final response: the Ombudsman's 12 months run from "
        "when the victim first knew of the problem. Record the complaint and that date."
    ) in found
    unaware = [
        *DISCONTINUED,
        ev("c", "complaint_made", "2026-03-16", against="cps"),
        ev("f", "complaint_final_response", "2026-06-01", complaint="c"),
    ]
    found = warnings_on(unaware, "phso-complaint", "2026-06-03")
    assert (
        "When the victim first knew of the problem is not recorded on the complaint of "
        "16 March 2026: the Ombudsman's 12 months run from that day, which may be earlier than "
        "the complaint, so the letter states no date for it. Record the date on the complaint "
        "if you know it."
    ) in found
    aware = [*unaware[:2], {**unaware[2], "aware_on": "2026-03-12"}, unaware[3]]
    found = warnings_on(aware, "phso-complaint", "2026-06-03")
    assert not any("first knew" in w or "No complaint is recorded" in w for w in found)


def test_an_escalation_names_how_many_later_duties_it_leaves_out() -> None:
    # The police complaint of 16 Mar 2026 is about the referral to support only; after it the
    # police miss two duties to tell of an arrest (1 working day each): the review leaves
    # both out and says so, in the plural; with one arrest, in the singular.
    events = [
        ev("r", "crime_reported", "2026-03-02"),
        ev("c", "complaint_made", "2026-03-16", against="police", matters="police.refer_support@r"),
        ev("a1", "suspect_arrested", "2026-03-20"),
        ev("a2", "suspect_arrested", "2026-03-27"),
        ev("o", "police_complaint_outcome", "2026-04-22", complaint="c"),
    ]
    found = warnings_on(events, "police-complaint-review", "2026-04-23")
    (left,) = [w for w in found if "Make a new complaint" in w]
    assert left == (
        "2 missed Victims' Code duties of the police are not in this letter: not among the "
        "matters of the complaint of 16 March 2026, or arising after it. Make a new complaint "
        "for them."
    )
    one = [e for e in events if e["id"] != "a2"]
    (left,) = [w for w in warnings_on(one, "police-complaint-review", "2026-04-23")
               if "Make a new complaint" in w]  # fmt: skip
    assert left == (
        "1 missed Victims' Code duty of the police is not in this letter: not among the matters "
        "of the complaint of 16 March 2026, or arising after it. Make a new complaint for it."
    )


# -- a review request: the prompt CPS review, notification, summary-only offences ------------


PROMPT_PASSED = (
    "The 10 working days for a prompt CPS review ended on {}. The letter does not say so (the "
    "CPS need not be told); expect the ordinary review."
)
NOT_NOTIFIED = (
    "No date on which the victim was told of the decision is recorded, so the letter says no "
    "notification has been given and the months run from notification. If the victim was "
    "told, record it (Mark met on the duty to tell them) before sending."
)


def test_the_advocate_is_told_when_the_prompt_cps_review_has_passed_not_before() -> None:
    # Told Wed 4 Mar 2026 of the decision of 2 Mar: 10 working days end Wed 18 Mar.
    events = [
        ev("d", "cps_decision_no_charge", "2026-03-02"),
        ev("t", "duty_met", "2026-03-04", duty="cps.inform_no_charge", trigger="d"),
    ]
    assert not any("prompt CPS review" in w for w in warnings_on(events, "cps-vrr", "2026-03-18"))
    passed = PROMPT_PASSED.format("18 March 2026")
    assert passed in warnings_on(events, "cps-vrr", "2026-03-19")


def test_the_prompt_review_warning_follows_the_decision_the_letter_answers() -> None:
    # A second decision (another suspect) on Mon 11 May 2026, told the same day: 10 working
    # days (Mon 25 May a bank holiday) end Tue 26 May. A letter of 27 May about it is warned
    # of its own prompt period, not the first decision's.
    events = [
        ev("d", "cps_decision_no_charge", "2026-03-02"),
        ev("t", "duty_met", "2026-03-04", duty="cps.inform_no_charge", trigger="d"),
        ev("d2", "cps_decision_no_charge", "2026-05-11"),
        ev("t2", "duty_met", "2026-05-11", duty="cps.inform_no_charge", trigger="d2"),
    ]
    found = warnings_on(events, "cps-vrr", "2026-05-27", decision_id="d2")
    assert [w for w in found if "prompt CPS review" in w] == [PROMPT_PASSED.format("26 May 2026")]


def test_a_victim_never_told_is_not_warned_that_the_prompt_review_passed() -> None:
    # Never told of the decision of 2 Mar 2026: no period has begun, so none has passed; the
    # advocate is asked to record the notification instead.
    events = [ev("d", "cps_decision_no_charge", "2026-03-02")]
    found = warnings_on(events, "cps-vrr", "2026-04-01")
    assert not any("prompt CPS review" in w for w in found)
    assert NOT_NOTIFIED in found


ASSAULT = [
    ev("r", "crime_reported", "2026-05-20"),
    ev("i", "suspect_interviewed_under_caution", "2026-06-01"),
    ev("n", "police_decision_no_charge", "2026-07-20"),
    ev("t", "duty_met", "2026-07-21", duty="police.inform_no_charge", trigger="n"),
]


def test_a_domestic_abuse_case_brings_common_assault_under_s39a() -> None:
    # "Common assault" (the offence names no domestic abuse) on 10 Jan 2026: the case's own
    # domestic abuse ground decides it. With it, s.39A; without it, the record cannot tell.
    case = replace(CASE, offence="Common assault", offence_date=date(2026, 1, 10))
    flagged = warnings_on(ASSAULT, "police-vrr", "2026-08-10", ("domestic_abuse",), case=case)
    assert any("Criminal Justice Act 1988 s.39A applies" in w for w in flagged)
    plain = warnings_on(ASSAULT, "police-vrr", "2026-08-10", (), case=case)
    assert not any("s.39A applies" in w for w in plain)
    assert any("does not show whether" in w for w in plain)


def test_a_review_request_with_no_offence_date_asks_for_it() -> None:
    case = replace(CASE, offence="Common assault", offence_date=None)
    found = warnings_on(ASSAULT, "police-vrr", "2026-08-10", (), case=case)
    assert any(w.endswith("record the offence date so the app can tell you when.") for w in found)


# -- what the letter leaves unsaid ---------------------------------------------------------------


def test_an_opt_out_is_mentioned_only_when_the_letter_leaves_information_out_for_it() -> None:
    # Opted out of updates on 3 Mar 2026. A complaint about the referral to support (not
    # information) leaves nothing out for it: no warning. One where the victim was never told
    # of the arrest of 2 Mar (due 3 Mar, before the opt-out) leaves that out, and says so.
    opted = [
        ev("r", "crime_reported", "2026-03-02"),
        ev("o", "victim_opted_out", "2026-03-03", scope="updates"),
    ]
    assert not any("opted out" in w for w in warnings_on(opted, "police-complaint", "2026-04-01"))
    arrested = [*opted, ev("a", "suspect_arrested", "2026-03-02")]
    assert (
        "The victim opted out of updates on 3 March 2026: the letter states that and does not "
        "ask for the information they declined."
    ) in warnings_on(arrested, "police-complaint", "2026-04-01")


def test_a_letter_with_an_assumed_time_limit_warns_that_it_states_dates_only() -> None:
    # The police reply of 22 Apr 2026 to the complaint of 16 Mar: Right 12's 10 working days
    # are assumed, so the review application gives the dates and calls nothing a breach of them.
    found = warnings_on(OUTCOME, "police-complaint-review", "2026-04-23")
    assert (
        "The Code's time limit for some matters in this letter is an assumption (not confirmed "
        "in the 2020 Code's text): the letter states their dates only and does not call them "
        "breaches of a time limit."
    ) in found

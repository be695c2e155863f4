"""Letters that say only what is true under catalogue v3 (issue 24 §1), each read back from the
PDF as the receiving agency and the victim's solicitor would: a statement an agency could strike
out, or one that hurts the victim, fails here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tests.letters.cases import CASE, CPS_EVENTS, VICTIM, _facts, ev, evaluation_of, replace
from tests.letters.pdftext import pdf_text
from vcop_desktop.domain.events import Scenario
from vcop_desktop.domain.obligations import Evaluation
from vcop_desktop.domain.scenario import parse_scenario
from vcop_desktop.letters.case_source import facts_for_case
from vcop_desktop.letters.draft import Draft, draft_letter
from vcop_desktop.letters.facts import CaseDetails, LetterFacts, SenderProfile, VictimDetails
from vcop_desktop.letters.kinds import KINDS, kind_by_id
from vcop_desktop.letters.pdf import render_draft
from vcop_desktop.rules import default_rulebook


def letter(
    events: list[dict[str, Any]],
    kind: str,
    today: str,
    *,
    flags: tuple[str, ...] = (),
    annex: bool = False,
    **kw: Any,
) -> tuple[Draft, str]:
    known, evaluation = evaluation_of(events, today, flags=list(flags))
    facts = _facts(kind, known, evaluation, **kw)
    draft = draft_letter(facts, annex=annex)
    return draft, " ".join(pdf_text(render_draft(draft)).split())


def facts_of(events: list[dict[str, Any]], kind: str, today: str, **kw: Any) -> LetterFacts:
    known, evaluation = evaluation_of(events, today, flags=list(kw.pop("flags", ())))
    return _facts(kind, known, evaluation, **kw)


# -- s.39A: common assault involving domestic abuse ------------------------------------------

DA_ASSAULT = [
    ev("r", "crime_reported", "2026-05-20"),
    ev("i", "suspect_interviewed_under_caution", "2026-06-01"),
    ev("n", "police_decision_no_charge", "2026-07-20"),
    ev("t", "duty_met", "2026-07-21", duty="police.inform_no_charge", trigger="n"),
]


def test_the_summary_only_warning_applies_s39a_to_domestic_common_assault() -> None:
    case = replace(CASE, offence="Common assault (domestic abuse)", offence_date=date(2026, 1, 10))
    draft, text = letter(DA_ASSAULT, "police-vrr", "2026-08-10", flags=("domestic_abuse",),
                         case=case)  # fmt: skip
    (warning,) = [w for w in draft.warnings if "s.39A" in w or "s.127" in w]
    # 6 months from the formal report (20 May 2026), within 2 years of the offence.
    assert "Criminal Justice Act 1988 s.39A applies" in warning
    assert "28 June 2022" in warning and "20 November 2026" in warning
    assert "can no longer" not in warning
    assert "s.39A" not in text  # a warning to the advocate, never in the letter


def test_the_summary_only_warning_says_when_the_record_cannot_show_s39a() -> None:
    # "Assault", no domestic abuse flag: the record cannot show which rule applies.
    case = replace(CASE, offence="Assault", offence_date=date(2026, 1, 10))
    draft, _ = letter(DA_ASSAULT, "police-vrr", "2026-08-10", case=case)
    (warning,) = [w for w in draft.warnings if "s.39A" in w]
    assert "does not show whether" in warning and "can no longer" not in warning
    assert "10 July 2026 (passed)" in warning  # s.127, named with its date


def test_a_cps_review_of_a_decision_not_to_charge_gets_the_summary_only_warning_too() -> None:
    events = [
        ev("r", "crime_reported", "2026-05-20"),
        ev("d", "cps_decision_no_charge", "2026-07-20"),
        ev("t", "duty_met", "2026-07-21", duty="cps.inform_no_charge", trigger="d"),
    ]
    case = replace(CASE, offence="Common assault (domestic abuse)", offence_date=date(2026, 1, 10))
    draft, _ = letter(events, "cps-vrr", "2026-08-10", flags=("domestic_abuse",), case=case)
    assert any("s.39A applies" in w and "20 November 2026" in w for w in draft.warnings)


def test_the_summary_only_warning_keeps_s127_where_s39a_cannot_apply() -> None:
    case = replace(CASE, offence="Harassment", offence_date=date(2026, 1, 10))
    draft, _ = letter(DA_ASSAULT, "police-vrr", "2026-08-10", flags=("domestic_abuse",),
                      case=case)  # fmt: skip
    (warning,) = [w for w in draft.warnings if "s.127" in w]
    assert "by 10 July 2026: a review can no longer lead to a charge" in warning


# -- the Witness Care Unit's sentence duty ----------------------------------------------------


def _sentenced(**fields: Any) -> list[dict[str, Any]]:
    return [
        ev("r", "crime_reported", "2026-01-05"),
        ev("c", "suspect_charged", "2026-02-02"),
        ev("s", "sentence", "2026-05-04", received="2026-05-04", **fields),
    ]


def test_the_wcu_complaint_alleges_no_uls_duty_where_the_scheme_cannot_apply() -> None:
    for fields in ({"court": "magistrates"}, {"court": "crown", "uls_eligible": False}):
        draft, text = letter(_sentenced(**fields), "wcu-complaint", "2026-05-20", annex=True)
        assert "Right 9: the duty to tell the victim the sentence and explain it" in text, fields
        assert "Unduly Lenient" not in text, fields
        assert all("Unduly Lenient" not in o.what for o in draft.annex or ()), fields
    _, crown = letter(_sentenced(court="crown"), "wcu-complaint", "2026-05-20")
    assert "Unduly Lenient Sentence scheme" in crown


# -- the Ombudsman letter ---------------------------------------------------------------------

CPS_DAYS_PHSO = "2026-11-23"


def test_the_ombudsman_letter_names_the_body_complained_about_first() -> None:
    _, text = letter(CPS_EVENTS, "phso-complaint", CPS_DAYS_PHSO, flags=("sexual_offence",))
    about = text.index("Complaint about: Crown Prosecution Service, [MISSING: CPS Area")
    assert about < text.index("Police force:") and about < text.index("Victim:")
    chosen = {"cps": ("CPS North East", "St Ann's Quay")}
    _, named = letter(CPS_EVENTS, "phso-complaint", CPS_DAYS_PHSO, flags=("sexual_offence",),
                      chosen=chosen)  # fmt: skip
    assert "Complaint about: Crown Prosecution Service, CPS North East" in named


def test_the_ombudsman_letter_states_awareness_only_where_recorded() -> None:
    draft, text = letter(CPS_EVENTS, "phso-complaint", CPS_DAYS_PHSO, flags=("sexual_offence",))
    assert "can have known" not in text and "12 months of 8 June 2026" not in text
    assert "8 June 2027" not in text
    assert any("states no date" in w for w in draft.warnings)


def test_a_late_ombudsman_complaint_fills_the_special_circumstance_from_the_record() -> None:
    draft, text = letter(CPS_EVENTS, "phso-complaint", "2027-06-09", flags=("sexual_offence",))
    assert "can have known" not in text and "ended on 8 June 2027" not in text
    assert (
        "I ask the Ombudsman to accept this complaint because of special circumstances: "
        "[MISSING: Zoë Łukasz-Ğül first used the provider's own complaints procedure, which "
        "had to be completed before the Ombudsman could consider the complaint: the complaint "
        "was made on 8 June 2026 and the final response is dated 1 September 2026]"
    ) in text
    assert any("Zoë Łukasz-Ğül first used the provider's own" in gap for gap in draft.gaps)
    aware = [dict(e, aware_on="2026-05-01") if e["id"] == "c9" else e for e in CPS_EVENTS]
    _, recorded = letter(aware, "phso-complaint", "2027-06-09", flags=("sexual_offence",))
    assert "first knowing of the problem, on 1 May 2026, ended on 1 May 2027" in recorded


# -- after an opt-out --------------------------------------------------------------------------

OPTED_OUT = [
    ev("r", "crime_reported", "2026-03-02"),
    ev("a", "suspect_arrested", "2026-03-02"),  # inform_arrest due 3 Mar: never met
    ev("o", "victim_opted_out", "2026-03-20", scope="updates"),
]


def test_letters_after_an_opt_out_never_ask_for_what_was_declined() -> None:
    for kind in ("chaser", "police-complaint"):
        draft, text = letter(OPTED_OUT, kind, "2026-04-01", flags=("sexual_offence",))
        assert "by return" not in text, kind
        assert "Please do now what is still owed under Right 6" not in text, kind
        assert "On 20 March 2026 Zoë Łukasz-Ğül asked not to receive updates" in text, kind
        assert any("opted out of updates on 20 March 2026" in w for w in draft.warnings), kind
    # The earlier miss may still be complained of as a breach.
    _, complaint = letter(OPTED_OUT, "police-complaint", "2026-04-01", flags=("sexual_offence",))
    assert "Right 6: the duty to tell the victim" in complaint


# -- assumed limits ---------------------------------------------------------------------------


def test_an_assumed_limit_is_never_called_a_breach_of_a_time_limit() -> None:
    # Standard victim: the WCU's 5 working days for an appeal are assumed (duties.md notes).
    events = [
        ev("r", "crime_reported", "2026-01-05"),
        ev("ap", "appeal_lodged", "2026-03-02", received="2026-03-02"),
        ev("cm", "complaint_made", "2026-03-16", against="wcu"),
    ]
    f = facts_of(events, "wcu-complaint", "2026-05-01")
    assumed = [b for b in f.breaches if b.assumed]
    assert {b.duty for b in assumed} == {"wcu.inform_appeal", "provider.complaint_reply"}
    draft, text = letter(events, "wcu-complaint", "2026-05-01")
    for b in assumed:
        assert f"due by {b.due_words}" not in text, b.duty
        assert f"{b.arose}; our records show it had not been done as of 1 May 2026." in text
    assert "breach" not in text.split("What the Code required")[1].split("What I ask")[0]
    assert any("assumption" in w for w in draft.warnings)


# -- as at the letter's date -------------------------------------------------------------------


@dataclass
class _Case:
    """A stand-in for an open case whose record already holds events after the letter date."""

    events: list[dict[str, Any]]
    case_code: str = CASE.case_code

    def scenario(self) -> Scenario:
        rulebook = default_rulebook()
        return parse_scenario(
            {"case": {"flags": ["sexual_offence"]}, "events": self.events}, rulebook.duty_ids
        )

    def obligations(
        self, today: date | None = None, scenario: Scenario | None = None
    ) -> Evaluation:
        from vcop_desktop.domain.engine import evaluate

        return evaluate(scenario or self.scenario(), today or date.today(), default_rulebook())

    def victim(self) -> VictimDetails:
        return VICTIM

    def case_record(self) -> CaseDetails:
        return CASE


def test_a_letter_dated_before_later_events_does_not_narrate_them() -> None:
    record = _Case(
        [
            ev("r", "crime_reported", "2026-01-12"),
            ev("a", "suspect_arrested", "2026-01-12"),  # inform_arrest due 13 Jan: never met
            ev("cm", "complaint_made", "2026-02-02", against="police"),
            ev("rep", "complaint_reply_received", "2026-03-31", **{"from": "police"}),
            ev("b", "suspect_released_on_bail", "2026-03-02"),
            ev("o", "police_complaint_outcome", "2026-04-10", complaint="cm"),
        ]
    )
    for kind in (k.id for k in KINDS):
        agency = "police" if kind == "provider-complaint" else None
        facts = facts_for_case(
            record, kind_by_id(kind), SenderProfile(), today=date(2026, 2, 16), agency=agency
        )
        text = " ".join(pdf_text(render_draft(draft_letter(facts, annex=True))).split())
        for later in ("31 March 2026", "2 March 2026", "10 April 2026", "release on bail"):
            assert later not in text, (kind, later)
        assert all(o.trigger not in {"b", "rep", "o"} for o in facts.obligations), kind


# -- issue 24 §2: letters an advocate sends with light edits ----------------------------------

ESCALATED = [
    ev("r", "crime_reported", "2026-01-12"),
    ev("d", "cps_discontinued", "2026-03-02"),  # inform_discontinued due 3 Mar: met 6 Mar
    ev("m", "duty_met", "2026-03-06", duty="cps.inform_discontinued", trigger="d"),
    ev("cc", "complaint_made", "2026-03-16", against="cps", reference="CPS/CMP/2026/0117"),
    ev("s1", "cps_complaint_stage1_reply", "2026-04-20", complaint="cc"),
    ev("e1", "cps_complaint_escalated", "2026-05-05"),
    ev("s2", "cps_complaint_stage2_reply", "2026-06-01", complaint="cc"),
    ev("e2", "cps_complaint_escalated", "2026-06-10"),
]


def test_escalations_carry_the_complaint_reference_or_a_visible_gap() -> None:
    _, stage2 = letter(ESCALATED, "cps-complaint-stage2", "2026-05-05", flags=("sexual_offence",))
    assert "Your ref: Complaint reference CPS/CMP/2026/0117" in stage2
    _, iac = letter(ESCALATED, "cps-complaint-iac", "2026-06-10", flags=("sexual_offence",))
    assert "Complaint reference: CPS/CMP/2026/0117" in iac
    unref = [{k: v for k, v in e.items() if k != "reference"} for e in ESCALATED]
    draft, _ = letter(unref, "cps-complaint-iac", "2026-06-10", flags=("sexual_offence",))
    assert "the agency's complaint reference" in draft.gaps


def test_escalations_enclose_the_replies_the_record_holds() -> None:
    _, stage2 = letter(ESCALATED, "cps-complaint-stage2", "2026-05-05", flags=("sexual_offence",))
    assert "The CPS stage 1 reply, dated 20 April 2026" in stage2
    _, iac = letter(ESCALATED, "cps-complaint-iac", "2026-06-10", flags=("sexual_offence",))
    assert "The CPS stage 1 reply, dated 20 April 2026" in iac
    assert "The CPS stage 2 reply, dated 1 June 2026" in iac


def test_stage2_request_and_referral_are_named_apart_and_no_letter_lists_itself() -> None:
    _, stage2 = letter(ESCALATED, "cps-complaint-stage2", "2026-05-05", flags=("sexual_offence",))
    assert "5 May 2026" not in stage2.split("The complaint so far")[1].split("Why")[0]
    _, iac = letter(ESCALATED, "cps-complaint-iac", "2026-06-10", flags=("sexual_offence",))
    history = iac.split("The complaint so far")[1].split("Why")[0]
    assert "Request for a stage 2 review: 5 May 2026" in history
    assert "10 June 2026" not in history and "escalation of the complaint" not in history
    _, later = letter(ESCALATED, "cps-complaint-iac", "2026-06-10", flags=("sexual_offence",))
    assert "Referral to the Independent Assessor" not in later.split("Why")[0]


def test_a_chaser_greets_the_officer_by_rank_and_surname() -> None:
    from vcop_desktop.letters.words import rank_and_surname

    assert rank_and_surname("DC Priya Hale") == "DC Hale"
    assert rank_and_surname("Detective Sergeant Ama Mensah-Boateng") == (
        "Detective Sergeant Mensah-Boateng"
    )
    assert rank_and_surname("PC Hale") == "PC Hale"
    assert rank_and_surname("Priya Hale") == "Priya Hale"
    case = replace(CASE, officer_name="DC Priya Hale")
    _, text = letter(OPTED_OUT[:2], "chaser", "2026-03-10", flags=("sexual_offence",), case=case)
    assert "Dear DC Hale," in text


def test_undated_duties_in_the_annex_read_not_recorded_as_met() -> None:
    from vcop_desktop.letters.annex import annex_rows

    draft, _ = letter(OPTED_OUT[:2], "police-complaint", "2026-03-10", annex=True)
    rows = annex_rows(draft.annex or ())
    undated = [r.cells for r in rows if r.cells[3] == "no fixed date"]
    assert undated and all(cells[4] == "not recorded as met" for cells in undated)
    assert all(r.cells[4] != "open" for r in rows if r.cells[3] == "no fixed date")


def test_the_vpa_section_5_sentence_only_for_a_breach_from_29_january_2025() -> None:
    early = [
        ev("r", "crime_reported", "2024-11-04"),
        ev("a", "suspect_arrested", "2024-11-04"),
        ev("m", "duty_met", "2024-11-20", duty="police.inform_arrest", trigger="a"),
    ]
    # The arrest was told late, on 20 Nov 2024: that breach ended before s.5 came in.
    only = [("police.inform_arrest", "a")]
    _, before = letter(early, "police-complaint", "2025-03-03", flags=("sexual_offence",),
                       matters_chosen=only)  # fmt: skip
    assert "section 5" not in before
    _, after = letter(OPTED_OUT[:2], "police-complaint", "2026-03-10", flags=("sexual_offence",))
    assert "Victims and Prisoners Act 2024 (section 5)" in after


def test_a_review_letter_near_its_receipt_deadline_says_send_by_email() -> None:
    events = [
        ev("cm", "complaint_made", "2026-03-02", against="police"),
        ev("o", "police_complaint_outcome", "2026-04-22", complaint="cm"),  # ends 20 May 2026
    ]
    near, _ = letter(events, "police-complaint-review", "2026-05-15")  # Fri; 3 wd: Wed 20 May
    assert any("by email or the online form" in w for w in near.warnings)
    far, _ = letter(events, "police-complaint-review", "2026-05-06")
    assert not any("by email or the online form" in w for w in far.warnings)


def test_cps_complaints_go_to_the_cps_area() -> None:
    draft, text = letter(ESCALATED[:4], "cps-complaint", "2026-03-16", flags=("sexual_offence",))
    assert "CPS Area that dealt with the case" in draft.gaps
    assert text.index("Complaints Team") < text.index("[MISSING: CPS Area that dealt")


def test_a_letter_to_the_police_as_employer_is_a_welfare_letter_not_a_code_complaint() -> None:
    events = [ev("r", "crime_reported", "2026-03-02")]
    known, evaluation = evaluation_of(events, "2026-04-01", flags=["police_colleague"])
    facts = _facts("provider-complaint", known, evaluation, agency="police_employer")
    text = " ".join(pdf_text(render_draft(draft_letter(facts))).split())
    assert "welfare of a colleague" in text
    assert "This is not a complaint under the Victims' Code" in text
    assert "Right 12" not in text and "formal complaint" not in text
    assert "Police Federation" in text or "staff union" in text.lower()
    # Its title says so too: in Documents, the PDF's properties and the DOCX's.
    draft = draft_letter(facts)
    assert draft.document_title == "Letter about the welfare of a colleague who is a victim"
    assert draft.info.title.startswith(draft.document_title)
    assert "Complaint" not in draft.document_title
    other = draft_letter(_facts("provider-complaint", known, evaluation, agency="probation"))
    assert other.document_title == "Complaint about Victims' Code breaches"


def test_the_annex_never_shows_an_assumed_limit_as_missed() -> None:
    from vcop_desktop.letters.annex import annex_rows

    events = [
        ev("r", "crime_reported", "2026-01-05"),
        ev("cm", "complaint_made", "2026-03-16", against="wcu"),
    ]
    draft, _ = letter(events, "wcu-complaint", "2026-05-01", annex=True)
    (row,) = [
        r for r, o in zip(annex_rows(draft.annex or ()), draft.annex or (), strict=True)
        if o.duty == "provider.complaint_reply"
    ]  # fmt: skip
    assert row.cells[3].endswith("(time limit assumed)")
    assert row.cells[4] == "not recorded as met" and not row.breach


def test_s39a_applies_only_to_offences_from_28_june_2022() -> None:
    from vcop_desktop.letters.summary_only import Rule, which_rule

    assert which_rule("Common assault", date(2022, 6, 27), True) is Rule.S127
    assert which_rule("Common assault", date(2022, 6, 28), True) is Rule.S39A
    assert which_rule("Battery", date(2024, 1, 1), False) is Rule.UNKNOWN
    assert which_rule(None, date(2024, 1, 1), True) is Rule.UNKNOWN
    assert which_rule("Criminal damage", date(2024, 1, 1), True) is Rule.S127

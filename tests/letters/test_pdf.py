"""Each kind as a PDF, read back with pypdf: the facts are there, right, and nothing else is."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any

import pytest
from pypdf import PdfReader

from tests.letters.cases import CASE, SENDER, VICTIM, cps_facts, police_facts
from tests.letters.pdftext import pdf_metadata, pdf_pages, pdf_text
from vcop_desktop.letters.draft import Draft, PdfInfo, draft_letter
from vcop_desktop.letters.facts import LetterFacts
from vcop_desktop.letters.kinds import KINDS
from vcop_desktop.letters.pdf import render_draft, render_pdf

POLICE_KINDS = {"police-complaint", "chaser", "police-vrr", "police-complaint-review"}


def facts_for(kind: str) -> LetterFacts:
    if kind in POLICE_KINDS:
        return police_facts(kind)
    return cps_facts(kind, agency="probation" if kind == "provider-complaint" else None)


def squash(text: str) -> str:
    """Compare text regardless of where lines wrapped."""
    return "".join(text.split())


def assert_says(text: str, *phrases: str) -> None:
    flat = squash(text)
    for phrase in phrases:
        assert squash(phrase) in flat, phrase


#: For each kind: what its PDF must say (dates in words, computed deadlines, decisions).
EXPECTED: dict[str, tuple[str, ...]] = {
    "police-complaint": (
        "23 November 2026",
        "Right 12 of the Code of Practice for Victims of Crime",
        "The case record shows 6 breaches of the Code by the police",
        # Right 12's 10 working days are assumed: the dates only, never "due by" (issue 24)
        "It arose from the complaint on 12 October 2026; our records show it was done on "
        "10 November 2026.",
        "it was not met: our records show it had not been done as of 23 November 2026",
    ),
    "chaser": (
        "Dear DC Wróbel,",
        "Right 6: tell the victim that a suspect has been interviewed under caution",
        "due by 2 July 2026",
        "due by 17 August 2026",
        "Yours sincerely,",
    ),
    "police-vrr": (
        "I expressly ask for a review under the police Victims' Right to Review scheme",
        "Decision: the police decision not to charge, made on 2 October 2026",
        "Zoë Łukasz-Ğül was told of it on 9 October 2026",
        "This request is made within 3 months of Zoë Łukasz-Ğül being told of the decision on "
        "9 October 2026; that period ends on 9 January 2027.",
        "[MISSING: suspect name(s)]",
        "Offence: rape, on 14 June 2026",
        "[MISSING: grounds for the review",
        "full reasons for the decision",
        "offer a meeting",
        "large print (18 point)",
        "written authority to act, dated 16 June 2026",
    ),
    "police-complaint-review": (
        "outcome letter dated 10 November 2026",
        "This application is made within 28 calendar days of the complaint outcome letter, dated "
        "10 November 2026; that period ends on 8 December 2026, and the application must reach "
        "you by then.",
        "The complaint to the police: 12 October 2026",
        "[MISSING: review body named in the outcome letter",
    ),
    "cps-complaint": (
        "8 June 2026",
        "Your ref: URN 41ND0123426; Crime reference ND/26/011234",
        "stage 1 of the CPS complaints procedure",
        "Right 6: the duty to tell the victim the case has been discontinued",
        "due by 2 June 2026 (1 working day); it was met late, on 4 June 2026",
    ),
    "cps-complaint-stage2": (
        "The stage 1 reply is dated 20 July 2026",
        "This request is made within 1 month of the stage 1 reply, dated 20 July 2026; that "
        "period ends on 20 August 2026.",
        "The complaint to the Crown Prosecution Service: 8 June 2026",
        "it was met late, on 4 June 2026",
    ),
    "cps-complaint-iac": (
        "the stage 2 reply is dated 1 September 2026",
        "This referral is made within 1 month of the stage 2 reply, dated 1 September 2026; that "
        "period ends on 1 October 2026.",
        "The Independent Assessor of Complaints",
    ),
    "wcu-complaint": (
        "Right 8: the duty to tell the victim the date, time and place of the hearing",
        "the listing of the hearing on 16 February 2026 (received by the unit on 17 February "
        "2026) and was due by 18 February 2026 (1 working day); it was met late, on 24 February "
        "2026",
        "due by 22 April 2026 (1 working day); it was not met: our records show it had not been "
        "done as of 9 June 2026",
        "Witness Care Unit run by Northdale Constabulary",
    ),
    "provider-complaint": (
        "Probation Service",
        "Right 11: the duty that a Victim Liaison Officer contacts the victim",
        "due by 2 June 2026 (20 working days); it was not met: our records show it had not been "
        "done as of 9 June 2026",
    ),
    "cps-vrr": (
        "I expressly ask for a review under the CPS Victims' Right to Review scheme of the CPS "
        "decision to discontinue the case, made on 1 June 2026",
        "Zoë Łukasz-Ğül was told of it on 4 June 2026",
        "This request is made within 10 working days of Zoë Łukasz-Ğül being told of the "
        "decision on 4 June 2026; that period ends on 18 June 2026. I therefore ask for a prompt "
        "review.",
        "Victim Liaison Unit",
        "URN: 41ND0123426",
        "[MISSING: suspect name(s)]",
    ),
    "phso-complaint": (
        "its final response is dated 1 September 2026",
        "Complaint about: Crown Prosecution Service, [MISSING: CPS Area that dealt with the case]",
        "The complaint to the Crown Prosecution Service, dated 8 June 2026",
        "The final response to the complaint, dated 1 September 2026",
        "Victims and Prisoners Act 2024, section 27",
    ),
}

#: What a kind must not say: things the record does not support for that letter.
NOT_EXPECTED: dict[str, tuple[str, ...]] = {
    # met-late duties cannot be chased; nor can a referral (not information owed to the victim)
    "cps-complaint": ("Right 4", "Right 8", "Right 11"),  # other agencies' breaches
    "cps-complaint-iac": ("Complaints Team",),
    "cps-vrr": ("Victims' Right to Review Team",),
    "wcu-complaint": ("Right 4", "Right 6", "Right 11"),
    "provider-complaint": ("Right 4", "Right 8"),
    "police-complaint": ("Right 8", "Right 11", "due by 26 October 2026"),
    # no awareness date is recorded: none is stated, and lateness is never volunteered
    "phso-complaint": ("can have known", "within 12 months of 8 June 2026"),
    "chaser": ("25 June 2026", "met late", "Right 4", "Dear DC Tomasz"),
}


def test_every_kind_has_expectations() -> None:
    assert set(EXPECTED) == {k.id for k in KINDS}


@pytest.mark.parametrize("kind", [k.id for k in KINDS])
def test_each_kind_says_the_facts(kind: str) -> None:
    facts = facts_for(kind)
    draft = draft_letter(facts)
    data = render_draft(draft)
    text = pdf_text(data)
    assert_says(
        text,
        "ND/26/011234",
        "Our ref: VC-2026-0042",
        "Zoë Łukasz-Ğül",
        "Siobhán Ní Bhraonáin",
        "Independent Sexual Violence Adviser",
        "Northdale Independent Advocacy",
        *EXPECTED[kind],
    )
    for phrase in NOT_EXPECTED.get(kind, ()):
        assert squash(phrase) not in squash(text), phrase
    for gap in draft.gaps:
        assert_says(text, f"[MISSING: {gap}]")
    pages = pdf_pages(data)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    meta = pdf_metadata(data)
    assert meta["/Title"] == f"{facts.kind.title} (VC-2026-0042)"
    assert meta["/Author"] == "Northdale Independent Advocacy"
    for value in meta.values():
        assert "Zoë" not in value and "Łukasz" not in value and "Ğül" not in value


@pytest.mark.parametrize("kind", ["police-complaint", "cps-complaint", "wcu-complaint"])
def test_complaints_list_every_breach_with_right_due_date_and_outcome(kind: str) -> None:
    facts = facts_for(kind)
    assert facts.breaches
    text = pdf_text(render_draft(draft_letter(facts)))
    for b in facts.firm_breaches:
        assert_says(
            text,
            f"{b.right_label}: the duty {b.owed}",
            f"was due by {b.due_words}",
            f"it was {b.happened}.",
        )
    for b in facts.unconfirmed:  # an assumed limit: the dates only
        assert_says(text, f"{b.right_label}: the duty {b.owed}", f"{b.arose}; {b.happened}.")


def test_a_letter_says_no_urn_when_the_case_has_none() -> None:
    text = pdf_text(render_draft(draft_letter(police_facts(case=replace(CASE, urn=None)))))
    assert "URN" not in text


def test_the_font_is_embedded_and_covers_latin_extended() -> None:
    data = render_draft(draft_letter(police_facts("chaser")))
    reader = PdfReader(io.BytesIO(data))
    resources: Any = reader.pages[0]["/Resources"]
    fonts = resources["/Font"]
    embedded = []
    for ref in fonts.values():
        font = ref.get_object()
        for descendant in font.get("/DescendantFonts", [font]):
            descriptor = descendant.get_object().get("/FontDescriptor")
            if descriptor is not None:
                embedded.append(
                    (str(descendant.get_object()["/BaseFont"]), "/FontFile2" in descriptor)
                )
    assert embedded and all(ok for _, ok in embedded)
    assert all("DejaVuSans" in name for name, _ in embedded)
    text = pdf_text(data)
    for name in ("Zoë", "Łukasz-Ğül", "Siobhán", "Wróbel"):
        assert name in text


def test_markup_characters_in_names_print_literally() -> None:
    odd = "O'Brien & Sons <x>"
    sender = replace(SENDER, organisation=odd, address=("1 <b>Bold</b> St & Co",))
    victim = replace(VICTIM, name="Zoë <i>O'Brien</i> & Ğül")
    draft = draft_letter(police_facts(victim=victim, sender=sender))
    assert odd in draft.text  # the editor shows the name as typed, no &amp;
    data = render_draft(draft)
    text = pdf_text(data)
    for literal in (odd, "1 <b>Bold</b> St & Co", "Zoë <i>O'Brien</i> & Ğül"):
        assert literal in text
    assert pdf_metadata(data)["/Author"] == odd


def test_advocates_edits_are_what_the_pdf_says() -> None:
    draft = draft_letter(police_facts("chaser"))
    edited = draft.text.replace(
        "Thank you for your help.", "I will call you on Friday.\n\n- a **new** point & more"
    )
    text = pdf_text(render_draft(draft, edited))
    assert "I will call you on Friday." in text
    assert "a new point & more" in text
    assert "Thank you for your help." not in text


def test_a_long_letter_numbers_its_pages() -> None:
    paragraph = " ".join(["The officer did not tell the victim what happened next."] * 8)
    body = "\n\n".join(paragraph for _ in range(9))
    text = f"From: Org\nTo: Them\nDate: 1 May 2026\nOur ref: VC-1\n---\nDear X,\n\n{body}\n\nYours"
    data = render_pdf(text, PdfInfo(title="t", author="a"))
    pages = pdf_pages(data)
    assert len(pages) == 2
    assert "Page 1 of 2" in pages[0]
    assert "Page 2 of 2" in pages[1]
    assert "Our ref: VC-1" in pages[1]  # the footer carries the case code on every page


def test_the_annex_tables_the_addressees_obligations_only() -> None:
    facts = police_facts("police-complaint")
    draft = draft_letter(facts, annex=True)
    police = [o for o in facts.obligations if o.owed_by == "police"]
    assert isinstance(draft, Draft) and draft.annex is not None
    assert set(draft.annex) == set(police)  # the victim's own deadlines never appear
    assert all(o.owed_by == "police" for o in draft.annex)
    categories = [o.category.value for o in draft.annex]
    assert categories == sorted(categories, key=["code", "target", "practice"].index)
    data = render_draft(draft)
    pages = pdf_pages(data)
    annex = " ".join(" ".join(pages[-2:]).split())
    assert "Annex: the obligations in this case, as the record shows them on 23 November 2026" in (
        annex
    )
    assert_says(pdf_text(data), "Enclosures", "Annex: the obligations in this case")
    for o in police:
        assert squash(o.what) in squash(annex)
    for o in facts.obligations:
        if o.owed_by == "victim":
            assert squash(o.what) not in squash(annex)
    assert annex.count("met late") >= 3  # the complaint reply's assumed limit: "met", not late
    assert annex.count("overdue") >= 3
    assert "(time limit assumed)" in annex


def test_the_annex_says_which_law_its_dates_were_worked_out_under() -> None:
    draft = draft_letter(police_facts("police-complaint"), annex=True)
    annex = " ".join(" ".join(pdf_pages(render_draft(draft))[-2:]).split())
    assert "Dates worked out under the rule packs vcop-2020 version 1." in annex
